import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { FlowEdgeSummary } from '../../src/model/artifacts/flows.js';
import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/report/schema.js';
import { runCli } from '../helpers/cli.js';
import {
  CRM_AGENT,
  gatewayLog,
  loggedShares,
  SHOP_AGENT,
  sendClientTraffic,
  startFirstAuditEstate,
  type FirstAuditEstate,
} from '../helpers/first-audit-estate.js';
import { sarifValidator } from '../helpers/sarif.js';

/**
 * The Verify of issue #21: its first-audit estate rebuilt with real parts (nginx with TLS from an openssl CA, the
 * orders and legacy services, two clients whose calls nginx logs, Junction's own audit and monitor requests through
 * the same gateway), driven with the CLI as a user would, each numbered point asserted on what the CLI printed and
 * wrote. The steps build on each other, in order: audit before any import, traffic, monitor, import, audit again.
 */
describe('the first-audit estate of issue #21, through the CLI', { timeout: 120_000 }, () => {
  let estate: FirstAuditEstate;
  let report: Report;
  const cli = (args: string[]) => runCli(args, { env: estate.env, timeoutMs: 60_000 });
  const finding = (findings: readonly Finding[], system: string, check: string) => {
    const found = findings.find((candidate) => candidate.systemId === system && candidate.checkId === check);
    assert.ok(found, `no ${check} finding for ${system}`);
    return found;
  };
  const listValue = (found: Finding, label: string) =>
    found.evidence.flatMap((item) => (item.kind === 'list' ? item.items : [])).find((item) => item.label === label)
      ?.value;
  const lineOf = (file: string, text: string) =>
    readFileSync(join(estate.dir, file), 'utf8').split('\n').indexOf(text) + 1;
  const junctionLines = () => gatewayLog(estate).filter((line) => line.agent.startsWith('Junction/'));

  beforeAll(async () => {
    estate = await startFirstAuditEstate();
  });
  afterAll(() => estate?.close());

  it('audits before any import: no pass on 404s, the burst on the 429 endpoint, true reasons, one score, SARIF places', async () => {
    const audit = await cli([
      'audit',
      estate.dir,
      '--systems',
      'orders,legacy',
      '--format',
      'json,md,html,sarif',
      '--out',
      join(estate.dir, 'report'),
    ]);
    assert.equal(audit.code, 1, audit.stderr);
    report = JSON.parse(readFileSync(join(estate.dir, 'report', 'report.json'), 'utf8')) as Report;
    const { findings } = report;

    // 1. every probe of legacy's base URL is answered 404: nothing passes, and each says what was answered
    const latency = finding(findings, 'legacy', 'monitoring.latency');
    assert.equal(latency.status, 'fail', latency.summary);
    assert.match(latency.summary, /No baseline request was answered with success: 404 ×5/);
    const timeouts = finding(findings, 'legacy', 'error-handling.timeouts');
    assert.equal(timeouts.status, 'error', timeouts.summary);
    assert.match(timeouts.summary, /baseline got 404 ×5/);
    const spike = finding(findings, 'legacy', 'scalability.spike');
    assert.equal(spike.status, 'fail', spike.summary);
    assert.match(spike.summary, /no success \(4xx: \d+\)/);
    assert.equal(finding(findings, 'legacy', 'caching.http').status, 'error');
    assert.equal(finding(findings, 'legacy', 'rate-limits.enforced').status, 'error');
    assert.equal(finding(findings, 'orders', 'monitoring.latency').status, 'pass', 'orders answers 200 on /health');

    // 6. before any import, nothing is silent and nothing undocumented: not judged, with the reason
    const silent = finding(findings, 'orders', 'monitoring.silent-flows');
    assert.equal(silent.status, 'skip', silent.summary);
    assert.match(silent.summary, /^Not judged: no log or trace source covering both ends was read/);
    for (const system of ['orders', 'legacy'])
      assert.equal(finding(findings, system, 'architecture.undocumented-flows').status, 'skip');

    // 7. the burst loads GET /orders, the operation whose 429 the spec documents, and is limited there
    const enforced = finding(findings, 'orders', 'rate-limits.enforced');
    assert.equal(enforced.status, 'pass', enforced.summary);
    assert.match(enforced.summary, /with 429 and Retry-After 1 s/);
    assert.equal(
      listValue(enforced, 'Target'),
      `${estate.gatewayUrl}/orders (GET /orders: the spec documents 429 for it)`,
    );
    const burst = enforced.evidence.find((item) => item.kind === 'table' && item.title === 'Burst load');
    assert.ok(
      burst?.kind === 'table' && burst.columns.some((column) => /^Late \(sent >\d+ ms after due/.test(column.label)),
    );
    assert.ok(
      junctionLines().some((line) => line.target === '/orders' && line.status === 429),
      "nginx logged the burst's limited requests on /orders",
    );

    // 8. the true reasons: nothing in the spec is protected; unanswered attestations claim nothing; no spec is no spec
    const auth = finding(findings, 'orders', 'security.auth');
    assert.match(
      auth.summary,
      /^3 of 3 operations without security \(GET \/health, GET \/orders, GET \/orders\/\{id\}\)/,
    );
    const live = String(listValue(auth, 'Called without and with the credential'));
    assert.match(live, /the spec protects none of its 3 operation\(s\)/);
    assert.doesNotMatch(live, /parameters without examples/);
    for (const attested of findings.filter(
      (candidate) => candidate.checkId.startsWith('attested.') && candidate.status === 'warn',
    )) {
      assert.equal(attested.summary, 'Not attested: nobody has answered this yet', attested.checkId);
    }
    const markdown = readFileSync(join(estate.dir, 'report', 'report.md'), 'utf8');
    const specRow = markdown.split('\n').find((line) => line.startsWith('| Legacy ERP |'));
    assert.equal(specRow, '| Legacy ERP | none |  |  |  |  | no spec declared (systems[].spec) |');

    // 12. one score, one label: the CLI, report.md and report.html say the same number as report.json
    const score = report.scores.overall;
    assert.ok(score !== null && score > 0 && score < 100, String(score));
    assert.match(audit.stdout, new RegExp(`^Score ${score}/100 \\(measured findings;`, 'm'));
    assert.match(markdown, new RegExp(`^\\*\\*Score: ${score}/100\\*\\*`, 'm'));
    const html = readFileSync(join(estate.dir, 'report', 'report.html'), 'utf8');
    assert.match(html, new RegExp(`aria-label="score ${score}"`));
    assert.doesNotMatch(html, /measured score/i);

    // 13. SARIF: the breaking change at its file and line in the two-file spec, legacy's findings at its entry
    const sarif = JSON.parse(readFileSync(join(estate.dir, 'report', 'report.sarif'), 'utf8')) as {
      runs: {
        results: {
          ruleId: string;
          properties?: { systemId?: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
        }[];
      }[];
    };
    const validate = sarifValidator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors));
    const results = sarif.runs[0].results;
    const place = (check: string, system: string) => {
      const result = results.find(
        (candidate) =>
          candidate.ruleId === check && candidate.locations[0] && candidate.properties?.systemId === system,
      );
      assert.ok(result, `no SARIF result ${check} of ${system}`);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      return `${artifactLocation.uri}:${region?.startLine}`;
    };
    assert.equal(
      place('versioning.breaking-changes', 'orders'),
      `specs/schemas.yaml:${lineOf('specs/schemas.yaml', '    total:')}`,
    );
    const legacyEntry = `junction.yaml:${lineOf('junction.yaml', '  - id: legacy')}`;
    for (const check of ['documentation.spec', 'security.https', 'monitoring.latency'])
      assert.equal(place(check, 'legacy'), legacyEntry, check);
    const paths = results.flatMap((result) =>
      result.locations.map((location) => location.physicalLocation.artifactLocation.uri),
    );
    assert.ok(!paths.some((uri) => uri === '' || uri.startsWith('specs/specs/')), [...new Set(paths)].join(', '));

    // 14. the findings table prints every check id whole, so it can be pasted into --checks
    for (const { checkId } of findings)
      assert.ok(audit.stdout.includes(` ${checkId} `), `${checkId} whole in the table`);
    assert.doesNotMatch(audit.stdout, /[a-z]…/);
  });

  it('the monitor prints each check every round; a 401 and a 404 are down and raise alerts', async () => {
    await sendClientTraffic(estate);
    const rounds = await cli(['monitor', estate.dir, '--rounds', '2']);
    assert.equal(rounds.code, 0, rounds.stderr);
    const checks = rounds.stdout.split('\n').filter((line) => /^\d\d:\d\d:\d\d (up {2}|DOWN) /.test(line));
    const shape = checks.map((line) => line.replace(/^\S+ /, '').replace(/ in [\d.]+ ms$/, ''));
    const round = [
      'up   orders (orders): 200',
      'DOWN orders-v1 (orders): HTTP 404, expected 2xx or 3xx',
      'DOWN legacy (legacy): HTTP 401, expected 2xx or 3xx',
    ];
    assert.deepEqual(shape.sort(), [...round, ...round].sort(), rounds.stdout);
    assert.ok(
      checks.every((line) => / in [\d.]+ ms$/.test(line)),
      'each check with its latency',
    );
    assert.match(
      rounds.stdout,
      /^ALERT orders-v1 down: 2 consecutive checks failed \(HTTP 404, expected 2xx or 3xx\)$/m,
    );
    assert.match(rounds.stdout, /^ALERT legacy down: 2 consecutive checks failed \(HTTP 401, expected 2xx or 3xx\)$/m);

    const json = await cli(['monitor', estate.dir, '--rounds', '1', '--json']);
    const samples = json.stdout
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { type: string; monitor: string; up: boolean; status: number; latencyMs: number },
      );
    const legacy = samples.find((sample) => sample.type === 'sample' && sample.monitor === 'legacy');
    assert.deepEqual([legacy?.up, legacy?.status], [false, 401]);
    assert.ok(legacy!.latencyMs >= 100, `legacy answers slowly: ${legacy!.latencyMs} ms`);
  });

  it('the import explains its count; two clients are two edges; Junction and the backend are no edge', async () => {
    const log = gatewayLog(estate);
    const own = junctionLines().length;
    assert.ok(own > 20, `Junction's audit and monitor requests went through the gateway: ${own}`);
    const imported = await cli(['flows', 'import', estate.dir]);
    assert.equal(imported.code, 0, imported.stderr);
    const n = (value: number) => value.toLocaleString('en-US');
    // 14. a line of this proxy (in front of orders alone) is one call, and Junction's own requests are left out
    assert.equal(
      imported.stdout,
      `gateway-log (nginx-combined): ${n(log.length)} lines read, 0 malformed, ${n(own)} of Junction's own probe ` +
        `requests left out, ${n(log.length - own)} calls, 2 edges\n`,
    );

    const shown = JSON.parse((await cli(['flows', 'show', estate.dir, '--json'])).stdout) as {
      edges: Pick<
        FlowEdgeSummary,
        'from' | 'to' | 'count' | 'serverErrorRate' | 'clientErrorRate' | 'rateLimitedRate'
      >[];
      unknownPeers: string[];
      topology: { text: string };
    };
    // 3. and 4. one edge per client product, nothing from Junction, nothing to the gateway's own upstream
    assert.deepEqual(shown.edges.map((edge) => `${edge.from} → ${edge.to}`).sort(), ['crm → orders', 'shop → orders']);
    assert.deepEqual(shown.unknownPeers, []);
    // 5. 5xx, 4xx and 429 apart, each as nginx logged them for that client
    for (const [system, agent] of [
      ['shop', SHOP_AGENT],
      ['crm', CRM_AGENT],
    ]) {
      const { count, server, client, limited } = loggedShares(log, agent);
      const edge = shown.edges.find((candidate) => candidate.from === system)!;
      assert.equal(edge.count, count, system);
      const rates = [edge.serverErrorRate, edge.clientErrorRate, edge.rateLimitedRate];
      const logged = [server, client, limited];
      rates.forEach((rate, index) =>
        assert.ok(Math.abs(rate - logged[index]) < 1e-6, `${system}: ${rates.join()} vs ${logged.join()}`),
      );
      assert.ok(logged[1] > 0 && logged[2] > 0, `${system} has 404s and 429s`);
    }
    const table = (await cli(['flows', 'show', estate.dir])).stdout;
    assert.match(table, /│ 5xx\s+│ 4xx \(not 429\) │ 429\s+│/);
    // 4. one topology text: the same words in flows show's table and JSON (and, below, in architecture.topology)
    assert.match(table, new RegExp(`^Topology: ${shown.topology.text.replace(/[()]/g, '\\$&')}$`, 'm'));
    assert.doesNotMatch(shown.topology.text, /Junction|unknown caller/);

    // 3. an alias pattern that would take both clients says so
    const copy = mkdtempSync(join(tmpdir(), 'junction-first-audit-alias-'));
    try {
      cpSync(join(estate.dir, 'logs'), join(copy, 'logs'), { recursive: true });
      const yaml = readFileSync(join(estate.dir, 'junction.yaml'), 'utf8')
        .replace('aliases: [svc/shop]', 'aliases: []')
        .replace('aliases: [svc/crm]', 'aliases: ["svc/*"]');
      writeFileSync(join(copy, 'junction.yaml'), yaml);
      const merged = await cli(['flows', 'import', copy]);
      assert.match(
        merged.stderr,
        /warning: gateway-log: alias "svc\/\*" of crm matches 2 distinct peers \((svc\/shop, svc\/crm|svc\/crm, svc\/shop)\): /,
      );
      assert.match(
        merged.stderr,
        /their calls are all counted as one system; use exact aliases if they are different clients/,
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('after the import and the monitor, the flow and coverage checks judge what was seen', async () => {
    const shown = JSON.parse((await cli(['flows', 'show', estate.dir, '--json'])).stdout) as {
      topology: { text: string };
    };
    const audit = await cli([
      'audit',
      estate.dir,
      '--systems',
      'orders,legacy',
      '--checks',
      'architecture.topology,architecture.undocumented-flows,monitoring.silent-flows,monitoring.coverage',
      '--json',
    ]);
    const { findings } = JSON.parse(audit.stdout) as Report;
    // 4. the check's estate-wide words are flows show's, and Junction is no integration of orders
    const topology = finding(findings, 'orders', 'architecture.topology');
    assert.equal(listValue(topology, 'Topology'), shown.topology.text);
    assert.equal(listValue(topology, `Direct system peers of orders`), 'crm, shop');
    assert.equal(listValue(topology, `Unknown callers of orders (not counted)`), 'none');
    assert.equal(finding(findings, 'orders', 'architecture.undocumented-flows').status, 'pass');
    // 6. orders → legacy is in no log that was read: still not judged, never silent
    const silent = finding(findings, 'orders', 'monitoring.silent-flows');
    assert.equal(silent.status, 'skip', silent.summary);
    // 2. the down monitors count as down, with their open alerts
    for (const [system, monitor] of [
      ['orders', 'orders-v1'],
      ['legacy', 'legacy'],
    ]) {
      const coverage = finding(findings, system, 'monitoring.coverage');
      assert.match(coverage.summary, new RegExp(`${monitor} is alerting \\(1 open alert\\)`));
      const rows = coverage.evidence.flatMap((item) => (item.kind === 'table' ? item.rows : []));
      const row = rows.find((candidate) => candidate.id === monitor);
      assert.deepEqual([row?.samples, row?.errors, row?.last, row?.openAlerts], [3, 3, 'down', 1], JSON.stringify(row));
    }
  });

  it('spec inspect counts the schemas written in the other file', async () => {
    const inspected = await cli(['spec', 'inspect', join(estate.dir, 'specs', 'openapi.yaml')]);
    assert.equal(inspected.code, 0, inspected.stderr);
    assert.match(inspected.stdout, /^paths 3, operations 3, webhooks 0, schemas 3, security schemes 0$/m);
    assert.match(inspected.stdout, /^files 2, /m);
  });
});
