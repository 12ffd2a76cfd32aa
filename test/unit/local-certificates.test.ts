// The certificate issuer of the local API's mutual TLS: what Node's own X.509 parser and TLS stack make of its DER.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { type IssuedCertificate, issueCertificate, signatureAlgorithmOid } from '../../src/local/certificates';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Milliseconds on purpose: a certificate keeps whole seconds. */
const notBefore = new Date(Date.now() - HOUR - 123);
const notAfter = new Date(Date.now() + DAY + 456);
const toSecond = (d: Date): number => Math.floor(d.getTime() / 1000) * 1000;
const x509 = (c: IssuedCertificate): crypto.X509Certificate => new crypto.X509Certificate(c.certificatePem);

/** Tag, one-byte length and contents of a DER element, to look for in a certificate's raw bytes. */
const tlv = (tag: number, contents: Buffer): Buffer => Buffer.concat([Buffer.from([tag, contents.length]), contents]);
const ECDSA_WITH_SHA256 = tlv(0x30, tlv(0x06, Buffer.from('2a8648ce3d040302', 'hex')));

describe('issueCertificate: X.509 v3 certificates encoded by hand', () => {
  const ca = issueCertificate({ commonName: 'Workbench Test CA', ca: true, notBefore, notAfter });
  const server = issueCertificate({
    commonName: 'localhost',
    altNames: ['localhost', '127.0.0.1', '::1'],
    issuer: ca,
    notBefore,
    notAfter,
  });

  it('makes a self-signed CA that Node parses, that issued itself and that its own key verifies', () => {
    const cert = x509(ca);
    assert.equal(cert.subject, 'CN=Workbench Test CA');
    assert.equal(cert.issuer, 'CN=Workbench Test CA');
    assert.equal(cert.ca, true);
    assert.equal(cert.checkIssued(cert), true);
    assert.equal(cert.verify(cert.publicKey), true);
    assert.equal(new Date(cert.validFrom).getTime(), toSecond(notBefore));
    assert.equal(new Date(cert.validTo).getTime(), toSecond(notAfter));
    assert.equal(cert.keyUsage, undefined, 'a CA has no extendedKeyUsage');
    assert.equal(cert.checkPrivateKey(crypto.createPrivateKey(ca.keyPem)), true);
  });

  it('issues a server certificate for localhost, 127.0.0.1 and ::1 that the CA verifies', () => {
    const cert = x509(server);
    const authority = x509(ca);
    assert.equal(cert.subject, 'CN=localhost');
    assert.equal(cert.issuer, 'CN=Workbench Test CA');
    assert.equal(cert.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    assert.equal(cert.ca, false);
    assert.equal(cert.checkIssued(authority), true);
    assert.equal(cert.verify(authority.publicKey), true);
    assert.equal(cert.verify(cert.publicKey), false, 'signed with the CA key, not its own');
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkHost('example.com'), undefined);
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkIP('::1'), '::1');
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    assert.equal(cert.checkPrivateKey(crypto.createPrivateKey(server.keyPem)), true);
    assert.equal(cert.checkPrivateKey(crypto.createPrivateKey(ca.keyPem)), false);
  });

  it('writes a fresh P-256 key, a positive 16-byte serial and ecdsa-with-SHA256 twice', () => {
    const cert = x509(server);
    assert.match(server.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.match(
      server.certificatePem,
      /^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/,
    );
    assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.match(cert.serialNumber, /^[0-7][0-9A-F]{31}$/);
    assert.notEqual(cert.serialNumber.slice(0, 2), '00');
    assert.notEqual(cert.serialNumber, x509(ca).serialNumber);
    const raw = cert.raw;
    const first = raw.indexOf(ECDSA_WITH_SHA256);
    assert.ok(first > 0 && raw.indexOf(ECDSA_WITH_SHA256, first + 1) > first, 'in TBSCertificate and Certificate');
    assert.ok(raw.includes(tlv(0xa0, tlv(0x02, Buffer.from([2])))), 'version v3');
    assert.notEqual(x509(server).publicKey.export({ format: 'jwk' }).x, x509(ca).publicKey.export({ format: 'jwk' }).x);
  });

  it('makes, when asked, a P-384 or P-224 key, an RSA key signed by the ECDSA issuer, or a SHA-1 signature', () => {
    const p384 = x509(issueCertificate({ commonName: 'p384', issuer: ca, curve: 'P-384', notBefore, notAfter }));
    assert.equal(p384.publicKey.asymmetricKeyDetails?.namedCurve, 'secp384r1');
    assert.ok(p384.verify(x509(ca).publicKey));
    const small = x509(issueCertificate({ commonName: 'small', ca: true, curve: 'P-224', notBefore, notAfter }));
    assert.equal(small.publicKey.asymmetricKeyDetails?.namedCurve, 'secp224r1');
    const rsa = x509(issueCertificate({ commonName: 'rsa', issuer: ca, rsaBits: 1024, notBefore, notAfter }));
    assert.deepEqual(
      [rsa.publicKey.asymmetricKeyType, rsa.publicKey.asymmetricKeyDetails?.modulusLength],
      ['rsa', 1024],
    );
    assert.ok(rsa.verify(x509(ca).publicKey));
    assert.equal(signatureAlgorithmOid(rsa.raw), '2a8648ce3d040302', 'ecdsa-with-SHA256: the issuer signs');
    const sha1 = x509(issueCertificate({ commonName: 'sha1', ca: true, hash: 'sha1', notBefore, notAfter }));
    assert.equal(signatureAlgorithmOid(sha1.raw), '2a8648ce3d0401', 'ecdsa-with-SHA1');
    assert.ok(sha1.verify(sha1.publicKey));
    assert.throws(
      () => issueCertificate({ commonName: 'rsa', rsaBits: 2048, notBefore, notAfter }),
      /An RSA certificate is issued by an ECDSA issuer here/,
    );
  });

  it('links the authorityKeyIdentifier to the issuer’s subjectKeyIdentifier', () => {
    const ski = (c: IssuedCertificate): Buffer => {
      const spki = x509(c).publicKey.export({ type: 'spki', format: 'der' });
      return crypto
        .createHash('sha1')
        .update(spki.subarray(spki.length - 65))
        .digest();
    };
    const keyIdentifier = (id: Buffer): Buffer => tlv(0x04, tlv(0x04, id));
    const authorityKeyIdentifier = (id: Buffer): Buffer => tlv(0x04, tlv(0x30, tlv(0x80, id)));
    assert.ok(x509(ca).raw.includes(keyIdentifier(ski(ca))));
    assert.ok(x509(ca).raw.includes(authorityKeyIdentifier(ski(ca))), 'self-signed: its own');
    assert.ok(x509(server).raw.includes(keyIdentifier(ski(server))));
    assert.ok(x509(server).raw.includes(authorityKeyIdentifier(ski(ca))), "the CA's");
  });

  it('encodes a date after 2049 as GeneralizedTime, which still reads back in validTo', () => {
    const late = new Date(Date.UTC(2051, 5, 30, 12, 34, 56, 789));
    const cert = x509(issueCertificate({ commonName: 'late', ca: true, notBefore, notAfter: late }));
    assert.ok(cert.raw.includes(tlv(0x18, Buffer.from('20510630123456Z', 'ascii'))), 'GeneralizedTime');
    assert.equal(new Date(cert.validTo).getTime(), toSecond(late));
    const early = new Date(Date.UTC(1949, 11, 31, 23, 59, 59));
    const old = x509(issueCertificate({ commonName: 'old', ca: true, notBefore: early, notAfter }));
    assert.ok(old.raw.includes(tlv(0x18, Buffer.from('19491231235959Z', 'ascii'))), 'GeneralizedTime before 1950');
    assert.equal(new Date(old.validFrom).getTime(), early.getTime());
    assert.ok(x509(ca).raw.includes(tlv(0x17, Buffer.from(utcTime(notBefore), 'ascii'))), 'UTCTime in 1950–2049');
  });

  it('refuses what it cannot encode or sign, with InvalidArgument', () => {
    const invalid = { name: 'WorkbenchError', code: 'InvalidArgument' };
    assert.throws(() => issueCertificate({ commonName: '', notBefore, notAfter }), invalid);
    assert.throws(() => issueCertificate({ commonName: 'x', notBefore: notAfter, notAfter: notBefore }), invalid);
    assert.throws(() => issueCertificate({ commonName: 'x', notBefore: new Date(NaN), notAfter }), invalid);
    assert.throws(
      () => issueCertificate({ commonName: 'x', altNames: ['fe80::1%eth0'], notBefore, notAfter }),
      invalid,
    );
    assert.throws(
      () => issueCertificate({ commonName: 'x', altNames: ['bücher.example'], notBefore, notAfter }),
      invalid,
    );
    assert.throws(() => issueCertificate({ commonName: 'x', issuer: server, notBefore, notAfter }), invalid);
    const mismatched = { certificatePem: ca.certificatePem, keyPem: server.keyPem };
    assert.throws(() => issueCertificate({ commonName: 'x', issuer: mismatched, notBefore, notAfter }), invalid);
  });
});

