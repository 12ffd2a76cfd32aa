// X.509 certificates made on the spot: the local API serving a custom domain with mutual TLS needs a server
// certificate for 127.0.0.1/localhost, and tests need CAs and client certificates. The DER of RFC 5280
// (https://www.rfc-editor.org/rfc/rfc5280) is encoded here by hand, with node:crypto for the keys and signatures only:
// no npm package, no openssl binary.
import * as crypto from 'node:crypto';
import { isIP } from 'node:net';
import { WorkbenchError } from '../core/errors';

export interface IssuedCertificate {
  /** PEM, one certificate. */
  certificatePem: string;
  /** PKCS#8 PEM of the certificate's private key. */
  keyPem: string;
}

export interface CertificateRequest {
  commonName: string;
  /** subjectAltName entries: DNS names, and IPv4/IPv6 addresses (told apart with node:net isIP). */
  altNames?: string[];
  /** A certificate authority: basicConstraints cA=true (critical), keyUsage keyCertSign+cRLSign (critical). Else: keyUsage digitalSignature (critical), extendedKeyUsage serverAuth+clientAuth. */
  ca?: boolean;
  /** The issuer's certificate and key; absent: self-signed (issuer = subject, signed with its own key). */
  issuer?: IssuedCertificate;
  notBefore: Date;
  notAfter: Date;
  /** The key's curve; default P-256. (P-224 is there to make what API Gateway refuses, for tests.) */
  curve?: 'P-256' | 'P-384' | 'P-224';
  /** An RSA key of this many bits instead (an issued certificate only: issuers sign with ECDSA here). */
  rsaBits?: number;
  /** The signature's hash; default SHA-256. (SHA-1 is there to make what API Gateway refuses, for tests.) */
  hash?: 'sha256' | 'sha1';
}

// ---- DER encoding (X.690) ----

/** A definite length: short form below 128, else long form. */
function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV: a tag byte, the length of the parts together, the parts. */
function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

const sequence = (...parts: Buffer[]): Buffer => der(TAG.sequence, ...parts);
const octetString = (bytes: Buffer): Buffer => der(TAG.octetString, bytes);
const utf8 = (text: string): Buffer => der(TAG.utf8String, Buffer.from(text, 'utf8'));
/** A BIT STRING of whole bytes (no unused bits). */
const bitString = (bytes: Buffer): Buffer => der(TAG.bitString, Buffer.from([0]), bytes);

/** An unsigned big-endian number as a DER INTEGER: leading zeros dropped, a 0x00 added if the top bit is set. */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const body = bytes.subarray(start);
  return der(TAG.integer, body[0] & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body);
}

/** Base 128, most significant group first, every byte but the last with its top bit set. */
function base128(n: number): number[] {
  const groups = [n % 128];
  for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v % 128) | 0x80);
  return groups;
}

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const subidentifiers = [arcs[0] * 40 + arcs[1], ...arcs.slice(2)];
  return der(TAG.oid, Buffer.from(subidentifiers.flatMap(base128)));
}

/** A BIT STRING of named bits (bit 0 = the first byte's top bit), trailing zero bits dropped as DER requires. */
function namedBits(bits: number[]): Buffer {
  const last = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(last / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)] |= 0x80 >> (bit % 8);
  return der(TAG.bitString, Buffer.from([7 - (last % 8)]), bytes);
}

