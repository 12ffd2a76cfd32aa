// A mapped Lambda function: its code built on first use, warm execution environments reused one invocation at a
// time (more started up to a limit, then requests wait), Lambda's START/END/REPORT lines, the function timeout on the
// API's clock, and a reload when a source file of the handler is saved (idle environments retired, one started warm).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../core/errors';
import {
  FUNCTION_MEMORY_MB,
  handlerSourceOf,
  runtimeOf,
  splitHandler,
  type FunctionMapping,
  type HandlerRuntime,
} from '../core/local/handlers';
import { traceIdOf } from '../core/local/request';
import type { InvocationLog } from '../core/local/traffic';
import type { Clock } from '../core/tail/clock';
import { buildNodeHandler, type BuiltHandler } from './bundler';
import { ExecutionEnvironment, InitError, type HandlerEnvironment, type SpawnSpec } from './environment';
import {
  PYTHON_LAYERS,
  WAIT_FOR_DEBUGGER,
  WAIT_FOR_DEBUGPY,
  type HandlerError,
  type InvokeContext,
  type LoadSpec,
} from './protocol';
import { PYTHON_SHIM } from './pythonShim';
import { RuntimeApiEnvironment } from './runtimeApi';
import { SystemLog, type InvokeStatus } from './systemLog';

export interface FunctionHost {
  clock: Clock;
  region: string;
  accountId: string;
  /** Node executable and extra arguments (the debugger adds --inspect). */
  node: { executable: string; args: string[] };
  python: string;
  /** Python handler processes wait for a debugpy client, importing it from `libs` when given (pythonShim.ts). */
  pythonDebugger?: { libs?: string };
  /** Added to every handler process's environment (asked at each start: the port is known only after listen). */
  env(): Record<string, string>;
  /** Added last to a handler process's environment: credentials when it has none (credentials.ts). */
  localKeysFor(env: Record<string, string | undefined>): Record<string, string | undefined>;
  /** A handler process's whole environment, whose values named like secrets nothing the workbench shows may hold. */
  holdSecrets?(env: Record<string, string | undefined>): void;
  maxEnvironments: number;
  watch: boolean;
  /** Where bundles of this API are written (a temporary folder removed on stop). */
  bundleDir: string;
  /** Where the runner script is (dist/ or out/src/local/). */
  runnerPath: string;
  onLog(functionName: string, requestId: string | undefined, line: string): void;
  /** A handler process's log line as the debugger reads it: its inspector's address, the proxy's (inspectorProxy.ts). */
  inspectorLine?(line: string): string;
  onReload(functionName: string, error?: unknown): void;
  /** A line for the local API's own log (the run's channel, `apigw serve`'s standard error). */
  warn(message: string): void;
}

/**
 * `--inspect-brk[=[host:]port]` (wait for a debugger) is left to the runner, which opens its inspector there and waits
 * for the debugger to attach (`inspector.open(port, host, true)`): Node's own break at start stops the runner's first
 * line, where Node 20's V8 can abort the process (a CHECK in ScopeIterator::VisitLocalScope) as the debugger reads the
 * paused frame. No pause is needed: the debugger sets its breakpoints before it lets the runner go on.
 */
function inspectorArgs(nodeArgs: string[]): { args: string[]; waitAt: string | undefined } {
  let waitAt: string | undefined;
  const args = nodeArgs.filter((a) => {
    const m = /^--inspect-brk(?:=(.*))?$/.exec(a);
    if (m) waitAt = m[1] || '9229';
    return !m;
  });
  return { args, waitAt };
}

export type InvokeResult =
  | { kind: 'ok'; value: unknown }
  | { kind: 'error'; error: HandlerError }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'crash'; message: string };

