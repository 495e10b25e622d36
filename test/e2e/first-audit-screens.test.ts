import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { FlowEdgeSummary } from '../../src/model/artifacts/flows.js';
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
import { assertLabelsClear, inside, labelOf, rateUnits, showFlows } from '../helpers/flow-screen.js';
import { assertRendererBuilt, openUi, screenshot, seriousViolations, type UiSession } from '../helpers/ui.js';

/**
 * The screens of issue #21's Verify (point 15, and 2-5 as the pages show them): the first-audit estate after a user's
 * audit, the two clients' traffic through nginx, monitor rounds before and during an outage of the orders service
 * (nginx answers 502), and `junction flows import`, all with the built CLI; then the Flows and Monitoring pages of
 * that workspace in Chromium, screenshots kept in test-output/screenshots to be looked at.
 */
describe("the Flows and Monitoring pages of issue #21's first-audit estate, in Chromium", { timeout: 150_000 }, () => {
  let estate: FirstAuditEstate;
  let app: UiSession | undefined;
  let page: Page;
  let shown: { edges: Pick<FlowEdgeSummary, 'from' | 'to'>[]; topology: { text: string } };
  const cli = async (args: string[]) => {
    const result = await runCli(args, { env: estate.env, timeoutMs: 60_000 });
    // an audit with failing findings exits 1; anything else is the command failing
    const expected = args[0] === 'audit' && result.code === 1 ? 1 : 0;
    assert.equal(result.code, expected, `junction ${args.join(' ')}: ${result.stderr}`);
    return result;
  };

  beforeAll(async () => {
    assertRendererBuilt();
    estate = await startFirstAuditEstate();
    // Junction's own requests go through the gateway too: the audit's probes and bursts, then every monitor round
    await cli(['audit', estate.dir, '--systems', 'orders,legacy', '--json']);
    await sendClientTraffic(estate);
    await cli(['monitor', estate.dir, '--rounds', '3']);
    await estate.stopOrders();
    await cli(['monitor', estate.dir, '--rounds', '2']);
    await cli(['flows', 'import', estate.dir]);
    shown = JSON.parse((await cli(['flows', 'show', estate.dir, '--json'])).stdout) as typeof shown;
    app = await openUi(estate.dir);
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    await estate?.close();
  });

  test('Flows: two client edges and no Junction, labels whole and clear of the systems, one unit, 4xx and 429 apart', async () => {
    const boxes = await showFlows(page, app!.host.url, 3);
    const { nodes, labels } = boxes;

    // 4. the four declared systems: neither Junction's probes nor nginx's upstream address became a system
    assert.deepEqual(nodes.map((node) => node.text.split('\n')[0]).sort(), [
      'CRM',
      'Legacy ERP',
      'Orders API',
      'Web shop',
    ]);
    assert.doesNotMatch(await page.locator('.flow-canvas').innerText(), /Junction|127\.0\.0\.1/);
    // 3. shop and crm are two edges; orders → legacy is declared and in no log
    assert.deepEqual(labels.map((label) => label.edge.split('>').slice(0, 2).join(' → ')).sort(), [
      'crm → orders',
      'orders → legacy',
      'shop → orders',
    ]);
    // 15. each label whole on screen (in the canvas and the window), on top of its edge, clear of systems and labels
    assertLabelsClear(boxes);
    const viewport = { x: 0, y: 0, ...page.viewportSize()! };
    for (const label of labels) assert.ok(inside(label, viewport), `${label.edge} inside the viewport`);

    // 5. per client, the count and the 5xx, 4xx (not 429) and 429 shares as nginx logged them, each on its own
    const log = gatewayLog(estate);
    const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
    for (const [system, agent] of [
      ['shop', SHOP_AGENT],
      ['crm', CRM_AGENT],
    ]) {
      const { count, server, client, limited } = loggedShares(log, agent);
      assert.ok(client > 0 && limited > 0, `${agent} has 404s and 429s`);
      const [first, second] = labelOf(labels, system, 'orders').split('\n');
      assert.match(
        first,
        new RegExp(`^${count.toLocaleString('en-US')} calls · [\\d.,]+/(min|h|day) · p95 [\\d.]+ ms$`),
      );
      assert.equal(second, `5xx ${percent(server)} · 4xx ${percent(client)} · 429 ${percent(limited)}`, system);
    }
    assert.equal(labelOf(labels, 'orders', 'legacy'), 'not watched');
    // 15. one unit on every hop, and the page says which
    const units = rateUnits(labels);
    assert.equal(units.length, 1, units.join());
    const words = { min: 'per minute', h: 'per hour', day: 'per day' }[units[0] as 'min' | 'h' | 'day'];
    await page.getByText(`rates are calls ${words}, averaged over this window`).waitFor();
    // 4. the page's topology words are flows show's, and flows show has the same two edges
    assert.ok(
      (await page.locator('.page-head').innerText()).includes(shown.topology.text),
      `"${shown.topology.text}" on the page`,
    );
    assert.deepEqual(shown.edges.map((edge) => `${edge.from}>${edge.to}`).sort(), ['crm>orders', 'shop>orders']);
    await screenshot(page, 'first-audit-flows');
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(app!.consoleErrors, []);
  });

  test('Monitoring: every open alert above the charts, the outage in Now and an availability below 100%', async () => {
    await page.getByRole('link', { name: 'Monitoring' }).click();
    await page.getByLabel('Monitor').selectOption({ label: 'Orders API /health' });
    await page.locator('[data-ready="monitoring"]').waitFor();
    // 2. and 15. the 502s of the outage, the 404 of /v1/health and the 401 of /data: three monitors down, three alerts
    const banner = page.getByRole('alert').filter({ hasText: 'open alert' });
    const alerts = (await banner.locator('li').allInnerTexts()).map((text) => text.replace(/ since .*$/, '')).sort();
    assert.deepEqual(alerts, [
      'Legacy ERP /data · Down: 2 consecutive checks failed (HTTP 401, expected 2xx or 3xx)',
      'Orders API /health · Down: 2 consecutive checks failed (HTTP 502, expected 2xx or 3xx)',
      'Orders API /v1/health · Down: 2 consecutive checks failed (HTTP 404, expected 2xx or 3xx)',
    ]);
    assert.match(await banner.locator('h2').innerText(), /^3 open alerts$/);
    const bannerBox = (await banner.boundingBox())!;
    const chartsBox = (await page.locator('.kpis').boundingBox())!;
    assert.ok(bannerBox.y + bannerBox.height <= chartsBox.y, 'the alerts stand above the figures and charts');
    assert.match(await page.locator('.kpi').filter({ hasText: 'Now' }).innerText(), /down · 502/);
    // three rounds answered, two during the outage: 60.00%, never rounded to 100%
    // (the label is upper-cased by CSS)
    const availability = await page.locator('.kpi').filter({ hasText: 'Availability' }).innerText();
    assert.match(availability, /^availability\s+60\.00%\s+2 of 5 checks failed$/i);
    await screenshot(page, 'first-audit-monitoring');

    // a monitor that never answered as expected is at 0%, with its 401 said
    await page.getByLabel('Monitor').selectOption({ label: 'Legacy ERP /data' });
    await page.locator('.kpi').filter({ hasText: 'Now' }).filter({ hasText: 'down · 401' }).waitFor();
    assert.match(
      await page.locator('.kpi').filter({ hasText: 'Availability' }).innerText(),
      /^availability\s+0\.00%\s+5 of 5 checks failed$/i,
    );
    await screenshot(page, 'first-audit-monitoring-legacy');
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(app!.consoleErrors, []);
  });
});
