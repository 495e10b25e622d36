import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { findCheck } from '../../checks/index.js';
import type { BurstArtifact, SpikeArtifact } from '../../src/model/artifacts/resilience.js';
import { busiestSecond, countingServer, type CountingServer } from '../helpers/counting-server.js';
import { openUi, screenshot, seriousViolations, type UiSession } from '../helpers/ui.js';

const PEAK_RPS = 4;
const MAX_RPS = 50;
/** the service answers 500 to every FAIL_EVERY-th request it does not limit */
const FAIL_EVERY = 8;
/** and 429 past this many requests in a second of its own clock */
const LIMIT_PER_SECOND = 45;

/** The values a series' markers stand for, read back through the ticks of the axis they are drawn against. */
async function plottedValues(figure: Locator, series: string, axis: 'left' | 'right'): Promise<number[]> {
  return figure.evaluate(
    (element, { series, axis }) => {
      const ticks = [...element.querySelectorAll(`.recharts-cartesian-axis-tick-value[orientation="${axis}"]`)].map(
        (text) => ({
          value: parseFloat(text.textContent ?? ''),
          y: Number(text.getAttribute('y')),
        }),
      );
      const [low, high] = [ticks[0], ticks.at(-1)!];
      const valueAt = (y: number) => low.value + ((y - low.y) / (high.y - low.y)) * (high.value - low.value);
      // recharts draws a series' markers in a layer of their own, named as the series
      return [...element.querySelectorAll(`.recharts-line-dots circle[name="${series}"]`)].map((dot) =>
        valueAt(Number(dot.getAttribute('cy'))),
      );
    },
    { series, axis },
  );
}

/** The largest value on the ticks of the axis on that side. */
async function axisTop(figure: Locator, side: 'bottom' | 'left' | 'right'): Promise<number> {
  const texts = await figure.locator(`.recharts-cartesian-axis-tick-value[orientation="${side}"]`).allTextContents();
  return Math.max(...texts.map((text) => parseFloat(text)));
}

