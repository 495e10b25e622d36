import { X509Certificate } from 'node:crypto';
import type { TlsCertificate } from '../../model/artifacts/tls.js';

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

/** Reads one DER tag-length header at `offset`: where the content starts and how long it is. */
function readHeader(der: Buffer, offset: number): { start: number; length: number } {
  const first = der[offset + 1];
  if (first < 0x80) return { start: offset + 2, length: first };
  const bytes = first & 0x7f;
  let length = 0;
  for (let i = 0; i < bytes; i++) length = length * 256 + der[offset + 2 + i];
  return { start: offset + 2 + bytes, length };
}

function decodeOid(bytes: Buffer): string {
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/**
 * The outer signatureAlgorithm of a certificate (RFC 5280 §4.1.1.2), which Node 20's X509Certificate does not expose:
 * Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE { OID, … }, signature BIT STRING }.
 */
function signatureAlgorithmOf(der: Buffer): string {
  const certificate = readHeader(der, 0);
  const tbs = readHeader(der, certificate.start);
  const algorithm = readHeader(der, tbs.start + tbs.length);
  const oid = readHeader(der, algorithm.start);
  const dotted = decodeOid(der.subarray(oid.start, oid.start + oid.length));
  return SIGNATURE_ALGORITHMS[dotted] ?? dotted;
}

const iso = (date: string) => new Date(date).toISOString();

/** Everything the certificate checks need from one DER certificate. */
export function describeCertificate(der: Buffer): TlsCertificate {
  const certificate = new X509Certificate(der);
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const curve = details.namedCurve;
  const keyBits = details.modulusLength ?? (curve ? Number(/(\d{3})/.exec(curve)?.[1]) || undefined : undefined);
  return {
    subject: certificate.subject.replaceAll('\n', ', '),
    issuer: certificate.issuer.replaceAll('\n', ', '),
    serialNumber: certificate.serialNumber,
    validFrom: iso(certificate.validFrom),
    validTo: iso(certificate.validTo),
    keyType: key.asymmetricKeyType ?? 'unknown',
    keyBits,
    curve,
    signatureAlgorithm: signatureAlgorithmOf(der),
    selfSigned: certificate.subject === certificate.issuer && certificate.verify(key),
    isCa: certificate.ca,
    subjectAltName: certificate.subjectAltName,
    fingerprint256: certificate.fingerprint256,
  };
}

/** Whether the leaf names `host` (an IP address is matched against IP SANs only, as RFC 6125 asks). */
export function leafMatches(der: Buffer, host: string): boolean {
  const certificate = new X509Certificate(der);
  const bare = host.replace(/^\[|\]$/g, '');
  return /^[\d.]+$|:/.test(bare) ? certificate.checkIP(bare) !== undefined : certificate.checkHost(bare) !== undefined;
}
