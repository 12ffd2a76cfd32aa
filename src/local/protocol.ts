// Messages between the local API and a handler process (Node runner or Python shim), one JSON object per line on
// file descriptor 3 (a socket pair, both ways). stdout and stderr stay the function's log, as in Lambda.

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
}

export type ToHandler = { type: 'invoke'; id: string; event: unknown; context: InvokeContext };

export interface HandlerError {
  errorType: string;
  errorMessage: string;
  stackTrace?: string[];
}

export type FromHandler =
  | { type: 'ready'; initMs: number }
  | { type: 'initError'; error: HandlerError }
  | { type: 'result'; id: string; ok: true; value: unknown }
  | { type: 'result'; id: string; ok: false; error: HandlerError };
