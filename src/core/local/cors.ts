// CORS as HTTP APIs apply it from the API's configuration: preflight OPTIONS answered by the gateway, CORS headers
// added to integration responses and the integration's own CORS headers dropped.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
import type { Cors } from '../gatewaySpec/model';
import { header } from './request';
import type { GatewayResponse } from './responses';

function originAllowed(cors: Cors, origin: string): boolean {
  return (cors.allowOrigins ?? []).some((o) => o === '*' || o.toLowerCase() === origin.toLowerCase());
}

function allowOriginValue(cors: Cors, origin: string): string {
  return (cors.allowOrigins ?? []).includes('*') && !cors.allowCredentials ? '*' : origin;
}

/** A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method. */
export function isPreflight(method: string, headers: Array<[string, string]>): boolean {
  return (
    method === 'OPTIONS' &&
    header(headers, 'origin') !== undefined &&
    header(headers, 'access-control-request-method') !== undefined
  );
}

/** The gateway's answer to a preflight: 204, with CORS headers when the origin is allowed. */
export function preflightResponse(cors: Cors, headers: Array<[string, string]>): GatewayResponse {
  const origin = header(headers, 'origin')!;
  const out: Array<[string, string]> = [];
  if (originAllowed(cors, origin)) {
    out.push(['access-control-allow-origin', allowOriginValue(cors, origin)]);
    if (cors.allowCredentials) out.push(['access-control-allow-credentials', 'true']);
    if (cors.allowMethods?.length) out.push(['access-control-allow-methods', cors.allowMethods.join(',')]);
    if (cors.allowHeaders?.length) out.push(['access-control-allow-headers', cors.allowHeaders.join(',')]);
    if (cors.maxAge !== undefined) out.push(['access-control-max-age', String(cors.maxAge)]);
  }
  return { statusCode: 204, headers: out, body: Buffer.alloc(0) };
}

/** An integration's response with the API's CORS headers in place of its own. */
export function withCorsHeaders(
  cors: Cors,
  requestHeaders: Array<[string, string]>,
  res: GatewayResponse,
): GatewayResponse {
  const headers = res.headers.filter(([k]) => !k.toLowerCase().startsWith('access-control-'));
  const origin = header(requestHeaders, 'origin');
  if (origin !== undefined && originAllowed(cors, origin)) {
    headers.push(['access-control-allow-origin', allowOriginValue(cors, origin)]);
    if (cors.allowCredentials) headers.push(['access-control-allow-credentials', 'true']);
    if (cors.exposeHeaders?.length) headers.push(['access-control-expose-headers', cors.exposeHeaders.join(',')]);
  }
  return { ...res, headers };
}
