// Where a `.http` file's requests go and what their routes declare: the spec beside the file (NAME.http next to
// NAME.apigw.yaml) gives the routes; the file's active `@baseUrl` names the target. A URL of one of the live stages
// (its invoke URL, a custom domain, or an emulator's endpoint) calls that stage with its live routes and log groups;
// any other loopback URL is the local API with the spec's routes. Live stages are read once per connection and API
// (cached until the connection or the API changes), so Send costs no AWS call after the first.
import * as vscode from 'vscode';
import type { CallableApi, LiveCallable, Target } from '../../aws/call';
import { describeError, WorkbenchError } from '../../core/errors';
import type { GatewaySpec } from '../../core/gatewaySpec/model';
import type { RequestEnvironment } from '../../core/call/environments';
import { REQUEST_FILE, type HttpFile, type HttpRequest } from '../../core/call/httpFile';
import { requestUrl, requestVariables, resolveFileText, variableNames } from '../../core/call/resolve';
import { firstPathSegment } from '../../core/call/targets';
import type { LocalKeys } from '../capabilities/local';
import { specValidation } from '../gatewaySpec/engine';
import { mappingKeys } from '../local/engine';
import type { Runtime } from '../runtime';
import { trimTrailing } from '../../core/text';

export const SPEC_EXTENSIONS = ['.apigw.yaml', '.apigw.yml', '.apigw.json', '.apigw.jsonc'] as const;

/** Where one call goes: the callable view of the stage, the chosen target, and the region to sign for. */
export interface CallContext {
  readonly api: CallableApi;
  readonly target: Target;
  readonly region: string;
  /** The live stage (its log groups are CloudWatch's), when the target is one of its endpoints. */
  readonly live?: LiveCallable;
  readonly spec?: GatewaySpec;
  /**
   * For a local target: the key pair its AWS_IAM checks (the first `iam.credentials` of the spec's mapping file),
   * read when a call is signed. AWS_IAM routes and `@connections` calls are signed with it rather than the profile's.
   */
  readonly localKeys?: () => LocalKeys | undefined;
}

/** The `.http` file beside a spec: `orders-api.apigw.yaml` → `orders-api.http`. */
export function httpUriFor(specUri: vscode.Uri): vscode.Uri {
  const base = specUri.path.replace(/\.apigw\.(json|jsonc|ya?ml)$/i, '');
  return specUri.with({ path: `${base}.http` });
}

/** Whether a file or folder is at `uri`. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The spec beside a `.http` (or `.rest`) file, if there is one. */
export async function specBeside(httpUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const base = httpUri.path.replace(REQUEST_FILE, '');
  for (const ext of SPEC_EXTENSIONS) {
    const uri = httpUri.with({ path: `${base}${ext}` });
    if (await exists(uri)) return uri;
  }
  return undefined;
}

/** A valid spec's model; a spec with errors is refused with a message that says where. */
export async function readSpec(uri: vscode.Uri): Promise<{ doc: vscode.TextDocument; spec: GatewaySpec }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const v = specValidation(doc);
  if (v.valid && v.model) return { doc, spec: v.model };
  const first = v.diagnostics.find((d) => d.severity === 'error');
  throw new WorkbenchError('InvalidSpec', `${vscode.workspace.asRelativePath(uri)} has errors: fix them first.`, {
    hint: first ? `Line ${first.range.start.line + 1}: ${first.message}` : 'See the Problems view.',
    fix: { label: 'Show Problems', command: { id: 'workbench.actions.view.problems' } },
  });
}

function isLoopback(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** The live stages of a spec's API, read once per connection (until something changes the API). */
interface CachedStages {
  readonly found: Promise<LiveCallable[]>;
  failed: boolean;
}

/** How a read may use what an earlier read found. */
export type StagesFreshness =
  /** Read again (Open Requests for Spec: after a deploy, the file gets the new endpoints). */
  | 'fresh'
  /** An earlier answer, even a failure: a local API's URL must not cost an AWS call (or an MFA prompt) per Send. */
  | 'cached'
  /** An earlier success; a failure is asked again (the user may have signed in since). */
  | 'retryFailure';

/** The live stages of a spec's API, read once per connection (until something changes the API). */
export class LiveStages implements vscode.Disposable {
  private readonly cache = new Map<string, CachedStages>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(rt: Runtime) {
    this.subscriptions = [
      rt.connection.onDidChange(() => this.cache.clear()),
      rt.resources.onDidChange(() => this.cache.clear()),
    ];
  }

  read(rt: Runtime, spec: GatewaySpec, signal: AbortSignal, how: StagesFreshness): Promise<LiveCallable[]> {
    const key = spec.api.name;
    const kept = this.cache.get(key);
    if (kept && (how === 'cached' || (how === 'retryFailure' && !kept.failed))) return kept.found;
    const entry: CachedStages = {
      found: (async () => {
        const session = await rt.connection.session();
        const stages = Object.keys(spec.stages ?? {});
        return (await rt.aws().call.readLiveStages(session, spec.api.name, stages, signal)).found;
      })(),
      failed: false,
    };
    entry.found.catch(() => (entry.failed = true));
    this.cache.set(key, entry);
    return entry.found;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.cache.clear();
  }
}

/**
 * The active `@baseUrl` (or the environment's `baseUrl`), its own variables replaced
 * (`@baseUrl = http://{{host}}/api`).
 */
function activeBaseUrl(file: HttpFile, environment?: RequestEnvironment): string | undefined {
  const base = requestVariables(file, environment).get('baseUrl')?.trim();
  return base ? trimTrailing(resolveFileText(file, base, environment), '/') : undefined;
}

/**
 * Without an `@baseUrl`, the request's own URL names the target (a file written for REST Client calls
 * `http://localhost:3000/orders` or `{{host}}/orders`): its origin, with the first path segment when the spec
 * beside has a stage of that name.
 */
function requestBase(
  file: HttpFile,
  req: HttpRequest,
  spec: GatewaySpec | undefined,
  environment: RequestEnvironment | undefined,
): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl(file, req, environment));
  } catch {
    return undefined;
  }
  if (!/^(https?|wss?):$/.test(url.protocol)) return undefined;
  const first = firstPathSegment(url);
  return first && spec?.stages?.[first] ? `${url.origin}/${encodeURIComponent(first)}` : url.origin;
}