// A real Node service that fails one answer in eight and limits above 45 requests a second is spiked (4, 8, 20,
// 40 rps) and then burst (50 rps) by audits started from the Audit page, which must chart every second as it arrives.
describe('the Audit page charts a running load step, in Chromium', { timeout: 120_000 }, () => {
  let service: CountingServer;
  let dir: string;
  let ui: UiSession;
  let page: Page;
  const perSecond = new Map<number, number>();
  let answered = 0;

  beforeAll(async () => {
    service = await countingServer((_req, res) => {
      const second = Math.floor(performance.now() / 1000);
      const count = (perSecond.get(second) ?? 0) + 1;
      perSecond.set(second, count);
      if (count > LIMIT_PER_SECOND) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"error":"slow down"}');
        return;
      }
      answered++;
      res.statusCode = answered % FAIL_EVERY === 0 ? 500 : 200;
      res.setHeader('content-type', 'application/json');
      // a few ms of work, so p99 is a measured figure and not a floor
      setTimeout(() => res.end('{"ok":true}'), 3);
    });
    dir = mkdtempSync(join(tmpdir(), 'junction-ui-load-'));
    writeFileSync(
      join(dir, 'junction.yaml'),
      `version: 1
name: Load estate
systems:
  - id: shop
    name: Web shop
    baseUrl: "${service.server.url}"
    healthPath: /
    expectedPeakRps: ${PEAK_RPS}
    allow: { load: { maxRps: ${MAX_RPS}, maxRequests: 400, maxSeconds: 20 } }
`,
    );
    ui = await openUi(dir);
    page = ui.page;
  });

  afterAll(async () => {
    await ui?.close();
    await service?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function runChecks(ids: string[]): Promise<void> {
    if ((await page.locator('details.card').getAttribute('open')) === null)
      await page.getByText('Choose systems and checks').click();
    for (const check of await page.locator('.pick-list input:checked').all()) await check.uncheck();
    for (const id of ids) await page.getByLabel(findCheck(id)!.title).check();
    await page.getByRole('button', { name: 'Run chosen checks' }).click();
  }

  function artifactsOfLatestRun() {
    return ui.ctx.store.runs.artifacts(ui.ctx.store.runs.latest()!.id, 'shop');
  }

  test('draws the spike second by second while it runs, at the rates the service received', async () => {
    await page.goto(ui.host.url);
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByText('No audit yet').waitFor();
    await runChecks(['scalability.spike']);

    const spike = page.locator('figure.load-chart[data-artifact="spike"]');
    await spike.locator('.recharts-line-dots circle').first().waitFor({ timeout: 15_000 });
    assert.ok(
      await page.getByRole('heading', { name: /Audit in progress/ }).isVisible(),
      'the chart is drawn while the audit runs',
    );
    assert.match(await spike.locator('figcaption').innerText(), /spike \d+×, [\d.]+ s: [\d.]+ sent\/s \(target \d+\)/);
    await screenshot(page, 'audit-load-live');

    await page.getByRole('heading', { name: /Audit finished/ }).waitFor({ timeout: 60_000 });
    await spike.scrollIntoViewIfNeeded();
    await screenshot(page, 'audit-load-spike');

    const artifact = artifactsOfLatestRun().spike.artifact as SpikeArtifact;
    assert.ok(artifact.ran, 'the spike ran');
    assert.equal(artifact.steps.length, 4, 'every step ran within the caps');
    const seconds = artifact.steps.flatMap((step) => step.load.seconds);

    // one marker per second the load generator measured, in each measured series
    const sent = await plottedValues(spike, 'sent', 'left');
    const errors = await plottedValues(spike, 'errors', 'left');
    const p99 = await plottedValues(spike, 'p99', 'right');
    assert.equal(sent.length, seconds.length, 'a sent marker per second');
    assert.equal(errors.length, seconds.length, 'an error marker per second');
    assert.equal(p99.length, seconds.filter((tick) => tick.completed > 0).length, 'a p99 marker per answered second');

    // the markers stand where the service says the load was: its busiest second is the 10× step's 40 rps
    const busiest = busiestSecond(service.arrivals);
    const highest = Math.max(...sent);
    assert.ok(
      Math.abs(highest - busiest) <= busiest * 0.25,
      `the highest sent marker ${highest.toFixed(1)}/s is near the service's busiest second, ${busiest}`,
    );
    assert.ok(sent[0] < highest / 4, `the 1× step (${sent[0].toFixed(1)}/s) is drawn well below the 10× step`);
    // one answer in eight fails: about 5 a second at 40 rps
    const mostErrors = Math.max(...errors);
    assert.ok(mostErrors >= 2 && mostErrors <= 10, `errors peak at ${mostErrors.toFixed(1)}/s`);
    const slowest = Math.max(...seconds.map((tick) => tick.p99));
    assert.ok(
      Math.abs(Math.max(...p99) - slowest) <= Math.max(2, slowest * 0.1),
      `the highest p99 marker ${Math.max(...p99).toFixed(1)} ms is the measured ${slowest} ms`,
    );

    // axes: seconds since the spike began, requests per second up to the 10× rate, p99 in ms; where each step begins
    const lastSecond = await axisTop(spike, 'bottom');
    assert.ok(lastSecond >= 4 && lastSecond <= 12, `the time axis ends at ${lastSecond} s`);
    const rateTop = await axisTop(spike, 'left');
    assert.ok(rateTop >= highest && rateTop <= 2 * PEAK_RPS * 10, `the rate axis tops at ${rateTop}/s`);
    assert.ok((await axisTop(spike, 'right')) >= slowest, 'the latency axis holds the slowest second');
    assert.deepEqual(
      (await spike.locator('svg text').allTextContents()).filter((text) => text.startsWith('spike')),
      ['1× · 4 rps', '2× · 8 rps', '5× · 20 rps', '10× · 40 rps'].map((label) => `spike ${label}`),
    );
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], violations.join('\n'));
  });

  test('a new run starts a new chart: the burst meets the limit and draws its 429s', async () => {
    await runChecks(['rate-limits.enforced']);
    const burst = page.locator('figure.load-chart[data-artifact="burst"]');
    await burst.locator('.recharts-line-dots circle').first().waitFor({ timeout: 15_000 });
    assert.equal(
      await page.locator('figure.load-chart[data-artifact="spike"]').count(),
      0,
      "the last run's chart is gone",
    );
    await page.getByRole('heading', { name: /Audit finished/ }).waitFor({ timeout: 60_000 });
    await burst.scrollIntoViewIfNeeded();
    await screenshot(page, 'audit-load-burst');

    const artifact = artifactsOfLatestRun().burst.artifact as BurstArtifact;
    assert.ok(artifact.ran && artifact.limited > 0, 'the burst was limited');
    await burst.locator('.recharts-legend-item', { hasText: '429' }).waitFor();
    const limited = await plottedValues(burst, '429', 'left');
    const sent = await plottedValues(burst, 'sent', 'left');
    assert.equal(limited.length, sent.length, 'a 429 marker for every second');
    // the service limits above 45 a second: at 50 rps about 5 a second are refused
    const mostLimited = Math.max(...limited);
    assert.ok(mostLimited >= 2 && mostLimited <= 20, `429s peak at ${mostLimited.toFixed(1)}/s`);
    assert.ok(
      Math.abs(Math.max(...sent) - MAX_RPS) <= MAX_RPS * 0.25,
      `the burst is drawn near maxRps: ${Math.max(...sent).toFixed(1)}/s`,
    );
    assert.deepEqual(ui.consoleErrors, []);
  });
});