/**
 * The flags Lambda's Node.js runtime starts `node` with (the bootstrap in AWS's Node.js base images,
 * /var/runtime/bootstrap): `global.gc`, 80 KiB of HTTP headers, and a heap sized from the function's memory — a
 * tenth for the young generation, half of that each semi-space, the rest for the old — so a handler that outgrows
 * its memory ends with V8's "JavaScript heap out of memory" here as there.
 */
export function lambdaNodeFlags(memoryMB: number): string[] {
  const newSpace = Math.floor(memoryMB / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMB - newSpace}`,
  ];
}

/** An invocation's end as the platform reports it: a handler's error is a failure, a process that ended an error. */
function invokeStatus(result: InvokeResult): InvokeStatus {
  switch (result.kind) {
    case 'ok':
      return { status: 'success' };
    case 'error':
      return { status: 'failure', errorType: result.error.errorType };
    case 'timeout':
      return { status: 'timeout', errorType: 'Sandbox.Timedout' };
    case 'crash':
      return { status: 'error', errorType: 'Runtime.ExitError' };
  }
}

/**
 * `_X_AMZN_TRACE_ID` of an invocation as Lambda sets it (Lambda-Runtime-Trace-Id): the trace the gateway started (the
 * `X-Amzn-Trace-Id` header of the event, when it has one; else one of AWS's form), a segment of its own, not sampled.
 */
function lambdaTraceId(event: unknown, requestId: string, nowMs: number): string {
  const headers = (event as { headers?: unknown } | null)?.headers;
  const given =
    headers && typeof headers === 'object'
      ? Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-amzn-trace-id')?.[1]
      : undefined;
  const root = (typeof given === 'string' && /^Root=[^;]+/.exec(given)?.[0]) || traceIdOf(requestId, nowMs);
  return `${root};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

/**
 * A custom runtime's executable: the mapping's `bootstrap`, else `bootstrap` in its root (as Lambda finds it in a
 * package), else in its last layer that has one.
 */
function bootstrapOf(mapping: FunctionMapping, baseDir: string): string {
  if (mapping.bootstrap !== undefined) return path.resolve(baseDir, mapping.bootstrap);
  const own = path.resolve(baseDir, mapping.root ?? '.', 'bootstrap');
  // Without one in the package, Lambda runs the runtime a layer brings (runtimes-custom.html): the last layer's first.
  if (fs.existsSync(own)) return own;
  const layered = layerFolders(mapping, baseDir).map((l) => path.join(l, 'bootstrap'));
  return layered.find((f) => fs.existsSync(f)) ?? own;
}

/** The function's layer folders, the last first: its files win, as the last layer's do when Lambda extracts them. */
function layerFolders(mapping: FunctionMapping, baseDir: string): string[] {
  return (mapping.layers ?? []).map((l) => path.resolve(baseDir, l)).reverse();
}

/**
 * What Lambda's PATH and LD_LIBRARY_PATH give every runtime (configuration-envvars.html): `/opt/bin` after the
 * system's, and `$LAMBDA_TASK_ROOT/lib` and `/opt/lib` after its libraries — here each layer's `bin` and `lib`
 * (the last layer first) and the task root's `lib`, where they exist, after the machine's own.
 */
function searchPaths(
  env: Record<string, string | undefined>,
  taskRoot: string,
  layers: string[],
): Record<string, string> {
  const bins = existingDirs(layers.map((l) => path.join(l, 'bin')));
  const libs = existingDirs([path.join(taskRoot, 'lib'), ...layers.map((l) => path.join(l, 'lib'))]);
  return {
    ...(bins.length ? { PATH: searchPathAfter(env.PATH, bins) } : {}),
    ...(libs.length ? { LD_LIBRARY_PATH: searchPathAfter(env.LD_LIBRARY_PATH, libs) } : {}),
  };
}

function existingDirs(dirs: string[]): string[] {
  return dirs.filter((d) => fs.existsSync(d));
}

/** A search path variable with `added` after its own value. */
function searchPathAfter(own: string | undefined, added: string[]): string {
  return [...(own ? [own] : []), ...added].join(path.delimiter);
}

/**
 * The folder Lambda runs the function from (its task root, where the deployed package starts): the mapping's `root`;
 * else, for Python, the first folder above the handler's package — up while a folder has `__init__.py`, as pytest
 * finds a test module's root, but not above the mapping file's folder (the project) — so `pkg/app.py` is the module
 * `pkg.app` and its relative imports work; for Node, the nearest folder from the handler's up to the project's that
 * has a `package.json` (what SAM's `CodeUri` and the Serverless Framework deploy as the package); else the handler's
 * folder. A custom runtime's is its bootstrap's folder.
 */
function taskRootOf(handlerFile: string, mapping: FunctionMapping, baseDir: string): string {
  if (mapping.root !== undefined) return path.resolve(baseDir, mapping.root);
  // A bootstrap the mapping names is in the package; one a layer brings is not: the package is the mapping's folder.
  if (runtimeOf(mapping) === 'provided') return mapping.bootstrap !== undefined ? path.dirname(handlerFile) : baseDir;
  let dir = path.dirname(handlerFile);
  if (runtimeOf(mapping) !== 'python') return nodePackageRoot(dir, baseDir) ?? dir;
  while (pathWithin(baseDir, dir) && fs.existsSync(path.join(dir, '__init__.py'))) dir = path.dirname(dir);
  return dir;
}

/** The nearest folder with a `package.json`, from `dir` up to `baseDir` (`dir` only when it is not inside it). */
function nodePackageRoot(dir: string, baseDir: string): string | undefined {
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (pathWithin(baseDir, dir) === undefined) return undefined;
    dir = path.dirname(dir);
  }
}

