// An HTTP API served locally as a custom domain with mutual TLS, through real TLS sockets: HTTPS with a server
// certificate the run makes (or the mapping's), each client's certificate checked against the mapping's truststore —
// none, an expired one or one of another CA is AWS's 403 with the reason in the record — and a trusted one passed to
// the Lambda authorizer, the integration (payload 2.0's `authentication.clientCert`, 1.0's `identity.clientCert`) and
// the access log (`$context.identity.clientCert.*`).
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import { after, before, describe, it } from 'node:test';
import { isWorkbenchError } from '../../src/core/errors';
import { issueCertificate, type IssuedCertificate } from '../../src/local/certificates';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import tls from 'node:tls';
import { readTruststore, trustBundle, truststoreWarnings } from '../../src/local/tls';
import { pythonWith } from '../support/python';
import { main } from '../../src/cli/main';
import { bufferIo } from './cliHelpers';
import { localWorkspace, type LocalWorkspace } from '../support/localWorkspace';

const FORMAT =
  '$context.identity.clientCert.subjectDN|$context.identity.clientCert.serialNumber|$context.status|$context.requestId';

const SPEC = `version: 1
api:
  name: partners
  protocol: HTTP
integrations:
  v2-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:echo
    payloadFormatVersion: "2.0"
  v1-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:echo
    payloadFormatVersion: "1.0"
authorizers:
  by-cert:
    type: REQUEST
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:gate
    payloadFormatVersion: "2.0"
    enableSimpleResponses: true
    identitySources: [$context.identity.clientCert.serialNumber]
routes:
  GET /v2:
    integration: v2-fn
  GET /v1:
    integration: v1-fn
  GET /gated:
    integration: v2-fn
    authorizationType: CUSTOM
    authorizer: by-cert
stages:
  prod:
    accessLog:
      destinationArn: arn:aws:logs:us-east-1:123456789012:log-group:partners
      format: '${FORMAT}'
domains:
  api.partners.example.com:
    certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666
    securityPolicy: TLS_1_2
    mutualTls:
      truststoreUri: s3://partners-certs/truststore.pem
    mappings:
      - stage: prod
`;