function utcTime(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

describe('issued certificates in mutual TLS over real sockets', () => {
  const serverCa = issueCertificate({ commonName: 'Server CA', ca: true, notBefore, notAfter });
  const clientCa = issueCertificate({ commonName: 'Client CA', ca: true, notBefore, notAfter });
  const otherCa = issueCertificate({ commonName: 'Other CA', ca: true, notBefore, notAfter });
  const serverCert = issueCertificate({
    commonName: 'localhost',
    altNames: ['localhost', '127.0.0.1'],
    issuer: serverCa,
    notBefore,
    notAfter,
  });
  const sockets: tls.TLSSocket[] = [];
  let server: tls.Server;
  let port = 0;

  before(async () => {
    server = tls.createServer({
      cert: serverCert.certificatePem,
      key: serverCert.keyPem,
      requestCert: true,
      rejectUnauthorized: false,
      ca: [clientCa.certificatePem],
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    for (const s of sockets) s.destroy();
    server.close();
    await once(server, 'close');
  });

  /** Connects with a client certificate; both ends once the handshake is done on each. */
  async function connect(client: IssuedCertificate): Promise<{ client: tls.TLSSocket; server: tls.TLSSocket }> {
    const accepted = once(server, 'secureConnection');
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      ca: [serverCa.certificatePem],
      servername: 'localhost',
      cert: client.certificatePem,
      key: client.keyPem,
    });
    sockets.push(socket);
    await once(socket, 'secureConnect');
    const [serverSide] = (await accepted) as [tls.TLSSocket];
    sockets.push(serverSide);
    return { client: socket, server: serverSide };
  }

  it(
    'authorizes a client certificate of the trusted client CA, and the client trusts the server',
    { timeout: 10_000 },
    async () => {
      const alice = issueCertificate({ commonName: 'alice', issuer: clientCa, notBefore, notAfter });
      const ends = await connect(alice);
      assert.equal(ends.client.authorized, true, String(ends.client.authorizationError));
      assert.equal(ends.server.authorized, true, String(ends.server.authorizationError));
      assert.equal(ends.server.getPeerCertificate().subject.CN, 'alice');
      assert.equal(ends.client.getPeerCertificate().subject.CN, 'localhost');
    },
  );

  it('sees an expired client certificate as CERT_HAS_EXPIRED', { timeout: 10_000 }, async () => {
    const expired = issueCertificate({
      commonName: 'expired',
      issuer: clientCa,
      notBefore: new Date(Date.now() - 2 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    const ends = await connect(expired);
    assert.equal(ends.client.authorized, true);
    assert.equal(ends.server.authorized, false);
    assert.equal(ends.server.authorizationError, 'CERT_HAS_EXPIRED');
  });

  it(
    'sees a client certificate of an untrusted CA as UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    { timeout: 10_000 },
    async () => {
      const stranger = issueCertificate({ commonName: 'stranger', issuer: otherCa, notBefore, notAfter });
      const ends = await connect(stranger);
      assert.equal(ends.server.authorized, false);
      assert.equal(ends.server.authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    },
  );

  it('sees a self-signed client certificate as DEPTH_ZERO_SELF_SIGNED_CERT', { timeout: 10_000 }, async () => {
    const selfSigned = issueCertificate({ commonName: 'self', notBefore, notAfter });
    const ends = await connect(selfSigned);
    assert.equal(ends.server.authorized, false);
    assert.equal(ends.server.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
