import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { AlertHistory } from '../../src/api/ops/alerts.js';
import type { MonitorInfo } from '../../src/api/ops/monitor.js';
import { createApiContext } from '../../src/api/context.js';
import { invoke } from '../../src/api/invoke.js';
import { openContext } from '../../src/estate/context.js';
import { alertScenario, raiseClearAndRaise, WEBHOOK_SECRET_PATH, type AlertScenario } from '../helpers/alerts.js';

describe('alert history: raised, cleared and every webhook attempt, kept across restarts', () => {
  let scenario: AlertScenario;
  let ctx: ReturnType<typeof createApiContext>;

  beforeAll(async () => {
    scenario = await alertScenario();
    const monitorProcess = openContext(scenario.dir);
    await raiseClearAndRaise(monitorProcess, scenario);
    // the monitor process ends; the history is read by a host opened afterwards
    monitorProcess.close();
    ctx = createApiContext(scenario.dir);
  });
  afterAll(async () => {
    ctx?.close();
    await scenario?.close();
    if (scenario) rmSync(scenario.dir, { recursive: true, force: true });
  });

  test('the receiver refused the first delivery and got each transition once it was retried', () => {
    assert.deepEqual(scenario.received, [
      { transition: 'raised', answered: 500 },
      { transition: 'raised', answered: 200 },
      { transition: 'cleared', answered: 200 },
      { transition: 'raised', answered: 200 },
    ]);
  });

  test('listAlerts gives the open alert and the history, newest first, each with its delivery attempts', async () => {
    const result = await invoke(ctx, 'listAlerts', { monitorId: 'orders' });
    assert.ok(result.ok, JSON.stringify(result));
    const { open, history } = result.value as AlertHistory;
    assert.equal(open.length, 1);
    assert.equal(history.length, 2);
    const [second, first] = history;
    assert.equal(open[0].id, second.id, 'the newest alert is the open one');
    assert.equal(second.clearedAt, undefined);
    assert.equal(first.systemName, 'Orders');
    assert.equal(first.rule, 'down');
    assert.match(first.message, /^2 consecutive checks failed \(HTTP 503, expected 2xx or 3xx\)$/);
    assert.ok(first.clearedAt! > first.raisedAt);
    assert.equal(first.clearMessage, 'answering again (HTTP 200)');
    assert.deepEqual(
      first.deliveries.map(({ transition, attempt, ok, status, error }) => [transition, attempt, ok, status, error]),
      [
        ['raised', 1, false, 500, 'answered 500'],
        ['raised', 2, true, 200, undefined],
        ['cleared', 1, true, 200, undefined],
      ],
    );
    const times = first.deliveries.map((delivery) => delivery.at);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'attempts in the order they were made',
    );
    assert.ok(times[0] >= first.raisedAt && times[2] >= first.clearedAt!);
    assert.deepEqual(
      second.deliveries.map(({ transition, attempt, ok }) => [transition, attempt, ok]),
      [['raised', 1, true]],
    );
  });

  test("a webhook's path (its secret) never leaves the host: deliveries name its origin", async () => {
    const result = await invoke(ctx, 'listAlerts', {});
    assert.ok(result.ok);
    const text = JSON.stringify(result.value);
    assert.ok(!text.includes(WEBHOOK_SECRET_PATH.split('/').pop()!), 'no byte of the secret path');
    const targets = new Set(
      (result.value as AlertHistory).history.flatMap((alert) => alert.deliveries.map((d) => d.target)),
    );
    assert.deepEqual([...targets], [`${scenario.webhook.url}/…`]);
  });

  test('the monitor list says the target is down now, with its status, and how many webhooks it alerts', async () => {
    const result = await invoke(ctx, 'listMonitors', {});
    assert.ok(result.ok);
    const [monitor] = result.value as MonitorInfo[];
    assert.equal(monitor.lastSample?.ok, false);
    assert.equal(monitor.lastSample?.status, 503);
    assert.equal(monitor.webhooks, 1);
    assert.ok(!JSON.stringify(monitor).includes(WEBHOOK_SECRET_PATH));
  });

  test('an unknown monitor is 404', async () => {
    const result = await invoke(ctx, 'listAlerts', { monitorId: 'nope' });
    assert.ok(!result.ok && result.status === 404 && /no monitor "nope"/.test(result.error));
  });
});