const ECHO = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext) });\n`;
// The authorizer lets in the certificates of ann only: it reads the subject API Gateway passed on.
const GATE = `exports.handler = async (event) => ({
  isAuthorized: event.requestContext.authentication.clientCert.subjectDN === 'CN=ann',
  context: { subject: event.requestContext.authentication.clientCert.subjectDN },
});
`;

const HOUR = 3600_000;
const valid = { notBefore: new Date(Date.now() - HOUR), notAfter: new Date(Date.now() + 24 * HOUR) };

interface Answer {
  status: number;
  body: string;
}

/**
 * A GET over TLS to 127.0.0.1, trusting `ca`, presenting `client` when given, with the intermediate certificates
 * `chain` after it.
 */
function get(url: string, ca: string, client?: IssuedCertificate, chain: IssuedCertificate[] = []): Promise<Answer> {
  const cert = client && [client, ...chain].map((c) => c.certificatePem.trim()).join('\n');
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, agent: false, ...(client ? { cert, key: client.keyPem } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
  });
}

/**
 * The partners spec with its mapping file: `echo` (unless `echo` names another handler) and `gate` mapped, the
 * domain's truststore `trust` (PEM) in trust.pem, `domain` more of the domain's mapping, `files` beside them.
 */
function partnersWorkspace(
  trust: string,
  more: { echo?: string; domain?: string; mapping?: string; files?: Record<string, string> } = {},
): LocalWorkspace {
  return localWorkspace({
    'partners.apigw.yaml': SPEC,
    'partners.apigw.local.yaml':
      `functions:\n  echo: { handler: ${more.echo ?? 'echo.js'} }\n  gate: { handler: gate.js }\n` +
      `domains:\n  api.partners.example.com: { truststore: trust.pem${more.domain ?? ''} }\n${more.mapping ?? ''}`,
    'echo.js': ECHO,
    'gate.js': GATE,
    'trust.pem': trust,
    ...more.files,
  });
}

/** The workspace's spec served as its mutual TLS domain, with the lines the local API logged. */
async function serveDomain(ws: LocalWorkspace): Promise<{ api: LocalApi; lines: string[] }> {
  const lines: string[] = [];
  const api = await startLocalApi({
    specPath: ws.file('partners.apigw.yaml'),
    domain: 'api.partners.example.com',
    port: 0,
    watch: false,
    logger: { info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) },
  });
  return { api, lines };
}

/** `apigw call --local … GET /v2` against the partners API with more options: its exit code and output. */
async function callV2(
  api: LocalApi,
  ws: LocalWorkspace,
  extra: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const b = bufferIo();
  const args = ['call', '--local', api.url, '--stage', 'prod', '--spec', ws.file('partners.apigw.yaml')];
  const code = await main([...args, ...extra, 'GET /v2'], b.io);
  return { code, ...b.out };
}

describe('local API: a custom domain with mutual TLS', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  let serverCa: string;
  const clientCa = issueCertificate({ commonName: 'Partners CA', ca: true, ...valid });
  const ann = issueCertificate({ commonName: 'ann', issuer: clientCa, ...valid });
  const bob = issueCertificate({ commonName: 'bob', issuer: clientCa, ...valid });

  before(async () => {
    ws = localWorkspace({
      'partners.apigw.yaml': SPEC,
      'partners.apigw.local.yaml': [
        'functions:',
        '  echo: { handler: echo.js }',
        '  gate: { handler: gate.js }',
        'domains:',
        '  api.partners.example.com: { truststore: certs/truststore.pem }',
        '',
      ].join('\n'),
      'echo.js': ECHO,
      'gate.js': GATE,
      'certs/truststore.pem': clientCa.certificatePem,
    });
    const served = await serveDomain(ws);
    api = served.api;
    const lines = served.lines;
    const caFile = /through (\S+) \(curl --cacert\)/.exec(lines.join('\n'))?.[1];
    assert.ok(caFile, lines.join('\n'));
    assert.equal(caFile, api.serverCaFile);
    serverCa = fs.readFileSync(caFile, 'utf8');
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  it('serves HTTPS on 127.0.0.1 with a certificate the logged CA issued, TLS 1.2 at least', async () => {
    assert.match(api.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(`${api.url}/v2`, serverCa, ann);
    assert.equal(res.status, 200);
    await assert.rejects(get(`${api.url}/v2`, clientCa.certificatePem, ann), /self[- ]signed|unable to verify/i);
  });

  it("passes a trusted client's certificate to the integration: payload 2.0's authentication, 1.0's identity", async () => {
    const x = new crypto.X509Certificate(ann.certificatePem);
    const expected = {
      clientCertPem: ann.certificatePem.trim(),
      subjectDN: 'CN=ann',
      issuerDN: 'CN=Partners CA',
      serialNumber: x.serialNumber.toLowerCase().match(/../g)!.join(':'),
      validity: { notBefore: x.validFrom, notAfter: x.validTo },
    };
    const v2 = JSON.parse((await get(`${api.url}/v2`, serverCa, ann)).body) as Record<string, any>;
    assert.deepEqual(v2.authentication, { clientCert: expected });
    assert.equal(v2.domainName, 'api.partners.example.com');
    const v1 = JSON.parse((await get(`${api.url}/v1`, serverCa, ann)).body) as Record<string, any>;
    assert.deepEqual(v1.identity.clientCert, expected);
    assert.match(expected.serialNumber, /^[0-9a-f]{2}(:[0-9a-f]{2})+$/);
    assert.match(expected.validity.notAfter, /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT$/);
  });

  it('passes it to the Lambda authorizer and the access log: ann let in, bob refused by the authorizer', async () => {
    const letIn = await get(`${api.url}/gated`, serverCa, ann);
    assert.equal(letIn.status, 200);
    assert.deepEqual((JSON.parse(letIn.body) as { authorizer: { lambda: unknown } }).authorizer.lambda, {
      subject: 'CN=ann',
    });
    const annId = api.requests().at(-1)!.requestId;
    const annLine = api.request(annId)!.accessLog!;
    const refused = await get(`${api.url}/gated`, serverCa, bob);
    assert.deepEqual([refused.status, refused.body], [403, '{"message":"Forbidden"}']);
    const bobId = api.requests().at(-1)!.requestId;
    const bobLine = api.request(bobId)!.accessLog!;
    const serial = (c: IssuedCertificate) =>
      new crypto.X509Certificate(c.certificatePem).serialNumber.toLowerCase().match(/../g)!.join(':');
    assert.equal(annLine, `CN=ann|${serial(ann)}|200|${annId}`);
    assert.equal(bobLine, `CN=bob|${serial(bob)}|403|${bobId}`);
  });

  it("apigw call presents a client certificate (--cert, --key) and trusts the run's CA (--cacert), as curl", async () => {
    const files = {
      cert: ws.write('client/ann.pem', ann.certificatePem),
      key: ws.write('client/ann.key', ann.keyPem),
      both: ws.write('client/ann-both.pem', `${ann.certificatePem}${ann.keyPem}`),
      ca: api.serverCaFile!,
    };
    const call = (...extra: string[]) => callV2(api, ws, extra);
    const ok = await call('--cert', files.cert, '--key', files.key, '--cacert', files.ca);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(
      (JSON.parse(ok.stdout) as { authentication: { clientCert: { subjectDN: string } } }).authentication.clientCert
        .subjectDN,
      'CN=ann',
    );
    // One file with the certificate and its key, as curl takes it.
    assert.equal((await call('--cert', files.both, '--cacert', files.ca)).code, 0);
    // No certificate: API Gateway's 403 (exit 0: answered); no CA: the server is not trusted, and the error says why.
    const refused = await call('--cacert', files.ca);
    assert.match(refused.stderr, /^403 Forbidden/m);
    const untrusted = await call('--cert', files.both);
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.stderr, /The server certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted/);
    assert.match(untrusted.stderr, /--cacert/);
    // A key without a certificate, a file that is not there: usage errors.
    assert.equal((await call('--key', files.key, '--cacert', files.ca)).code, 2);
    assert.equal((await call('--cert', ws.file('client/none.pem'))).code, 2);
  });

  it('apigw call: a --cert, --key or --cacert that is not what it should be is a usage error naming it, before any call', async () => {
    const before = api.requests().length;
    const files = {
      cert: ws.write('client/c.pem', ann.certificatePem),
      // Not PEM: a key file mangled, whose text the error must not quote.
      garbled: ws.write(
        'client/garbled.key',
        '-----BEGIN PRIVATE KEY-----\nCANARYKEYBODY!!\n-----END PRIVATE KEY-----\n',
      ),
      big: ws.write('client/big.pem', `${ann.certificatePem}${'#'.repeat(1024 * 1024)}`),
      ca: api.serverCaFile!,
    };
    const call = (...extra: string[]) => callV2(api, ws, extra);
    const cases: Array<[string[], RegExp]> = [
      [['--cert', files.cert, '--key', files.garbled], /--key \S+garbled\.key holds no PEM private key/],
      [['--cert', files.cert], /--cert \S+c\.pem holds no PEM private key without a passphrase; give it with --key/],
      [['--cert', files.garbled, '--key', files.garbled], /--cert \S+garbled\.key holds no PEM certificate/],
      [['--cacert', files.garbled], /--cacert \S+garbled\.key holds no PEM certificate/],
      [['--cert', files.big, '--cacert', files.ca], /--cert \S+big\.pem is over 1 MB/],
      [['--cacert', ws.file('client')], /--cacert \S+client is not a file/],
    ];
    for (const [args, said] of cases) {
      const r = await call(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, said);
      assert.doesNotMatch(r.stderr, /CANARY|error:0|routines/);
    }
    assert.equal(api.requests().length, before);
  });

  it("refuses AWS's way what the truststore does not trust: no certificate, an expired one, another CA's", async () => {
    const expired = issueCertificate({
      commonName: 'old',
      issuer: clientCa,
      notBefore: new Date(Date.now() - 48 * HOUR),
      notAfter: new Date(Date.now() - 24 * HOUR),
    });
    const otherCa = issueCertificate({ commonName: 'Other CA', ca: true, ...valid });
    const stranger = issueCertificate({ commonName: 'eve', issuer: otherCa, ...valid });
    // Trusted, but of an algorithm API Gateway does not take: TLS lets an RSA-1024 key through, API Gateway does not.
    const weak = issueCertificate({ commonName: 'weak', issuer: clientCa, rsaBits: 1024, ...valid });
    const cases: Array<[IssuedCertificate | undefined, RegExp]> = [
      [undefined, /^the client presented no certificate$/],
      [expired, /^the client certificate has expired$/],
      [stranger, /^no certificate of the truststore issued the client certificate$/],
      [weak, /^the client certificate has a 1024-bit RSA key: API Gateway takes SHA-256 or stronger, RSA-2048/],
    ];
    for (const [client, why] of cases) {
      const res = await get(`${api.url}/v2`, serverCa, client);
      assert.deepEqual([res.status, res.body], [403, '{"message":"Forbidden"}']);
      const record = api.requests().at(-1)!;
      assert.match(record.error!, why);
      assert.equal(api.request(record.requestId)!.invocations.length, 0);
    }
  });
});

describe('local API: a mutual TLS truststore edited while the API runs', () => {
  it('takes the new truststore at the reload, for the next connections', async () => {
    const firstCa = issueCertificate({ commonName: 'First CA', ca: true, ...valid });
    const nextCa = issueCertificate({ commonName: 'Next CA', ca: true, ...valid });
    const [first, next] = [firstCa, nextCa].map((issuer) => issueCertificate({ commonName: 'c', issuer, ...valid }));
    const ws = partnersWorkspace(firstCa.certificatePem);
    const { api, lines } = await serveDomain(ws);
    try {
      const ca = fs.readFileSync(/through (\S+) \(curl --cacert\)/.exec(lines.join('\n'))![1]!, 'utf8');
      assert.deepEqual(
        [(await get(`${api.url}/v2`, ca, first)).status, (await get(`${api.url}/v2`, ca, next)).status],
        [200, 403],
      );
      ws.write('trust.pem', nextCa.certificatePem);
      await api.reload();
      assert.deepEqual(
        [(await get(`${api.url}/v2`, ca, first)).status, (await get(`${api.url}/v2`, ca, next)).status],
        [403, 200],
      );
    } finally {
      await api.stop();
      ws.remove();
    }
  });
});

describe("local API: mutual TLS with the mapping's own server certificate", () => {
  it('serves the certificate and key the mapping names, and makes none', async () => {
    const ownCa = issueCertificate({ commonName: 'Team CA', ca: true, ...valid });
    const server = issueCertificate({ commonName: 'local', altNames: ['127.0.0.1'], issuer: ownCa, ...valid });
    const clientCa = issueCertificate({ commonName: 'Partners CA', ca: true, ...valid });
    const client = issueCertificate({ commonName: 'ann', issuer: clientCa, ...valid });
    const ws = partnersWorkspace(clientCa.certificatePem, {
      domain: ', certificate: tls/cert.pem, key: tls/key.pem',
      files: { 'tls/cert.pem': server.certificatePem, 'tls/key.pem': server.keyPem },
    });
    const { api, lines } = await serveDomain(ws);
    try {
      assert.equal((await get(`${api.url}/v2`, ownCa.certificatePem, client)).status, 200);
      assert.ok(!lines.join('\n').includes('curl --cacert'), lines.join('\n'));
    } finally {
      await api.stop();
      ws.remove();
    }
  });
});

describe('local API: mutual TLS needs the truststore as a file', () => {
  it('refuses to start without one, saying what to add to the mapping', async () => {
    const ws = localWorkspace({ 'partners.apigw.yaml': SPEC, 'partners.apigw.local.yaml': 'functions: {}\n' });
    try {
      await assert.rejects(
        startLocalApi({
          specPath: ws.file('partners.apigw.yaml'),
          domain: 'api.partners.example.com',
          port: 0,
          watch: false,
        }),
        (err: unknown) =>
          isWorkbenchError(err) &&
          /requires mutual TLS \(its truststore is s3:\/\/partners-certs\/truststore\.pem\)/.test(err.message) &&
          /domains: \{ api\.partners\.example\.com: \{ truststore: /.test(err.hint ?? ''),
      );
    } finally {
      ws.remove();
    }
  });
});

describe('readTruststore: a truststore file, each certificate checked', () => {
  it('reads every certificate of a PEM bundle, and says what is wrong with a bad one', () => {
    const [a, b] = ['A', 'B'].map((n) => issueCertificate({ commonName: n, ca: true, ...valid }));
    const ws = localWorkspace({
      'bundle.pem': `# partners\n${a!.certificatePem}\n${b!.certificatePem}`,
      'empty.pem': 'no certificates here\n',
      'broken.pem': `${a!.certificatePem}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`,
      // A hostile file: BEGIN lines without an END, read in one pass.
      'open.pem': '-----BEGIN CERTIFICATE-----\n'.repeat(20_000),
    });
    try {
      assert.deepEqual(readTruststore(ws.file('bundle.pem')), [a!.certificatePem.trim(), b!.certificatePem.trim()]);
      assert.throws(() => readTruststore(ws.file('empty.pem')), /empty\.pem holds no certificate/);
      assert.throws(
        () => readTruststore(ws.file('broken.pem')),
        /Certificate 2 of the truststore .*broken\.pem is not valid X\.509/,
      );
      assert.throws(() => readTruststore(ws.file('open.pem')), /holds no certificate/);
      assert.throws(() => readTruststore(ws.file('absent.pem')), /absent\.pem does not exist/);
    } finally {
      ws.remove();
    }
  });
});

