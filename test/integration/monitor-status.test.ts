import assert from 'node:assert/strict';
import { afterAll, describe, it } from 'vitest';
import { monitoringCoverage } from '../../checks/monitoring-coverage.js';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { openContext } from '../../src/estate/context.js';
import { summarizeFlows } from '../../src/flows/summary.js';
import { runCli } from '../helpers/cli.js';
import { tempWorkspace } from '../helpers/estate.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

/** What each path answers: the status is what the monitor judges. */
const ANSWERS: Record<string, number> = { '/ok': 200, '/private': 401, '/missing': 404, '/gone': 410, '/created': 201 };
/** Each monitor, what it requests and expects, and whether it must be up. */
const MONITORS = [
  { id: 'healthy', path: '/ok', up: true },
  { id: 'unauthorized', path: '/private', up: false, why: '401 (a wrong or missing token) is down' },
  { id: 'missing', path: '/missing', up: false, why: '404 is down' },
  { id: 'gone', path: '/gone', expect: '410', up: true, why: 'expectStatus 410 makes 410 up' },
  { id: 'created', path: '/created', expect: '["200-204"]', up: true, why: 'a range in expectStatus' },
  {
    id: 'strict',
    path: '/ok',
    expect: '[201, 204]',
    up: false,
    why: '200 is down when expectStatus names 201 and 204',
  },
];

let server: TestServer;
const seen: string[] = [];
afterAll(() => server?.close());

interface SampleLine {
  type: 'sample';
  monitor: string;
  system: string;
  up: boolean;
  status: number | null;
  latencyMs: number | null;
  error: string | null;
}

describe('monitors: a status outside 2xx/3xx or expectStatus is down', () => {
  it('401 and 404 are down, expectStatus decides where set; the CLI prints every check; alerts and coverage show it', async () => {
    server = await startHttpServer((req, res) => {
      seen.push(req.url ?? '');
      res.statusCode = ANSWERS[req.url ?? ''] ?? 500;
      res.end('answer');
    });
    const dir = tempWorkspace(
      [
        'version: 1',
        'name: Statuses',
        'systems:',
        `  - { id: orders, name: Orders, baseUrl: "${server.url}" }`,
        'monitors:',
        ...MONITORS.map(
          (m) => `  - { id: ${m.id}, system: orders, path: ${m.path}${m.expect ? `, expectStatus: ${m.expect}` : ''} }`,
        ),
        '',
      ].join('\n'),
    );

    const result = await runCli(['monitor', dir, '--rounds', '3', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as SampleLine | { type: 'alert'; monitor: string; rule: string; message: string },
      );
    const samples = lines.filter((line): line is SampleLine => line.type === 'sample');
    assert.equal(samples.length, 18, 'six monitors, three rounds: one line per check');
    for (const monitor of MONITORS) {
      const mine = samples.filter((sample) => sample.monitor === monitor.id);
      assert.equal(mine.length, 3, monitor.id);
      for (const sample of mine) {
        assert.equal(sample.up, monitor.up, `${monitor.id}: ${monitor.why ?? ''}`);
        assert.equal(sample.system, 'orders');
        assert.equal(sample.status, ANSWERS[monitor.path]);
        assert.ok(typeof sample.latencyMs === 'number' && sample.latencyMs >= 0, JSON.stringify(sample));
      }
    }
    const missing = samples.find((sample) => sample.monitor === 'missing')!;
    assert.equal(missing.error, 'HTTP 404, expected 2xx or 3xx');
    assert.equal(samples.find((sample) => sample.monitor === 'strict')!.error, 'HTTP 200, expected 201, 204');
    // down: 2 (the default) raises one alert per down monitor, after its second check
    const alerts = lines.filter((line) => line.type === 'alert');
    assert.deepEqual(alerts.map((alert) => alert.monitor).sort(), ['missing', 'strict', 'unauthorized']);
    assert.ok(alerts.every((alert) => alert.rule === 'down'));
    assert.equal(seen.length, 18, 'every check reached the server');

    const context = openContext(dir);
    try {
      const { store, workspace } = context;
      assert.equal(
        store.alerts.open('missing', 'down')?.message,
        '2 consecutive checks failed (HTTP 404, expected 2xx or 3xx)',
      );
      assert.equal(store.alerts.open('healthy', 'down'), undefined);
      const chart = store.samples.chart('unauthorized', Date.now() - 3_600_000, Date.now() + 60_000);
      assert.equal(
        chart.reduce((sum, point) => sum + point.errors, 0),
        3,
        'the chart counts the 401s as errors',
      );
      const flows = summarizeFlows(store, workspace.estate, {
        from: Date.now() - 3_600_000,
        until: Date.now() + 60_000,
      });
      const byId = new Map(flows.monitors.map((monitor) => [monitor.id, monitor]));
      assert.equal(byId.get('missing')!.errors, 3);
      assert.equal(byId.get('missing')!.lastOk, false);
      assert.equal(byId.get('healthy')!.errors, 0);
      const verdict = monitoringCoverage.judge({ flows }, workspace.estate.systems[0], DEFAULT_SETTINGS);
      assert.equal(verdict.status, 'warn');
      assert.match(verdict.summary, /unauthorized is alerting/);
      assert.match(verdict.summary, /missing is alerting/);
      assert.doesNotMatch(verdict.summary, /healthy/);
    } finally {
      context.close();
    }

    // the text form: one line per check with up/down, the status or why it is down, and the latency
    const text = await runCli(['monitor', dir, '--rounds', '1']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^\d\d:\d\d:\d\d up {3}healthy \(orders\): 200 in [\d.]+ ms$/m);
    assert.match(text.stdout, /^\d\d:\d\d:\d\d DOWN missing \(orders\): HTTP 404, expected 2xx or 3xx in [\d.]+ ms$/m);
  });
});
