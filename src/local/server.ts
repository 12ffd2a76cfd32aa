// startLocalApi(): a spec served on this machine as API Gateway serves it, for the CLI (`apigw serve`), the editor
// (Run Spec Locally, the debugger, the explorer's Local node) and tests. The engine has no UI: it reports through
// `events` and the logger, and returns the URL, the traffic, and stop/reload. docs/LOCAL.md is the reference.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WorkbenchError } from '../core/errors';
import { LOCAL_AWS, type GatewaySpec, type Protocol } from '../core/gatewaySpec/model';
import {
  mappingFileNames,
  mappingFor,
  parseMapping,
  runsLocally,
  specFunctions,
  unmappedFunctions,
  type LocalMapping,
  type UnmappedFunction,
} from '../core/local/handlers';
import { mappingTargets, servedDomain, type ServedDomain } from '../core/local/domains';
import { GATEWAY } from '../core/local/responses';
import { buildRouter, type Router } from '../core/local/routes';
import type { LocalCredential } from '../core/local/sigv4';
import { TrafficFormatter, type RequestDetail, type RequestRecord } from '../core/local/traffic';
import { AWS_WEBSOCKET_LIMITS, webSocketUrlTooLong, type WebSocketLimits } from '../core/local/websocket';
import { systemClock, type Clock } from '../core/tail/clock';
import { HeldSecrets } from '../core/redact';
import { connectionPath, handleConnections, namesConnections, refuseMisrouted } from './connections';
import { credentialSourceOf, newLocalKeys } from './credentials';
import { EnvFiles, envFilesOf } from './envFiles';
import { LambdaFunction, type FunctionHost } from './functions';
import { scriptBeside } from './templates';
import { Gateway, type LocalLogger } from './gateway';
import { answerAndClose, apiPathOf, handleHttp, headTooLarge, originForm, stagePathOf } from './httpApi';
import {
  handleLambdaInvoke,
  invokeDirect,
  invokedName,
  lambdaInvokeTarget,
  type DirectInvocation,
} from './lambdaInvoke';
import { InspectorProxy } from './inspectorProxy';
import { LOCAL_API_HOSTS } from './protocol';
import { loadSpec } from './spec';
import { CA_BUNDLE_VARIABLES, serverTls, type ServerTls } from './tls';
import { WebSocketApi } from './wsApi';

export interface LocalApiOptions {
  /** The spec: a file (validated through the spec engine), its text, or an already valid model. */
  specPath?: string;
  specText?: string;
  spec?: GatewaySpec;
  /** Stage to serve; default `$default` when the spec has it, else its first stage, else `$default`. */
  stage?: string;
  /**
   * Serve the API as this custom domain of the spec: its API mappings decide where the routes (a WebSocket API's
   * connections and `@connections`) start, with no stage segment, and the events' `domainName`; the stage is the one
   * the domain maps, or `stage` among several.
   */
  domain?: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The mapping: an object, a file path, or (default) `NAME.apigw.local.yaml` beside the spec. */
  handlers?: LocalMapping | string;
  /** Base directory of handler paths when `handlers` is an object (default: the spec's folder, else cwd). */
  handlersDir?: string;
  /** Watch the spec, the mapping and the handlers' sources; reload on save. Default true. */
  watch?: boolean;
  clock?: Clock;
  logger?: LocalLogger;
  onRequest?: (record: RequestRecord) => void;
  /** Pretend account and region (ARNs, `${aws:region}`); default 123456789012 / us-east-1. */
  accountId?: string;
  region?: string;
  apiId?: string;
  /** Overrides of stage variables (after the spec's and the mapping's). */
  stageVariables?: Record<string, string>;
  iam?: { credentials?: LocalCredential[]; acceptAnySignature?: boolean };
  websocket?: Partial<WebSocketLimits>;
  runtime?: {
    /** Node executable and arguments for handler processes (the debugger adds --inspect…). */
    node?: string;
    nodeArgs?: string[];
    python?: string;
    /**
     * Python handler processes wait for a debugpy client (the debug configuration attaches one); `libs` is a folder
     * holding debugpy for an interpreter that has none (the Python Debugger extension's `bundled/libs`).
     */
    pythonDebugger?: { libs?: string };
    env?: Record<string, string>;
    /** Execution environments per function at most; default 4. */
    maxEnvironments?: number;
    /** Start one environment per function at start-up instead of on the first request. */
    prewarm?: boolean;
  };
}