describe("truststoreWarnings: what API Gateway would warn of in a truststore's certificates", () => {
  it('names each expired, not yet valid, weak-keyed or SHA-1 certificate, and passes the others', () => {
    const now = Date.now();
    const day = 86_400_000;
    const certs = [
      issueCertificate({ commonName: 'good', ca: true, ...valid }),
      issueCertificate({
        commonName: 'old',
        ca: true,
        notBefore: new Date(now - 9 * day),
        notAfter: new Date(now - day),
      }),
      issueCertificate({
        commonName: 'early',
        ca: true,
        notBefore: new Date(now + day),
        notAfter: new Date(now + 9 * day),
      }),
      issueCertificate({ commonName: 'small', ca: true, curve: 'P-224', ...valid }),
      issueCertificate({ commonName: 'sha1', ca: true, hash: 'sha1', ...valid }),
      issueCertificate({ commonName: 'big', ca: true, curve: 'P-384', ...valid }),
    ].map((c) => c.certificatePem);
    const warnings = truststoreWarnings('trust.pem', certs, now).map((w) => w.replace(/ \([A-Z][a-z]{2} .*GMT\)/, ''));
    const rule = 'API Gateway takes SHA-256 or stronger, RSA-2048 or stronger and ECDSA-256 or stronger.';
    assert.deepEqual(warnings, [
      'Certificate 2 of the truststore trust.pem (CN=old) has expired.',
      'Certificate 3 of the truststore trust.pem (CN=early) is not valid yet.',
      `Certificate 4 of the truststore trust.pem (CN=small) has an ECDSA key on secp224r1: ${rule}`,
      `Certificate 5 of the truststore trust.pem (CN=sha1) is signed with a hash weaker than SHA-256: ${rule}`,
    ]);
  });
});

