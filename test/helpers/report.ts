import { CHECKS } from '../../checks/index.js';
import { checkInfo } from '../../checks/contract.js';
import type { Finding } from '../../src/model/finding.js';
import { computeScores } from '../../src/model/scores.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../../src/report/schema.js';

/** A recorded report that holds every evidence kind, a spec finding with file and line, attested findings and a skip. */
export function sampleReport(overrides: Partial<Report> = {}): Report {
  const findings: Finding[] = [
    {
      checkId: 'security.https',
      systemId: 'orders',
      category: 'Security',
      status: 'fail',
      summary: 'plain HTTP serves content <script>alert(1)</script>',
      remediation: 'Redirect plain HTTP & send HSTS.',
      references: [
        { title: 'RFC 6797', url: 'https://www.rfc-editor.org/rfc/rfc6797' },
        { title: 'bad link', url: 'javascript:alert(1)' },
      ],
      evidence: [
        {
          kind: 'list',
          title: 'Transport',
          items: [
            { label: 'Strict-Transport-Security', value: '(absent)' },
            { label: 'max-age (s)', value: null },
            { label: 'includeSubDomains', value: false },
          ],
        },
        {
          kind: 'http',
          title: 'Plain HTTP request',
          request: { method: 'GET', url: 'http://orders.test/health', headers: { authorization: '[redacted]' } },
          response: { status: 200, headers: { 'content-type': 'application/json' }, bodyPreview: '{"ok":true}' },
        },
      ],
    },
    {
      checkId: 'monitoring.latency',
      systemId: 'orders',
      category: 'Monitoring',
      status: 'pass',
      summary: 'Reachable; p50 12 ms, p95 30 ms',
      evidence: [
        {
          kind: 'table',
          title: 'Phase timings',
          columns: [
            { key: 'phase', label: 'Phase', type: 'text' },
            { key: 'p95', label: 'p95', type: 'ms' },
            { key: 'bytes', label: 'Size', type: 'bytes' },
            { key: 'status', label: 'Status', type: 'status' },
            { key: 'url', label: 'URL', type: 'url' },
            { key: 'n', label: 'Count', type: 'number' },
            { key: 'code', label: 'Code', type: 'code' },
            { key: 'when', label: 'When', type: 'date' },
          ],
          rows: [
            {
              phase: 'Total',
              p95: 30.25,
              bytes: 2048,
              status: 503,
              url: 'https://orders.test/health',
              n: 12345,
              code: 'GET /health',
              when: '2026-11-26',
            },
          ],
        },
        {
          kind: 'series',
          title: 'p95 over time',
          unit: 'ms',
          points: [
            { t: 1_764_000_000_000, v: 20 },
            { t: 1_764_000_060_000, v: 45 },
            { t: 1_764_000_120_000, v: 31 },
          ],
        },
        { kind: 'text', title: 'Note', text: 'Measured from the audit host.' },
      ],
    },
    {
      checkId: 'documentation.spec-valid',
      systemId: 'orders',
      category: 'Documentation',
      status: 'warn',
      summary: '2 problems in the spec',
      evidence: [
        {
          kind: 'table',
          title: 'Spec problems',
          columns: [
            { key: 'message', label: 'Problem', type: 'text' },
            { key: 'file', label: 'File', type: 'code' },
            { key: 'line', label: 'Line', type: 'number' },
          ],
          rows: [
            { message: 'operationId missing', file: null, line: 42 },
            { message: 'schema in a $ref file', file: 'specs/schemas/order.yaml', line: 7 },
          ],
        },
      ],
    },
    {
      checkId: 'attested.encryption-at-rest',
      systemId: 'orders',
      category: 'Security',
      status: 'fail',
      summary: 'No, attested by K. Olsen on 2026-11-01',
      evidence: [],
    },
    {
      checkId: 'attested.owner',
      systemId: 'billing',
      category: 'Documentation',
      status: 'pass',
      summary: 'Yes, attested by M. Reyes on 2026-11-01',
      evidence: [],
    },
    {
      checkId: 'security.https',
      systemId: 'billing',
      category: 'Security',
      status: 'pass',
      summary: 'HTTPS only; HSTS max-age 31536000 s',
      evidence: [],
    },
    {
      checkId: 'scalability.spike',
      systemId: 'billing',
      category: 'Scalability',
      status: 'skip',
      summary: 'no load allowance (allow.load)',
      evidence: [],
    },
    {
      checkId: 'monitoring.latency',
      systemId: 'billing',
      category: 'Monitoring',
      status: 'error',
      summary: 'Could not gather http: timed out',
      evidence: [],
    },
  ];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: 'Junction test',
    estate: 'Sample & <estate>',
    run: { id: 'run-2', startedAt: '2026-11-26T10:00:00.000Z', finishedAt: '2026-11-26T10:00:09.000Z' },
    systems: [
      { id: 'orders', name: 'Orders API', baseUrl: 'https://orders.test' },
      { id: 'billing', name: 'Billing', baseUrl: 'https://billing.test' },
    ],
    // What a stored run of every check carries about them: the registry's words, and a spec check of the fixture's own.
    checks: {
      ...Object.fromEntries(
        CHECKS.map((check) => {
          const { id: _id, ...info } = checkInfo(check);
          return [check.id, info];
        }),
      ),
      'documentation.spec-valid': {
        category: 'Documentation',
        title: 'The spec is valid',
        failureTitle: 'The spec has errors',
        description: 'The spec validates. Learn more: https://spec.openapis.org/oas/latest.html',
        requires: ['spec'],
      },
    },
    findings,
    scores: computeScores(findings),
    flows: [
      {
        from: 'orders',
        to: 'billing',
        protocol: 'http',
        description: 'invoice on order',
        declared: true,
        observed: { count: 5400, errorRate: 0.001, p95: 85.4 },
      },
      { from: 'billing', to: 'ledger', protocol: 'file', declared: true },
      {
        from: 'orders',
        to: 'fraud-scorer',
        protocol: 'http',
        declared: false,
        observed: { count: 1200, errorRate: 0.02, p95: null },
      },
    ],
    specs: [
      {
        systemId: 'orders',
        source: 'specs/orders.yaml',
        title: 'Orders',
        version: '1.4.0',
        specVersion: '3.0.3',
        operations: 12,
        valid: true,
      },
    ],
    latency: [
      {
        systemId: 'orders',
        samples: [
          {
            url: 'https://orders.test/health',
            status: 200,
            phases: { dns: 1, connect: 2, tls: 5, firstByte: 20, download: 1, total: 29 },
          },
          { url: 'https://orders.test/health', error: 'timeout-total: no answer in 10 s' },
        ],
      },
    ],
    comparison: {
      previousRun: { id: 'run-1', startedAt: '2026-11-25T10:00:00.000Z' },
      changes: [
        {
          checkId: 'security.https',
          systemId: 'orders',
          before: 'pass',
          after: 'fail',
          summary: 'plain HTTP serves content',
        },
      ],
    },
    workspace: { estateFile: 'junction.yaml', systemLines: { orders: 5, billing: 14 } },
    ...overrides,
  };
}
