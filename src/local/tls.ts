// A custom domain with mutual TLS served locally, as API Gateway serves one
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mutual-tls.html): HTTPS with TLS 1.2 or
// later, every client asked for a certificate, checked against the truststore (the file the spec's `truststoreUri`
// names in S3, kept beside the mapping file here) for its issuer chain and validity. A refused client gets 403; an
// accepted one's certificate reaches the event (`clientCert`) and the access log (`$context.identity.clientCert.*`).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { WorkbenchError } from '../core/errors';
import type { ServedDomain } from '../core/local/domains';
import type { LocalMapping } from '../core/local/handlers';
import type { ClientCertificate } from '../core/local/request';
import { issueCertificate, signatureAlgorithmOid } from './certificates';

/** A truststore larger than this is refused (AWS's truststore files hold at most a few thousand certificates). */
const MAX_TRUSTSTORE_BYTES = 1024 * 1024;
const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';
/** How long a server certificate this run makes is valid: longer than any run. */
const MADE_VALID_DAYS = 30;

export interface ServerTls {
  /** For `https.createServer` and `setSecureContext`. */
  options: tls.TlsOptions;
  /** The CA that issued the server's certificate, when this run made it: what clients trust (`curl --cacert`). */
  caFile?: string;
  /** That CA with every CA a handler trusts by default, for the variables that replace a default bundle. */
  bundleFile?: string;
  /** The server certificate this run made, kept across reloads (clients trust its CA for the whole run). */
  made?: MadeCertificate;
  /** What API Gateway would warn of in the truststore (truststoreWarnings). */
  warnings: string[];
}

interface MadeCertificate {
  domainName: string;
  cert: string;
  key: string;
  caFile: string;
  bundleFile: string;
}

/**
 * The TLS a served domain with mutual TLS takes, from the mapping's `domains` entry for it; a server certificate
 * the run made before (`previous`) is kept.
 */
