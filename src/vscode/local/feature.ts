// The spec APIs running locally in this window, one per spec file (several specs may run at once, each on its own
// port): started through the lazy engine, their traffic in an output channel each ("API Gateway: Local NAME"), the
// status bar item, and what the explorer's Local entries and the unmapped-function diagnostics read.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ShownLocalApi, ShownLocalRoute } from '../../core/explorer/format';
import { describeError, isWorkbenchError, WorkbenchError } from '../../core/errors';
import { LOCAL_AWS, type GatewaySpec } from '../../core/gatewaySpec/model';
import type { LocalApi, RequestRecord } from '../../local/bundle';
import type { Clock } from '../../core/tail/clock';
import type { LocalEndpoint } from '../capabilities/local';
import type { OutputSink } from '../capabilities/outputs';
import { spec as specEngine } from '../gatewaySpec/engine';
import type { Logger } from '../log';
import type { Runtime } from '../runtime';
import { RequestDocuments } from './details';
import {
  functionRuntimes,
  localEngine,
  mappingFileOf,
  mappingKeys,
  mappingText,
  namesIn,
  openText,
  readMapping,
} from './engine';
import { pythonFor, type PythonChoice } from './python';
import { localRoutes } from './routes';
import { LocalStatus } from './status';

export const LOCAL_CHANNEL_PREFIX = 'API Gateway: Local ';

/** What a run was started with: Restart starts it again the same way. */
export interface StartRequest {
  readonly specUri: vscode.Uri;
  readonly spec: GatewaySpec;
  readonly stage?: string | undefined;
  /** Served as this custom domain of the spec (its API mappings). */
  readonly domain?: string;
  readonly port: number;
  /** Node arguments of the handler processes (the debugger's). */
  readonly nodeArgs?: readonly string[];
  /** Python handler processes wait for a debugpy client (the debugger's), importing it from `libs` when given. */
  readonly pythonDebugger?: { readonly libs?: string };
  /** The engine's time (the debugger's suspends the timeouts). */
  readonly clock?: Clock;
}

/** A spec running locally. */
export interface LocalRun {
  /** The spec file's path: one run per spec. */
  readonly key: string;
  readonly request: StartRequest;
  readonly name: string;
  readonly api: LocalApi;
  readonly channel: OutputSink;
  readonly routes: readonly ShownLocalRoute[];
}

/** A run as the feature keeps it: Restart and the explorer follow the spec and mapping the engine reloaded. */
interface Run extends LocalRun {
  request: StartRequest;
  routes: ShownLocalRoute[];
}

/** The run's line for a domain served with mutual TLS: the CA file clients trust, and how curl is told. */
function tlsLine(caFile: string): string {
  return (
    `   mutual TLS: clients present a certificate the truststore issued, and trust this run's server certificate ` +
    `through ${caFile} (curl --cacert ${caFile} --cert client.pem --key client.key)\n`
  );
}

/** The run's line naming the Python handlers' interpreter and why that one. */
function pythonLine(names: string[], python: PythonChoice): string {
  const settingHint = python.source === 'apigw.local.python' ? '' : '; apigw.local.python chooses another';
  return `   Python handlers (${names.join(', ')}) run on ${python.command}, from ${python.source}${settingHint}\n`;
}

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

export class LocalFeature implements vscode.Disposable {
  private readonly runs = new Map<string, Run>();
  /**
   * The last message each template was tried with, the last event each function was invoked with (in this window
   * only: they may hold secrets).
   */
  private readonly typedInputs = new Map<string, string>();
  /** Specs run at least once in this window: their unmapped functions are reported even without a mapping file. */
  private readonly ran = new Map<string, string>();
  private readonly status = new LocalStatus();
  /** Show Request Details' documents. */
  readonly requests = new RequestDocuments();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a local API starts or stops. */
  readonly onDidChange = this.changed.event;
  private readonly log: Logger;

  constructor(private readonly rt: Runtime) {
    this.log = rt.log.child('local');
  }
  /** What was last typed for `key` (a template's message, a function's event), in this window only. */
  lastInput(key: string): string | undefined {
    return this.typedInputs.get(key);
  }