/** RFC 5280 4.1.2.5: UTCTime (YYMMDDHHMMSSZ) for 1950 to 2049, GeneralizedTime (YYYYMMDDHHMMSSZ) otherwise. */
function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const two = (n: number): string => String(n).padStart(2, '0');
  const rest = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()];
  const tail = `${rest.map(two).join('')}${two(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year <= 2049) return der(TAG.utcTime, Buffer.from(`${two(year % 100)}${tail}`, 'ascii'));
  return der(TAG.generalizedTime, Buffer.from(`${String(year).padStart(4, '0')}${tail}`, 'ascii'));
}

// ---- DER reading: just enough to take a Name and a key identifier out of a certificate ----

/** The TLVs directly inside a constructed TLV's contents, each whole (header and contents). */
function children(tlv: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = headerLength(tlv, 0).header;
  while (at < tlv.length) {
    const { header, length } = headerLength(tlv, at);
    out.push(tlv.subarray(at, at + header + length));
    at += header + length;
  }
  return out;
}

/** The header size and contents length of the TLV at `at`. */
function headerLength(buf: Buffer, at: number): { header: number; length: number } {
  const first = buf[at + 1];
  if (first < 0x80) return { header: 2, length: first };
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + buf[at + 2 + i];
  return { header: 2 + count, length };
}

const contents = (tlv: Buffer): Buffer => tlv.subarray(headerLength(tlv, 0).header);

// ---- Certificate parts ----

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha1: '1.2.840.10045.4.1',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** AlgorithmIdentifier for ecdsa-with-SHA256 (or -SHA1): parameters absent (RFC 5758 3.2). */
const signatureAlgorithm = (hash: 'sha256' | 'sha1'): Buffer =>
  sequence(oid(hash === 'sha1' ? OID.ecdsaWithSha1 : OID.ecdsaWithSha256));

/** A Name of one RDN: commonName as UTF8String. */
const name = (commonName: string): Buffer => sequence(der(TAG.set, sequence(oid(OID.commonName), utf8(commonName))));

/** 16 random bytes, positive (top bit clear) and with a non-zero first byte, so the INTEGER keeps all 16. */
function serialNumber(): Buffer {
  const bytes = crypto.randomBytes(16);
  bytes[0] = bytes[0] & 0x7f || 0x01;
  return integer(bytes);
}

/** RFC 5280 4.2.1.2, method (1): SHA-1 of the subjectPublicKey BIT STRING's value, without its unused-bits byte. */
function keyIdentifier(spki: Buffer): Buffer {
  const subjectPublicKey = children(spki)[1];
  return crypto.createHash('sha1').update(contents(subjectPublicKey).subarray(1)).digest();
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE (left out when false), extnValue OCTET STRING }. */
function extension(id: string, critical: boolean, value: Buffer): Buffer {
  const flag = critical ? [der(TAG.boolean, Buffer.from([0xff]))] : [];
  return sequence(oid(id), ...flag, octetString(value));
}

/** A GeneralName: iPAddress [7] of 4 or 16 bytes, or dNSName [2] IA5String. */
function generalName(entry: string): Buffer {
  const family = isIP(entry);
  if (family === 4) return der(0x87, Buffer.from(entry.split('.').map(Number)));
  if (family === 6) return der(0x87, ipv6Bytes(entry));
  if (!/^[\x21-\x7e]+$/.test(entry)) {
    throw new WorkbenchError('InvalidArgument', `"${entry}" is neither an IP address nor an ASCII DNS name.`);
  }
  return der(0x82, Buffer.from(entry, 'ascii'));
}

/** The 16 bytes of an IPv6 address isIP accepted: groups around one "::", perhaps an IPv4 tail, no zone. */
function ipv6Bytes(address: string): Buffer {
  if (address.includes('%')) {
    throw new WorkbenchError('InvalidArgument', `"${address}": an IP address with a zone cannot go in a certificate.`);
  }
  const groups = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)];
          const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
          return [a * 256 + b, c * 256 + d];
        });
  const [head = '', tail] = address.split('::');
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = Buffer.alloc(16);
  all.forEach((g, i) => bytes.writeUInt16BE(g, i * 2));
  return bytes;
}

function extensions(request: CertificateRequest, spki: Buffer, authorityKeyId: Buffer): Buffer {
  const list = [
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spki))),
    extension(OID.authorityKeyIdentifier, false, sequence(der(0x80, authorityKeyId))),
  ];
  if (request.ca) {
    list.push(extension(OID.basicConstraints, true, sequence(der(TAG.boolean, Buffer.from([0xff])))));
    list.push(extension(OID.keyUsage, true, namedBits([5, 6]))); // keyCertSign, cRLSign
  } else {
    list.push(extension(OID.basicConstraints, true, sequence())); // cA FALSE, the default, left out
    list.push(extension(OID.keyUsage, true, namedBits([0]))); // digitalSignature
    list.push(extension(OID.extendedKeyUsage, false, sequence(oid(OID.serverAuth), oid(OID.clientAuth))));
  }
  if (request.altNames?.length) {
    list.push(extension(OID.subjectAltName, false, sequence(...request.altNames.map(generalName))));
  }
  return der(0xa3, sequence(...list));
}

// ---- The issuer ----

interface Signer {
  /** The issuer's Name, its DER bytes as they stand in its certificate. */
  name: Buffer;
  keyId: Buffer;
  key: crypto.KeyObject;
}

/** The issuer's subject Name and subjectKeyIdentifier, read from its certificate's DER, and its private key. */
function signerOf(issuer: IssuedCertificate): Signer {
  const certificate = new crypto.X509Certificate(issuer.certificatePem);
  const key = crypto.createPrivateKey(issuer.keyPem);
  if (key.asymmetricKeyType !== 'ec' || !certificate.checkPrivateKey(key)) {
    throw new WorkbenchError('InvalidArgument', "The issuer's key is not the EC private key of its certificate.");
  }
  if (!certificate.ca) {
    throw new WorkbenchError('InvalidArgument', `The issuer ${certificate.subject} is not a certificate authority.`);
  }
  const tbs = children(children(certificate.raw)[0]);
  const skip = tbs[0][0] === 0xa0 ? 1 : 0; // [0] version, when present
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return { name: tbs[skip + 4], keyId: subjectKeyIdentifierIn(tbs) ?? keyIdentifier(spki), key };
}

/** The DER contents of a certificate's signatureAlgorithm OID (`2a8648ce3d040302` for ecdsa-with-SHA256). */
export function signatureAlgorithmOid(raw: Buffer): string {
  return contents(children(children(raw)[1])[0]).toString('hex');
}

/** The subjectKeyIdentifier extension's value in a TBSCertificate's elements, if it has one. */
function subjectKeyIdentifierIn(tbs: Buffer[]): Buffer | undefined {
  const wrapped = tbs.find((element) => element[0] === 0xa3);
  if (!wrapped) return undefined;
  const wanted = oid(OID.subjectKeyIdentifier);
  for (const ext of children(children(wrapped)[0])) {
    const parts = children(ext);
    if (parts[0].equals(wanted)) return contents(contents(parts.at(-1)!));
  }
  return undefined;
}

// ---- Issuing ----

function checkRequest(request: CertificateRequest): void {
  const { commonName, notBefore, notAfter } = request;
  if (!commonName) throw new WorkbenchError('InvalidArgument', 'A certificate needs a common name.');
  const valid = (d: Date): boolean =>
    !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 0 && d.getUTCFullYear() <= 9999;
  if (!valid(notBefore) || !valid(notAfter) || notAfter.getTime() < notBefore.getTime()) {
    throw new WorkbenchError(
      'InvalidArgument',
      'A certificate needs notBefore ≤ notAfter, both dates in years 0–9999.',
    );
  }
  if (request.rsaBits && !request.issuer)
    throw new WorkbenchError(
      'InvalidArgument',
      'An RSA certificate is issued by an ECDSA issuer here, not self-signed.',
    );
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Issues a certificate with a fresh ECDSA key (P-256 unless `curve`; RSA with `rsaBits`), signed with
 * ECDSA-with-SHA256 (unless `hash`).
 */
export function issueCertificate(request: CertificateRequest): IssuedCertificate {
  checkRequest(request);
  const { publicKey, privateKey } = request.rsaBits
    ? crypto.generateKeyPairSync('rsa', { modulusLength: request.rsaBits })
    : crypto.generateKeyPairSync('ec', { namedCurve: request.curve ?? 'P-256' });
  const hash = request.hash ?? 'sha256';
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const subject = name(request.commonName);
  const signer: Signer = request.issuer
    ? signerOf(request.issuer)
    : { name: subject, keyId: keyIdentifier(spki), key: privateKey };
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))), // version v3
    serialNumber(),
    signatureAlgorithm(hash),
    signer.name,
    sequence(time(request.notBefore), time(request.notAfter)),
    subject,
    spki,
    extensions(request, spki, signer.keyId),
  );
  const signature = crypto.sign(hash, tbs, { key: signer.key, dsaEncoding: 'der' });
  return {
    certificatePem: pem('CERTIFICATE', sequence(tbs, signatureAlgorithm(hash), bitString(signature))),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