export interface LocalApiEvents {
  request: [RequestRecord];
  /** A line of a function's output (START/END/REPORT included). */
  /**
   * A handler process's line; `inspector`, when the line is the process's inspector announcing itself under a debugger
   * (never a handler's own output), is the address a debugger attaches to.
   */
  log: [{ functionName: string; requestId: string | undefined; line: string; time: number; inspector?: string }];
  /** The spec, the mapping or a handler was reloaded (`error` when the new one could not be used). */
  reload: [{ what: 'spec' | 'function'; name: string; error?: unknown }];
  awsServiceCall: [{ subtype: string; parameters: Record<string, string>; requestId: string; time: number }];
}

export interface LocalApi {
  /** `http://127.0.0.1:3000` plus `/STAGE` for a named stage. */
  readonly url: string;
  /** The WebSocket URL (WebSocket APIs), `ws://…`. */
  readonly wsUrl: string | undefined;
  /**
   * Served over HTTPS (a custom domain with mutual TLS) with a certificate this run made: the file of the CA that
   * issued it, which clients trust.
   */
  readonly serverCaFile: string | undefined;
  readonly port: number;
  readonly stage: string;
  readonly protocol: 'HTTP' | 'WEBSOCKET';
  readonly events: EventEmitter<LocalApiEvents>;
  /** The full event(s) and response of a recent request. */
  request(requestId: string): RequestDetail | undefined;
  /** Recent requests, oldest first. */
  requests(): RequestRecord[];
  /** One line per request in the tail's format. */
  formatRequest(record: RequestRecord): string;
  /** Functions the spec calls that the mapping does not cover. */
  unmapped(): UnmappedFunction[];
  /** Open WebSocket connections. */
  connections(): string[];
  /** Environments started per function (for tests and the bench). */
  environments(): Record<string, number>;
  /**
   * Invokes a function of the mapping file (by name or ARN) with `event`, as Lambda's Invoke API does: its result
   * or its error, and its log. A function the mapping does not map is a NotFound WorkbenchError.
   */
  invokeFunction(name: string, event: unknown): Promise<DirectInvocation>;
  reload(): Promise<void>;
  stop(): Promise<void>;
}

const SILENT: LocalLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Starts a local API. Throws WorkbenchError: InvalidSpec (listing the errors), Conflict (port in use), InvalidArgument. */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const server = new LocalApiServer(options);
  await server.start();
  return server;
}

/** ` as https://api.example.com (/v1 → prod, / → the API other)`: how a served domain maps its paths. */
function asDomain(domain: ServedDomain | undefined, protocol: Protocol): string {
  if (!domain) return '';
  const paths = domain.mappings.map((m) => `/${m.path} → ${m.api === undefined ? m.stage : `the API ${m.api}`}`);
  return ` as ${protocol === 'WEBSOCKET' ? 'wss' : 'https'}://${domain.name} (${paths.join(', ')})`;
}

/** A custom domain to serve as; mutual TLS is served for HTTP APIs (AWS documents it for REST and HTTP APIs). */
function domainOf(spec: GatewaySpec, name: string, stage: string | undefined): ServedDomain {
  const domain = servedDomain(spec, name, stage);
  if (spec.api.protocol === 'WEBSOCKET' && domain.mutualTls)
    throw new WorkbenchError(
      'InvalidArgument',
      `The domain ${name} requires mutual TLS, which the local API serves for HTTP APIs; ${spec.api.name} is a WebSocket API.`,
      { hint: 'Serve its stage without --domain.' },
    );
  return domain;
}

/** The path of the served domain's mapping to its stage (the shortest, when several map it): `/chat`, or `''`. */
function stageMappingPath(domain: ServedDomain): string {
  const own = domain.mappings.filter((m) => m.api === undefined && m.stage === domain.stage);
  return own.length ? `/${own.at(-1)!.path}`.replace(/\/$/, '') : '';
}

/**
 * What to say when the stage is served at its own URL while the spec turns the execute-api endpoint off: on AWS
 * clients reach it through a custom domain only (websocket-api-disable-default-endpoint.html,
 * http-api-disable-default-endpoint.html).
 */