/** `target`'s path from `folder` when it is inside it; undefined when outside (`''`, `folder` itself, is too). */
function pathWithin(folder: string, target: string): string | undefined {
  const relative = path.relative(folder, target);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return outside || relative === '' ? undefined : relative;
}

/**
 * The handler as Lambda's `Handler` setting names it, from the task root: `pkg/app.handler` (the module path without
 * its extension, then the export), which `_HANDLER` carries and Python's init errors quote. Throws when the handler
 * is not inside the root, where Lambda could not load it.
 */
function lambdaHandlerOf(root: string, handlerFile: string, exportName: string, functionName: string): string {
  const relative = pathWithin(root, handlerFile);
  if (relative === undefined)
    throw new WorkbenchError('InvalidArgument', `The handler of ${functionName} is not inside its root ${root}.`, {
      hint: "Set the function's root in the mapping file to a folder that holds the handler (docs/LOCAL.md).",
    });
  const modulePath = relative
    .replace(/\.[^./\\]+$/, '')
    .split(path.sep)
    .join('/');
  return `${modulePath}.${exportName}`;
}

/**
 * Where Lambda's Node.js runtime finds a layer's packages (NODE_PATH: `/opt/nodejs/nodeN/node_modules`, then
 * `/opt/nodejs/node_modules`), for each layer folder given the last first.
 */
function layerNodePaths(layers: string[]): string[] {
  const major = process.versions.node.split('.')[0]!;
  return layers.flatMap((l) => [
    path.join(l, 'nodejs', `node${major}`, 'node_modules'),
    path.join(l, 'nodejs', 'node_modules'),
  ]);
}

export class LambdaFunction {
  private generation = 0;
  private built: Promise<BuiltHandler | undefined> | undefined;
  private readonly idle: HandlerEnvironment[] = [];
  private readonly all = new Set<HandlerEnvironment>();
  private readonly waiting: Array<() => void> = [];
  private readonly watchers: fs.FSWatcher[] = [];
  /** The files the watchers are for. */
  private watched = new Set<string>();
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private current = new Map<HandlerEnvironment, string>();
  /** The invocations whose lines are kept for their caller, by request id. */
  private readonly capturing = new Map<string, InvocationLog>();
  private disposed = false;
  /** The environment a reload is starting: requests wait for it rather than start another. */
  private warming: Promise<void> | undefined;
  /** A booted Node runner that has loaded nothing yet: the next cold start skips Node's own start-up. */
  private standby: HandlerEnvironment | undefined;
  readonly handlerFile: string | undefined;
  private readonly systemLog: SystemLog;
  private saidOverMemory = false;
  private saidMissingSdk = false;

