// Messages between the local API and a handler process (Node runner or Python shim), one JSON object per line on
// file descriptor 3 (a socket pair, both ways). stdout and stderr stay the function's log, as in Lambda.

/** `[host:]port` of the inspector a Node runner opens and waits on before it reads a message (functions.ts). */
export const WAIT_FOR_DEBUGGER = 'APIGW_LOCAL_WAIT_FOR_DEBUGGER';

/**
 * Set for a Python handler process that waits for a debugpy client (functions.ts): empty, or a folder to import
 * debugpy from when the interpreter has none (the Python Debugger extension's `bundled/libs`).
 */
export const WAIT_FOR_DEBUGPY = 'APIGW_LOCAL_WAIT_FOR_DEBUGPY';

/**
 * A Python handler process's Lambda layers (functions.ts): their folders, the last layer first, joined with the
 * platform's path delimiter; the shim puts each one's `python/lib/pythonX.Y/site-packages` and `python/` on
 * `sys.path`, as Lambda's runtime has them from `/opt`.
 */
export const PYTHON_LAYERS = 'APIGW_LOCAL_LAYERS';

/** The log line of a Python handler process whose debugpy listens: `… on HOST:PORT` (the debug session attaches). */
export const DEBUGPY_LISTENING = 'Python debugger listening on';

/** Reads `--inspect-brk`'s value as Node does: `[host:]port`, a host alone, IPv6 in brackets; 127.0.0.1:9229 by default. */
export function inspectorAddress(at: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d+)$/.exec(at);
  const host = (m ? (m[1] ?? '') : at).replace(/^\[(.*)\]$/, '$1');
  return { host: host || '127.0.0.1', port: m ? Number(m[2]) : 9229 };
}

export interface InvokeContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: number;
  logGroupName: string;
  logStreamName: string;
  /** Time left at dispatch; the process computes its own deadline from it (its clock, not the API's). */
  remainingMs: number;
  /** `_X_AMZN_TRACE_ID` during the invocation, which Lambda's runtimes set from the invoke's trace header. */
  traceId: string;
}

/** What a Node runner loads (its first message): a booted runner waits for it, so a reload skips Node's start-up. */
export interface LoadSpec {
  /** The name the code runs under (the source path with .js). */
  file: string;
  /** The compiled bundle, or empty to import `file` as it is. */
  bundle: string;
  exportName: string;
}

export type ToHandler =
  { type: 'load'; spec: LoadSpec } | { type: 'invoke'; id: string; event: unknown; context: InvokeContext };

export interface HandlerError {
  errorType: string;
  errorMessage: string;
  stackTrace?: string[];
}

export type FromHandler =
  | { type: 'ready'; initMs: number }
  | { type: 'initError'; error: HandlerError }
  /** `maxRssKb`: the process's peak resident memory so far (getrusage), for the REPORT line's Max Memory Used. */
  | { type: 'result'; id: string; ok: true; maxRssKb?: number; value: unknown }
  | { type: 'result'; id: string; ok: false; maxRssKb?: number; error: HandlerError }
  /** Source files of the project the handler process has loaded since it last said (Python: watched to reload). */
  | { type: 'sources'; files: string[] };

/**
 * Environment variable of a WebSocket API's handler processes: the hosts (`host` or `host:port`) that name the local
 * API itself, whose HTTPS requests the runner sends to it over HTTP (AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI).
 */
export const LOCAL_API_HOSTS = 'APIGW_LOCAL_API_HOSTS';
