// Time to first meaningful paint of the Estate and Flows pages on a generated 300-system / 1,000-flow estate,
// in Debian's Chromium driving the built renderer served by the headless host. Run with `npm run bench:ui`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createApiContext } from '../src/api/context.js';
import { EdgeAggregator } from '../src/flows/aggregate.js';
import { PeerMap } from '../src/flows/peers.js';
import { startHost } from '../src/server/server.js';
import { assertRendererBuilt, launchChromium } from '../test/helpers/ui.js';

const SYSTEMS = 300;
const FLOWS = 1000;
const RUNS = 5;

/** A deterministic pseudo-random estate: a few hubs take most flows, as real estates do. */
function generateEstate(): { yaml: string; flows: { from: string; to: string }[] } {
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const systems = Array.from({ length: SYSTEMS }, (_, index) => ({
    id: `sys-${String(index).padStart(3, '0')}`,
    name: `System ${index}`,
    baseUrl: `https://127.0.0.1:${10_000 + index}`,
    owner: `team-${index % 17}`,
  }));
  const pairs = new Set<string>();
  const flows: { from: string; to: string }[] = [];
  while (flows.length < FLOWS) {
    const from = systems[Math.floor(random() ** 2 * SYSTEMS)].id;
    const to = systems[Math.floor(random() * SYSTEMS)].id;
    if (from === to || pairs.has(`${from}>${to}`)) continue;
    pairs.add(`${from}>${to}`);
    flows.push({ from, to });
  }
  return {
    yaml: stringify({
      version: 1,
      name: 'Generated estate',
      systems,
      flows: flows.map((flow) => ({ ...flow, protocol: 'http' })),
    }),
    flows,
  };
}

// Frame times while the graph is zoomed in and out for two seconds. A string: tsx would inject helpers into a function.
const ZOOM_FRAMES = `(async () => {
  const pane = document.querySelector('.react-flow__pane');
  const deltas = [];
  let last = performance.now();
  let running = true;
  const tick = (t) => { deltas.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  for (let step = 0; step < 40; step++) {
    pane.dispatchEvent(new WheelEvent('wheel', { deltaY: step % 20 < 10 ? -40 : 40, clientX: 500, clientY: 400, bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  running = false;
  return deltas.sort((a, b) => a - b);
})()`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Records, inside the page, the moment a selector first matches: no polling delay from the driver.
const watchFor = (selector: string) => `
  (() => {
    const started = performance.now();
    const check = () => { if (!window.__readyAt && document.querySelector(${JSON.stringify(selector)})) window.__readyAt = performance.now(); };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
    void started;
  })();`;

async function main(): Promise<void> {
  assertRendererBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'junction-bench-ui-'));
  const { yaml, flows } = generateEstate();
  writeFileSync(join(dir, 'junction.yaml'), yaml);
  const ctx = createApiContext(dir);
  // Traffic on every other declared flow, so edges carry rates, error rates and p95s.
  const now = Date.now();
  const aggregator = new EdgeAggregator(new PeerMap([]));
  flows
    .filter((_, index) => index % 2 === 0)
    .forEach((flow, index) => {
      for (let call = 0; call < 100 + index; call++) {
        aggregator.add({
          ts: now - (call % 60) * 1000,
          source: flow.from,
          target: flow.to,
          protocol: 'http',
          status: call < index % 7 ? 503 : 200,
          bytes: 0,
          serverMs: 20 + ((index * call) % 180),
        });
      }
    });
  ctx.store.flows.transaction(() => ctx.store.flows.mergeHours('bench', aggregator.take()));
  const host = await startHost({ ctx });
  const browser = await launchChromium();
  try {
    const measure = async (hash: string, selector: string) => {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1360, height: 880 } });
        await context.addInitScript(watchFor(selector));
        const page = await context.newPage();
        await page.goto(`${host.url}${hash}`);
        await page
          .waitForFunction(() => (globalThis as { __readyAt?: number }).__readyAt !== undefined, undefined, {
            timeout: 60_000,
          })
          .catch(async (error: unknown) => {
            await page.screenshot({ path: join(tmpdir(), 'junction-bench-ui-timeout.png') });
            throw error;
          });
        times.push(await page.evaluate<number>('window.__readyAt'));
        if (run === RUNS - 1 && hash === '#/flows') {
          const layout = await page.getByText(/Layout: \d+ ms in a worker/).innerText();
          const frames = await page.evaluate<number[]>(ZOOM_FRAMES);
          const p95 = frames[Math.floor(frames.length * 0.95)];
          console.log(
            `flows:  ${layout.toLowerCase()}; while zooming: ${frames.length} frames, median ${median(frames).toFixed(1)} ` +
              `ms, p95 ${p95.toFixed(1)} ms per frame`,
          );
        }
        await context.close();
      }
      return times;
    };
    const estate = await measure('', '[data-ready="estate"] [role="row"][aria-rowindex="2"]');
    const graph = await measure('#/flows', '[data-ready="flows"] .react-flow__edge');
    const format = (times: number[]) =>
      `median ${Math.round(median(times))} ms (runs: ${times.map(Math.round).join(', ')})`;
    console.log(`${SYSTEMS} systems, ${FLOWS} flows, cold page load in a new browser context, ${RUNS} runs`);
    console.log(`Estate page, first system row painted: ${format(estate)}`);
    console.log(`Flows page, graph with edges painted:  ${format(graph)}`);
  } finally {
    await browser.close();
    await host.close();
    ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