  rememberInput(key: string, text: string): void {
    if (this.typedInputs.size >= 100) this.typedInputs.delete(this.typedInputs.keys().next().value!);
    this.typedInputs.set(key, text);
  }

  list(): LocalRun[] {
    return [...this.runs.values()];
  }

  get(key: string): LocalRun | undefined {
    return this.runs.get(key) ?? this.list().find((r) => r.channel.name === key || r.api.url === key);
  }

  /** The stage the spec was last run with, when it has been run in this window. */
  lastStage(specPath: string): string | undefined {
    return this.ran.get(specPath);
  }

  /** The status bar item's text ("" when hidden). */
  statusText(): string {
    return this.status.text;
  }

  /** What the explorer shows: one entry per running API. */
  shown(): Array<{ key: string; api: ShownLocalApi }> {
    return this.list().map((r) => ({
      key: r.key,
      api: {
        name: r.name,
        protocol: r.api.protocol,
        stage: r.api.stage,
        url: r.api.wsUrl ?? r.api.url,
        specFile: vscode.workspace.asRelativePath(r.request.specUri),
        routes: r.routes,
        requests: r.api.requests().length,
      },
    }));
  }

  /** The runs as commands of other features take them for a subject (`rt.local`). */
  endpoints(): LocalEndpoint[] {
    return this.list().map((r) => ({
      key: r.key,
      specUri: r.request.specUri,
      name: r.name,
      protocol: r.api.protocol,
      stage: r.api.stage,
      url: r.api.url,
      wsUrl: r.api.wsUrl,
      serverCaFile: r.api.serverCaFile,
      spec: r.request.spec,
      signingKeys: () => mappingKeys(r.request.specUri.fsPath),
    }));
  }

  /** Starts the spec; a port in use is a Conflict that says which setting changes it. */
  async start(req: StartRequest): Promise<LocalRun> {
    const key = req.specUri.fsPath;
    const pythonHandlers = namesIn(functionRuntimes(key), 'python');
    const python = await pythonFor(req.specUri, pythonHandlers.length > 0, this.log);
    const api = await this.startEngine(req, python.command);
    const name = req.spec.api.name;
    const taken = this.list().some((r) => r.name === name);
    const channel = this.rt.outputs.channel(`${LOCAL_CHANNEL_PREFIX}${name}${taken ? ` (${path.basename(key)})` : ''}`);
    const run: Run = { key, request: req, name, api, channel, routes: this.routesOf(req, api) };
    this.watch(run);
    channel.append(
      `── ${clock(Date.now())} Serving ${name} (${api.protocol}, stage ${api.stage}) at ${api.wsUrl ?? api.url}${req.domain ? ` as https://${req.domain}` : ''} from ${vscode.workspace.asRelativePath(req.specUri)} ──\n`,
    );
    if (api.serverCaFile) channel.append(tlsLine(api.serverCaFile));
    if (pythonHandlers.length) channel.append(pythonLine(pythonHandlers, python));
    for (const u of api.unmapped())
      channel.append(`   no local handler for the Lambda function "${u.name}": its routes answer 500\n`);
    channel.show();
    this.runs.set(key, run);
    this.ran.set(key, api.stage);
    this.log.info(`${name} runs locally at ${api.url} (stage ${api.stage})`);
    this.refresh();
    return run;
  }