function executeApiOffWarning(spec: GatewaySpec, stage: string, domain: ServedDomain | undefined): string | undefined {
  if (!spec.api.disableExecuteApiEndpoint || domain) return undefined;
  const domains = Object.entries(spec.domains ?? {})
    .filter(([, d]) => mappingTargets(d).some((m) => m.api === undefined && m.stage === stage))
    .map(([name]) => name);
  const how = domains.length
    ? `serve it as ${domains.join(' or ')} to call it as clients will (--domain, or the domain in Run Spec Locally's picker)`
    : 'no custom domain of the spec maps this stage';
  return `${spec.api.name} turns its execute-api endpoint off: on AWS clients reach the stage ${stage} through a custom domain only; ${how}.`;
}

function chooseStage(spec: GatewaySpec, asked: string | undefined): string {
  const stages = Object.keys(spec.stages ?? {});
  if (asked !== undefined) {
    if (asked !== '$default' && stages.length && !stages.includes(asked))
      throw new WorkbenchError('InvalidArgument', `The spec has no stage "${asked}".`, {
        hint: `Its stages: ${stages.join(', ')}.`,
      });
    return asked;
  }
  return stages.includes('$default') ? '$default' : (stages[0] ?? '$default');
}

/** The Node runner beside this module: dist/local-runner.js when bundled, out/src/local/localNodeRunner.js under tsc. */
export function runnerPath(): string {
  return scriptBeside('local-runner.js', 'localNodeRunner.js');
}