describe('local API: mutual TLS takes client certificate chains of four at most', () => {
  // root → a → b → c: each issues the next; the leaf's chain is as long as its issuers plus itself.
  const root = issueCertificate({ commonName: 'Root', ca: true, ...valid });
  const a = issueCertificate({ commonName: 'A', ca: true, issuer: root, ...valid });
  const b = issueCertificate({ commonName: 'B', ca: true, issuer: a, ...valid });
  const c = issueCertificate({ commonName: 'C', ca: true, issuer: b, ...valid });
  const four = issueCertificate({ commonName: 'four', issuer: b, ...valid });
  const five = issueCertificate({ commonName: 'five', issuer: c, ...valid });

  async function served(truststore: IssuedCertificate[], run: (api: LocalApi, ca: string) => Promise<void>) {
    const ws = partnersWorkspace(truststore.map((t) => t.certificatePem).join(''));
    const { api } = await serveDomain(ws);
    try {
      await run(api, fs.readFileSync(api.serverCaFile!, 'utf8'));
    } finally {
      await api.stop();
      ws.remove();
    }
  }

  it('lets in a chain of four the client sends, refuses one of five with the reason', async () => {
    await served([root], async (api, ca) => {
      assert.equal((await get(`${api.url}/v2`, ca, four, [b, a])).status, 200);
      const refused = await get(`${api.url}/v2`, ca, five, [c, b, a]);
      assert.deepEqual([refused.status, refused.body], [403, '{"message":"Forbidden"}']);
      assert.equal(
        api.requests().at(-1)!.error,
        "the client certificate's chain is 5 certificates long: API Gateway takes 4 at most",
      );
    });
  });

  it('counts the intermediates the truststore holds as the chain', async () => {
    await served([root, a, b, c], async (api, ca) => {
      assert.equal((await get(`${api.url}/v2`, ca, four)).status, 200);
      assert.equal((await get(`${api.url}/v2`, ca, five)).status, 403);
      assert.match(api.requests().at(-1)!.error!, /chain is 5 certificates long/);
    });
  });
});

