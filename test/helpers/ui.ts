import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApiContext } from '../../src/api/context.js';
import { httpRequest } from '../../src/probe/http.js';
import { RENDERER_DIR } from '../../src/server/renderer-build.js';
import { hostRoutes } from '../../src/server/routes.js';
import { startHost, type RunningHost } from '../../src/server/server.js';
import type { MonitorSample } from '../../src/store/sample-repository.js';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'screenshots');

/** The e2e tests drive the built renderer: say how to build it rather than fail on a blank page. */
export function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`${join(RENDERER_DIR, 'index.html')} is missing: run "npm run build" before the e2e tests`);
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/**
 * A page in a fresh light-themed context of the size the screenshots are looked at in, downloads accepted, and the
 * console errors it logs (a test asserts there are none).
 */
export async function openPage(browser: Browser): Promise<{ page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 880 },
    acceptDownloads: true,
    colorScheme: 'light',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { page, consoleErrors };
}

/** A workspace's UI: its api context behind a headless host on 127.0.0.1, and a page of it in Chromium. */
export interface UiSession {
  ctx: ReturnType<typeof createApiContext>;
  host: RunningHost;
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function openUi(dir: string): Promise<UiSession> {
  assertRendererBuilt();
  const ctx = createApiContext(dir);
  const host = await startHost({ ctx, routes: hostRoutes() });
  const browser = await launchChromium();
  const { page, consoleErrors } = await openPage(browser);
  return {
    ctx,
    host,
    browser,
    page,
    consoleErrors,
    close: async () => {
      await browser.close();
      await host.close();
      ctx.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Serious and critical axe violations, described one per line (empty when the page passes). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(' | ')}`,
    );
}

/**
 * Real monitor samples: `count` GETs of `url` with their measured phase timings, stamped one `spacingMs` apart
 * ending now (the chart needs an hour of history the test cannot wait for). `failUrl` answers none: its samples are failures.
 */
export async function measureSamples(
  monitorId: string,
  options: { url: string; ca: string; count: number; spacingMs: number; failEvery?: number; failUrl?: string },
): Promise<MonitorSample[]> {
  const now = Date.now();
  const samples: MonitorSample[] = [];
  for (let index = 0; index < options.count; index++) {
    const ts = now - (options.count - 1 - index) * options.spacingMs;
    const failing =
      options.failEvery !== undefined &&
      options.failUrl !== undefined &&
      index % options.failEvery === options.failEvery - 1;
    try {
      const response = await httpRequest({
        method: 'GET',
        url: failing ? options.failUrl! : options.url,
        ca: options.ca,
        timeouts: { connect: 1000, total: 3000 },
      });
      samples.push({ monitorId, ts, ok: response.status < 400, status: response.status, timings: response.timings });
    } catch (error) {
      samples.push({ monitorId, ts, ok: false, error: (error as Error).message });
    }
  }
  return samples;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** An OTLP/HTTP JSON export of `calls` CLIENT→SERVER span pairs from one service to another, `errors` of them failed. */
export function otlpCalls(from: string, to: string, calls: number, errors: number, spanMs = 40): unknown {
  const clients: unknown[] = [];
  const servers: unknown[] = [];
  const now = Date.now();
  for (let index = 0; index < calls; index++) {
    const traceId = hex(16);
    const clientId = hex(8);
    const start = BigInt(now - (calls - index) * 20_000) * 1_000_000n;
    const failed = index < errors;
    const status = { code: failed ? 2 : 1 };
    const base = {
      traceId,
      startTimeUnixNano: String(start),
      attributes: [attr('http.request.method', 'GET')],
      status,
    };
    clients.push({
      ...base,
      spanId: clientId,
      kind: 3,
      name: 'GET',
      endTimeUnixNano: String(start + BigInt(spanMs + (index % 7)) * 1_000_000n),
    });
    servers.push({
      ...base,
      spanId: hex(8),
      parentSpanId: clientId,
      kind: 2,
      name: 'GET /',
      endTimeUnixNano: String(start + BigInt(spanMs - 5 + (index % 7)) * 1_000_000n),
    });
  }
  const resource = (service: string, spans: unknown[]) => ({
    resource: { attributes: [attr('service.name', service)] },
    scopeSpans: [{ spans }],
  });
  return { resourceSpans: [resource(from, clients), resource(to, servers)] };
}