class LocalApiServer implements LocalApi {
  readonly events = new EventEmitter<LocalApiEvents>();
  private readonly clock: Clock;
  private readonly logger: LocalLogger;
  private readonly formatter = new TrafficFormatter();
  private gw!: Gateway;
  private router!: Router;
  private wsApi: WebSocketApi | undefined;
  /** HTTPS when the served domain requires mutual TLS (chosen at start: `tlsConfig`), else HTTP. */
  private http: http.Server = http.createServer();
  /** The served domain's TLS, re-read at each configure(). */
  private tlsConfig: ServerTls | undefined;
  /** Where a debugger reaches the handler processes' inspectors, when they wait for one. */
  private inspectorProxy: InspectorProxy | undefined;
  private readonly watchers: fs.FSWatcher[] = [];
  /** The mapping file the last configure() read (or would read, when there is none yet). */
  private mappingFile: string | undefined;
  private readonly limits: WebSocketLimits;
  private readonly bundleDir = path.join(
    os.tmpdir(),
    `apigw-local-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  /** The key pair of handlers on a machine without credentials (credentials.ts); accepted by this API only. */
  private readonly localKeys = newLocalKeys();
  /** What this run knows to be secret (its handlers' secret variables, its IAM keys): redacted everywhere until stop. */
  private readonly secrets = new HeldSecrets();
  private saidLocalKeys = false;
  port = 0;
  stage = '$default';
  protocol: 'HTTP' | 'WEBSOCKET' = 'HTTP';

  constructor(private readonly options: LocalApiOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? SILENT;
    this.limits = { ...AWS_WEBSOCKET_LIMITS, ...options.websocket };
    if (options.onRequest) this.events.on('request', options.onRequest);
  }

  /** `http://127.0.0.1:3000`: where Lambda's Invoke API is served, whatever the stage. */
  private rootUrl(): string {
    return `${this.tlsConfig ? 'https' : 'http'}://${this.hostForUrl()}:${this.port}`;
  }

  /**
   * The stage's URL: under its name, or at the root for `$default`; served as a custom domain, the root for an HTTP
   * API (its mappings start the paths) and the mapping's path for a WebSocket API.
   */
  get url(): string {
    const domain = this.gw?.options.domain;
    let base = this.stage === '$default' ? '' : `/${this.stage}`;
    if (domain) base = this.protocol === 'WEBSOCKET' ? stageMappingPath(domain) : '';
    return `${this.rootUrl()}${base}`;
  }

  get serverCaFile(): string | undefined {
    return this.tlsConfig?.caFile;
  }

  get wsUrl(): string | undefined {
    return this.protocol === 'WEBSOCKET' ? this.url.replace(/^http/, 'ws') : undefined;
  }

  private hostForUrl(): string {
    const h = this.options.host ?? '127.0.0.1';
    return h.includes(':') ? `[${h}]` : h;
  }

  private aws(): { region: string; accountId: string } {
    return {
      region: this.options.region ?? LOCAL_AWS.region,
      accountId: this.options.accountId ?? LOCAL_AWS.accountId,
    };
  }

  private specDir(): string {
    return this.options.specPath
      ? path.dirname(path.resolve(this.options.specPath))
      : (this.options.handlersDir ?? process.cwd());
  }

  /** The mapping and the folder its handler paths are relative to. */
  private loadMapping(): { mapping: LocalMapping; dir: string; file: string | undefined } {
    const h = this.options.handlers;
    if (h && typeof h === 'object')
      return { mapping: h, dir: this.options.handlersDir ?? this.specDir(), file: undefined };
    const candidates =
      typeof h === 'string'
        ? [path.resolve(h)]
        : this.options.specPath
          ? mappingFileNames(path.basename(this.options.specPath)).map((n) => path.join(this.specDir(), n))
          : [];
    const file = candidates.find((f) => fs.existsSync(f));
    if (typeof h === 'string' && !file) throw new WorkbenchError('NotFound', `The mapping file ${h} does not exist.`);
    if (!file) return { mapping: {}, dir: this.specDir(), file: candidates[0] };
    return { mapping: parseMapping(fs.readFileSync(file, 'utf8'), file), dir: path.dirname(file), file };
  }

  private functionHost(): FunctionHost {
    const rt = this.options.runtime ?? {};
    return {
      clock: this.clock,
      ...this.aws(),
      node: { executable: rt.node ?? process.execPath, args: rt.nodeArgs ?? [] },
      python: rt.python ?? 'python3',
      ...(rt.pythonDebugger ? { pythonDebugger: rt.pythonDebugger } : {}),
      env: () => ({
        // ApiGatewayManagementApiClient without an explicit endpoint reaches this API's @connections.
        ...(this.protocol === 'WEBSOCKET'
          ? { AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: this.url, [LOCAL_API_HOSTS]: this.ownHosts().join(',') }
          : {}),
        // LambdaClient without an explicit endpoint invokes the mapping's functions here.
        ...(this.gw?.mapping.invokeLocal ? { AWS_ENDPOINT_URL_LAMBDA: this.rootUrl() } : {}),
        // Served over HTTPS with a certificate this run made: handlers trust it when they call this API.
        ...this.trustEnv(),
        ...rt.env,
      }),
      localKeysFor: (env) => this.localKeysFor(env),
      holdSecrets: (env) => this.secrets.addNamed(env),
      maxEnvironments: rt.maxEnvironments ?? 4,
      watch: this.options.watch !== false,
      bundleDir: this.bundleDir,
      runnerPath: runnerPath(),
      inspectorLine: (line) => this.inspectorProxy?.rewrite(line) ?? line,
      onLog: (functionName, requestId, line) => {
        const inspector = this.inspectorProxy?.attachUrl(line);
        this.events.emit('log', {
          functionName,
          requestId,
          line,
          time: this.clock.now(),
          ...(inspector && { inspector }),
        });
      },
      onReload: (name, error) => this.onFunctionReload(name, error),
      warn: (message) => this.logger.warn(message),
    };
  }

  /**
   * What makes a handler trust the certificate this run made, beside what it trusts by default: Node adds
   * `NODE_EXTRA_CA_CERTS`; Python, Go, Rust, Requests, botocore and curl take a whole bundle, the run's CA in it.
   */
  private trustEnv(): Record<string, string> {
    const { caFile, bundleFile } = this.tlsConfig ?? {};
    if (!caFile || !bundleFile) return {};
    return { NODE_EXTRA_CA_CERTS: caFile, ...Object.fromEntries(CA_BUNDLE_VARIABLES.map((v) => [v, bundleFile])) };
  }

  /**
   * What a handler process's environment gains when it holds no AWS credentials the SDKs would find: this run's
   * local key pair, said once in the log.
   */
  private localKeysFor(env: Record<string, string | undefined>): Record<string, string | undefined> {
    if (credentialSourceOf(env) !== undefined) return {};
    if (!this.saidLocalKeys)
      this.logger.warn(
        'No AWS credentials for the handlers (no AWS_ACCESS_KEY_ID, AWS_PROFILE or default profile): they sign with ' +
          'a key pair made for this run, which the local API accepts (@connections, AWS_IAM routes) and AWS refuses.',
      );
    this.saidLocalKeys = true;
    const { accessKeyId, secretAccessKey } = this.localKeys;
    return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: undefined };
  }

