// What a call is made of, shared by the `.http` resolver, the call engine, the formatter and the history.

/** A request ready to send: URL resolved, headers as pairs (order and repeats kept), body as text or bytes. */
export interface CallRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: string | Uint8Array;
}

/** Where the time of a call went, in ms from the start; a phase that did not happen (a reused socket) is absent. */
export interface Timing {
  /** DNS lookup done. */
  dns?: number;
  /** TCP connected. */
  connect?: number;
  /** TLS handshake done. */
  tls?: number;
  /** The first byte of the response (status line and headers received). */
  firstByte?: number;
  /** The whole body received. */
  total: number;
}

export interface CallResponse {
  method: string;
  /** The URL called; its query may hold identity values: show it through `redactUrl()`. */
  url: string;
  status: number;
  statusText: string;
  httpVersion: string;
  headers: Array<[string, string]>;
  /** The body as received (bytes, never decoded on the way). */
  body: Uint8Array;
  /** The body was longer than the limit and was cut there. */
  truncated: boolean;
  /** Bytes received (the full length, also when truncated). */
  size: number;
  timing: Timing;
  /** `apigw-requestid` (HTTP APIs) or `x-amzn-requestid`: the key to the request's logs. */
  requestId?: string;
  /** When the call started, ms since the epoch (the logs window is around it). */
  startedAt: number;
}

/** A response header's value (the first, case-insensitive). */
export function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const n = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

/** The request id API Gateway gives a response: `apigw-requestid`, else `x-amzn-requestid`, else `x-amz-apigw-id`. */
export function responseRequestId(headers: ReadonlyArray<readonly [string, string]>): string | undefined {
  return (
    headerValue(headers, 'apigw-requestid') ??
    headerValue(headers, 'x-amzn-requestid') ??
    headerValue(headers, 'x-amz-apigw-id')
  );
}
