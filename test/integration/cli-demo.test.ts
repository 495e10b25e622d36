import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';
import { runCli } from '../helpers/cli.js';
import { rabbitmqInstalled } from '../helpers/rabbitmq.js';

describe('junction demo', () => {
  it(
    'audits the demo estate and writes a JSON report covering every system and check',
    { timeout: 200_000 },
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'junction-demo-out-'));
      const result = await runCli(['demo', '--format', 'json,md,junit', '--out', out], { timeoutMs: 180_000 });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Score \d+\/100/);
      const report = reportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
      // the demo gains a RabbitMQ broker where rabbitmq-server is installed (.ci/run installs it), and says so otherwise
      const broker = rabbitmqInstalled();
      if (!broker)
        assert.match(result.stderr, /RabbitMQ is not installed \(\/usr\/lib\/rabbitmq\/bin\/rabbitmq-server\)/);
      assert.deepEqual(report.systems.map((s) => s.id).sort(), [
        'commerce',
        'erp',
        ...(broker ? ['orders-broker'] : []),
        'payments',
      ]);
      const finding = (system: string, check: string) =>
        report.findings.find((f) => f.systemId === system && f.checkId === check);
      if (broker) {
        assert.match(
          result.stdout,
          /orders-broker \(rabbitmq\): 3 connections, 2 routes, 40 messages delivered, 2 edges/,
        );
        assert.match(result.stdout, /ALERT orders-broker consumers: audit\.orders has 0 consumers/);
        assert.equal(finding('orders-broker', 'messaging.transport')?.status, 'fail', 'plain AMQP beside AMQPS');
        assert.equal(finding('orders-broker', 'messaging.default-credentials')?.status, 'pass', 'no guest');
        assert.match(finding('orders-broker', 'messaging.consumers')!.summary, /audit\.orders/);
        assert.equal(
          finding('orders-broker', 'architecture.topology')?.summary,
          'Integration hub with 2 spokes',
          'commerce and payments: shipping-worker is no system',
        );
        assert.equal(
          finding('orders-broker', 'architecture.undocumented-flows')?.summary,
          'unknown peers (no system of the estate): shipping-worker',
        );
      }
      for (const system of report.systems.filter((s) => s.id !== 'orders-broker')) {
        for (const check of ['security.https', 'monitoring.latency']) {
          assert.ok(
            report.findings.some((f) => f.systemId === system.id && f.checkId === check),
            `${check} on ${system.id}`,
          );
        }
      }
      // The demo is built to show contrast: the legacy ERP fails HTTPS-only, commerce passes it.
      const https = (id: string) => finding(id, 'security.https')!.status;
      assert.equal(https('erp'), 'fail');
      assert.equal(https('commerce'), 'pass');
      assert.equal(https('payments'), 'warn');
      assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /# Readiness report: Demo estate/);
      assert.match(readFileSync(join(out, 'junit.xml'), 'utf8'), /<testsuites /);
    },
  );
});
