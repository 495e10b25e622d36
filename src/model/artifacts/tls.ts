/**
 * The `tls` artifact: what one scan of a system's TLS endpoint found. Every TLS and certificate check judges
 * this; it is all data (dates as ISO strings), so a stored run can be judged again without scanning.
 */

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Outcome of one handshake pinned to one version (min = max). */
export interface TlsProtocolResult {
  version: TlsVersion;
  accepted: boolean;
  /** OpenSSL name of the suite the server chose when accepted */
  cipher?: string;
  /** key exchange group or DH size, e.g. 'X25519', 'DH 2048' */
  group?: string;
  /** why the handshake did not complete (alert, reset, …) */
  detail?: string;
  ms: number;
}

export interface TlsSuite {
  /** OpenSSL name, as sslscan prints it */
  name: string;
  /** IANA code point, e.g. '0xC02F' */
  code: string;
  forwardSecret: boolean;
  aead: boolean;
  keyExchange: string;
  /** 'None' for anonymous suites */
  authentication: string;
  /** 'None' for NULL-encryption suites */
  encryption: string;
  /** group the server picked when this suite was negotiated */
  group?: string;
}

export interface TlsCertificate {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** ISO timestamps */
  validFrom: string;
  validTo: string;
  /** 'rsa', 'ec', 'ed25519', 'dsa', … */
  keyType: string;
  /** RSA/DSA modulus length or EC field size */
  keyBits?: number;
  curve?: string;
  /** e.g. 'sha256WithRSAEncryption', 'ecdsa-with-SHA256' (OID when unknown) */
  signatureAlgorithm: string;
  selfSigned: boolean;
  isCa: boolean;
  subjectAltName?: string;
  fingerprint256: string;
}

export interface TlsArtifact {
  host: string;
  port: number;
  /** SNI sent, if any (never for an IP address) */
  servername?: string;
  /** when the scan ran: the checks' "now" for expiry, so judging stays pure */
  scannedAt: string;
  protocols: TlsProtocolResult[];
  /** accepted suites per accepted version, one handshake per offered suite */
  suites: { version: TlsVersion; offered: number; accepted: TlsSuite[] }[];
  /** whether the server stapled an OCSP response in the highest-version handshake */
  ocspStapled: boolean;
  /** leaf first, as OpenSSL built it from what the server sent (ending at the trust anchor when one was found) */
  chain: TlsCertificate[];
  /** chain validated against the bundled roots plus the system's tls.ca */
  trust: { trusted: boolean; error?: string; customCa: boolean };
  /** the name checked against the leaf (servername, else the URL host) */
  hostname: { name: string; matches: boolean };
  handshakes: number;
  durationMs: number;
}
