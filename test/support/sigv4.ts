// Signing as a client of the local API signs: the SDK's own SigV4 signer (@smithy/signature-v4) over node:crypto,
// for execute-api in us-east-1 unless a test says otherwise, and the request it signs made from a URL.
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { NodeSha256 } from '../../src/core/local/sigv4';

export function executeApiSigner(
  credentials: { accessKeyId: string; secretAccessKey: string },
  o: { service?: string; applyChecksum?: boolean } = {},
): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    region: 'us-east-1',
    service: o.service ?? 'execute-api',
    sha256: NodeSha256,
    ...(o.applyChecksum !== undefined ? { applyChecksum: o.applyChecksum } : {}),
  });
}

/** The request a signer signs for `url` (its host header, path and query added to what `o` gives). */
export function signable(
  url: URL,
  o: { method?: string; headers?: Record<string, string>; query?: Record<string, string>; body?: string } = {},
): HttpRequest {
  return {
    method: o.method ?? 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: o.query ?? {},
    headers: { host: url.host, ...o.headers },
    ...(o.body !== undefined ? { body: o.body } : {}),
  };
}
