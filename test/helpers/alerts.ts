import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkspaceContext } from '../../src/estate/context.js';
import { MonitorScheduler } from '../../src/monitor/scheduler.js';
import { startHttpServer, type TestServer } from './servers.js';

/** A webhook path that is its own secret, as Slack's and Teams' are: it must never leave the host. */
export const WEBHOOK_SECRET_PATH = '/services/T0001/B0002/s3cr3t-webhook-path';

export interface AlertScenario {
  dir: string;
  target: TestServer;
  webhook: TestServer;
  /** what the webhook receiver was sent, and what it answered */
  received: { transition: string; answered: number }[];
  /** the target answers 200 while up, 503 while down */
  setUp(up: boolean): void;
  close(): Promise<void>;
}

/**
 * A real target and a real webhook receiver on 127.0.0.1 that refuses its very first delivery (500) and accepts every
 * later one, with a workspace whose one monitor alerts to it.
 */
export async function alertScenario(): Promise<AlertScenario> {
  let up = true;
  const target = await startHttpServer((_req, res) => {
    res.statusCode = up ? 200 : 503;
    res.end(up ? 'ok' : 'down');
  });
  const received: AlertScenario['received'] = [];
  const webhook = await startHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { junction: { transition: string } };
      const answered = received.length === 0 ? 500 : 200;
      received.push({ transition: body.junction.transition, answered });
      res.statusCode = answered;
      res.end();
    });
  });
  const dir = mkdtempSync(join(tmpdir(), 'junction-alert-history-'));
  writeFileSync(
    join(dir, 'junction.yaml'),
    `version: 1
name: Alerting
systems:
  - { id: orders, name: Orders, baseUrl: "${target.url}", healthPath: /health }
monitors:
  - system: orders
    path: /health
    interval: 1h
    thresholds: { down: 2 }
    alerts: [{ webhook: "${webhook.url}${WEBHOOK_SECRET_PATH}" }]
`,
  );
  return {
    dir,
    target,
    webhook,
    received,
    setUp: (value) => (up = value),
    close: async () => {
      await target.close();
      await webhook.close();
    },
  };
}

/**
 * Real rounds of the monitor: down twice (raised, first delivery refused then retried), up (cleared), down twice
 * again (a second alert, left open).
 */
export async function raiseClearAndRaise(context: WorkspaceContext, scenario: AlertScenario): Promise<void> {
  const scheduler = new MonitorScheduler(context.workspace, context.store, context.vault, {
    retry: { attempts: 3, baseDelayMs: 20 },
  });
  for (const up of [true, false, false, true, false, false]) {
    scenario.setUp(up);
    await scheduler.runRound();
  }
  await scheduler.stop();
}
