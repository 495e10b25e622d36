import type { TlsArtifact } from '../src/model/artifacts/tls.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { table } from './lib/evidence.js';
import { opensslCommand } from './lib/reproduce.js';
import {
  acceptedSuites,
  acceptedVersions,
  appliesToTls,
  mozillaProfile,
  sslLabsGrade,
  VERSION_LABEL,
} from './lib/tls.js';

const REFERENCES = [
  { title: 'Mozilla server-side TLS guidelines', url: 'https://wiki.mozilla.org/Security/Server_Side_TLS' },
  { title: 'RFC 8996: Deprecating TLS 1.0 and TLS 1.1', url: 'https://www.rfc-editor.org/rfc/rfc8996' },
  { title: 'SSL Labs server rating guide', url: 'https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide' },
];

function tlsEvidence(tls: TlsArtifact): Evidence[] {
  const grade = sslLabsGrade(tls);
  return [
    {
      kind: 'list',
      title: `TLS endpoint ${tls.host}:${tls.port}`,
      items: [
        {
          label: 'Grade (SSL Labs style)',
          value:
            grade.grade === grade.ignoringTrust
              ? grade.grade
              : `${grade.grade} (${grade.ignoringTrust} if trust issues are ignored)`,
        },
        { label: 'Grade caps', value: grade.caps.join('; ') || 'none' },
        { label: 'Mozilla profile met', value: mozillaProfile(tls) },
        { label: 'OCSP stapling', value: tls.ocspStapled },
        { label: 'Handshakes', value: tls.handshakes },
        { label: 'Scan time (ms)', value: Math.round(tls.durationMs) },
      ],
    },
    table(
      'Protocol versions (one handshake each, min = max)',
      [
        { key: 'version', label: 'Version', type: 'text' },
        { key: 'accepted', label: 'Accepted', type: 'text' },
        { key: 'cipher', label: 'Negotiated suite', type: 'code' },
        { key: 'group', label: 'Key exchange', type: 'text' },
        { key: 'detail', label: 'Refusal', type: 'text' },
        { key: 'ms', label: 'Time', type: 'ms' },
        { key: 'reproduce', label: 'Reproduce', type: 'code' },
      ],
      tls.protocols.map((p) => ({
        version: VERSION_LABEL[p.version],
        accepted: p.accepted ? 'yes' : 'no',
        cipher: p.cipher ?? null,
        group: p.group ?? null,
        detail: p.detail ?? null,
        ms: p.ms,
        reproduce: opensslCommand(tls, p.version),
      })),
    ),
    table(
      'Accepted cipher suites',
      [
        { key: 'version', label: 'Version', type: 'text' },
        { key: 'suite', label: 'Suite', type: 'code' },
        { key: 'code', label: 'Code', type: 'code' },
        { key: 'fs', label: 'Forward secrecy', type: 'text' },
        { key: 'aead', label: 'AEAD', type: 'text' },
        { key: 'group', label: 'Group', type: 'text' },
        { key: 'reproduce', label: 'Reproduce', type: 'code' },
      ],
      tls.suites.flatMap((entry) =>
        entry.accepted.map((suite) => ({
          version: VERSION_LABEL[entry.version],
          suite: suite.name,
          code: suite.code,
          fs: suite.forwardSecret ? 'yes' : 'no',
          aead: suite.aead ? 'yes' : 'no',
          group: suite.group ?? null,
          reproduce: opensslCommand(tls, entry.version, { suite: suite.name }),
        })),
      ),
    ),
  ];
}

export const securityTlsVersion = defineCheck({
  id: 'security.tls-version',
  category: 'Security',
  basis: 'observed',
  title: 'Only TLS 1.2 and 1.3 with strong cipher suites',
  failureTitle: 'Outdated TLS versions or weak cipher suites are accepted',
  description:
    'One handshake per protocol version (TLS 1.0–1.3, pinned) and the accepted cipher suites of each: TLS 1.0 and 1.1 must be ' +
    'refused, TLS 1.3 should be offered, and every suite should be forward secret and AEAD. ' +
    'Learn more: https://wiki.mozilla.org/Security/Server_Side_TLS',
  requires: ['tls'],
  owasp: ['API8:2023'],
  appliesTo: appliesToTls,
  judge({ tls }) {
    const versions = acceptedVersions(tls);
    const evidence = tlsEvidence(tls);
    const profile = mozillaProfile(tls);
    const grade = sslLabsGrade(tls);
    const label = versions.map((v) => VERSION_LABEL[v]).join(', ') || 'none';
    const legacy = versions.filter((v) => v === 'TLSv1' || v === 'TLSv1.1');
    const modern = versions.filter((v) => v === 'TLSv1.2' || v === 'TLSv1.3');
    const suites = acceptedSuites(tls);
    const weak = [...new Set(suites.filter((suite) => !suite.forwardSecret || !suite.aead).map((suite) => suite.name))];
    const tail = `Mozilla profile: ${profile}; grade ${grade.grade}`;
    const remediation =
      'Configure the TLS terminator for the Mozilla "intermediate" profile (TLS 1.2 + 1.3, ECDHE/DHE with AES-GCM or ChaCha20-Poly1305), ' +
      'e.g. nginx: ssl_protocols TLSv1.2 TLSv1.3; and the ssl_ciphers line from https://ssl-config.mozilla.org/.';

    if (versions.length === 0) {
      return {
        status: 'fail',
        summary: 'The endpoint completes no TLS handshake (TLS 1.0–1.3 all refused)',
        evidence,
        remediation,
        references: REFERENCES,
      };
    }
    const failures = [
      legacy.length > 0 ? `accepts ${legacy.map((v) => VERSION_LABEL[v]).join(' and ')}` : '',
      modern.length === 0 ? 'accepts nothing newer than TLS 1.1' : '',
    ].filter(Boolean);
    if (failures.length > 0) {
      return {
        status: 'fail',
        summary: `${failures.join('; ')} (accepted: ${label}). ${tail}`,
        evidence,
        remediation,
        references: REFERENCES,
      };
    }
    const warnings = [
      versions.includes('TLSv1.3') ? '' : 'TLS 1.3 not offered',
      weak.length > 0
        ? `${weak.length} suites without forward secrecy or AEAD (${weak.slice(0, 4).join(', ')}${weak.length > 4 ? ', …' : ''})`
        : '',
    ].filter(Boolean);
    if (warnings.length > 0) {
      return {
        status: 'warn',
        summary: `${warnings.join('; ')} (accepted: ${label}). ${tail}`,
        evidence,
        remediation,
        references: REFERENCES,
      };
    }
    return {
      status: 'pass',
      summary: `Accepts ${label} only, all suites forward secret and AEAD. ${tail}`,
      evidence,
      references: REFERENCES,
    };
  },
});
