// Lambda's Invoke API on the local API's port (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html), for
// the functions the mapping file maps: a handler's LambdaClient (the mapping's `invokeLocal` points
// AWS_ENDPOINT_URL_LAMBDA here), a test's or `aws lambda invoke --endpoint-url` reaches a function as it reaches a
// deployed one — synchronous, asynchronous (`Event`) or `DryRun`, its error as `X-Amz-Function-Error`, the end of
// its log with `LogType: Tail`. Only a request signed for the `lambda` service is taken for it (SigV4 checked as for
// @connections), so no route of the API is shadowed.
import type http from 'node:http';
import { performance } from 'node:perf_hooks';
import { isWorkbenchError } from '../core/errors';
import { InvocationLog, type FunctionInvocation } from '../core/local/traffic';
import { decodeOrKeep } from '../core/text';
import { authorizeManagement } from './connections';
import { InitError, MAX_EVENT_BYTES } from './environment';
import type { InvokeResult, LambdaFunction } from './functions';
import type { Gateway } from './gateway';
import { readBody, toLocalRequest } from './httpApi';
import type { HandlerError } from './protocol';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?|$)/;
const SIGNED_FOR_LAMBDA = /Credential=[^,\s]*\/lambda\/aws4_request/;

/** Lambda's default function timeout, for a function whose mapping sets none. */
const DEFAULT_TIMEOUT_MS = 3_000;
/** What `LogType: Tail` returns of the invocation's log: its last 4 KB. */
const LOG_TAIL_BYTES = 4 * 1024;

/** The FunctionName of an Invoke request signed for Lambda, else undefined (the request is the API's). */
export function lambdaInvokeTarget(req: http.IncomingMessage): string | undefined {
  if (req.method !== 'POST') return undefined;
  const auth = req.headers.authorization;
  if (typeof auth !== 'string' || !SIGNED_FOR_LAMBDA.test(auth)) return undefined;
  const m = INVOKE_PATH.exec(req.url ?? '');
  return m ? decodeOrKeep(m[1]!) : undefined;
}

/**
 * The function's name in a FunctionName as Lambda takes it: a name, an ARN or a partial ARN (`123456789012:function:
 * name`), with or without a version or alias (`name:live`), which the local function ignores.
 */
export function invokedName(functionName: string): string {
  const m = /^(?:arn:aws[a-z-]*:lambda:[^:]*:)?(?:\d{12}:)?function:([^:]+)/.exec(functionName);
  return m ? m[1]! : functionName.split(':')[0]!;
}