  /**
   * The hosts a handler builds its API's `@connections` URL from, as on AWS: the execute-api name
   * (`https://${apiId}.execute-api.${region}.amazonaws.com/${stage}`) and the event's `domainName`. The runner sends
   * HTTPS requests to them here (localNodeRunner.ts).
   */
  private ownHosts(): string[] {
    const port = new URL(this.url).port;
    const domain = this.gw.options.domain?.name;
    return [this.executeApiHost(), ...(domain ? [domain] : []), `127.0.0.1:${port}`, `localhost:${port}`];
  }

  /** The API's default endpoint's host name: `{apiId}.execute-api.{region}.amazonaws.com`. */
  private executeApiHost(): string {
    return `${this.options.apiId ?? 'local'}.execute-api.${this.aws().region}.amazonaws.com`;
  }

  private onFunctionReload(name: string, error?: unknown): void {
    if (error) this.logger.error(`${name}: reload failed: ${(error as Error).message}`);
    else this.logger.info(`${name}: reloaded`);
    this.events.emit('reload', { what: 'function', name, ...(error ? { error } : {}) });
  }

  /** Builds everything that depends on the spec and the mapping (first start and every reload). */
  private configure(): void {
    const { spec } = loadSpec(this.options, this.aws());
    const asked = this.options.stage ?? (this.gw ? this.stage : undefined);
    const domain = this.options.domain === undefined ? undefined : domainOf(spec, this.options.domain, asked);
    const stage = domain?.stage ?? chooseStage(spec, asked);
    const { mapping, dir, file } = this.loadMapping();
    this.mappingFile = file;
    this.configureTls(domain, mapping, dir);
    const stageVariables = {
      ...spec.stages?.[stage]?.variables,
      ...mapping.stageVariables,
      ...this.options.stageVariables,
    };
    const host = this.functionHost();
    const functions = new Map<string, LambdaFunction>();
    const envFiles = new EnvFiles(mapping, dir);
    for (const f of specFunctions(spec, stageVariables)) {
      const m = mappingFor(mapping, f);
      if (m && runsLocally(m)) functions.set(f.name, new LambdaFunction(f.name, envFiles.apply(f.name, m), dir, host));
    }
    // The mapping's other functions, which no route calls: Lambda's Invoke API reaches them (lambdaInvoke.ts).
    for (const [name, m] of Object.entries(mapping.functions ?? {}))
      if (!functions.has(name) && !name.includes('${') && runsLocally(m))
        functions.set(name, new LambdaFunction(name, envFiles.apply(name, m), dir, host));
    for (const w of envFiles.unmatched()) this.logger.warn(w);
    const old = this.gw;
    this.gw = new Gateway(
      spec,
      { apiId: this.options.apiId ?? 'local', accountId: this.aws().accountId, region: this.aws().region, stage },
      stageVariables,
      mapping,
      dir,
      functions,
      this.clock,
      this.gatewayOptions(mapping, domain),
      this.logger,
      this.events,
    );
    this.router = buildRouter(spec);
    this.stage = stage;
    this.protocol = spec.api.protocol;
    if (old) for (const fn of old.functions.values()) void fn.dispose();
    old?.templates.dispose();
    for (const u of this.unmapped())
      this.logger.warn(
        `No local handler for the Lambda function "${u.name}" (${u.uses.map((x) => `${x.kind} ${x.name}`).join(', ')}): its routes answer 500.`,
      );
  }

