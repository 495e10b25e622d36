// A deterministic extended combined access log (what nginx writes with $request_time, $upstream_response_time and
// $upstream_addr) from 40 clients through one gateway to 30 upstreams, and the estate that names them, three of them
// with a spec (so calls are matched to operations as a real estate's are): the input of bench/flows and bench/cli.
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CLIENTS = Array.from({ length: 40 }, (_, i) => `client-${i}`);
const UPSTREAMS = Array.from({ length: 30 }, (_, i) => `10.0.${Math.floor(i / 10)}.${i + 10}:8080`);
/** The paths called, `#` standing for an id that varies from call to call (thousands of distinct paths). */
const PATHS = [
  '/api/orders',
  '/api/orders/#',
  '/api/invoices',
  '/api/customers/#/addresses',
  '/health',
  '/api/stock?sku=A-#',
  '/v2/products',
  '/api/payments',
];
/** The upstreams with a spec: each documents some of the paths above; the rest of their calls are shadow traffic. */
const SPECIFIED = 3;
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
  'okhttp/4.12.0',
  'python-requests/2.32',
  'Go-http-client/1.1',
];

/** A deterministic pseudo-random sequence (mulberry32), so every run reads the same file. */
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `lines` lines of one day of gateway traffic (2026-11-25, UTC) to `file`. */
export async function writeAccessLog(file: string, lines: number): Promise<void> {
  const next = random(42);
  const out = createWriteStream(file);
  const start = Date.UTC(2026, 10, 25, 0, 0, 0);
  const p = (n: number) => String(n).padStart(2, '0');
  let chunk = '';
  for (let i = 0; i < lines; i++) {
    const d = new Date(start + Math.floor((i / lines) * 86_400_000));
    const r = next();
    const status = r < 0.9 ? 200 : r < 0.95 ? 404 : r < 0.98 ? 201 : r < 0.995 ? 502 : 504;
    const client = CLIENTS[Math.floor(next() * CLIENTS.length)];
    const upstream = UPSTREAMS[Math.floor(next() * UPSTREAMS.length)];
    const upstreamTime = (next() * next() * 0.8).toFixed(3);
    const agent = next() < 0.7 ? `${client}/1.${i % 10} ${AGENTS[i % AGENTS.length]}` : AGENTS[i % AGENTS.length];
    chunk +=
      `10.${i % 7}.${i % 250}.${i % 200} - - [${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
      `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ` +
      `+0000] "GET ${PATHS[i % PATHS.length].replace('#', String((i * 7919) % 5000))} HTTP/1.1" ${status} ${Math.floor(next() * 20_000)} "-" "${agent}" ` +
      `rt=${(Number(upstreamTime) + 0.002).toFixed(3)} urt="${upstreamTime}" ua="${upstream}"\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

/** The spec of a specified upstream: orders, invoices and customers' addresses under its address and `/api`. */
function upstreamSpec(index: number): string {
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
  const ok = { responses: { '200': { description: 'OK' } } };
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: `Upstream ${index}`, version: '1.0.0' },
    servers: [{ url: `http://${UPSTREAMS[index]}/api` }],
    paths: {
      '/orders': { get: { operationId: 'listOrders', ...ok }, post: { operationId: 'createOrder', ...ok } },
      '/orders/{orderId}': { get: { operationId: 'getOrder', parameters: [{ ...id, name: 'orderId' }], ...ok } },
      '/customers/{customerId}/addresses': {
        get: { operationId: 'listAddresses', parameters: [{ ...id, name: 'customerId' }], ...ok },
      },
      ...(index === 0 ? { '/invoices': { get: { operationId: 'listInvoices', ...ok } } } : {}),
    },
  });
}

/** Writes the specified upstreams' specs into `dir` (where the estate's `spec` paths point). */
export function writeAccessLogSpecs(dir: string): void {
  for (let i = 0; i < SPECIFIED; i++) writeFileSync(join(dir, `upstream-${i}.json`), upstreamSpec(i));
}

/** The estate of that traffic: the gateway that writes the log, 30 of the clients and 25 of the upstreams. */
export function accessLogEstate(file: string) {
  return {
    version: 1,
    name: 'bench',
    systems: [
      { id: 'gateway', name: 'Gateway', baseUrl: 'https://gateway.internal' },
      ...CLIENTS.slice(0, 30).map((id) => ({ id, name: id, baseUrl: `https://${id}.internal` })),
      ...UPSTREAMS.slice(0, 25).map((address, i) => ({
        id: `upstream-${i}`,
        name: `Upstream ${i}`,
        baseUrl: `http://${address}`,
        ...(i < SPECIFIED ? { spec: `upstream-${i}.json` } : {}),
      })),
    ],
    logSources: [
      { id: 'gateway-log', type: 'nginx-combined', path: file, system: 'gateway', clientIdentity: 'user-agent' },
    ],
  };
}
