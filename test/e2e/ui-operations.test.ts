import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { runCli } from '../helpers/cli.js';
import { gatewayEstateYaml } from '../helpers/gateway-estate.js';
import { inside, showFlows } from '../helpers/flow-screen.js';
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

/** A spec of `paths` (`GET /orders listOrders`), its server the gateway's URL with `base` in front of its paths. */
const spec = (title: string, server: string, operations: string[]) => {
  const paths = new Map<string, string[]>();
  for (const line of operations) {
    const [method, path, operationId] = line.split(' ');
    paths.set(path, [
      ...(paths.get(path) ?? []),
      `    ${method.toLowerCase()}:\n      operationId: ${operationId}\n      responses: { '200': { description: ok } }`,
    ]);
  }
  return (
    `openapi: 3.0.3\ninfo: { title: ${title}, version: 1.0.0 }\nservers:\n  - url: ${server}\npaths:\n` +
    [...paths].map(([path, methods]) => `  ${path}:\n${methods.join('\n')}`).join('\n') +
    '\n'
  );
};

/** One operation as a panel lists it. */
interface Row {
  operation: string;
  chip: string | null;
  figures: string | null;
  callers: string | null;
}

async function rowsOf(list: Locator): Promise<Row[]> {
  return list.locator(':scope > li').evaluateAll((items) =>
    items.map((item) => ({
      operation: item.getAttribute('data-operation')!,
      chip: item.querySelector('.chip')?.textContent ?? null,
      figures: item.querySelector('.operation-figures')?.textContent ?? null,
      callers: item.querySelector('.operation-callers')?.textContent ?? null,
    })),
  );
}

/** `11 calls · 5xx 0.0% · 4xx+429 9.1% · p95 <any> ms`, with the p95 measured by nginx (so not known in advance). */
const figures = (calls: number, serverErrors: string, clientErrors: string) =>
  new RegExp(
    `^${calls} calls · 5xx ${serverErrors.replace('.', '\\.')}% · 4xx\\+429 ${clientErrors.replace('.', '\\.')}% · p95 [\\d.]+ ms$`,
  );

function assertRows(actual: Row[], expected: [string, string | null, RegExp | null, string | null][], what: string) {
  assert.deepEqual(
    actual.map((row) => row.operation),
    expected.map(([operation]) => operation),
    `${what}: the operations, most called first`,
  );
  expected.forEach(([operation, chip, figuresPattern, callers], index) => {
    const row = actual[index];
    assert.equal(row.chip, chip, `${what}: ${operation} documented or not`);
    if (figuresPattern) assert.match(row.figures ?? '', figuresPattern, `${what}: ${operation} figures`);
    else assert.equal(row.figures, null);
    assert.equal(row.callers, callers, `${what}: ${operation} callers`);
  });
}

/** Nothing in the side panel is cut off sideways: no row and no panel wider than the room it has. */
async function assertNothingClipped(page: Page): Promise<void> {
  const overflowing = await page
    .locator('.flow-side, .flow-side .card, .operations > li, .operation-head > *')
    .evaluateAll((elements) =>
      elements
        .filter((element) => element.scrollWidth > element.clientWidth + 1)
        .map((element) => `${element.className}: ${element.textContent?.slice(0, 60)}`),
    );
  assert.deepEqual(overflowing, [], 'nothing wider than its box');
  const side = (await page.locator('.flow-side').boundingBox())!;
  const viewport = { x: 0, y: 0, ...page.viewportSize()! };
  assert.ok(inside({ ...side, height: 1 }, viewport), 'the side panel inside the window');
}