  /**
   * The served domain's TLS: at start it decides the server (HTTPS or HTTP); on a reload a running HTTPS server takes
   * the new truststore and certificate for the next connections.
   */
  private configureTls(domain: ServedDomain | undefined, mapping: LocalMapping, dir: string): void {
    const dirs = { mapping: dir, run: this.bundleDir };
    const wanted = domain?.mutualTls ? serverTls(domain, mapping, dirs, this.tlsConfig) : undefined;
    for (const w of wanted?.warnings ?? []) this.logger.warn(w);
    if (!this.http.listening) {
      this.tlsConfig = wanted;
      return;
    }
    if (wanted && this.http instanceof https.Server) {
      this.http.setSecureContext(wanted.options);
      this.tlsConfig = wanted;
    } else if (!!wanted !== !!this.tlsConfig)
      this.logger.warn(`Mutual TLS ${wanted ? 'added to' : 'removed from'} ${domain?.name}: restart to serve it so.`);
  }

  private gatewayOptions(mapping: LocalMapping, domain: ServedDomain | undefined): Gateway['options'] {
    const iam = { ...mapping.iam, ...this.options.iam };
    this.secrets.add([this.localKeys.secretAccessKey, ...secretKeysOf(iam.credentials)]);
    for (const [name, j] of Object.entries(mapping.jwt ?? {}))
      if (j.skipSignatureCheck)
        this.logger.warn(`JWT authorizer ${name}: signatures are NOT checked (skipSignatureCheck, local only).`);
    if (iam.acceptAnySignature)
      this.logger.warn('AWS_IAM: any SigV4 signature is accepted (acceptAnySignature, local only).');
    return {
      // Listed keys are checked; the run's own pair (handlers without credentials sign with it) is one of them.
      iam: {
        credentials: iam.credentials?.length ? [...iam.credentials, this.localKeys] : [],
        acceptAnySignature: iam.acceptAnySignature === true,
      },
      jwt: mapping.jwt ?? {},
      apiKeys: mapping.apiKeys ? new Set(mapping.apiKeys) : undefined,
      ...(mapping.accountThrottling ? { accountThrottling: mapping.accountThrottling } : {}),
      ...(domain ? { domain } : {}),
      awsServices: {
        mode: mapping.awsServices?.mode ?? (mapping.awsServices?.endpoint ? 'endpoint' : 'record'),
        ...(mapping.awsServices?.endpoint ? { endpoint: mapping.awsServices.endpoint } : {}),
        ...(mapping.awsServices?.region ? { region: mapping.awsServices.region } : {}),
      },
    };
  }

