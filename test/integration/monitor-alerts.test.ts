import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { openContext } from '../../src/estate/context.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from '../../src/monitor/metrics.js';
import { MonitorScheduler } from '../../src/monitor/scheduler.js';
import { httpRequest } from '../../src/probe/http.js';
import { freePort } from '../helpers/nginx.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function server(handler: Parameters<typeof startHttpServer>[0]): Promise<TestServer> {
  const started = await startHttpServer(handler);
  cleanups.push(() => started.close());
  return started;
}

function workspace(targetUrl: string, webhookUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-monitor-'));
  writeFileSync(
    join(dir, 'junction.yaml'),
    `version: 1
name: Monitored
systems:
  - { id: orders, name: Orders, baseUrl: "${targetUrl}", healthPath: /health }
monitors:
  - { system: orders, path: /health, interval: 1h, thresholds: { down: 2 }, alerts: [{ webhook: "${webhookUrl}" }] }
`,
  );
  return dir;
}

test('a target that goes down and comes back raises and clears one alert; each transition reaches the webhook once, retried', async () => {
  let up = true;
  const target = await server((_req, res) => {
    res.statusCode = up ? 200 : 503;
    res.end(up ? 'ok' : 'down');
  });
  const attempts: { transition: string; answered: number }[] = [];
  const webhook = await server((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { text: string; junction: { transition: string } };
      assert.match(body.text, /Junction: orders/);
      // the very first delivery fails: the retry must bring it through
      const answered = attempts.length === 0 ? 500 : 200;
      attempts.push({ transition: body.junction.transition, answered });
      res.statusCode = answered;
      res.end();
    });
  });
  const dir = workspace(target.url, webhook.url);
  const context = openContext(dir);
  cleanups.push(() => context.close());
  const transitions: string[] = [];
  const scheduler = new MonitorScheduler(context.workspace, context.store, context.vault, {
    retry: { attempts: 3, baseDelayMs: 20 },
    onTransition: (event) => transitions.push(`${event.transition} ${event.rule}`),
  });

  await scheduler.runRound();
  up = false;
  await scheduler.runRound();
  assert.deepEqual(transitions, [], 'one failed check is not down yet (down: 2)');
  await scheduler.runRound();
  assert.deepEqual(transitions, ['raised down']);
  await scheduler.runRound();
  assert.deepEqual(transitions, ['raised down'], 'still down: no second alert');
  up = true;
  await scheduler.runRound();
  assert.deepEqual(transitions, ['raised down', 'cleared down']);

  const history = context.store.alerts.history('orders');
  assert.equal(history.length, 1);
  assert.ok(history[0].closedAt! > history[0].openedAt);
  assert.match(history[0].message, /2 consecutive checks failed \(HTTP 503, expected 2xx or 3xx\)/);
  assert.deepEqual(attempts, [
    { transition: 'raised', answered: 500 },
    { transition: 'raised', answered: 200 },
    { transition: 'cleared', answered: 200 },
  ]);
  const log = context.store.alerts.deliveries(history[0].id);
  assert.deepEqual(
    log.map((entry) => [entry.transition, entry.attempt, entry.ok, entry.error ?? null]),
    [
      ['raised', 1, false, 'answered 500'],
      ['raised', 2, true, null],
      ['cleared', 1, true, null],
    ],
  );
  const chart = context.store.samples.chart('orders', Date.now() - 3_600_000, Date.now() + 60_000);
  assert.equal(
    chart.reduce((sum, point) => sum + point.count, 0),
    5,
  );
  assert.equal(
    chart.reduce((sum, point) => sum + point.errors, 0),
    3,
  );

  // /metrics as the headless server will serve it, scraped by a real Prometheus from Debian.
  const text = renderMetrics(context.store, context.workspace.estate);
  assert.match(text, /^junction_monitor_up\{monitor="orders",system="orders"\} 1$/m);
  assert.match(text, /^junction_monitor_failures_total\{monitor="orders",system="orders"\} 3$/m);
  const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(promtool.status, 0, `promtool: ${promtool.stdout}${promtool.stderr}`);
  const metrics = await server((_req, res) => {
    res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE });
    res.end(renderMetrics(context.store, context.workspace.estate));
  });
  const promDir = mkdtempSync(join(tmpdir(), 'junction-prometheus-'));
  mkdirSync(join(promDir, 'data'));
  writeFileSync(
    join(promDir, 'prometheus.yml'),
    `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: junction\n ` +
      `   static_configs: [{ targets: ["127.0.0.1:${metrics.port}"] }]\n`,
  );
  const promPort = await freePort();
  const prometheus = spawn(
    'prometheus',
    [
      `--config.file=${join(promDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(promDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ],
    { stdio: 'ignore' },
  );
  cleanups.push(
    () =>
      new Promise<void>((resolve) =>
        prometheus.exitCode !== null
          ? resolve()
          : (prometheus.once('exit', () => resolve()), prometheus.kill('SIGKILL')),
      ),
  );
  let value: string | undefined;
  for (let attempt = 0; attempt < 100 && value === undefined; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      const response = await httpRequest({
        method: 'GET',
        url: `http://127.0.0.1:${promPort}/api/v1/query?query=junction_monitor_checks_total`,
      });
      const result = JSON.parse(response.body.toString()) as { data?: { result: { value: [number, string] }[] } };
      value = result.data?.result[0]?.value[1];
    } catch {
      // not listening yet
    }
  }
  assert.equal(value, '5', 'Prometheus scraped the monitor total');
});