  private async startEngine(req: StartRequest, python: string): Promise<LocalApi> {
    const log = this.log;
    const env = await this.handlerEnv();
    try {
      return await localEngine().startLocalApi({
        specPath: req.specUri.fsPath,
        ...(req.stage !== undefined ? { stage: req.stage } : {}),
        ...(req.domain !== undefined ? { domain: req.domain } : {}),
        port: req.port,
        logger: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => void log.error(m) },
        runtime: {
          ...(req.nodeArgs ? { nodeArgs: [...req.nodeArgs] } : {}),
          python,
          ...(req.pythonDebugger ? { pythonDebugger: { ...req.pythonDebugger } } : {}),
          env,
        },
        ...(req.clock ? { clock: req.clock } : {}),
      });
    } catch (err) {
      if (isWorkbenchError(err) && err.code === 'Conflict')
        throw new WorkbenchError('Conflict', `${req.spec.api.name} cannot run locally: port ${req.port} is in use.`, {
          hint: 'Stop what uses it, or set apigw.local.port to another port (0 picks a free one).',
          fix: { label: 'Change apigw.local.port', setting: 'apigw.local.port' },
          cause: err,
        });
      throw err;
    }
  }

  /**
   * What the handler processes get beside the local API's own variables: the explorer's profile, so a handler's AWS
   * SDK signs with the credentials the user chose (its role's, on AWS), as `sam local --profile` does. A mapping
   * file's `environment` still wins; without a profile setting the processes inherit the window's environment. A
   * profile the setting names must exist: given AWS_PROFILE of a missing profile, a handler's SDK goes on down its
   * default chain (web identity, a container's or EC2's role), to other credentials than the user chose.
   */
  private async handlerEnv(): Promise<Record<string, string>> {
    const { profile } = this.rt.connection.settings();
    if (!profile) return {};
    if (!(await this.rt.connection.current()).profileFound)
      throw this.rt.aws().profileNotFound(profile, 'setting', await this.rt.connection.profiles());
    return { AWS_PROFILE: profile };
  }

  private routesOf(req: StartRequest, api: LocalApi): ShownLocalRoute[] {
    try {
      const engine = localEngine();
      const resolved = specEngine().resolveSpec(req.spec, LOCAL_AWS);
      const { file } = mappingFileOf(req.specUri.fsPath);
      const mapping = readMapping(file, mappingText(file, openText));
      const vars = { ...resolved.stages?.[api.stage]?.variables, ...mapping.stageVariables };
      return localRoutes(engine, resolved, mapping, vars);
    } catch (err) {
      // The engine read the same mapping a moment ago: a failure here only costs the explorer its details.
      this.log.warn(`the routes of ${req.spec.api.name} could not be listed: ${describeError(err)}`);
      return [];
    }
  }

  private watch(run: Run): void {
    const { api, channel } = run;
    const formatter = new (localEngine().TrafficFormatter)();
    api.events.on('request', (r: RequestRecord) => channel.append(`${api.formatRequest(r)}\n`));
    api.events.on('log', (l) => channel.append(`${formatter.formatLog(l.functionName, l.time, l.line)}\n`));
    api.events.on('reload', (e) => {
      channel.append(
        `── ${clock(Date.now())} ${e.what === 'spec' ? 'spec' : e.name} ${e.error ? `not reloaded: ${describeError(e.error)}` : 'reloaded'} ──\n`,
      );
      if (e.what === 'spec' && !e.error) this.reloaded(run);
    });
  }

  /** The engine serves the saved spec and mapping now: the explorer's routes and Restart follow them. */
  private reloaded(run: Run): void {
    const file = run.request.specUri.fsPath;
    try {
      const v = specEngine().validateSpec(fs.readFileSync(file, 'utf8'), { fileName: path.basename(file) });
      if (!v.valid || !v.model) return;
      run.request = { ...run.request, spec: v.model };
      run.routes = this.routesOf(run.request, run.api);
      this.rt.resources.fire({ apiId: 'local', kinds: ['local'] });
    } catch (err) {
      this.log.warn(`the reloaded spec ${file} could not be read: ${describeError(err)}`);
    }
  }

  async stop(run: LocalRun): Promise<void> {
    if (this.runs.get(run.key) !== run) return;
    this.runs.delete(run.key);
    try {
      await run.api.stop();
    } finally {
      run.channel.append(`■ ${clock(Date.now())} Stopped.\n`);
      this.log.info(`${run.name} stopped running locally`);
      this.refresh();
    }
  }

  /** Stops the run and starts its spec again the same way (the same port, the same stage). */
  async restart(run: LocalRun): Promise<LocalRun> {
    await this.stop(run);
    return this.start({ ...run.request, stage: run.api.stage, port: run.api.port });
  }

  private refresh(): void {
    this.status.update(this.list().map((r) => ({ name: r.name, stage: r.api.stage, url: r.api.wsUrl ?? r.api.url })));
    this.rt.resources.fire({ apiId: 'local', kinds: ['local'] });
    this.changed.fire();
  }

  dispose(): void {
    for (const r of this.runs.values()) void r.api.stop();
    this.runs.clear();
    this.status.dispose();
    this.requests.dispose();
    this.changed.dispose();
  }
}