  constructor(
    readonly name: string,
    readonly mapping: FunctionMapping,
    readonly baseDir: string,
    private readonly host: FunctionHost,
  ) {
    const source = handlerSourceOf(mapping);
    this.handlerFile =
      runtimeOf(mapping) === 'provided' ? bootstrapOf(mapping, baseDir) : source && path.resolve(baseDir, source.file);
    this.systemLog = new SystemLog({ format: mapping.logFormat, level: mapping.systemLogLevel });
  }

  get runtime(): HandlerRuntime {
    return runtimeOf(this.mapping);
  }

  /** The function's memory in MB, Lambda's default unless the mapping sets it. */
  private get memoryMB(): number {
    return this.mapping.memory ?? FUNCTION_MEMORY_MB.default;
  }

  /** The function's layer folders, the last first. */
  private get layers(): string[] {
    return layerFolders(this.mapping, this.baseDir);
  }

  /** Handler processes run under an inspector (the debugger): JavaScript loads from its own files (bundler.ts). */
  private get inspected(): boolean {
    return this.host.node.args.some((a) => /^--inspect(-brk|-wait)?(=|$)/.test(a));
  }

  /** Handler processes started and not ended, the standby included (for tests and the bench). */
  get environments(): number {
    return this.all.size + (this.standby && !this.standby.exited ? 1 : 0);
  }

  timeoutMs(integrationTimeoutMs: number): number {
    return this.mapping.timeout !== undefined ? this.mapping.timeout * 1000 : integrationTimeoutMs;
  }

  /**
   * Runs one invocation in a warm environment (starting one if none is free); `log`, when given, gets the lines the
   * invocation logs (the platform's and the handler's) as they come.
   */
  async invoke(requestId: string, event: unknown, timeoutMs: number, log?: InvocationLog): Promise<InvokeResult> {
    if (log) this.capturing.set(requestId, log);
    try {
      return await this.invokeIn(requestId, event, timeoutMs);
    } finally {
      this.capturing.delete(requestId);
    }
  }

  private async invokeIn(requestId: string, event: unknown, timeoutMs: number): Promise<InvokeResult> {
    const env = await this.acquire(requestId);
    const started = this.host.clock.now();
    this.log(requestId, this.systemLog.start(requestId, started));
    this.current.set(env, requestId);
    let timer: unknown;
    const timedOut = new Promise<InvokeResult>((resolve) => {
      timer = this.host.clock.setTimeout(() => {
        env.kill();
        resolve({ kind: 'timeout', timeoutMs });
      }, timeoutMs);
    });
    const result = await Promise.race([
      env
        .invoke(requestId, event, this.context(requestId, timeoutMs, lambdaTraceId(event, requestId, started)))
        .then((o): InvokeResult => o),
      timedOut,
    ]);
    this.host.clock.clearTimeout(timer);
    await linesReadWithTheResult();
    this.current.delete(env);
    this.report(env, requestId, started, result);
    this.release(env, result.kind === 'timeout');
    return result;
  }

  /** The system log lines after an invocation, with the init phase's duration on an environment's first. */
  private report(env: HandlerEnvironment, requestId: string, started: number, result: InvokeResult): void {
    const now = this.host.clock.now();
    const used = env.maxRssKb === undefined ? undefined : Math.ceil(env.maxRssKb / 1024);
    this.warnOverMemory(used);
    const lines = this.systemLog.done(
      {
        requestId,
        durationMs: now - started,
        memorySizeMB: this.memoryMB,
        maxMemoryUsedMB: used,
        initDurationMs: env.initMs,
        timeoutMs: result.kind === 'timeout' ? result.timeoutMs : undefined,
        outcome: invokeStatus(result),
      },
      now,
    );
    env.initMs = undefined;
    this.log(requestId, lines);
  }