function noTarget(file: HttpFile, o: FileCall): WorkbenchError {
  const url = o.req ? requestUrl(file, o.req, o.environment) : '';
  const missing = variableNames(url)[0];
  if (missing)
    return new WorkbenchError(
      'InvalidArgument',
      // The URL as written: a resolved one may hold a secret variable's value.
      `The request's URL ${o.req!.url.slice(0, 200)} uses {{${missing}}}, which has no value: no target to call.`,
      {
        hint: `Define it in the file (@${missing} = …), or choose a request environment that does.`,
        fix: { label: 'Switch Request Environment…', command: { id: 'apigw.switchRequestEnvironment' } },
      },
    );
  return new WorkbenchError('InvalidArgument', 'The request file has no active @baseUrl line: no target to call.', {
    hint: 'Remove the # in front of one of its "# @baseUrl = …" lines, or run Open Requests for Spec again.',
  });
}

/** Every `@baseUrl` the file names, the active one first, then the commented-out ones (what Send to… offers). */
export function fileTargets(file: HttpFile, environment?: RequestEnvironment): string[] {
  const active = activeBaseUrl(file, environment);
  const out = active ? [active] : [];
  for (const line of file.lines) {
    const named = /^\s*(?:#|\/\/)\s*@baseUrl\s*=\s*(\S+)\s*$/.exec(line)?.[1];
    const url = named && trimTrailing(resolveFileText(file, named, environment), '/');
    if (url && !out.includes(url)) out.push(url);
  }
  return out;
}

/**
 * A call to the local API at `base` (a loopback URL) with the spec's routes; the stage its first path segment names,
 * unless the caller knows it (a running local API).
 */
export async function localContext(
  rt: Runtime,
  base: string,
  spec: GatewaySpec | undefined,
  localKeys: (() => LocalKeys | undefined) | undefined,
  served?: string,
): Promise<CallContext> {
  const call = rt.aws().call;
  const first = firstPathSegment(new URL(base));
  const stage = served ?? (spec && first && spec.stages?.[first] ? first : first || '$default');
  const target = call.localTarget(base, stage);
  const api: CallableApi = spec
    ? call.specApi(spec, stage, [target])
    : {
        name: 'the local API',
        protocol: 'HTTP',
        stage,
        targets: [target],
        routeSelectionExpression: '$request.body.action',
        routes: new Map(),
        functions: new Map(),
      };
  // The local API accepts a signature for any region: the connection's, when there is one.
  const region = await rt.connection.current().then(
    (c) => c.region,
    () => 'us-east-1',
  );
  return { api, target, region, ...(spec ? { spec } : {}), ...(localKeys ? { localKeys } : {}) };
}

async function liveContext(
  rt: Runtime,
  stages: LiveStages,
  spec: GatewaySpec,
  base: string,
  signal: AbortSignal,
): Promise<CallContext | undefined> {
  let found: LiveCallable[];
  try {
    found = await stages.read(rt, spec, signal, isLoopback(base) ? 'cached' : 'retryFailure');
  } catch (err) {
    if (isLoopback(base)) {
      rt.log.child('call').debug(`no live stages of ${spec.api.name} (${describeError(err)}): calling the local API`);
      return undefined;
    }
    throw err;
  }
  for (const live of found) {
    const target = rt.aws().call.targetOfBaseUrl(base, live.targets);
    if (target && target.kind !== 'local') return { api: live, target, region: live.region, live, spec };
  }
  return undefined;
}

/** What a `.http` document's request is sent with: the chosen target, the request, the environment's variables. */
export interface FileCall {
  baseUrl?: string;
  req?: HttpRequest;
  environment?: RequestEnvironment;
}

/** Where the requests of this `.http` document go (its active `@baseUrl`, or `baseUrl`), and the routes they reach. */
export async function callContext(
  rt: Runtime,
  stages: LiveStages,
  doc: vscode.TextDocument,
  file: HttpFile,
  signal: AbortSignal,
  o: FileCall = {},
): Promise<CallContext> {
  const specUri = await specBeside(doc.uri);
  const spec = specUri ? (await readSpec(specUri)).spec : undefined;
  const base =
    o.baseUrl ?? activeBaseUrl(file, o.environment) ?? (o.req && requestBase(file, o.req, spec, o.environment));
  if (!base) throw noTarget(file, o);
  const live = spec ? await liveContext(rt, stages, spec, base, signal) : undefined;
  if (live) return live;
  if (isLoopback(base)) return localContext(rt, base, spec, specUri && (() => mappingKeys(specUri.fsPath)));
  throw new WorkbenchError(
    'InvalidArgument',
    spec
      ? `@baseUrl ${base} is not an endpoint of a deployed stage of ${spec.api.name} in this region: the request is not sent.`
      : `${vscode.workspace.asRelativePath(doc.uri)} has no spec beside it, so only the local API (127.0.0.1) can be called from it.`,
    {
      hint: spec
        ? 'Choose one of the file’s @baseUrl lines, deploy the stage, or change the region (Select Region).'
        : 'Keep the .http file beside its spec (NAME.http next to NAME.apigw.yaml), or use Open Requests for Spec.',
    },
  );
}