export function serverTls(
  domain: ServedDomain,
  mapping: LocalMapping,
  dirs: { mapping: string; run: string },
  previous?: ServerTls,
): ServerTls {
  const m = mapping.domains?.[domain.name];
  if (!m?.truststore)
    throw new WorkbenchError(
      'InvalidArgument',
      `The domain ${domain.name} requires mutual TLS (its truststore is ${domain.mutualTls?.truststoreUri}): ` +
        'the local API needs that truststore as a file.',
      { hint: `Add to the mapping file: domains: { ${domain.name}: { truststore: PATH_TO_TRUSTSTORE.pem } }.` },
    );
  const truststore = path.resolve(dirs.mapping, m.truststore);
  const ca = readTruststore(truststore);
  const kept = previous?.made?.domainName === domain.name ? previous.made : undefined;
  const made = m.certificate && m.key ? undefined : (kept ?? madeServerCertificate(domain.name, dirs.run));
  const server = made ?? {
    cert: readPem(path.resolve(dirs.mapping, m.certificate!)),
    key: readPem(path.resolve(dirs.mapping, m.key!)),
  };
  return {
    options: {
      cert: server.cert,
      key: server.key,
      ca,
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    ...(made ? { caFile: made.caFile, bundleFile: made.bundleFile, made } : {}),
    warnings: truststoreWarnings(truststore, ca, Date.now()),
  };
}

function readPem(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new WorkbenchError('NotFound', `Cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** The certificates of a truststore file, each checked: a file that holds none, or a broken one, says which. */
export function readTruststore(file: string): string[] {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new WorkbenchError('NotFound', `The truststore ${file} does not exist.`);
  if (size > MAX_TRUSTSTORE_BYTES)
    throw new WorkbenchError('InvalidArgument', `The truststore ${file} is over 1 MB.`, {
      hint: 'It holds the certificates that issue the clients’ certificates, and their chains: nothing else.',
    });
  const blocks = pemBlocks(readPem(file));
  if (blocks.length === 0)
    throw new WorkbenchError('InvalidArgument', `The truststore ${file} holds no certificate.`, {
      hint: `A truststore is PEM: certificates between ${BEGIN} and ${END} lines.`,
    });
  blocks.forEach((pem, i) => {
    try {
      new crypto.X509Certificate(pem);
    } catch (err) {
      throw new WorkbenchError(
        'InvalidArgument',
        `Certificate ${i + 1} of the truststore ${file} is not valid X.509.`,
        {
          cause: err,
        },
      );
    }
  });
  return blocks;
}

/** The PEM certificate blocks of a text, in one pass. */
function pemBlocks(text: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf(BEGIN); at >= 0;) {
    const end = text.indexOf(END, at);
    if (end < 0) break;
    out.push(text.slice(at, end + END.length));
    at = text.indexOf(BEGIN, end);
  }
  return out;
}

/** A server certificate for the domain, 127.0.0.1 and localhost, issued by a CA made with it (written to `dir`). */
function madeServerCertificate(domainName: string, dir: string): MadeCertificate {
  const now = Date.now();
  const validity = { notBefore: new Date(now - 60 * 60 * 1000), notAfter: new Date(now + MADE_VALID_DAYS * 864e5) };
  const ca = issueCertificate({ commonName: 'API Gateway Workbench local CA', ca: true, ...validity });
  const server = issueCertificate({
    commonName: domainName,
    altNames: [domainName, 'localhost', '127.0.0.1', '::1'],
    issuer: ca,
    ...validity,
  });
  fs.mkdirSync(dir, { recursive: true });
  const stem = path.join(dir, domainName.replace(/[^\w.-]/g, '_'));
  const caFile = `${stem}-ca.pem`;
  fs.writeFileSync(caFile, ca.certificatePem);
  const bundleFile = `${stem}-ca-bundle.pem`;
  fs.writeFileSync(bundleFile, trustBundle(ca.certificatePem, process.env));
  return { domainName, cert: server.certificatePem, key: server.keyPem, caFile, bundleFile };
}

/** Where the system's CA bundle is (Debian and Ubuntu, Red Hat, macOS and Alpine): what OpenSSL reads by default. */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];
/**
 * The variables that replace a process's default CA bundle with a file: OpenSSL's (Python's `ssl`, Go, Rust's
 * native roots), Requests', botocore's and curl's.
 */
export const CA_BUNDLE_VARIABLES = ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'AWS_CA_BUNDLE', 'CURL_CA_BUNDLE'];
/** A CA bundle file larger than this is not read into the run's bundle. */
const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

/**
 * One PEM bundle: Node's root CAs, the system's bundle, the bundles `env` names and `caPem`, each certificate once.
 * Set as the bundle variables, it adds `caPem` to what a handler trusts and takes nothing away.
 */
export function trustBundle(caPem: string, env: Record<string, string | undefined>): string {
  const system = SYSTEM_BUNDLES.find((f) => fs.existsSync(f));
  const files = [...(system ? [system] : []), ...CA_BUNDLE_VARIABLES.flatMap((v) => env[v] ?? [])];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const pem of [...tls.rootCertificates, ...files.flatMap(bundleCertificates), caPem]) {
    const key = pem.replace(/\s+/g, '');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(pem.trim());
  }
  return `${out.join('\n')}\n`;
}

/** The certificates of a CA bundle file; none when it cannot be read or is too large. */
function bundleCertificates(file: string): string[] {
  try {
    if (fs.statSync(file).size > MAX_BUNDLE_BYTES) return [];
    return pemBlocks(fs.readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/**
 * The signature algorithms API Gateway takes (SHA-256 or stronger), by their OIDs' DER contents: sha256/384/512
 * WithRSAEncryption, RSASSA-PSS, ecdsa-with-SHA256/384/512.
 */
const STRONG_SIGNATURES = new Set([
  '2a864886f70d01010b',
  '2a864886f70d01010c',
  '2a864886f70d01010d',
  '2a864886f70d01010a',
  '2a8648ce3d040302',
  '2a8648ce3d040303',
  '2a8648ce3d040304',
]);
/** The curves of ECDSA-256 or stronger. */
const STRONG_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);
const WEAK = 'API Gateway takes SHA-256 or stronger, RSA-2048 or stronger and ECDSA-256 or stronger';

/**
 * What makes a certificate one API Gateway does not take (http-api-mutual-tls.html: its hash, RSA or ECDSA key), or
 * undefined.
 */
export function weakness(x: crypto.X509Certificate): string | undefined {
  const key = x.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    if ((details.modulusLength ?? 0) < 2048) return `has a ${details.modulusLength}-bit RSA key`;
  } else if (key.asymmetricKeyType === 'ec') {
    if (!STRONG_CURVES.has(details.namedCurve ?? '')) return `has an ECDSA key on ${details.namedCurve}`;
  } else return `has a ${key.asymmetricKeyType} key`;
  if (!STRONG_SIGNATURES.has(signatureAlgorithmOid(x.raw))) return 'is signed with a hash weaker than SHA-256';
  return undefined;
}

/** What API Gateway would warn of in a truststore's certificates when the domain is updated: their validity, their algorithms. */
export function truststoreWarnings(file: string, pems: string[], nowMs: number): string[] {
  return pems.flatMap((pem, i) => {
    const x = new crypto.X509Certificate(pem);
    const where = `Certificate ${i + 1} of the truststore ${file} (${distinguishedName(x.subject)})`;
    const weak = weakness(x);
    return [
      ...(Date.parse(x.validTo) < nowMs ? [`${where} has expired (${x.validTo}).`] : []),
      ...(Date.parse(x.validFrom) > nowMs ? [`${where} is not valid yet (${x.validFrom}).`] : []),
      ...(weak ? [`${where} ${weak}: ${WEAK}.`] : []),
    ];
  });
}

/** Why OpenSSL refused a client's certificate, in words (its codes: `X509_verify_cert_error_string`). */
const REFUSALS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'the client certificate has expired',
  CERT_NOT_YET_VALID: 'the client certificate is not valid yet',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'no certificate of the truststore issued the client certificate',
  UNABLE_TO_GET_ISSUER_CERT: 'no certificate of the truststore issued the client certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'no certificate of the truststore issued the client certificate',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the client certificate is self-signed and not in the truststore',
  SELF_SIGNED_CERT_IN_CHAIN: 'the client certificate chains to a root that is not in the truststore',
  CERT_SIGNATURE_FAILURE: 'the client certificate’s signature does not verify',
};

/** The client's certificate of a TLS connection with mutual TLS, or why API Gateway would refuse the request (403). */
export function clientCertificate(socket: tls.TLSSocket): { cert: ClientCertificate } | { why: string } {
  // First: once Node has made the peer's X509Certificate, getPeerCertificate(true) returns it without its chain.
  const length = chainLength(socket);
  const peer = socket.getPeerX509Certificate();
  if (!peer) return { why: 'the client presented no certificate' };
  if (!socket.authorized) {
    const code = String(socket.authorizationError ?? '');
    return { why: REFUSALS[code] ?? `the client certificate is not trusted (${code || 'unknown reason'})` };
  }
  const weak = weakness(peer);
  if (weak) return { why: `the client certificate ${weak}: ${WEAK}` };
  if (length > MAX_CHAIN)
    return {
      why: `the client certificate's chain is ${length} certificates long: API Gateway takes ${MAX_CHAIN} at most`,
    };
  return { cert: asClientCertificate(peer) };
}

/**
 * The longest chain API Gateway takes, the client's certificate and the truststore's root included
 * (http-api-mutual-tls.html: "a maximum chain length of four").
 */
const MAX_CHAIN = 4;

/** How many certificates the client's verified chain holds, from its own to the root (sent or in the truststore). */
function chainLength(socket: tls.TLSSocket): number {
  const seen = new Set<string>();
  for (let c = socket.getPeerCertificate(true); c?.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate)
    seen.add(c.fingerprint256);
  return seen.size;
}

/** A certificate as the event and the access log carry it. */
export function asClientCertificate(x: crypto.X509Certificate): ClientCertificate {
  const serial = x.serialNumber.length % 2 ? `0${x.serialNumber}` : x.serialNumber;
  return {
    clientCertPem: x.toString().trim(),
    subjectDN: distinguishedName(x.subject),
    issuerDN: distinguishedName(x.issuer),
    serialNumber: serial.toLowerCase().match(/../g)!.join(':'),
    validity: { notBefore: x.validFrom, notAfter: x.validTo },
  };
}

/** Node's one-attribute-a-line name, as an RFC 2253 string: the last RDN first, commas between (`CN=a,O=b,C=US`). */
function distinguishedName(lines: string): string {
  return lines.split('\n').filter(Boolean).reverse().join(',');
}