  /**
   * Said once: a handler process that used more memory than the function has. Lambda ends such an invocation
   * (Runtime.OutOfMemory); here the process goes on, its peak only compared — a local process's memory is close to,
   * and usually under, what Lambda counts, so this errs on the side of silence. (A Node handler's heap is capped as
   * Lambda's runtime caps it, so outgrowing that ends its process as there: lambdaNodeFlags.)
   */
  private warnOverMemory(usedMB: number | undefined): void {
    const memory = this.memoryMB;
    if (usedMB === undefined || usedMB <= memory || this.saidOverMemory) return;
    this.saidOverMemory = true;
    this.host.warn(
      `${this.name} used ${usedMB} MB, more than its ${memory} MB: on Lambda the invocation would end with ` +
        `Runtime.OutOfMemory. Raise the function's memory (MemorySize, and memory in the local mapping) or use less.`,
    );
  }

  /**
   * Said once: a Node handler that did not load for want of an AWS SDK for JavaScript v3 package, which Lambda's
   * Node.js runtimes (18 and later) provide, so a deployed function may leave it out of its package; here it must
   * be installed.
   */
  private warnMissingSdk(error: HandlerError): void {
    const pkg = /Cannot find (?:module|package) '(@aws-sdk\/[^'/]+)/.exec(error.errorMessage)?.[1];
    if (!pkg || this.runtime !== 'nodejs' || this.saidMissingSdk || !this.handlerFile) return;
    this.saidMissingSdk = true;
    const taskRoot = taskRootOf(this.handlerFile, this.mapping, this.baseDir);
    this.host.warn(
      `${this.name} needs ${pkg}, which Lambda's Node.js runtime provides (the AWS SDK for JavaScript v3: ` +
        `https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html) and this project does not have. Install ` +
        `it where the handler finds its packages: npm install --save-dev ${pkg} (in ${taskRoot}).`,
    );
  }

  private log(requestId: string | undefined, lines: string[]): void {
    for (const line of lines) this.logLine(requestId, line);
  }

  /** One line of an invocation (or of an environment's start, when none runs in it): to the host and its capture. */
  private logLine(requestId: string | undefined, line: string): void {
    if (requestId !== undefined) this.capturing.get(requestId)?.push(line);
    this.host.onLog(this.name, requestId, line);
  }

  private context(requestId: string, remainingMs: number, traceId: string): InvokeContext {
    return {
      traceId,
      awsRequestId: requestId,
      functionName: this.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.host.region}:${this.host.accountId}:function:${this.name}`,
      memoryLimitInMB: this.memoryMB,
      logGroupName: `/aws/lambda/${this.name}`,
      logStreamName: 'local/[$LATEST]',
      remainingMs,
    };
  }

  private async acquire(requestId: string): Promise<HandlerEnvironment> {
    for (;;) {
      if (this.disposed) throw new WorkbenchError('Cancelled', 'The local API is stopping.');
      const env = this.idle.pop();
      if (env && !env.exited && env.generation === this.generation) return env;
      if (env) {
        this.retire(env);
        continue;
      }
      if (this.warming) {
        await this.warming;
        continue;
      }
      if (this.all.size < this.host.maxEnvironments) return this.start(requestId);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /**
   * An environment back from an invocation: idle again, or retired — ended, of old code, or `killed` at the function
   * timeout, whose process may not have exited yet (the next request must not get it).
   */
  private release(env: HandlerEnvironment, killed = false): void {
    if (killed || env.exited || env.generation !== this.generation || this.disposed) this.retire(env);
    else this.idle.push(env);
    this.waiting.shift()?.();
  }

  private retire(env: HandlerEnvironment): void {
    env.kill();
    this.all.delete(env);
    const i = this.idle.indexOf(env);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /** A cold start: build (once per generation), spawn, wait for the init phase. Init errors are thrown. */
  private async start(requestId: string | undefined): Promise<HandlerEnvironment> {
    const generation = this.generation;
    const built = await this.build();
    const env = this.takeStandby() ?? this.spawn(built, generation, requestId);
    this.all.add(env);
    if (this.runtime === 'nodejs') env.load(this.loadSpec(built), generation);
    const initStarted = this.host.clock.now();
    try {
      await env.ready();
      // The next standby starts once this one is ready, so it never competes with the load it would speed up. None
      // under the debugger: each handler process is a session in its Call Stack, and a standby one that never runs
      // (the start-up it saves is small beside the debugger's attach).
      if (this.host.watch && this.runtime === 'nodejs' && !this.inspected && !this.standby && !this.disposed)
        this.standby = this.spawn(built, generation, undefined);
      return env;
    } catch (err) {
      this.retire(env);
      this.waiting.shift()?.();
      const now = this.host.clock.now();
      const errorType = err instanceof InitError ? err.error.errorType : 'Runtime.ExitError';
      this.log(requestId, this.systemLog.initFailed(now - initStarted, errorType, now));
      if (err instanceof InitError) {
        this.warnMissingSdk(err.error);
        throw new WorkbenchError('InvalidArgument', `${this.name} failed to initialise: ${err.message}`, {
          hint: `Fix the handler ${this.mapping.handler ?? ''} and save.`,
          cause: err,
        });
      }
      throw err;
    }
  }

  private spawn(
    built: BuiltHandler | undefined,
    generation: number,
    requestId: string | undefined,
  ): HandlerEnvironment {
    // Only a Node process's first inspector line is its own: the runner waits for the debugger before a handler's
    // code runs, so a later one (a request body a handler prints) names no inspector (inspectorProxy.ts).
    let announced = this.runtime !== 'nodejs';
    const onLog = (line: string) => {
      const shown = announced ? line : (this.host.inspectorLine?.(line) ?? line);
      announced ||= shown !== line;
      this.logLine(this.current.get(env) ?? requestId, shown);
    };
    const env: HandlerEnvironment =
      this.runtime === 'provided'
        ? new RuntimeApiEnvironment(this.spawnSpec(built), generation, onLog)
        : new ExecutionEnvironment(this.spawnSpec(built), generation, onLog, (files) =>
            this.watchMore(files, generation),
          );
    return env;
  }

  private takeStandby(): HandlerEnvironment | undefined {
    const s = this.standby;
    this.standby = undefined;
    return s && !s.exited ? s : undefined;
  }

  private loadSpec(built: BuiltHandler | undefined): LoadSpec {
    return {
      file: built!.filename,
      bundle: built!.bundlePath ?? '',
      exportName: splitHandler(this.mapping.handler!).exportName,
    };
  }

  private build(): Promise<BuiltHandler | undefined> {
    if (this.built) return this.built;
    const generation = this.generation;
    const p = (async () => {
      if (!this.handlerFile) return undefined;
      if (this.runtime === 'provided') await this.checkBootstrap(this.handlerFile);
      const built =
        this.runtime === 'nodejs'
          ? await buildNodeHandler(
              this.handlerFile,
              this.name,
              this.host.bundleDir,
              this.inspected,
              layerNodePaths(this.layers),
            )
          : { bundlePath: undefined, filename: this.handlerFile, inputs: [this.handlerFile] };
      if (generation === this.generation) this.watch(built.inputs);
      return built;
    })();
    p.catch(() => {
      if (this.built === p) this.built = undefined;
    });
    this.built = p;
    return p;
  }

  private spawnSpec(built: BuiltHandler | undefined): SpawnSpec {
    if (!built || !this.handlerFile) throw new WorkbenchError('InvalidArgument', `${this.name} has no handler file.`);
    const custom = this.runtime === 'provided';
    const { exportName } = splitHandler(this.mapping.handler ?? '');
    // Found at each start, so a package made (an __init__.py saved) since the last one counts.
    const cwd = taskRootOf(this.handlerFile, this.mapping, this.baseDir);
    // A custom runtime reads the function's Handler setting as it is.
    const handler = custom
      ? (this.mapping.handler ?? '')
      : lambdaHandlerOf(cwd, this.handlerFile, exportName, this.name);
    const env: Record<string, string | undefined> = {
      ...process.env,
      ...this.host.env(),
      AWS_REGION: this.host.region,
      AWS_DEFAULT_REGION: this.host.region,
      AWS_LAMBDA_FUNCTION_NAME: this.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.memoryMB),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${this.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: 'local/[$LATEST]',
      // Named by the handler process for the runtime it is (`AWS_Lambda_nodejs20.x`, `AWS_Lambda_python3.12`), unless
      // the mapping's environment names one; not the parent's.
      AWS_EXECUTION_ENV: undefined,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: cwd,
      _HANDLER: handler,
      TZ: ':UTC',
      ...(this.mapping.logFormat === 'JSON'
        ? { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: this.mapping.applicationLogLevel ?? 'INFO' }
        : {}),
      ...(this.mapping.environment ?? {}),
    };
    Object.assign(env, this.host.localKeysFor(env), this.layerEnv(env), searchPaths(env, cwd, this.layers));
    this.host.holdSecrets?.(env);
    if (custom) return { command: this.handlerFile, args: [], env, cwd };
    if (this.runtime === 'python') {
      const moduleName = handler.slice(0, -exportName.length - 1);
      return this.pythonSpawn([this.handlerFile, exportName, moduleName, cwd], env, cwd);
    }
    const { args, waitAt } = inspectorArgs(this.host.node.args);
    return {
      command: this.host.node.executable,
      args: [...lambdaNodeFlags(this.memoryMB), ...args, '--enable-source-maps', this.host.runnerPath],
      env: waitAt === undefined ? env : { ...env, [WAIT_FOR_DEBUGGER]: waitAt },
      cwd,
    };
  }

  /**
   * What finds the function's layers' packages: Node's NODE_PATH before the environment's own, or the shim's list.
   * A custom runtime finds its own (with PATH and LD_LIBRARY_PATH, as every runtime: searchPaths).
   */
  private layerEnv(env: Record<string, string | undefined>): Record<string, string> {
    const layers = this.layers;
    if (!layers.length || this.runtime === 'provided') return {};
    if (this.runtime === 'python') return { [PYTHON_LAYERS]: layers.join(path.delimiter) };
    return { NODE_PATH: [...layerNodePaths(layers), ...(env.NODE_PATH ? [env.NODE_PATH] : [])].join(path.delimiter) };
  }

  /**
   * Under a debugger, `-X frozen_modules=off` (Python 3.11+; older ones ignore an unknown -X) lets debugpy bind
   * breakpoints in the standard library too, and spares its warning that it might not.
   */
  private pythonSpawn(handler: string[], env: SpawnSpec['env'], cwd: string): SpawnSpec {
    const debug = this.host.pythonDebugger;
    const args = ['-u', '-c', PYTHON_SHIM, ...handler];
    if (!debug) return { command: this.host.python, args, env, cwd };
    return {
      command: this.host.python,
      args: ['-X', 'frozen_modules=off', ...args],
      env: { ...env, [WAIT_FOR_DEBUGPY]: debug.libs ?? '' },
      cwd,
    };
  }

  /**
   * A Python handler's modules are known only once its process has loaded them (pythonShim.ts reports them): their
   * files are watched beside the handler's, so saving a module in another folder reloads as saving the handler does.
   */
  private watchMore(files: string[], generation: number): void {
    if (generation !== this.generation || this.disposed) return;
    const added = files.filter((f) => !this.watched.has(f));
    if (added.length) this.watch([...this.watched, ...added]);
  }

  private watch(inputs: string[]): void {
    if (!this.host.watch) return;
    this.unwatch();
    this.watched = new Set(inputs);
    const byDir = new Map<string, Set<string>>();
    for (const f of inputs) {
      const set = byDir.get(path.dirname(f)) ?? new Set<string>();
      set.add(path.basename(f));
      byDir.set(path.dirname(f), set);
    }
    for (const [dir, names] of byDir) {
      try {
        const w = fs.watch(dir, (_event, file) => {
          if (!file || names.has(file.toString()) || this.reloadsOn(file.toString())) this.scheduleReload();
        });
        w.on('error', () => undefined);
        this.watchers.push(w);
      } catch {
        // A directory that vanished: nothing to watch; the next invocation rebuilds and reports the missing file.
      }
    }
  }

  /**
   * Files beside the watched ones that reload the function too: a Python handler's other modules, and for a custom
   * runtime every file of its bootstrap's folder (a shell runtime's function script, a build's other files).
   */
  private reloadsOn(file: string): boolean {
    return this.runtime === 'provided' || (this.runtime === 'python' && file.endsWith('.py'));
  }

  /** A custom runtime's bootstrap must be an executable file: Lambda's function fails otherwise. */
  private async checkBootstrap(file: string): Promise<void> {
    try {
      await fs.promises.access(file, fs.constants.X_OK);
      if ((await fs.promises.stat(file)).isFile()) return;
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      throw new WorkbenchError(
        'InvalidArgument',
        `${this.name}'s bootstrap ${file} ${missing ? 'does not exist' : 'is not executable'} (Lambda's Runtime.InvalidEntrypoint).`,
        { hint: missing ? 'Build it, or point bootstrap at it in the mapping file.' : `chmod +x ${file}` },
      );
    }
    throw new WorkbenchError('InvalidArgument', `${this.name}'s bootstrap ${file} is not a file.`, {
      hint: 'Point bootstrap at the executable in the mapping file.',
    });
  }

  private unwatch(): void {
    for (const w of this.watchers.splice(0)) w.close();
  }

  private scheduleReload(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), 25);
  }

  /** New code: a new generation, idle environments retired, one environment started warm for the next request. */
  async reload(): Promise<void> {
    this.generation++;
    this.built = undefined;
    for (const env of [...this.idle]) this.retire(env);
    if (this.disposed) return;
    const warm = this.start(undefined).then(
      (env) => {
        if (env.generation === this.generation && !this.disposed) {
          this.idle.push(env);
          this.waiting.shift()?.();
        } else this.retire(env);
        this.host.onReload(this.name);
      },
      (err: unknown) => this.host.onReload(this.name, err),
    );
    this.warming = warm;
    await warm;
    if (this.warming === warm) this.warming = undefined;
  }

  /** Ends every process of the function; resolves once their last log lines are relayed. */
  dispose(): Promise<void> {
    this.disposed = true;
    this.unwatch();
    if (this.debounce) clearTimeout(this.debounce);
    const ending = [...this.all];
    for (const env of ending) this.retire(env);
    const standby = this.takeStandby();
    standby?.kill();
    for (const w of this.waiting.splice(0)) w();
    return Promise.all([...ending, ...(standby ? [standby] : [])].map((e) => e.closed)).then(() => undefined);
  }
}

/**
 * Resolves once the poll that read an invocation's result has handed on everything else it read. The handler writes
 * its lines before its result, but they come on another pipe (or socket) and the poll reports both in either order:
 * a result handled first would end the invocation before its lines are filed (after END, out of `LogType: Tail`).
 * I/O callbacks of one poll run before the next check phase, where setImmediate resolves.
 */
function linesReadWithTheResult(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
