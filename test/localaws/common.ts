// What the protocol modules share: the request as the service sees it, AWS-shaped errors, pagination tokens.

export type Json = Record<string, any>;

export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new AwsError(404, 'NotFoundException', message);
export const conflict = (message: string) => new AwsError(409, 'ConflictException', message);
export const badRequest = (message: string) => new AwsError(400, 'BadRequestException', message);

export interface ServiceRequest {
  method: string;
  /** Decoded path segments. */
  path: string;
  query: URLSearchParams;
  body: Json;
  region: string;
  account: string;
  accessKeyId: string | undefined;
}

export interface ServiceResponse {
  status: number;
  body?: Json;
  /** A payload answered as it is (ExportApi's document) instead of JSON. */
  raw?: { text: string; contentType: string };
}

/** Opaque page tokens: base64 of a cursor, rejected when tampered with. */
export function encodeToken(cursor: unknown): string {
  return Buffer.from(JSON.stringify({ c: cursor }), 'utf8').toString('base64');
}

export function decodeToken<T>(token: string | null | undefined, invalid: () => Error): T | undefined {
  if (token === null || token === undefined || token === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { c?: T };
    if (parsed === null || typeof parsed !== 'object' || !('c' in parsed)) throw new Error('no cursor');
    return parsed.c;
  } catch {
    throw invalid();
  }
}

/** Drops undefined members so answers carry only what is set, as AWS's do. */
export function clean<T extends Json>(obj: T): T {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as T;
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