function reply(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

function refuse(res: http.ServerResponse, status: number, errorType: string, message: string): void {
  reply(res, status, JSON.stringify({ Type: 'User', message }), { 'x-amzn-errortype': errorType });
}

/** The payload Lambda returns for an invocation that did not end well, as its runtimes report each end. */
function errorPayload(result: Exclude<InvokeResult, { kind: 'ok' }>, requestId: string): HandlerError {
  switch (result.kind) {
    case 'error':
      return result.error;
    case 'timeout':
      return {
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${requestId} Error: Task timed out after ${(result.timeoutMs / 1000).toFixed(2)} seconds`,
      };
    case 'crash':
      return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${result.message}` };
  }
}

/** An invocation that could not start (an init error, a bootstrap that is not there) as Lambda reports it. */
function startFailure(err: unknown): HandlerError {
  const cause = isWorkbenchError(err) ? err.cause : undefined;
  if (cause instanceof InitError) return cause.error;
  return { errorType: 'Runtime.Unknown', errorMessage: err instanceof Error ? err.message : String(err) };
}

function logTail(log: string[]): string {
  const bytes = Buffer.from(log.map((l) => `${l}\n`).join(''), 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString('base64');
}

/** Runs one invocation: its outcome, or the start's failure as a function error. */
async function invokeOnce(
  fn: LambdaFunction,
  requestId: string,
  event: unknown,
  log?: InvocationLog,
): Promise<InvokeResult> {
  try {
    return await fn.invoke(requestId, event, fn.timeoutMs(DEFAULT_TIMEOUT_MS), log);
  } catch (err) {
    return { kind: 'error', error: startFailure(err) };
  }
}

/** A synchronous invocation as Lambda reports it: the function's result, or its error (`ok` false), and its log. */
export interface DirectInvocation {
  requestId: string;
  ok: boolean;
  payload: unknown;
  log: string[];
}

/**
 * Invokes `fn` synchronously, as Invoke's RequestResponse does: what `apigw invoke` and the Invoke API answer.
 * `requestId` is Lambda's for the invocation (Gateway.newLambdaRequestId).
 */
export async function invokeDirect(fn: LambdaFunction, requestId: string, event: unknown): Promise<DirectInvocation> {
  const lines = new InvocationLog();
  const result = await invokeOnce(fn, requestId, event, lines);
  const log = lines.lines;
  return result.kind === 'ok'
    ? { requestId, ok: true, payload: result.value ?? null, log }
    : { requestId, ok: false, payload: errorPayload(result, requestId), log };
}

/** Answers one Invoke request for the function `name` (`fn` when the mapping maps it). */
export async function handleLambdaInvoke(
  gw: Gateway,
  name: string,
  fn: LambdaFunction | undefined,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const started = performance.now();
  const body = await readBody(req, MAX_EVENT_BYTES).catch(() => Buffer.alloc(0));
  // Lambda's request id, as Invoke answers it (x-amzn-RequestId): the invocation's own.
  const r = { ...toLocalRequest(gw, req, body ?? Buffer.alloc(0), req.url ?? ''), requestId: gw.newLambdaRequestId() };
  const detail = gw.requests.begin(r.requestId);
  const status = await answer(gw, name, fn, req, res, r, body);
  if (status.invocation) detail.invocations.push(status.invocation);
  gw.record(detail, {
    requestId: r.requestId,
    time: r.timeEpoch,
    method: 'POST',
    route: `Lambda Invoke ${name}`,
    path: r.rawPath,
    status: status.code,
    latencyMs: performance.now() - started,
    ...(status.error ? { error: status.error } : {}),
  });
}

/** How an Invoke request was answered: the status, why it failed, the invocation when the function ran. */
interface Answered {
  code: number;
  error?: string;
  invocation?: FunctionInvocation;
}

/** A refusal of an Invoke request: the status, Lambda's error type and message, and the traffic line's reason. */
interface Refusal {
  status: number;
  errorType: string;
  message: string;
  why: string;
}

/** What an Invoke request asks for, or why Lambda refuses it before any code runs. */
function readInvoke(req: http.IncomingMessage, body: Buffer | undefined): { type: string; event: unknown } | Refusal {
  if (body === undefined)
    return {
      status: 413,
      errorType: 'RequestTooLargeException',
      message: `Request must be smaller than ${MAX_EVENT_BYTES} bytes for the InvokeFunction operation`,
      why: 'the payload is over 6 MB',
    };
  const type = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!['RequestResponse', 'Event', 'DryRun'].includes(type))
    return {
      status: 400,
      errorType: 'InvalidParameterValueException',
      message: `Unsupported invocation type: ${type}`,
      why: `invocation type ${type}`,
    };
  try {
    return { type, event: body.length ? JSON.parse(body.toString('utf8')) : {} };
  } catch {
    return {
      status: 400,
      errorType: 'InvalidRequestContentException',
      message: 'Could not parse request body into json',
      why: 'the payload is not JSON',
    };
  }
}

async function answer(
  gw: Gateway,
  name: string,
  fn: LambdaFunction | undefined,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  r: ReturnType<typeof toLocalRequest>,
  body: Buffer | undefined,
): Promise<Answered> {
  const asked = readInvoke(req, body);
  const target = 'why' in asked ? asked : await accepted(gw, name, fn, r);
  if ('why' in target) {
    refuse(res, target.status, target.errorType, target.message);
    return { code: target.status, error: target.why };
  }
  return run(target.fn, req, res, r.requestId, asked as { type: string; event: unknown });
}

/** The function a well-formed Invoke request reaches, or why Lambda refuses it: its signature, an unknown name. */
async function accepted(
  gw: Gateway,
  name: string,
  fn: LambdaFunction | undefined,
  r: ReturnType<typeof toLocalRequest>,
): Promise<{ fn: LambdaFunction } | Refusal> {
  const auth = await authorizeManagement(gw, r);
  if (!auth.ok)
    return {
      status: 403,
      errorType: 'InvalidSignatureException',
      message: 'The request signature does not match.',
      why: auth.reason,
    };
  if (!fn)
    return {
      status: 404,
      errorType: 'ResourceNotFoundException',
      message: `Function not found: arn:aws:lambda:${gw.api.region}:${gw.api.accountId}:function:${name}`,
      why: `the mapping file maps no function ${name}`,
    };
  return { fn };
}

/** Runs an accepted invocation and answers it as Lambda does for its type. */
async function run(
  fn: LambdaFunction,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
  { type, event }: { type: string; event: unknown },
): Promise<Answered> {
  const common = { 'x-amzn-requestid': requestId };
  if (type === 'DryRun') {
    reply(res, 204, '', common);
    return { code: 204 };
  }
  if (type === 'Event') {
    reply(res, 202, '', common);
    void invokeOnce(fn, requestId, event);
    return { code: 202 };
  }
  const done = await invokeDirect(fn, requestId, event);
  const invocation = { kind: 'integration' as const, target: fn.name, requestId, event, log: done.log };
  const headers: Record<string, string> = {
    ...common,
    'x-amz-executed-version': '$LATEST',
    ...(header(req, 'x-amz-log-type') === 'Tail' ? { 'x-amz-log-result': logTail(done.log) } : {}),
  };
  if (done.ok) {
    reply(res, 200, JSON.stringify(done.payload), headers);
    return { code: 200, invocation: { ...invocation, result: done.payload } };
  }
  const error = done.payload as HandlerError;
  reply(res, 200, JSON.stringify(error), { ...headers, 'x-amz-function-error': 'Unhandled' });
  return { code: 200, error: `${error.errorType}: ${error.errorMessage}`, invocation: { ...invocation, error } };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}
