import type { Attestation } from '../../src/model/attestation.js';

const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);

/** What the demo estate's owners attest: a mix of yes, no, stale and missing answers, dated relative to today. */
export function demoAttestations(now = new Date()): Record<'erp' | 'commerce' | 'payments', Attestation[]> {
  return {
    erp: [
      {
        item: 'encryption-at-rest',
        answer: 'no',
        by: 'K. Olsen, ERP lead',
        date: daysAgo(now, 12),
        note: 'Oracle tablespaces unencrypted; TDE planned next quarter',
      },
      {
        item: 'backups',
        answer: 'yes',
        by: 'K. Olsen, ERP lead',
        date: daysAgo(now, 540),
        note: 'nightly RMAN to tape',
      },
      {
        item: 'owner',
        answer: 'yes',
        by: 'M. Reyes, IT director',
        date: daysAgo(now, 30),
        note: 'erp-team, on call via the service desk',
      },
    ],
    commerce: [
      {
        item: 'encryption-at-rest',
        answer: 'yes',
        by: 'A. Chen, platform architect',
        date: daysAgo(now, 20),
        note: 'RDS storage encryption (AES-256)',
      },
      {
        item: 'backups',
        answer: 'yes',
        by: 'A. Chen, platform architect',
        date: daysAgo(now, 20),
        note: 'point-in-time recovery 7 days; restore drill in the evidence',
        evidence: 'https://wiki.example.com/commerce/restore-drill',
      },
      {
        item: 'runbooks',
        answer: 'no',
        by: 'web-team',
        date: daysAgo(now, 5),
        note: 'payment retry runbook not written yet',
      },
      {
        item: 'monitoring',
        answer: 'yes',
        by: 'web-team',
        date: daysAgo(now, 5),
        note: 'Datadog APM, pages the web-team rota',
      },
    ],
    payments: [
      {
        item: 'encryption-at-rest',
        answer: 'yes',
        by: 'S. Patel, CISO',
        date: daysAgo(now, 40),
        note: 'AES-256-GCM, keys in a cloud KMS',
        evidence: 'https://wiki.example.com/security/encryption-policy',
      },
      {
        item: 'backups',
        answer: 'yes',
        by: 'payments-team',
        date: daysAgo(now, 40),
        note: 'cross-region snapshots hourly',
      },
      {
        item: 'runbooks',
        answer: 'yes',
        by: 'payments-team',
        date: daysAgo(now, 40),
        evidence: 'https://wiki.example.com/payments/runbooks',
      },
      {
        item: 'monitoring',
        answer: 'yes',
        by: 'payments-team',
        date: daysAgo(now, 40),
        note: 'Grafana Cloud with PagerDuty',
      },
      { item: 'owner', answer: 'yes', by: 'S. Patel, CISO', date: daysAgo(now, 40), note: 'payments-team' },
      {
        item: 'pci-dss-aoc',
        answer: 'yes',
        by: 'S. Patel, CISO',
        date: daysAgo(now, 90),
        note: 'PCI DSS 4.0 attestation of compliance, level 2',
      },
      {
        // OWASP API6:2023, which no probe can see: shown in the report's OWASP coverage as attested
        item: 'owasp-api6',
        answer: 'yes',
        by: 'S. Patel, CISO',
        date: daysAgo(now, 40),
        note: 'checkout limited per card and device (velocity rules in the fraud service)',
      },
    ],
  };
}