  async start(): Promise<void> {
    // Handler processes wait for a debugger (--inspect-brk): it reaches their inspectors through the proxy.
    if (this.options.runtime?.nodeArgs?.some((a) => a.startsWith('--inspect-brk')))
      this.inspectorProxy = await InspectorProxy.start();
    this.configure();
    if (this.tlsConfig) this.http = https.createServer(this.tlsConfig.options);
    this.http.on('request', (req, res) => void this.onRequest(req, res));
    this.http.on('upgrade', (req, socket, head) => void this.onUpgrade(req, socket, head));
    this.http.on('connect', (_req, socket) => refuseConnect(socket));
    // A head past Node's 16 KB is over API Gateway's quota too (headTooLarge): the same 431, or a WebSocket API's 414
    // when its request line is what is too long.
    this.http.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
      if (!socket.writable) return;
      if (err.code !== 'HPE_HEADER_OVERFLOW') return answerAndClose(socket, GATEWAY.badRequest());
      const urlTooLong = this.protocol === 'WEBSOCKET' && this.urlTooLong(requestTargetOf(err.rawPacket));
      answerAndClose(socket, urlTooLong ? GATEWAY.uriTooLong() : GATEWAY.headersTooLarge());
    });
    this.http.keepAliveTimeout = 5000;
    await this.listen();
    if (this.protocol === 'WEBSOCKET') this.wsApi = new WebSocketApi(this.gw, this.limits);
    if (this.options.watch !== false) this.watchFiles();
    if (this.options.runtime?.prewarm) await Promise.all([...this.gw.functions.values()].map((f) => f.reload()));
    this.logger.info(
      `Serving ${this.gw.spec.api.name} (${this.protocol}, stage ${this.stage}) at ${this.wsUrl ?? this.url}${asDomain(this.gw.options.domain, this.protocol)}`,
    );
    if (this.tlsConfig)
      this.logger.info(
        `Mutual TLS: clients present a certificate the truststore issued${this.tlsConfig.caFile ? `; they trust this run's certificate through ${this.tlsConfig.caFile} (curl --cacert)` : ''}.`,
      );
    const offEndpoint = executeApiOffWarning(this.gw.spec, this.stage, this.gw.options.domain);
    if (offEndpoint) this.logger.warn(offEndpoint);
  }

  private listen(): Promise<void> {
    const port = this.options.port ?? 3000;
    const host = this.options.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        this.http.off('listening', onListening);
        if (err.code === 'EADDRINUSE')
          reject(
            new WorkbenchError('Conflict', `Port ${port} on ${host} is already in use.`, {
              hint: 'Stop what is using it, or choose another port (--port, or port: 0 for a free one).',
              cause: err,
            }),
          );
        else reject(new WorkbenchError('Network', `Cannot listen on ${host}:${port}: ${err.message}`, { cause: err }));
      };
      const onListening = () => {
        this.http.off('error', onError);
        this.port = (this.http.address() as { port: number }).port;
        resolve();
      };
      this.http.once('error', onError);
      this.http.once('listening', onListening);
      this.http.listen(port, host);
    });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const tooLarge = headTooLarge(req);
    req.url = originForm(req.url ?? '/');
    const invoked = lambdaInvokeTarget(req);
    if (invoked !== undefined) {
      const name = invokedName(invoked);
      return handleLambdaInvoke(this.gw, name, this.gw.functions.get(name), req, res);
    }
    const stagePath = this.wsApi ? this.managementPath(req) : undefined;
    const id = stagePath !== undefined ? connectionPath(stagePath) : undefined;
    if (this.wsApi && id !== undefined)
      return handleConnections(this.gw, this.wsApi, id, stagePath!, req, res, this.limits.maxMessageBytes);
    if (this.wsApi && namesConnections(req.url ?? '/')) return refuseMisrouted(this.gw, req, res, stagePath, this.url);
    if (this.protocol === 'WEBSOCKET') {
      res.writeHead(426, { 'content-type': 'application/json' }).end('{"message":"Upgrade Required"}');
      return;
    }
    await handleHttp(this.gw, this.router, req, res, tooLarge);
  }

  /**
   * The path within the stage of a call to `@connections`: after the stage on the execute-api name (a handler's
   * calls come here with their Host), else after the served domain's mapping, else after the stage.
   */
  private managementPath(req: http.IncomingMessage): string | undefined {
    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (!this.gw.options.domain || req.headers.host === this.executeApiHost()) return stagePathOf(rawPath, this.stage);
    const found = apiPathOf(this.gw, rawPath);
    return 'path' in found ? found.path : undefined;
  }

  /** Why a WebSocket upgrade's request target is over AWS's quota on the URL's length (websocket.ts), else undefined. */
  private urlTooLong(target: string | undefined): string | undefined {
    return target === undefined ? undefined : webSocketUrlTooLong(target, this.limits.maxUrlChars);
  }

  private async onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    // Over the WebSocket quota on the URL's length, then over the quota on the request line and header values (HTTP
    // APIs'): refused before anything reads the request, as the target was sent.
    const urlTooLong = this.wsApi ? this.urlTooLong(req.url ?? '/') : undefined;
    const tooLarge = headTooLarge(req);
    req.url = originForm(req.url ?? '/');
    if (urlTooLong || tooLarge) {
      this.logger.warn(`Upgrade refused (${urlTooLong ? 414 : 431}): ${urlTooLong ?? tooLarge}.`);
      answerAndClose(socket, urlTooLong ? GATEWAY.uriTooLong() : GATEWAY.headersTooLarge());
      return;
    }
    if (!this.wsApi) {
      answerAndClose(socket, GATEWAY.notFound());
      return;
    }
    await this.wsApi.upgrade(req, socket, head);
  }

  /**
   * The spec, the mapping file and the env files it names: saving one reloads the API. Watched anew after each
   * reload, so an env file the mapping names since is watched too.
   */
  private watchFiles(): void {
    for (const w of this.watchers.splice(0)) w.close();
    // The mapping as configure() read it: read again here, it would be parsed twice at each start and reload.
    const files = [this.options.specPath, this.mappingFile]
      .filter((f): f is string => !!f)
      .map((f) => path.resolve(f))
      .concat(envFilesOf(this.gw.mapping, this.gw.mappingDir));
    let timer: ReturnType<typeof setTimeout> | undefined;
    for (const dir of new Set(files.map((f) => path.dirname(f)))) {
      try {
        const w = fs.watch(dir, (_e, name) => {
          if (!name || !files.includes(path.join(dir, name.toString()))) return;
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => void this.reload().catch(() => undefined), 50);
        });
        w.on('error', () => undefined);
        this.watchers.push(w);
      } catch {
        // Nothing to watch in a folder that is gone.
      }
    }
  }

  async reload(): Promise<void> {
    const previous = this.gw;
    try {
      this.configure();
      this.wsApi?.retarget(this.gw);
      if (this.options.watch !== false) this.watchFiles();
      this.logger.info(`Reloaded ${this.gw.spec.api.name}`);
      this.events.emit('reload', { what: 'spec', name: this.gw.spec.api.name });
    } catch (err) {
      this.gw = previous;
      this.logger.error(
        `The spec or mapping was not reloaded, the previous one still serves: ${(err as Error).message}`,
      );
      this.events.emit('reload', { what: 'spec', name: previous.spec.api.name, error: err });
      throw err;
    }
  }

  request(requestId: string): RequestDetail | undefined {
    return this.gw.requests.get(requestId);
  }

  requests(): RequestRecord[] {
    return this.gw.requests.records();
  }

  formatRequest(record: RequestRecord): string {
    return this.formatter.format(record);
  }

  unmapped(): UnmappedFunction[] {
    return unmappedFunctions(this.gw.spec, this.gw.mapping, this.gw.stageVariables).filter(
      (u) => !this.gw.mapping.functions?.[u.name]?.proxy,
    );
  }

  connections(): string[] {
    return [...(this.wsApi?.connections.keys() ?? [])];
  }

  environments(): Record<string, number> {
    return Object.fromEntries([...this.gw.functions].map(([n, f]) => [n, f.environments]));
  }

  async invokeFunction(name: string, event: unknown): Promise<DirectInvocation> {
    const fn = this.gw.functions.get(invokedName(name));
    if (!fn)
      throw new WorkbenchError('NotFound', `The mapping file maps no function "${name}".`, {
        hint: `Its functions: ${[...this.gw.functions.keys()].join(', ') || 'none'}.`,
      });
    return invokeDirect(fn, this.gw.newLambdaRequestId(), event);
  }

  async stop(): Promise<void> {
    for (const w of this.watchers.splice(0)) w.close();
    this.wsApi?.closeAll();
    const ended = [...this.gw.functions.values()].map((fn) => fn.dispose());
    this.gw.templates.dispose();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    // The handlers' last log lines come before whatever the caller says next ("Stopped."), within a bound: a process
    // whose output never closes cannot hold the stop.
    await Promise.race([Promise.all(ended), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await this.inspectorProxy?.close();
    fs.rmSync(this.bundleDir, { recursive: true, force: true });
    this.secrets.release();
  }
}

/**
 * A CONNECT request asks for a tunnel to `host:port`, a target that is no path: no route of an API matches it, so it
 * is answered as a request no route matches, `404 {"message":"Not Found"}`, and its connection closed; nothing runs.
 * (Node's server, without a listener, closed the connection without an answer.)
 */
function refuseConnect(socket: Duplex): void {
  socket.on('error', () => undefined);
  answerAndClose(socket, GATEWAY.notFound());
}

/**
 * The request target of the request line that starts a packet Node's parser refused (`GET /dev?… HTTP/1.1`): the
 * text after the method up to the version or the packet's end; undefined when the packet starts no request line.
 */
export function requestTargetOf(packet: Buffer | undefined): string | undefined {
  if (!packet) return undefined;
  const text = packet.toString('latin1');
  const m = /^[A-Z]+ ([^ \r\n]*)/.exec(text);
  return m?.[1];
}

/**
 * The secret keys of a mapping's `iam.credentials`, as written: a file broken on disk (`credentials: 5`) is read as it
 * is (the schema only warns), and holds none.
 */
function secretKeysOf(credentials: unknown): string[] {
  if (!Array.isArray(credentials)) return [];
  return credentials.flatMap((c: unknown) => {
    const secret = (c as { secretAccessKey?: unknown } | null)?.secretAccessKey;
    return typeof secret === 'string' ? [secret] : [];
  });
}
