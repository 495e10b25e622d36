import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoEstate, type DemoEstate } from '../../assets/demo/estate.js';
import { findCheck } from '../../checks/index.js';
import { createApiContext } from '../../src/api/context.js';
import { REPORT_SCHEMA_VERSION } from '../../src/report/schema.js';
import { hostRoutes } from '../../src/server/routes.js';
import { startHost, type RunningHost } from '../../src/server/server.js';
import { runCli } from '../helpers/cli.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import {
  assertRendererBuilt,
  launchChromium,
  measureSamples,
  otlpCalls,
  screenshot,
  seriousViolations,
} from '../helpers/ui.js';

const CHOSEN_CHECKS = ['security.https', 'monitoring.latency'];

async function postJson(host: RunningHost, path: string, body: unknown): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${host.port}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `axe on ${where}:\n${violations.join('\n')}`);
}

describe('the UI on the demo estate, in Chromium', { timeout: 150_000 }, () => {
  let demo: DemoEstate;
  let ctx: ReturnType<typeof createApiContext>;
  let host: RunningHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let evil: TestServer;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    assertRendererBuilt();
    demo = await startDemoEstate();
    ctx = createApiContext(demo.dir);
    host = await startHost({ ctx, routes: hostRoutes() });
    // History for the monitor charts and the flow graph: real requests to the demo services, real OTLP exports.
    const ca = readFileSync(`${demo.dir}/certs/ca.pem`, 'utf8');
    const closed = await startHttpServer(() => {});
    const refusedUrl = `${closed.url}/health`;
    await closed.close();
    ctx.store.samples.insertBatch(
      await measureSamples('commerce', {
        url: `${demo.services.commerce.baseUrl}/health`,
        ca,
        count: 40,
        spacingMs: 90_000,
        failEvery: 8,
        failUrl: refusedUrl,
      }),
    );
    assert.equal(await postJson(host, '/v1/traces', otlpCalls('commerce', 'payments', 30, 3)), 200);
    assert.equal(await postJson(host, '/v1/traces', otlpCalls('erp', 'payments', 12, 4)), 200, 'an undocumented flow');
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1360, height: 880 },
      acceptDownloads: true,
      colorScheme: 'light',
    });
    page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await evil?.close();
    await host?.close();
    ctx?.close();
    await demo?.stop();
    if (demo) rmSync(demo.dir, { recursive: true, force: true });
  });

  test('opens the printed URL and shows the systems of the estate', async () => {
    await page.goto(host.url);
    assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar');
    const table = page.getByRole('table', { name: 'Systems' });
    await table.getByText('Legacy ERP').waitFor();
    for (const name of ['Commerce API', 'Payments API']) assert.ok(await table.getByText(name).isVisible(), name);
    assert.equal(await table.getByText('not audited').count(), 3);
    await screenshot(page, 'estate-light');
    await expectAccessible(page, 'Estate');
  });

  test('edits a system with schema validation, and junction.yaml keeps its comments', async () => {
    await page.getByRole('button', { name: 'Edit Legacy ERP' }).click();
    const form = page.getByRole('dialog', { name: 'Edit erp' });
    await form.getByLabel('Base URL').fill('ftp://nowhere');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByText('baseUrl must be an http(s) URL').waitFor();
    await screenshot(page, 'estate-edit-validation');
    await expectAccessible(page, 'the system form');
    await form.getByLabel('Base URL').fill(demo.services.erp.baseUrl);
    await form.getByLabel('Owner').fill('integration-team');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Systems' }).getByText('integration-team').waitFor();
    const yaml = readFileSync(`${demo.dir}/junction.yaml`, 'utf8');
    assert.match(yaml, /^# Written by "junction demo"/, 'the leading comment survives');
    assert.match(yaml, /owner: integration-team/);
  });

  test('stores a credential through masked fields and never shows it again', async () => {
    await page.getByLabel('Id', { exact: true }).fill('erp-token');
    const secret = page.getByLabel('Token');
    assert.equal(await secret.getAttribute('type'), 'password');
    await secret.fill('s3cret-never-shown');
    await page.getByRole('button', { name: 'Store in vault' }).click();
    await page.getByText('Stored "erp-token" in the vault').waitFor();
    assert.equal(await page.getByText('s3cret-never-shown').count(), 0);
    assert.ok(!(await page.content()).includes('s3cret-never-shown'));
    assert.equal(ctx.vault().get('erp-token').type, 'bearer');
  });

  test('runs the chosen checks and shows live progress per system, then the checklist', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByText('No audit yet').waitFor();
    await page.getByText('Choose systems and checks').click();
    for (const id of CHOSEN_CHECKS) await page.getByLabel(findCheck(id)!.title).check();
    await page.getByRole('button', { name: 'Run chosen checks' }).click();
    await page.getByRole('heading', { name: /Audit in progress/ }).waitFor();
    assert.equal(await page.getByRole('progressbar').count(), 3, 'one progress bar per system');
    await screenshot(page, 'audit-progress');
    await page.getByRole('heading', { name: /Audit finished/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Readiness checklist' }).waitFor();
    assert.equal(await page.locator('.check-row').count(), CHOSEN_CHECKS.length);
    await screenshot(page, 'audit-checklist');
    await expectAccessible(page, 'Audit');
  });

  test('opens a failing finding and reads its evidence and remediation', async () => {
    await page.getByRole('button', { name: 'erp: fail' }).first().click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('heading', { name: 'Evidence' }).waitFor();
    assert.ok((await drawer.locator('.evidence').count()) >= 1);
    await drawer.getByRole('heading', { name: 'Request' }).first().waitFor();
    assert.match(await drawer.innerText(), /http:\/\/127\.0\.0\.1:\d+/, 'the plain-HTTP request is shown');
    await drawer.getByRole('heading', { name: 'How to fix' }).waitFor();
    await screenshot(page, 'audit-finding');
    await expectAccessible(page, 'the finding drawer');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  test('draws the flow graph with the undocumented flow dashed, and an edge series', async () => {
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.locator('[data-ready="flows"] .react-flow__node').first().waitFor();
    await page.locator('.react-flow__edge').nth(2).waitFor();
    assert.equal(await page.locator('.react-flow__node').count(), 3);
    assert.equal(await page.locator('.react-flow__edge').count(), 3, 'two declared flows and the undocumented one');
    const dashed = await page
      .locator('.react-flow__edge path.react-flow__edge-path')
      .evaluateAll(
        (paths) => paths.filter((path) => (path.getAttribute('style') ?? '').includes('stroke-dasharray')).length,
      );
    assert.equal(dashed, 1);
    await page.getByText(/1 undocumented/).waitFor();
    await page
      .locator('.flow-edge-label', { hasText: /5xx .* 4xx .* 429/ })
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'erp → payments' }).click();
    const panel = page.getByRole('region', { name: 'erp → payments' });
    await panel.getByText('no: undocumented').waitFor();
    // a flat line has no height, so Playwright calls it hidden: wait for it to be drawn, not visible
    await panel.locator('.recharts-line-curve[name="errors"]').waitFor({ state: 'attached' });
    assert.equal(await panel.locator('.recharts-line-curve').count(), 2, 'requests and errors');
    await screenshot(page, 'flows');
    await expectAccessible(page, 'Flows');
  });

  test('shows a monitor chart: latency by phase with p95, errors, availability', async () => {
    await page.getByRole('link', { name: 'Monitoring' }).click();
    await page.getByText('No samples in this range').waitFor();
    await page.getByLabel('Monitor').selectOption({ label: 'Commerce API /health' });
    await page.locator('[data-ready="monitoring"]').waitFor();
    await page
      .getByRole('img', { name: 'Stacked latency by phase with the p95 line' })
      .locator('.recharts-area-area[name="First byte"]')
      .waitFor();
    assert.equal(
      await page
        .locator('.recharts-legend-item')
        .filter({ hasText: /DNS|Connect|TLS|First byte|p95/ })
        .count(),
      5,
    );
    assert.match(await page.locator('.kpi').filter({ hasText: 'Availability' }).innerText(), /8[0-9]\.\d\d%/);
    await screenshot(page, 'monitoring');
    await expectAccessible(page, 'Monitoring');
  });

  test('previews and exports the report', async () => {
    await page.getByRole('link', { name: 'Report' }).click();
    const frame = page.frameLocator('iframe[title="Report preview"]');
    await frame.getByRole('heading', { name: 'Demo estate' }).waitFor();
    await screenshot(page, 'report');
    // axe waits forever on a frame sandboxed without scripts: the page is checked with the Markdown preview.
    await page.getByRole('button', { name: 'Markdown' }).click();
    const preview = page.getByLabel('Report preview');
    await preview.waitFor();
    assert.match(await preview.innerText(), /^# Readiness report: Demo estate/);
    await expectAccessible(page, 'Report');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export Markdown' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^junction-report-\d{4}-\d{2}-\d{2}\.md$/);
    const text = readFileSync(await download.path(), 'utf8');
    assert.match(text, /security\.https/);
    await page.getByRole('button', { name: 'JSON' }).click();
    await page.getByLabel('Report preview').getByText(`"schemaVersion": ${REPORT_SCHEMA_VERSION}`).waitFor();
  });

  test('exports SARIF and PDF: the documents `junction report` writes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'junction-report-'));
    try {
      const cli = await runCli(['report', demo.dir, '--format', 'sarif,pdf', '--out', out, '--fail-on', 'never']);
      assert.equal(cli.code, 0, cli.stderr);
      const exported = async (label: string) => {
        await page.getByRole('button', { name: label, exact: true }).click();
        const button = page.getByRole('button', { name: `Export ${label}` });
        // a click waits for the button to be enabled: for the document of this format to have arrived
        const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
        return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
      };
      const sarif = await exported('SARIF');
      assert.match(sarif.name, /^junction-report-\d{4}-\d{2}-\d{2}\.sarif$/);
      assert.equal(sarif.bytes.toString('utf8'), readFileSync(join(out, 'report.sarif'), 'utf8'), 'the same SARIF');
      assert.equal((JSON.parse(sarif.bytes.toString('utf8')) as { version: string }).version, '2.1.0');
      await page.getByLabel('Report preview').getByText('"version": "2.1.0"').waitFor();

      const pdf = await exported('PDF');
      assert.match(pdf.name, /^junction-report-\d{4}-\d{2}-\d{2}\.pdf$/);
      assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF, not base64 text');
      // Chromium stamps each print with its creation time: the same document is the same text on the same pages.
      const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const pages = (file: string) => /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1];
      const saved = join(out, 'exported.pdf');
      writeFileSync(saved, pdf.bytes);
      assert.equal(text(saved), text(join(out, 'report.pdf')));
      assert.equal(pages(saved), pages(join(out, 'report.pdf')));
      assert.match(text(saved), /Demo estate/);
      await page.frameLocator('iframe[title="Report preview"]').getByRole('heading', { name: 'Demo estate' }).waitFor();
      await screenshot(page, 'report-pdf');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('the dark theme passes the same accessibility rules', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    for (const name of ['Estate', 'Audit', 'Flows', 'Monitoring']) {
      await page.getByRole('link', { name }).click();
      await page.waitForSelector(`[data-ready="${name.toLowerCase()}"]`);
      await screenshot(page, `${name.toLowerCase()}-dark`);
      await expectAccessible(page, `${name} (dark)`);
    }
  });

  test('a page on another origin cannot make the host act (CSRF)', async () => {
    evil = await startHttpServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>evil</title>');
    });
    const attacker = await context.newPage();
    await attacker.goto(evil.url);
    const status = await attacker.evaluate(async (target) => {
      const response = await fetch(`${target}/api/removeSystem`, {
        method: 'POST',
        credentials: 'include',
        mode: 'no-cors',
        headers: { 'content-type': 'text/plain' },
        body: '{"id":"erp"}',
      });
      return response.type;
    }, `http://127.0.0.1:${host.port}`);
    assert.equal(status, 'opaque');
    await attacker.close();
    assert.ok(
      ctx.workspace.estate.systems.some((system) => system.id === 'erp'),
      'the system is still there',
    );
    assert.deepEqual(consoleErrors, [], 'no console errors in the app');
  });
});
