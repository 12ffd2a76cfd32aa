// Test tokens: an RSA key pair, its JWKS, and RS256 JWTs signed with it (what a local JWKS file holds offline).
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface TestIssuer {
  issuer: string;
  jwks: { keys: Array<Record<string, unknown>> };
  sign(claims: Record<string, unknown>, header?: Record<string, unknown>): string;
}

export function testIssuer(issuer = 'https://issuer.example.com', kid = 'k1'): TestIssuer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg: 'RS256', use: 'sig' };
  return {
    issuer,
    jwks: { keys: [jwk] },
    sign: (claims, header) => sign(privateKey, { alg: 'RS256', typ: 'JWT', kid, ...header }, claims),
  };
}

function sign(key: KeyObject, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc(header)}.${enc(claims)}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key).toString('base64url')}`;
}
