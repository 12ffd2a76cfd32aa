// First-class integrations sent to an AWS-compatible endpoint (LocalStack, ElasticMQ, the real service): the action
// as a JSON-protocol call signed with SigV4 by the SDK's signer, with the credentials the handler processes get.
import { SignatureV4 } from '@smithy/signature-v4';
import { GATEWAY, type GatewayResponse } from '../core/local/responses';
import { NodeSha256 } from '../core/local/sigv4';
import type { Gateway } from './gateway';

export async function sendToService(
  gw: Gateway,
  target: { service: string; target: string; json: '1.0' | '1.1' },
  body: Record<string, unknown>,
  region: string,
  timeoutMs: number,
): Promise<GatewayResponse> {
  const url = new URL(gw.options.awsServices.endpoint!);
  const payload = JSON.stringify(body);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
    },
    region,
    service: target.service,
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname || '/',
    query: {},
    headers: { host: url.host, 'content-type': `application/x-amz-json-${target.json}`, 'x-amz-target': target.target },
    body: payload,
  });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: signed.headers as Record<string, string>,
      body: payload,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { statusCode: res.status, headers: [['content-type', 'application/json']], body: Buffer.from(text) };
  } catch (err) {
    gw.logger.error(`${target.target} at ${url.origin} failed: ${(err as Error).message}`);
    return GATEWAY.internalError();
  }
}
