import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createApiContext } from '../../src/api/context.js';
import { openContext } from '../../src/estate/context.js';
import { hostRoutes } from '../../src/server/routes.js';
import { startHost, type RunningHost } from '../../src/server/server.js';
import { alertScenario, raiseClearAndRaise, WEBHOOK_SECRET_PATH, type AlertScenario } from '../helpers/alerts.js';
import { startHttpServer } from '../helpers/servers.js';
import { assertRendererBuilt, launchChromium, measureSamples, screenshot, seriousViolations } from '../helpers/ui.js';

describe(
  'the Monitoring page shows open alerts, honest availability, measured points and alert history',
  { timeout: 150_000 },
  () => {
    let scenario: AlertScenario;
    let ctx: ReturnType<typeof createApiContext> | undefined;
    let host: RunningHost | undefined;
    let browser: Browser;
    let page: Page;
    const consoleErrors: string[] = [];

    const open = async () => {
      ctx = createApiContext(scenario.dir);
      host = await startHost({ ctx, routes: hostRoutes() });
      await page.goto(host.url);
      await page.getByRole('link', { name: 'Monitoring' }).click();
      await page.locator('[data-ready="monitoring"]').waitFor();
    };
    const shut = async () => {
      await host?.close();
      ctx?.close();
    };

    beforeAll(async () => {
      assertRendererBuilt();
      scenario = await alertScenario();
      // An hour of real checks of the target (one in eight to a closed port), then the monitor's own rounds.
      const closed = await startHttpServer(() => {});
      const refused = `${closed.url}/health`;
      await closed.close();
      const monitorProcess = openContext(scenario.dir);
      monitorProcess.store.samples.insertBatch(
        await measureSamples('orders', {
          url: `${scenario.target.url}/health`,
          ca: '',
          count: 40,
          spacingMs: 90_000,
          failEvery: 8,
          failUrl: refused,
        }),
      );
      await raiseClearAndRaise(monitorProcess, scenario);
      monitorProcess.close();
      browser = await launchChromium();
      page = await (
        await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' })
      ).newPage();
      page.setDefaultTimeout(10_000);
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await open();
    });

    afterAll(async () => {
      await browser?.close();
      await shut();
      await scenario?.close();
      if (scenario) rmSync(scenario.dir, { recursive: true, force: true });
    });

    test('the open alert stands above the charts, and the monitor is down now', async () => {
      const banner = page.getByRole('alert').filter({ hasText: 'open alert' });
      await banner.waitFor();
      const text = await banner.innerText();
      assert.match(text, /^1 open alert/);
      assert.match(text, /Orders \/health · Down: 2 consecutive checks failed \(HTTP 503, expected 2xx or 3xx\)/);
      assert.match(await page.locator('.kpi').filter({ hasText: 'Now' }).innerText(), /down · 503/);
      await screenshot(page, 'monitoring-open-alert');
    });

    test('availability says how many checks failed and is never rounded up to 100%', async () => {
      const kpi = await page.locator('.kpi').filter({ hasText: 'Availability' }).innerText();
      const [, percent, failed, total] = /(\d+\.\d\d)%\s+(\d+) of (\d+) checks failed/.exec(kpi) ?? [];
      assert.ok(percent, kpi);
      // 40 measured (5 refused) and 6 rounds (4 answered 503)
      assert.deepEqual([Number(failed), Number(total)], [9, 46]);
      assert.equal(percent, (Math.floor((1 - 9 / 46) * 10_000) / 100).toFixed(2));
    });

    test('each series is drawn through its measured points: straight segments and a marker per point', async () => {
      const latency = page.getByRole('img', { name: 'Stacked latency by phase with the p95 line' });
      const p95 = latency.locator('.recharts-line-curve[name="p95 total"]');
      await p95.waitFor();
      const path = (await p95.getAttribute('d')) ?? '';
      assert.match(path, /^M[\d.,\s-]+L/, 'a polyline');
      assert.doesNotMatch(path, /[CQSTA]/i, 'no curve command: no spline');
      const markers = await latency.locator('.recharts-line-dots circle').count();
      const segments = path.split('L').length; // M + one L per further point (no gaps in one run)
      assert.ok(markers >= segments && markers > 20, `${markers} markers for ${segments} points`);
      for (const name of ['Error rate over time', 'Availability over time']) {
        const curve = page.getByRole('img', { name }).locator('.recharts-area-curve').first();
        assert.doesNotMatch((await curve.getAttribute('d')) ?? '', /[CQSTA]/i, name);
        assert.ok((await page.getByRole('img', { name }).locator('.recharts-area-dots circle').count()) > 20, name);
      }
    });

    test('the alert history lists raised, cleared and each webhook attempt with its outcome', async () => {
      const history = page.getByRole('region', { name: 'Alert history' });
      await history.scrollIntoViewIfNeeded();
      const stories = history.locator('.alert-story');
      assert.equal(await stories.count(), 2);
      const newest = await stories.nth(0).innerText();
      assert.match(newest, /open/);
      assert.match(newest, /webhook alert · attempt 1\s+http:\/\/127\.0\.0\.1:\d+\/…\s+delivered · HTTP 200/);
      const cleared = stories.nth(1);
      const rows = await cleared.locator('tbody tr').allInnerTexts();
      assert.deepEqual(
        rows.map((row) =>
          // the cells after the time (innerText separates cells with tabs)
          row.split('\t').slice(1).join(' ').replace(/\s+/g, ' ').trim(),
        ),
        [
          'raised 2 consecutive checks failed (HTTP 503, expected 2xx or 3xx)',
          `webhook alert · attempt 1 ${scenario.webhook.url}/… answered 500`,
          `webhook alert · attempt 2 ${scenario.webhook.url}/… delivered · HTTP 200`,
          'cleared answering again (HTTP 200)',
          `webhook resolved · attempt 1 ${scenario.webhook.url}/… delivered · HTTP 200`,
        ],
      );
      assert.ok(!(await page.content()).includes(WEBHOOK_SECRET_PATH), "the webhook's secret path is not on the page");
      await screenshot(page, 'monitoring-alerts');
      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], violations.join('\n'));
    });

    test('after the host restarts the history is still there', async () => {
      // the page goes before its host does, as when the app is closed: its event stream ends cleanly
      await page.goto('about:blank');
      await shut();
      await open();
      const history = page.getByRole('region', { name: 'Alert history' });
      await history.locator('.alert-story').nth(1).waitFor();
      assert.match(await history.innerText(), /answered 500/);
      await page.getByRole('alert').filter({ hasText: '1 open alert' }).waitFor();
    });

    test('the dark theme shows the alerts as legibly', async () => {
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      await page.locator('html[data-theme="dark"]').waitFor();
      await screenshot(page, 'monitoring-alerts-dark');
      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], violations.join('\n'));
      assert.deepEqual(consoleErrors, []);
    });
  },
);