// A handler that calls the API it is served by, over HTTPS, with no client certificate: Python's default TLS
// context verifies the server; the 403 of mutual TLS means it trusted the run's certificate.
const RELAY_PY = `import json, os, urllib.request, urllib.error

def handler(event, context):
    if event['rawPath'] != '/v2':
        return {'statusCode': 200, 'body': 'inner'}
    variables = {v: os.environ.get(v) for v in ('SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'AWS_CA_BUNDLE', 'CURL_CA_BUNDLE')}
    try:
        urllib.request.urlopen('https://' + event['headers']['host'] + '/v1', timeout=10)
        answer = 'no certificate asked'
    except urllib.error.HTTPError as e:
        answer = e.code
    except Exception as e:
        answer = repr(e)
    return {'statusCode': 200, 'body': json.dumps({'answer': answer, 'variables': variables})}
`;

const { python, skip: NO_PYTHON } = pythonWith(['ssl', 'urllib.request'], ['python3']);

describe('local API: handlers trust the certificate the run made, beside their own CAs', () => {
  it(
    'a Python handler reaches the API over HTTPS: its default TLS context trusts the bundle',
    { skip: NO_PYTHON },
    async () => {
      const clientCa = issueCertificate({ commonName: 'Partners CA', ca: true, ...valid });
      const ann = issueCertificate({ commonName: 'ann', issuer: clientCa, ...valid });
      const ws = partnersWorkspace(clientCa.certificatePem, {
        echo: 'relay.py#handler',
        mapping: `runtime: { python: ${JSON.stringify(python)} }\n`,
        files: { 'relay.py': RELAY_PY },
      });
      const { api } = await serveDomain(ws);
      try {
        const res = await get(`${api.url}/v2`, fs.readFileSync(api.serverCaFile!, 'utf8'), ann);
        assert.equal(res.status, 200, res.body);
        const body = JSON.parse(res.body) as { answer: unknown; variables: Record<string, string> };
        assert.equal(body.answer, 403, res.body);
        const files = new Set(Object.values(body.variables));
        assert.equal(files.size, 1, res.body);
        const bundle = fs.readFileSync([...files][0]!, 'utf8');
        assert.ok(bundle.includes(fs.readFileSync(api.serverCaFile!, 'utf8').trim()));
        assert.ok(bundle.includes(tls.rootCertificates[0]!.trim()), 'the default roots stay trusted');
      } finally {
        await api.stop();
        ws.remove();
      }
    },
  );
});

