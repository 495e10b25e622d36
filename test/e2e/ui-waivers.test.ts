import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'yaml';
import { startDemoEstate, type DemoEstate } from '../../assets/demo/estate.js';
import { createApiContext } from '../../src/api/context.js';
import { runAudit } from '../../src/audit/runner.js';
import { hostRoutes } from '../../src/server/routes.js';
import { startHost, type RunningHost } from '../../src/server/server.js';
import { assertRendererBuilt, launchChromium, screenshot, seriousViolations } from '../helpers/ui.js';

describe('accepting a risk and editing attestations in the UI, in Chromium', { timeout: 150_000 }, () => {
  let demo: DemoEstate;
  let ctx: ReturnType<typeof createApiContext>;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let file: string;
  let before: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    assertRendererBuilt();
    demo = await startDemoEstate();
    file = join(demo.dir, 'junction.yaml');
    // A person's touches the UI must keep: a comment and a flow-style entry.
    const text = readFileSync(file, 'utf8').replace(/^monitors:\n/m, 'monitors: # watched around the clock\n');
    writeFileSync(file, text);
    before = text;
    ctx = createApiContext(demo.dir);
    await runAudit(
      ctx.workspace,
      { store: ctx.store, vault: ctx.vault },
      {
        checks: ['security.https', 'security.tls-version'],
      },
    );
    host = await startHost({ ctx, routes: hostRoutes() });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: host.url.replace(/\/\?.*$|\/$/, ''),
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    ctx?.close();
    await demo?.stop();
  });

  test('accept a risk from the finding’s drawer: it lands in junction.yaml and on the Estate page', async () => {
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Readiness checklist' }).waitFor();
    await page.getByRole('button', { name: 'erp: fail' }).first().click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(/Observed: Junction exercised the system/).waitFor();
    // the reproduce command and its copy button
    await drawer.getByRole('heading', { name: 'Reproduce' }).first().waitFor();
    await drawer.getByRole('button', { name: 'Copy command' }).first().click();
    await drawer.getByText('Copied', { exact: true }).first().waitFor();
    assert.match(await page.evaluate('navigator.clipboard.readText()'), /^curl -sS -i /);

    await drawer.getByRole('button', { name: 'Accept risk…' }).click();
    const form = drawer.getByRole('form', { name: 'Accepted risk' });
    assert.equal(await form.getByLabel('Check').inputValue(), 'security.https');
    assert.equal(await form.getByLabel('System').inputValue(), 'erp');
    // more than a year ahead is refused by the file's own schema, with the field named
    await form.getByLabel('Reason').fill('Legacy ERP is only reachable through the partner VPN until Q3');
    await form.getByLabel('Accepted by').fill('K. Olsen, ERP lead');
    await form.getByLabel('Expires').fill('2099-01-01');
    await form.getByRole('button', { name: 'Accept risk' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: /expires.*at most a year ahead/ })
      .waitFor();
    await form.getByLabel('Expires').fill(new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10));
    await form.getByLabel('Ticket').fill('ERP-1234');
    await screenshot(page, 'waivers-accept-risk');
    await form.getByRole('button', { name: 'Accept risk' }).click();
    await drawer.getByText('Accepted risk written to junction.yaml: security.https on erp.').waitFor();

    const after = readFileSync(file, 'utf8');
    const waivers = parse(after).waivers as Record<string, string>[];
    assert.equal(waivers.length, 1);
    assert.deepEqual(
      { ...waivers[0], expires: undefined },
      {
        check: 'security.https',
        system: 'erp',
        reason: 'Legacy ERP is only reachable through the partner VPN until Q3',
        owner: 'K. Olsen, ERP lead',
        ticket: 'ERP-1234',
        expires: undefined,
      },
    );
    assert.ok(after.startsWith(before.slice(0, before.indexOf('waivers:'))), 'every byte before the waivers is kept');
    assert.match(after, /monitors: # watched around the clock\n/);

    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Estate' }).click();
    const table = page.getByRole('table', { name: 'Waivers' });
    await table.getByText('K. Olsen, ERP lead').waitFor();
    assert.match((await table.textContent())!, /security\.https.*erp.*partner VPN.*ERP-1234/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('heading', { name: 'Accepted risks' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'waivers-estate');
  });

  test('edit the waiver and an attestation on the Estate page', async () => {
    const waivers = page.getByRole('table', { name: 'Waivers' });
    await waivers.getByRole('button', { name: 'Edit security.https' }).click();
    const form = page.getByRole('form', { name: 'Accepted risk' });
    await form.getByLabel('Accepted by').fill('S. Patel, CISO');
    await form.getByRole('button', { name: 'Save waiver' }).click();
    await waivers.getByText('S. Patel, CISO').waitFor();
    assert.equal((parse(readFileSync(file, 'utf8')).waivers as { owner: string }[])[0].owner, 'S. Patel, CISO');

    await page.getByLabel('System', { exact: true }).selectOption('erp');
    const attestations = page.getByRole('table', { name: 'Attestations' });
    const first = (parse(readFileSync(file, 'utf8')).systems[0].attestations as { item: string }[])[0];
    await attestations.getByRole('button', { name: `Edit ${first.item}` }).click();
    const edit = page.getByRole('form', { name: 'Attestation' });
    await edit.getByLabel('Answer').selectOption('yes');
    await edit.getByLabel('Note').fill('AES-256 on every volume since the migration');
    await edit.getByRole('button', { name: 'Save attestation' }).click();
    await page.getByText(`Attestation "${first.item}" of erp written to junction.yaml.`).waitFor();
    const saved = parse(readFileSync(file, 'utf8')).systems[0].attestations[0] as { answer: string; note: string };
    assert.deepEqual([saved.answer, saved.note], ['yes', 'AES-256 on every volume since the migration']);
    await attestations.getByText('AES-256 on every volume since the migration').waitFor();
    assert.match(readFileSync(file, 'utf8'), /monitors: # watched around the clock\n/);
    await page.getByRole('heading', { name: 'Attestations' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'waivers-attestations');
    // the browser logs the one refused save (the expiry too far ahead) as a failed request; nothing else went wrong
    assert.deepEqual(
      consoleErrors.filter((message) => !/status of 422/.test(message)),
      [],
    );
    assert.equal(consoleErrors.length, 1);
  });
});
