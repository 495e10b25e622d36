import type { System } from '../../src/model/estate.js';
import type { TlsArtifact, TlsSuite, TlsVersion } from '../../src/model/artifacts/tls.js';

/** TLS checks apply to https:// systems only; a plain-HTTP base URL is security.https's failure, said here as a skip. */
export function appliesToTls(system: System): true | string {
  if (system.broker) return `${system.id} is a message broker: messaging.transport judges its TLS`;
  return new URL(system.baseUrl).protocol === 'https:'
    ? true
    : `baseUrl ${system.baseUrl} is plain HTTP: there is no TLS endpoint (see security.https)`;
}

export const VERSION_LABEL: Record<TlsVersion, string> = {
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

export const acceptedVersions = (tls: TlsArtifact): TlsVersion[] =>
  tls.protocols.filter((p) => p.accepted).map((p) => p.version);
export const acceptedSuites = (tls: TlsArtifact): TlsSuite[] => tls.suites.flatMap((entry) => entry.accepted);

// Mozilla server-side TLS guidelines 5.7 (https://wiki.mozilla.org/Security/Server_Side_TLS).
const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
const INTERMEDIATE_12 = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-CHACHA20-POLY1305',
];
const OLD_EXTRA = [
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA384',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  'DHE-RSA-AES128-SHA256',
  'DHE-RSA-AES256-SHA256',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA256',
  'AES256-SHA256',
  'AES128-SHA',
  'AES256-SHA',
  'DES-CBC3-SHA',
];
const PROFILES: { name: 'modern' | 'intermediate' | 'old'; versions: TlsVersion[]; suites: Set<string> }[] = [
  { name: 'modern', versions: ['TLSv1.3'], suites: new Set(TLS13) },
  { name: 'intermediate', versions: ['TLSv1.2', 'TLSv1.3'], suites: new Set([...TLS13, ...INTERMEDIATE_12]) },
  {
    name: 'old',
    versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
    suites: new Set([...TLS13, ...INTERMEDIATE_12, ...OLD_EXTRA]),
  },
];

/** The strictest Mozilla profile whose versions and suites cover everything the endpoint accepts, or 'none'. */
export function mozillaProfile(tls: TlsArtifact): 'modern' | 'intermediate' | 'old' | 'none' {
  const versions = acceptedVersions(tls);
  if (versions.length === 0) return 'none';
  const suites = acceptedSuites(tls);
  const met = PROFILES.find(
    (profile) =>
      versions.every((v) => profile.versions.includes(v)) && suites.every((suite) => profile.suites.has(suite.name)),
  );
  return met?.name ?? 'none';
}

export interface Grade {
  /** 'A'…'F', or 'T' (not trusted) / 'M' (name mismatch), which SSL Labs shows before the letter */
  grade: string;
  /** the letter if trust issues were fixed */
  ignoringTrust: string;
  caps: string[];
}

const LETTERS = ['A', 'B', 'C', 'F'];

/**
 * An SSL Labs-style grade: start at A and apply the caps of the SSL Labs rating guide that a handshake scan can
 * see. TLS 1.0/1.1 → B, no forward secrecy → B, no AEAD → B, RSA key under 2048 bits → B, no TLS 1.2+ → C,
 * anonymous or NULL suites or nothing accepted → F; an untrusted, expired or SHA-1 chain → T, a name mismatch → M.
 */
export function sslLabsGrade(tls: TlsArtifact, now = new Date(tls.scannedAt)): Grade {
  const versions = acceptedVersions(tls);
  const suites = acceptedSuites(tls);
  const caps: { letter: string; why: string }[] = [];
  if (versions.length === 0) caps.push({ letter: 'F', why: 'no TLS version accepted' });
  if (suites.some((suite) => suite.authentication === 'None' || suite.encryption === 'None')) {
    caps.push({ letter: 'F', why: 'anonymous or NULL-encryption suites accepted' });
  }
  if (versions.length > 0 && !versions.some((v) => v === 'TLSv1.2' || v === 'TLSv1.3'))
    caps.push({ letter: 'C', why: 'no TLS 1.2 or 1.3' });
  if (versions.includes('TLSv1') || versions.includes('TLSv1.1'))
    caps.push({ letter: 'B', why: 'TLS 1.0/1.1 accepted' });
  if (suites.length > 0 && !suites.some((suite) => suite.forwardSecret))
    caps.push({ letter: 'B', why: 'no forward-secret suite' });
  if (suites.length > 0 && !suites.some((suite) => suite.aead)) caps.push({ letter: 'B', why: 'no AEAD suite' });
  const leaf = tls.chain[0];
  if (leaf?.keyType === 'rsa' && (leaf.keyBits ?? 0) < 2048)
    caps.push({ letter: 'B', why: `RSA key of ${leaf.keyBits} bits` });
  const worst = caps.reduce(
    (letter, cap) => (LETTERS.indexOf(cap.letter) > LETTERS.indexOf(letter) ? cap.letter : letter),
    'A',
  );

  const trustIssues: string[] = [];
  if (leaf && !tls.trust.trusted) trustIssues.push(`chain not trusted (${tls.trust.error})`);
  if (leaf && (now < new Date(leaf.validFrom) || now > new Date(leaf.validTo)))
    trustIssues.push('certificate outside its validity period');
  if (tls.chain.some((cert) => !cert.selfSigned && /sha1|SHA1|md5/i.test(cert.signatureAlgorithm)))
    trustIssues.push('SHA-1/MD5 signature in the chain');
  let grade = worst;
  if (trustIssues.length > 0) grade = 'T';
  else if (leaf && !tls.hostname.matches) {
    grade = 'M';
    trustIssues.push(`certificate does not name ${tls.hostname.name}`);
  }
  return {
    grade,
    ignoringTrust: worst,
    caps: [...caps.map((cap) => `${cap.letter}: ${cap.why}`), ...trustIssues.map((why) => `${grade}: ${why}`)],
  };
}
