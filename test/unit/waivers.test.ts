import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { ConfigError } from '../../src/estate/errors.js';
import { parseEstate } from '../../src/estate/workspace.js';
import type { Finding } from '../../src/model/finding.js';
import { applyWaivers, isAccepted, isoDay, waiverUses, type Waiver } from '../../src/model/waiver.js';
import { gateFindings } from '../../src/report/gate.js';

const DAY = 86_400_000;
const inDays = (days: number) => isoDay(Date.now() + days * DAY);

const ESTATE = `version: 1
name: X
systems:
  - { id: erp, name: ERP, baseUrl: "https://erp.test" }
  - { id: shop, name: Shop, baseUrl: "https://shop.test" }
waivers:
`;

function configError(waivers: string): ConfigError {
  try {
    parseEstate(ESTATE + waivers, 'junction.yaml');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail('expected a ConfigError');
}

const finding = (systemId: string, checkId: string, status: Finding['status'], summary = 'found'): Finding => ({
  systemId,
  checkId,
  status,
  category: 'Security',
  summary,
  evidence: [
    {
      kind: 'table',
      title: 'Suites',
      columns: [{ key: 'suite', label: 'Suite', type: 'code' }],
      rows: [{ suite: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' }],
    },
  ],
});

const waiver = (fields: Partial<Waiver> = {}): Waiver => ({
  check: 'security.tls-version',
  reason: 'legacy ERP retires in Q3',
  owner: 'K. Olsen, ERP lead',
  expires: inDays(30),
  ...fields,
});

describe('waivers in junction.yaml', () => {
  it('are read with their fields', () => {
    const estate = parseEstate(
      `${ESTATE}  - check: security.tls-version\n    system: erp\n    reason: retires in Q3\n    owner: K. Olsen\n` +
        `    expires: ${inDays(90)}\n    ticket: ERP-12\n`,
      'junction.yaml',
    );
    assert.deepEqual(estate.waivers, [
      {
        check: 'security.tls-version',
        system: 'erp',
        reason: 'retires in Q3',
        owner: 'K. Olsen',
        expires: inDays(90),
        ticket: 'ERP-12',
      },
    ]);
  });

  it('need a reason, an owner and an expiry, and name the line and field when one is missing', () => {
    const error = configError(`  - check: security.https\n    owner: K. Olsen\n    expires: ${inDays(10)}\n`);
    assert.equal(error.field, 'waivers[0].reason');
    assert.equal(error.line, 7);
    assert.equal(
      configError(`  - { check: security.https, reason: r, expires: ${inDays(10)} }\n`).field,
      'waivers[0].owner',
    );
    assert.equal(configError('  - { check: security.https, reason: r, owner: o }\n').field, 'waivers[0].expires');
  });

  it('expire at most a year ahead, on a real date', () => {
    const far = configError(`  - check: security.https\n    reason: r\n    owner: o\n    expires: ${inDays(400)}\n`);
    assert.equal(far.field, 'waivers[0].expires');
    assert.equal(far.line, 10);
    assert.match(far.message, /at most a year ahead/);
    assert.match(
      configError('  - { check: security.https, reason: r, owner: o, expires: 2026-02-30 }\n').message,
      /ISO date/,
    );
    // a past date is allowed: the waiver is listed as expired and the finding counts again
    assert.equal(
      parseEstate(`${ESTATE}  - { check: security.https, reason: r, owner: o, expires: 2020-01-01 }\n`, 'j').waivers
        .length,
      1,
    );
  });

  it('refuse an unknown system, an unknown field and a check that is not an id', () => {
    assert.match(
      configError(`  - { check: security.https, system: crm, reason: r, owner: o, expires: ${inDays(1)} }\n`).message,
      /no system with id "crm"/,
    );
    assert.equal(
      configError(`  - { check: security.https, systems: [erp], reason: r, owner: o, expires: ${inDays(1)} }\n`).field,
      'waivers[0]',
    );
    assert.equal(
      configError(`  - { check: "Security HTTPS", reason: r, owner: o, expires: ${inDays(1)} }\n`).field,
      'waivers[0].check',
    );
  });
});

describe('applying waivers', () => {
  const findings = [
    finding('erp', 'security.tls-version', 'fail'),
    finding('shop', 'security.tls-version', 'fail'),
    finding('erp', 'security.https', 'pass'),
    finding('shop', 'security.https', 'warn', 'no HSTS on GET /orders'),
  ];

  it('marks the findings a waiver covers and keeps their status and evidence', () => {
    const [erp, shop] = applyWaivers(findings, [waiver({ system: 'erp', ticket: 'ERP-12' })]);
    assert.equal(erp.status, 'fail');
    assert.deepEqual(erp.evidence, findings[0].evidence);
    assert.deepEqual(erp.waiver, {
      reason: 'legacy ERP retires in Q3',
      owner: 'K. Olsen, ERP lead',
      expires: inDays(30),
      ticket: 'ERP-12',
      expired: false,
    });
    assert.equal(isAccepted(erp), true);
    assert.equal(shop.waiver, undefined, 'another system');
  });

  it('without a system covers every system; a pass needs no waiver', () => {
    const marked = applyWaivers(findings, [waiver(), waiver({ check: 'security.https' })]);
    assert.deepEqual(
      marked.map((f) => Boolean(f.waiver)),
      [true, true, false, true],
    );
  });

  it('narrows by a text the summary or the evidence mentions, case-insensitive', () => {
    const bySuite = applyWaivers(findings, [waiver({ match: '3des_ede' })]);
    assert.equal(bySuite.filter((f) => f.waiver).length, 2);
    const byOperation = applyWaivers(findings, [waiver({ check: 'security.https', match: 'GET /orders' })]);
    assert.ok(byOperation[3].waiver);
    assert.equal(applyWaivers(findings, [waiver({ match: 'RC4' })]).filter((f) => f.waiver).length, 0);
  });

  it('an expired waiver still marks the finding, as expired: it counts again', () => {
    const [erp] = applyWaivers(
      findings,
      [waiver({ system: 'erp', expires: '2025-12-31' })],
      new Date('2026-01-01T00:00:00Z'),
    );
    assert.equal(erp.waiver?.expired, true);
    assert.equal(isAccepted(erp), false);
    // the last day still holds
    const [held] = applyWaivers(
      findings,
      [waiver({ system: 'erp', expires: '2025-12-31' })],
      new Date('2025-12-31T23:59:00Z'),
    );
    assert.equal(held.waiver?.expired, false);
    // one in force wins over an expired one
    const [both] = applyWaivers(findings, [waiver({ expires: '2020-01-01' }), waiver({ owner: 'CISO' })]);
    assert.equal(both.waiver?.owner, 'CISO');
  });

  it('are listed with how many findings each covers', () => {
    const uses = waiverUses(findings, [waiver(), waiver({ check: 'caching.http' }), waiver({ expires: '2020-01-01' })]);
    assert.deepEqual(
      uses.map((use) => [use.check, use.findings, use.expired]),
      [
        ['security.tls-version', 2, false],
        ['caching.http', 0, false],
        ['security.tls-version', 2, true],
      ],
    );
  });

  it('--fail-on skips accepted findings and counts expired ones', () => {
    const inForce = applyWaivers(findings, [waiver()]);
    assert.deepEqual(gateFindings({ findings: inForce }, 'fail'), []);
    assert.equal(gateFindings({ findings: inForce }, 'warn').length, 1, 'the unwaived warning');
    const expired = applyWaivers(findings, [waiver({ system: 'erp', expires: '2020-01-01' })]);
    assert.deepEqual(
      gateFindings({ findings: expired }, 'fail').map((f) => f.systemId),
      ['erp', 'shop'],
    );
    assert.deepEqual(gateFindings({ findings: inForce }, 'never'), []);
  });
});