describe('trustBundle: the default CAs, the bundles the environment names and the run’s CA, each once', () => {
  it('adds a named bundle’s certificates, skips what cannot be read, and repeats none', () => {
    const [own, extra] = ['Own', 'Extra'].map((n) => issueCertificate({ commonName: n, ca: true, ...valid }));
    const ws = localWorkspace({ 'corp.pem': `${extra!.certificatePem}${tls.rootCertificates[0]}\n` });
    try {
      const bundle = trustBundle(own!.certificatePem, {
        SSL_CERT_FILE: ws.file('corp.pem'),
        REQUESTS_CA_BUNDLE: ws.file('corp.pem'),
        AWS_CA_BUNDLE: ws.file('absent.pem'),
      });
      const count = (pem: string) => bundle.split(pem.trim()).length - 1;
      assert.equal(count(own!.certificatePem), 1);
      assert.equal(count(extra!.certificatePem), 1);
      assert.equal(count(tls.rootCertificates[0]!), 1);
      assert.ok(tls.rootCertificates.every((r) => bundle.includes(r.trim())));
      assert.equal(
        bundle.match(/-----BEGIN CERTIFICATE-----/g)!.length,
        new Set(bundle.match(/-----BEGIN CERTIFICATE-----[^-]+/g)!).size,
      );
    } finally {
      ws.remove();
    }
  });
});
