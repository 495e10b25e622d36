import type { TlsCertificate } from '../src/model/artifacts/tls.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { appliesToTls } from './lib/tls.js';
import { Problems } from './lib/verdict.js';
import { opensslCommand } from './lib/reproduce.js';
import { table } from './lib/evidence.js';

const DAY_MS = 86_400_000;
const WARN_DAYS = 30;
const MIN_RSA_BITS = 2048;
const WEAK_SIGNATURE = /sha1|md5/i;
const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

const REFERENCES = [
  { title: 'RFC 5280: X.509 certificate profile', url: 'https://www.rfc-editor.org/rfc/rfc5280' },
  { title: 'RFC 6125: service identity in certificates', url: 'https://www.rfc-editor.org/rfc/rfc6125' },
  { title: 'CA/Browser Forum baseline requirements', url: 'https://cabforum.org/baseline-requirements-documents/' },
];

const keyLabel = (cert: TlsCertificate) =>
  `${cert.keyType.toUpperCase()}${cert.keyBits ? ` ${cert.keyBits}` : ''}${cert.curve ? ` (${cert.curve})` : ''}`;

function chainTable(chain: TlsCertificate[]): Evidence {
  return table(
    'Certificate chain (leaf first)',
    [
      { key: 'subject', label: 'Subject', type: 'text' },
      { key: 'issuer', label: 'Issuer', type: 'text' },
      { key: 'validTo', label: 'Valid until', type: 'date' },
      { key: 'key', label: 'Key', type: 'text' },
      { key: 'signature', label: 'Signature', type: 'code' },
      { key: 'selfSigned', label: 'Self-signed', type: 'text' },
    ],
    chain.map((cert) => ({
      subject: cert.subject,
      issuer: cert.issuer,
      validTo: cert.validTo,
      key: keyLabel(cert),
      signature: cert.signatureAlgorithm,
      selfSigned: cert.selfSigned ? 'yes' : 'no',
    })),
  );
}

export const securityCertificate = defineCheck({
  id: 'security.certificate',
  category: 'Security',
  basis: 'observed',
  title: 'The certificate is trusted, matches the host and is not about to expire',
  failureTitle: 'The certificate is untrusted, mismatched, weak or expiring',
  description:
    "The chain must validate against the bundled trust store plus the system's tls.ca, name the host, be valid for at least " +
    `${WARN_DAYS} more days, use an RSA key of at least ${MIN_RSA_BITS} bits (or EC) and no SHA-1 signatures. ` +
    'Learn more: https://www.rfc-editor.org/rfc/rfc5280',
  requires: ['tls'],
  owasp: ['API8:2023'],
  appliesTo: appliesToTls,
  judge({ tls }, system) {
    const leaf = tls.chain[0];
    if (!leaf) {
      // security.tls-version fails an endpoint that completes no handshake; here there is nothing to judge
      return {
        status: 'error',
        summary: `No certificate to judge: no TLS handshake completed with ${tls.host}:${tls.port}`,
        evidence: [],
        references: REFERENCES,
      };
    }
    const now = new Date(tls.scannedAt).getTime();
    const daysLeft = Math.floor((new Date(leaf.validTo).getTime() - now) / DAY_MS);
    const notYetValid = new Date(leaf.validFrom).getTime() > now;
    const problems = new Problems();

    if (leaf.selfSigned) problems.fail(`the leaf is self-signed (${leaf.subject})`);
    // Dates are judged below from the certificate itself; the chain error would only repeat them.
    if (!tls.trust.trusted && !leaf.selfSigned && !DATE_ERRORS.has(tls.trust.error ?? ''))
      problems.fail(`the chain does not validate (${tls.trust.error})`);
    if (!tls.hostname.matches)
      problems.fail(`the certificate does not name ${tls.hostname.name} (SAN: ${leaf.subjectAltName ?? 'none'})`);
    if (daysLeft < 0)
      problems.fail(
        `expired ${Math.floor((now - new Date(leaf.validTo).getTime()) / DAY_MS)} days ago (${leaf.validTo})`,
      );
    else if (notYetValid) problems.fail(`not valid before ${leaf.validFrom}`);
    else if (daysLeft < WARN_DAYS) problems.warn(`expires in ${daysLeft} days (${leaf.validTo})`);
    for (const cert of tls.chain) {
      if ((cert.keyType === 'rsa' || cert.keyType === 'dsa') && (cert.keyBits ?? 0) < MIN_RSA_BITS) {
        problems.fail(
          `${cert === leaf ? 'leaf' : cert.subject} has a ${cert.keyBits ?? '?'}-bit ${cert.keyType.toUpperCase()} key (minimum ${MIN_RSA_BITS})`,
        );
      }
      // A trust anchor's own signature is never checked; every other signature in the chain is.
      if (!(cert.selfSigned && cert !== leaf) && WEAK_SIGNATURE.test(cert.signatureAlgorithm)) {
        problems.fail(`${cert === leaf ? 'leaf' : cert.subject} is signed with ${cert.signatureAlgorithm}`);
      }
    }

    const evidence: Evidence[] = [
      {
        kind: 'list',
        title: 'Certificate',
        items: [
          { label: 'Subject', value: leaf.subject },
          { label: 'Issuer', value: leaf.issuer },
          { label: 'Subject alternative names', value: leaf.subjectAltName ?? null },
          { label: 'Checked name', value: tls.hostname.name },
          { label: 'Name matches', value: tls.hostname.matches },
          {
            label: 'Chain trusted',
            value: tls.trust.trusted
              ? `yes${tls.trust.customCa ? ' (with the system tls.ca)' : ''}`
              : `no: ${tls.trust.error}`,
          },
          { label: 'Valid from', value: leaf.validFrom },
          { label: 'Valid until', value: leaf.validTo },
          { label: 'Days to expiry', value: daysLeft },
          { label: 'Key', value: keyLabel(leaf) },
          { label: 'Signature', value: leaf.signatureAlgorithm },
          { label: 'SHA-256 fingerprint', value: leaf.fingerprint256 },
          {
            label: 'Reproduce',
            value: opensslCommand(tls, tls.protocols.findLast((p) => p.accepted)?.version ?? 'TLSv1.2', {
              ca: system.tls?.ca,
            }),
          },
        ],
      },
      chainTable(tls.chain),
    ];
    return problems.verdict({
      pass: `Trusted ${keyLabel(leaf)} certificate for ${tls.hostname.name}, ${daysLeft} days to expiry`,
      evidence,
      remediation:
        'Serve a certificate from a CA the clients trust (or name the private CA in tls.ca), with the host in subjectAltName, ' +
        `an RSA key of ${MIN_RSA_BITS}+ bits or an EC P-256 key, a SHA-256 signature, and renewal automated well before expiry (ACME).`,
      references: REFERENCES,
    });
  },
});
