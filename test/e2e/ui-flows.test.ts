import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openContext } from '../../src/estate/context.js';
import { importSource } from '../../src/flows/import.js';
import { gatewayEstateYaml } from '../helpers/gateway-estate.js';
import { assertLabelsClear, flowBoxes, inside, labelOf, rateUnits, showFlows } from '../helpers/flow-screen.js';
import { callAs, startGateway, type RunningGateway } from '../helpers/nginx.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import {
  assertRendererBuilt,
  openUi,
  SCREENSHOT_DIR,
  screenshot,
  seriousViolations,
  type UiSession,
} from '../helpers/ui.js';

// A real nginx gateway in front of two Node services; three clients call through it under their own user agents
// (one of them declared nowhere), and the gateway's access log, written by nginx, is imported. Every hop of one
// client's traffic (shop → gateway → orders) carries the same calls, so the page must show it at the same rate.
describe('the Flows page on a gateway estate, in Chromium', { timeout: 150_000 }, () => {
  let nginx: RunningGateway;
  let orders: TestServer;
  let billing: TestServer;
  let dir: string;
  let app: UiSession | undefined;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    assertRendererBuilt();
    orders = await startHttpServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.statusCode = req.url?.includes('missing') ? 404 : 200;
      res.end('{"orders":[]}');
    });
    billing = await startHttpServer((req, res) => {
      res.statusCode = req.url?.includes('fail') ? 503 : 200;
      res.end('{"invoices":[]}');
    });
    // nginx writes its access log straight into the workspace, where junction.yaml names it
    dir = mkdtempSync(join(tmpdir(), 'junction-ui-flows-'));
    nginx = await startGateway(join(dir, 'gateway.log'), [
      `location /orders/ { proxy_pass http://127.0.0.1:${orders.port}; }`,
      `location /billing/ { proxy_pass http://127.0.0.1:${billing.port}; }`,
    ]);
    const gatewayUrl = nginx.url;
    await callAs(gatewayUrl, 'svc/shop 2.3', '/orders/list', { times: 40 });
    await callAs(gatewayUrl, 'svc/shop 2.3', '/orders/missing', { times: 4 });
    await callAs(gatewayUrl, 'svc/crm 1.0', '/billing/invoices', { times: 16 });
    await callAs(gatewayUrl, 'svc/crm 1.0', '/billing/fail', { times: 4 });
    await callAs(gatewayUrl, 'reporting-robot/0.9', '/billing/invoices', { times: 6 });

    writeFileSync(
      join(dir, 'junction.yaml'),
      gatewayEstateYaml({
        name: 'Gateway estate',
        gatewayUrl,
        ordersUrl: orders.url,
        billingUrl: billing.url,
        names: { billing: 'Billing and invoicing service' },
      }),
    );
    const importing = openContext(dir);
    try {
      const source = importing.workspace.estate.logSources[0];
      await importSource(importing.store, importing.workspace.estate, source, {
        resolvePath: importing.workspace.resolvePath,
      });
    } finally {
      importing.close();
    }
    app = await openUi(dir);
    ({ page, consoleErrors } = app);
  });

  afterAll(async () => {
    await app?.close();
    await nginx?.stop();
    await orders?.close();
    await billing?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('draws every edge label above the systems and inside the canvas, one rate unit for every hop', async () => {
    const shown = await showFlows(page, app!.host.url, 6);
    assert.equal(shown.nodes.length, 7, 'six systems and the unknown reporting-robot');
    assert.equal(shown.labels.length, 6, 'five flows in traffic and the unwatched billing → ledger');
    assertLabelsClear(shown);
    // the same 44 calls on both hops, averaged over the same 7 days, in the same unit: 44 / 7 = 6.3 a day
    assert.match(
      labelOf(shown.labels, 'shop', 'gateway'),
      /^44 calls · 6\.3\/day · p95 [\d.]+ ms\n5xx 0\.0% · 4xx 9\.1% · 429 0\.0%$/,
    );
    assert.match(
      labelOf(shown.labels, 'gateway', 'orders'),
      /^44 calls · 6\.3\/day · p95 [\d.]+ ms\n5xx 0\.0% · 4xx 9\.1% · 429 0\.0%$/,
    );
    // crm's 20 calls and the robot's 6 reach billing: 26, of which crm's 4 failures
    assert.match(labelOf(shown.labels, 'gateway', 'billing'), /^26 calls · 3\.7\/day .*\n5xx 15\.4% /);
    assert.equal(labelOf(shown.labels, 'billing', 'ledger'), 'not watched');
    assert.deepEqual(rateUnits(shown.labels), ['day'], 'one unit on every label');
    await page.getByText('rates are calls per day, averaged over this window').waitFor();
    await screenshot(page, 'flows-gateway');
    assert.deepEqual(await seriousViolations(page), []);

    // a shorter window: the same calls, now in the hour that holds them, and the unit follows for every hop
    await page.getByLabel('Traffic window').selectOption({ label: 'Last hour of traffic' });
    await page
      .locator('.flow-edge-label', { hasText: /^44 calls · 44\/h/ })
      .first()
      .waitFor();
    const hour = await flowBoxes(page);
    assert.match(labelOf(hour.labels, 'gateway', 'orders'), /^44 calls · 44\/h /);
    assert.match(labelOf(hour.labels, 'crm', 'gateway'), /^20 calls · 20\/h /);
    await page.getByText('rates are calls per hour, averaged over this window').waitFor();
    for (const label of hour.labels) assert.ok(inside(label, hour.canvas), `${label.edge} inside the canvas`);

    // a label is part of its edge: clicking it opens the edge's panel
    await page.locator('.flow-edge-label[data-edge^="crm>gateway>"]').click();
    const panel = page.getByRole('region', { name: 'crm → gateway' });
    await panel.getByText('20 in the window (20/h)').waitFor();
    await screenshot(page, 'flows-gateway-hour');
    assert.deepEqual(consoleErrors, []);
  });

  /** Clicks an export button and reads the file the page saved. */
  async function exported(format: string): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Export as ${format}` }).click(),
    ]);
    const path = await file.path();
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  }

  const SYSTEMS = ['billing', 'crm', 'gateway', 'ledger', 'orders', 'reporting-robot', 'shop'];
  const HOPS = [
    'billing>ledger',
    'crm>gateway',
    'gateway>billing',
    'gateway>orders',
    'reporting-robot>gateway',
    'shop>gateway',
  ];

  test('exports the graph on screen as SVG, PNG, JSON and Graphviz DOT', async () => {
    const svg = await exported('SVG');
    assert.match(svg.name, /^junction-flows-\d{4}-\d\d-\d\d\.svg$/);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg.bytes.toString()) as {
      svg: {
        width: string;
        height: string;
        g: { class: string; 'data-id'?: string; 'data-from'?: string; 'data-to'?: string; text?: unknown }[];
      };
    };
    const groups = parsed.svg.g;
    assert.deepEqual(
      groups
        .filter((g) => g.class === 'node')
        .map((g) => g['data-id'])
        .sort(),
      SYSTEMS,
    );
    assert.deepEqual(
      groups
        .filter((g) => g.class === 'edge')
        .map((g) => `${g['data-from']}>${g['data-to']}`)
        .sort(),
      HOPS,
    );
    assert.equal(groups.filter((g) => g.class === 'label').length, 6, 'every label drawn');
    assert.match(svg.bytes.toString(), />44 calls · 44\/h · p95 [\d.]+ ms</, 'the labels as the page shows them');
    assert.match(svg.bytes.toString(), /rates are calls per hour, averaged over traffic \d{4}-/);

    // the PNG is the SVG drawn at twice its size
    const png = await exported('PNG');
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.equal(png.bytes.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.equal(png.bytes.readUInt32BE(16), 2 * Number(parsed.svg.width), 'width');
    assert.equal(png.bytes.readUInt32BE(20), 2 * Number(parsed.svg.height), 'height');
    // kept beside the screenshots, to be looked at
    writeFileSync(join(SCREENSHOT_DIR, 'flows-export.png'), png.bytes);
    writeFileSync(join(SCREENSHOT_DIR, 'flows-export.svg'), svg.bytes);

    const json = JSON.parse((await exported('JSON')).bytes.toString()) as {
      window: { from: string; until: string; text: string };
      rateUnit: string;
      nodes: { id: string }[];
      edges: { from: string; to: string; count: number; documented: boolean; serverErrorRate: number | null }[];
    };
    assert.equal(Date.parse(json.window.until) - Date.parse(json.window.from), 3_600_000, 'the window on screen');
    assert.equal(json.rateUnit, 'h');
    assert.deepEqual(json.nodes.map((node) => node.id).sort(), SYSTEMS);
    assert.deepEqual(
      json.edges.map((edge) => `${edge.from}>${edge.to}:${edge.count}${edge.documented ? '' : ' undocumented'}`).sort(),
      [
        'billing>ledger:0',
        'crm>gateway:20',
        'gateway>billing:26',
        'gateway>orders:44',
        'reporting-robot>gateway:6 undocumented',
        'shop>gateway:44',
      ],
    );

    // Graphviz itself (compiled to WebAssembly) reads the DOT file back
    const dot = (await exported('DOT (Graphviz)')).bytes.toString();
    const graphviz = await Graphviz.load();
    const read = JSON.parse(graphviz.dot(dot, 'json')) as {
      objects: { name: string; label: string }[];
      edges: { tail: number; head: number; label: string; style?: string }[];
    };
    const names = read.objects.map((object) => object.name);
    assert.deepEqual([...names].sort(), SYSTEMS);
    assert.deepEqual(read.edges.map((edge) => `${names[edge.tail]}>${names[edge.head]}`).sort(), HOPS);
    const robot = read.edges.find((edge) => names[edge.tail] === 'reporting-robot')!;
    assert.equal(robot.style, 'dashed', 'the undocumented flow dashed, as on the page');

    // a filter narrows what is exported to what is shown
    await page.getByLabel('Undocumented only').check();
    await page.locator('.flow-edge-label').nth(1).waitFor({ state: 'detached' });
    assert.equal(await page.locator('.flow-edge-label').count(), 1, 'only the undocumented flow is shown');
    const narrowed = JSON.parse((await exported('JSON')).bytes.toString()) as { edges: { from: string }[] };
    assert.deepEqual(
      narrowed.edges.map((edge) => edge.from),
      ['reporting-robot'],
    );
    await page.getByLabel('Undocumented only').uncheck();
    assert.deepEqual(consoleErrors, []);
  });
});