// A real nginx gateway in front of two Node services whose specs the test writes. Two clients call through it,
// each on documented operations and on paths no spec documents; nginx writes the access log, and the built CLI
// imports it. The Flows page must list, per hop and per system, exactly the operations and counts driven here.
describe('operations on the Flows page, from a real nginx gateway log, in Chromium', { timeout: 150_000 }, () => {
  /** the two services behind the gateway, each answering a few paths with an error */
  const services: TestServer[] = [];
  let nginx: RunningGateway | undefined;
  let dir: string | undefined;
  let app: UiSession | undefined;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    assertRendererBuilt();
    const answering = (failing: Record<string, number>) =>
      startHttpServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        res.statusCode = failing[req.url ?? ''] ?? 200;
        res.end('{}');
      }).then((server) => (services.push(server), server));
    // a 404 on one order, a 429 on one page of the list (an operation's 4xx share counts it; the edge keeps it apart)
    const orders = await answering({ '/orders/4040': 404, '/orders?page=9': 429 });
    const billing = await answering({ '/invoices/999': 503 });
    dir = mkdtempSync(join(tmpdir(), 'junction-ui-operations-'));
    // orders keeps its paths behind the gateway; billing is published under /billing (its spec's server path).
    // junction.yaml names each service where it listens, which is where nginx's log says it relayed each call.
    nginx = await startGateway(join(dir, 'gateway.log'), [
      `location /orders { proxy_pass http://127.0.0.1:${orders.port}; }`,
      `location /billing/ { proxy_pass http://127.0.0.1:${billing.port}/; }`,
    ]);
    const gatewayUrl = nginx.url;
    const shop = 'svc/shop 2.3';
    const crm = 'svc/crm 1.0';
    await callAs(gatewayUrl, shop, '/orders', { times: 8 });
    await callAs(gatewayUrl, shop, '/orders?page=9');
    await callAs(gatewayUrl, shop, ['/orders/1001', '/orders/1002', '/orders/1003', '/orders/1004', '/orders/1005']);
    await callAs(gatewayUrl, shop, ['/orders/1006', '/orders/4040']);
    await callAs(gatewayUrl, crm, ['/orders/2001', '/orders/2002', '/orders/2003', '/orders/2004']);
    await callAs(gatewayUrl, shop, '/orders/1001/internal-notes', { times: 3 });
    await callAs(gatewayUrl, crm, '/billing/invoices?customer=c-1&token=s3cr3t-query', { times: 5 });
    await callAs(gatewayUrl, crm, ['/billing/invoices/7001', '/billing/invoices/7002', '/billing/invoices/7003']);
    await callAs(gatewayUrl, crm, '/billing/invoices/999');
    await callAs(gatewayUrl, shop, '/billing/invoices', { times: 2 });
    await callAs(gatewayUrl, crm, '/billing/admin/reindex', { times: 2, method: 'POST' });

    writeFileSync(
      join(dir, 'orders.yaml'),
      spec('Orders', gatewayUrl, [
        'GET /orders listOrders',
        'GET /orders/{orderId} getOrder',
        'DELETE /orders/{orderId} cancelOrder',
      ]),
    );
    writeFileSync(
      join(dir, 'billing.yaml'),
      spec('Billing', `${gatewayUrl}/billing`, [
        'GET /invoices listInvoices',
        'GET /invoices/{invoiceId} getInvoice',
        'POST /payments createPayment',
      ]),
    );
    writeFileSync(join(dir, 'ledger.yaml'), spec('Ledger', 'https://ledger.example', ['GET /entries listEntries']));
    writeFileSync(
      join(dir, 'junction.yaml'),
      gatewayEstateYaml({
        name: 'Operations estate',
        gatewayUrl,
        ordersUrl: orders.url,
        billingUrl: billing.url,
        extra: { orders: 'spec: orders.yaml', billing: 'spec: billing.yaml', ledger: 'spec: ledger.yaml' },
      }),
    );
    const imported = await runCli(['flows', 'import', dir], { timeoutMs: 60_000 });
    assert.equal(imported.code, 0, `junction flows import: ${imported.stderr}`);
    app = await openUi(dir);
    ({ page, consoleErrors } = app);
  });

  afterAll(async () => {
    await app?.close();
    await nginx?.stop();
    await Promise.all(services.map((service) => service.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Clicks an edge's label and answers the list of its operations, once shown. */
  async function openEdge(from: string, to: string): Promise<Locator> {
    await page.locator(`.flow-edge-label[data-edge^="${from}>${to}>"]`).click();
    const list = page
      .getByRole('region', { name: `${from} → ${to}` })
      .getByRole('list', { name: `Operations called on ${from} → ${to}` });
    await list.waitFor();
    return list;
  }

  /** Clicks a system on the graph and answers its panel. */
  async function openSystem(name: string): Promise<Locator> {
    await page.locator('.react-flow__node', { hasText: name }).click();
    const panel = page.getByRole('region', { name });
    await panel.and(page.locator('[data-ready="operations"]')).waitFor();
    return panel;
  }

  type Expected = Parameters<typeof assertRows>[1];

  /** A system panel's three lists, each exactly as expected. */
  async function assertSystemLists(
    panel: Locator,
    what: string,
    lists: { documented: Expected; shadow: Expected; unused: Expected },
  ): Promise<void> {
    assertRows(
      await rowsOf(panel.getByRole('list', { name: 'Documented operations called' })),
      lists.documented,
      `${what}, documented`,
    );
    assertRows(await rowsOf(panel.getByRole('list', { name: 'Shadow operations' })), lists.shadow, `${what}, shadow`);
    assertRows(
      await rowsOf(panel.getByRole('list', { name: 'Unused documented operations' })),
      lists.unused,
      `${what}, unused`,
    );
  }

  test("clicking a gateway hop lists its operations, most called first, with calls, 5xx, 4xx, p95 and the gateway's clients", async () => {
    await showFlows(page, app!.host.url, 5);
    const panel = page.getByRole('region', { name: 'gateway → orders' });
    assertRows(
      await rowsOf(await openEdge('gateway', 'orders')),
      [
        ['GET /orders/{orderId}', 'documented', figures(11, '0.0', '9.1'), 'by shop 7, crm 4'],
        ['GET /orders', 'documented', figures(9, '0.0', '11.1'), 'by shop 9'],
        ['GET /orders/{id}/internal-notes', 'undocumented', figures(3, '0.0', '0.0'), 'by shop 3'],
      ],
      'gateway → orders',
    );
    // the edge itself keeps the 429 apart from the other 4xx: one of 23 calls each
    assert.match(
      await panel.locator('dl.kv').innerText(),
      /Client errors \(4xx, not 429\)\n4\.3%\nRate limited \(429\)\n4\.3%/,
    );
    await assertNothingClipped(page);
    await panel.screenshot({ path: join(SCREENSHOT_DIR, 'operations-edge-orders.png') });

    // billing is published under /billing: its spec's server path is stripped before matching; the query is gone
    assertRows(
      await rowsOf(await openEdge('gateway', 'billing')),
      [
        ['GET /invoices', 'documented', figures(7, '0.0', '0.0'), 'by crm 5, shop 2'],
        ['GET /invoices/{invoiceId}', 'documented', figures(4, '25.0', '0.0'), 'by crm 4'],
        ['POST /admin/reindex', 'undocumented', figures(2, '0.0', '0.0'), 'by crm 2'],
      ],
      'gateway → billing',
    );
    assert.doesNotMatch(await page.locator('body').innerText(), /s3cr3t|customer=/, 'no query string on the page');
    await screenshot(page, 'operations-edge-billing');
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(consoleErrors, []);
  });

  test("a client's hop into the gateway lists the gateway's own paths; a direct hop names no callers", async () => {
    const list = await openEdge('crm', 'gateway');
    await page
      .getByRole('region', { name: 'crm → gateway' })
      .getByText('Edge gateway has no spec in junction.yaml')
      .waitFor();
    assertRows(
      await rowsOf(list),
      [
        ['GET /billing/invoices', null, figures(5, '0.0', '0.0'), null],
        ['GET /billing/invoices/{id}', null, figures(4, '25.0', '0.0'), null],
        ['GET /orders/{id}', null, figures(4, '0.0', '0.0'), null],
        ['POST /billing/admin/reindex', null, figures(2, '0.0', '0.0'), null],
      ],
      'crm → gateway',
    );
    await assertNothingClipped(page);

    // a declared hop nobody logs: its empty state says why there is nothing
    await page.locator('.flow-edge-label[data-edge^="billing>ledger>"]').click();
    await page
      .getByRole('region', { name: 'billing → ledger' })
      .getByText('No calls in the window, so no operations.')
      .waitFor();
    assert.deepEqual(consoleErrors, []);
  });

  test("a system's panel lists its documented, shadow and unused operations, and says when its traffic is not observed", async () => {
    const orders = await openSystem('Orders service');
    await assertSystemLists(orders, 'orders', {
      documented: [
        ['GET /orders/{orderId}', null, figures(11, '0.0', '9.1'), 'by shop 7, crm 4'],
        ['GET /orders', null, figures(9, '0.0', '11.1'), 'by shop 9'],
      ],
      shadow: [['GET /orders/{id}/internal-notes', null, figures(3, '0.0', '0.0'), 'by shop 3']],
      unused: [['DELETE /orders/{orderId}', null, /^cancelOrder$/, null]],
    });
    await orders.getByRole('heading', { name: 'Shadow operations (1)' }).waitFor();
    await orders.getByRole('heading', { name: 'Unused documented operations (1)' }).waitFor();
    assert.equal(
      await page
        .locator('.react-flow__node .flow-node.selected')
        .innerText()
        .then((text) => text.split('\n')[0]),
      'Orders service',
      'the system whose panel is open is marked',
    );
    await assertNothingClipped(page);
    await orders.screenshot({ path: join(SCREENSHOT_DIR, 'operations-system-orders.png') });

    // from the keyboard: a system focused and Enter opens its panel as a click does
    await page.locator('.react-flow__node', { hasText: 'Billing service' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Billing service' }).waitFor();
    await assertSystemLists(await openSystem('Billing service'), 'billing', {
      documented: [
        ['GET /invoices', null, figures(7, '0.0', '0.0'), 'by crm 5, shop 2'],
        ['GET /invoices/{invoiceId}', null, figures(4, '25.0', '0.0'), 'by crm 4'],
      ],
      shadow: [['POST /admin/reindex', null, figures(2, '0.0', '0.0'), 'by crm 2']],
      unused: [['POST /payments', null, /^createPayment$/, null]],
    });

    // nothing logs the ledger's incoming traffic: its one documented operation is not called unused
    const ledger = await openSystem('Ledger');
    await ledger.locator('[data-observed="no"]').waitFor();
    assert.match(
      await ledger.locator('[data-observed="no"]').innerText(),
      /^Not observed: no log source or trace covers the traffic Ledger receives, .* Its one documented operation is not judged\.$/,
    );
    await ledger.getByText('No call to Ledger in the window.').waitFor();
    assert.equal(await ledger.getByRole('list').count(), 0, 'nothing listed: neither called nor unused');
    await screenshot(page, 'operations-system-ledger');

    // the gateway has no spec: what it was called on, as called, with its clients; nothing documented or unused
    const gateway = await openSystem('Edge gateway');
    await gateway.getByText('No spec in junction.yaml: its 6 called paths are listed as called').waitFor();
    assertRows(
      await rowsOf(gateway.getByRole('list', { name: 'Operations called' })),
      [
        ['GET /orders/{id}', null, figures(11, '0.0', '9.1'), 'by shop 7, crm 4'],
        ['GET /orders', null, figures(9, '0.0', '11.1'), 'by shop 9'],
        ['GET /billing/invoices', null, figures(7, '0.0', '0.0'), 'by crm 5, shop 2'],
        ['GET /billing/invoices/{id}', null, figures(4, '25.0', '0.0'), 'by crm 4'],
        ['GET /orders/{id}/internal-notes', null, figures(3, '0.0', '0.0'), 'by shop 3'],
        ['POST /billing/admin/reindex', null, figures(2, '0.0', '0.0'), 'by crm 2'],
      ],
      'gateway',
    );
    assert.equal(await gateway.getByRole('heading', { name: /Shadow|Unused/ }).count(), 0);
    await assertNothingClipped(page);
    await screenshot(page, 'operations-system-gateway');

    // a client nothing calls, without a spec
    await (
      await openSystem('Web shop')
    )
      .getByText(
        'No call to Web shop in the window carried an HTTP method and path, and junction.yaml gives it no spec.',
      )
      .waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(consoleErrors, []);
  });

  test('the panels read in the dark theme too: chips, figures and notes pass the contrast rules', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    await openEdge('gateway', 'orders');
    assert.deepEqual(await seriousViolations(page), [], 'an edge panel with documented and undocumented chips');
    await screenshot(page, 'operations-edge-orders-dark');
    await openSystem('Orders service');
    assert.deepEqual(await seriousViolations(page), [], 'a system panel');
    await openSystem('Ledger');
    assert.deepEqual(await seriousViolations(page), [], 'the not-observed note');
    await screenshot(page, 'operations-system-ledger-dark');
    assert.deepEqual(consoleErrors, []);
  });
});
