import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginx, type RunningNginx } from './nginx.js';
import { OpensslCa } from './openssl-certs.js';
import { startHttpServer, type TestServer } from './servers.js';

/**
 * The estate of issue #21, as a new user built it: a real nginx with TLS from a private CA in front of a small
 * orders service (spec in two files, a previous version with one breaking change, 429 with Retry-After above 5
 * requests a second on GET /orders), a slow plain-HTTP legacy service with an Apache banner and a bearer token on
 * /data, two clients calling through the gateway under their own User-Agents, and a monitor each. nginx writes the
 * gateway's access log into the workspace, where junction.yaml names it.
 */

export const SHOP_AGENT = 'svc/shop 2.3';
export const CRM_AGENT = 'svc/crm 1.0';
/** the token /data takes; junction.yaml names it ${env:LEGACY_TOKEN} */
export const LEGACY_TOKEN = 'legacy-token-7f3a9c';
/** how long the legacy service takes to answer */
export const LEGACY_DELAY_MS = 120;
/** GET /orders answers 429 beyond this many requests a second */
export const ORDERS_LIMIT_PER_SECOND = 5;

const ORDER_IDS = Array.from({ length: 10 }, (_, index) => `ord-${1001 + index}`);

export interface FirstAuditEstate {
  /** the workspace folder: junction.yaml, specs/, certs/ca.pem, logs/gateway.log */
  dir: string;
  /** the gateway (nginx, TLS) that fronts the orders service: orders' base URL */
  gatewayUrl: string;
  /** the CA that issued the gateway's certificate, PEM */
  ca: string;
  legacyUrl: string;
  /** where the orders service itself listens, behind nginx: the gateway's upstream */
  ordersBackendPort: number;
  /** the environment the CLI needs (LEGACY_TOKEN) */
  env: NodeJS.ProcessEnv;
  logPath: string;
  /** stops the orders service behind nginx, which then answers 502: an outage the monitor must see */
  stopOrders(): Promise<void>;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.end(JSON.stringify(body));
};

const problem = (res: ServerResponse, status: number, title: string) =>
  json(res, status, { type: 'about:blank', title, status }, 'application/problem+json');

/** GET /orders admits ORDERS_LIMIT_PER_SECOND requests in each whole second, as a fixed-window limiter does. */
function fixedWindow(limit: number): () => boolean {
  let second = 0;
  let used = 0;
  return () => {
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) [second, used] = [now, 0];
    return ++used <= limit;
  };
}

function ordersHandler(): (req: IncomingMessage, res: ServerResponse) => void {
  const admit = fixedWindow(ORDERS_LIMIT_PER_SECOND);
  // total is a string since 2.0.0, as the current spec says (the previous one said number: the breaking change)
  const order = (id: string) => ({ id, status: 'open', total: '42.50' });
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://orders').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 405, 'Method Not Allowed');
    if (path === '/health') return json(res, 200, { status: 'ok' });
    if (path === '/orders') {
      if (!admit()) {
        res.setHeader('retry-after', '1');
        return problem(res, 429, 'Too Many Requests');
      }
      return json(res, 200, { orders: ORDER_IDS.slice(0, 3).map(order) });
    }
    const id = /^\/orders\/([^/]+)$/.exec(path)?.[1];
    if (id && ORDER_IDS.includes(id)) return json(res, 200, order(id));
    problem(res, 404, 'Not Found');
  };
}

/** A slow Apache-fronted service: /data wants the bearer token, everything else is Apache's HTML 404. */
function legacyHandler(req: IncomingMessage, res: ServerResponse): void {
  setTimeout(() => {
    res.setHeader('server', 'Apache/2.4.41 (Ubuntu)');
    if (new URL(req.url ?? '/', 'http://legacy').pathname !== '/data') {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/html; charset=iso-8859-1');
      return res.end('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN"><title>404 Not Found</title>');
    }
    if (req.headers.authorization !== `Bearer ${LEGACY_TOKEN}`) {
      res.statusCode = 401;
      res.setHeader('www-authenticate', 'Bearer realm="legacy"');
      return res.end();
    }
    json(res, 200, { rows: [] });
  }, LEGACY_DELAY_MS);
}

const SPEC = (gatewayUrl: string) => `openapi: 3.0.3
info:
  title: Orders API
  version: 2.0.0
servers:
  - url: ${gatewayUrl}
paths:
  /health:
    get:
      operationId: health
      summary: Liveness
      responses:
        '200':
          description: up
          content:
            application/json:
              schema:
                type: object
  /orders:
    get:
      operationId: listOrders
      summary: The latest orders
      parameters:
        - name: status
          in: query
          required: false
          schema:
            type: string
      responses:
        '200':
          description: orders
          content:
            application/json:
              schema:
                $ref: 'schemas.yaml#/OrderList'
        '429':
          description: more than ${ORDERS_LIMIT_PER_SECOND} requests a second
          headers:
            Retry-After:
              description: seconds to wait
              schema:
                type: integer
          content:
            application/problem+json:
              schema:
                $ref: 'schemas.yaml#/Problem'
  /orders/{id}:
    get:
      operationId: getOrder
      summary: One order
      parameters:
        - name: id
          in: path
          required: true
          example: ord-1001
          schema:
            type: string
      responses:
        '200':
          description: the order
          content:
            application/json:
              schema:
                $ref: 'schemas.yaml#/Order'
        '404':
          description: no such order
          content:
            application/problem+json:
              schema:
                $ref: 'schemas.yaml#/Problem'
`;

/** The schemas file; `total` is a string now, a number in the previous version: the one breaking change. */
const SCHEMAS = (totalType: 'string' | 'number') => `OrderList:
  type: object
  properties:
    orders:
      type: array
      items:
        $ref: '#/Order'
Order:
  type: object
  properties:
    id:
      type: string
    status:
      type: string
    total:
      type: ${totalType}
Problem:
  type: object
  properties:
    type:
      type: string
    title:
      type: string
    status:
      type: integer
`;

const WORKSPACE = (gatewayUrl: string, legacyUrl: string) => `version: 1
name: First audit
systems:
  - id: orders
    name: Orders API
    baseUrl: ${gatewayUrl}
    healthPath: /health
    spec: specs/openapi.yaml
    specPrevious: specs/previous/openapi.yaml
    tls: { ca: certs/ca.pem }
    expectedPeakRps: 2
    sloMs: 300
    allow: { load: { maxRps: 30, maxRequests: 90, maxSeconds: 3 } }
  - id: legacy
    name: Legacy ERP
    baseUrl: ${legacyUrl}
    auth: { type: bearer, token: "\${env:LEGACY_TOKEN}" }
    expectedPeakRps: 2
    allow: { load: { maxRps: 20, maxRequests: 40, maxSeconds: 2 } }
  - { id: shop, name: Web shop, baseUrl: "https://shop.example", aliases: [svc/shop] }
  - { id: crm, name: CRM, baseUrl: "https://crm.example", aliases: [svc/crm] }
flows:
  - { from: shop, to: orders }
  - { from: crm, to: orders }
  - { from: orders, to: legacy }
logSources:
  - { id: gateway-log, type: nginx-combined, path: logs/gateway.log, system: orders, clientIdentity: user-agent }
monitors:
  - { system: orders, path: /health, interval: 30s }
  - { id: orders-v1, system: orders, path: /v1/health, interval: 30s }
  - { system: legacy, path: /data, interval: 30s }
`;

/** Starts the services and nginx and writes the workspace; `close` stops them and removes every folder. */
export async function startFirstAuditEstate(): Promise<FirstAuditEstate> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-first-audit-'));
  for (const sub of ['specs/previous', 'certs', 'logs']) mkdirSync(join(dir, sub), { recursive: true });
  const ca = OpensslCa.create('First Audit Test CA');
  const leaf = ca.issue({ name: 'gateway' });
  writeFileSync(join(dir, 'certs', 'ca.pem'), ca.cert);
  let orders: TestServer | undefined;
  let legacy: TestServer | undefined;
  let nginx: RunningNginx | undefined;
  const close = async () => {
    await nginx?.stop();
    await orders?.close();
    await legacy?.close();
    ca.remove();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    orders = await startHttpServer(ordersHandler());
    legacy = await startHttpServer(legacyHandler);
    const logPath = join(dir, 'logs', 'gateway.log');
    const backend = orders.port;
    nginx = await startNginx(
      1,
      ([port]) =>
        `
  log_format extended '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent ` +
        `"$http_referer" "$http_user_agent" rt=$request_time urt="$upstream_response_time" ua="$upstream_addr"';
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${leaf.certPath};
    ssl_certificate_key ${leaf.keyPath};
    access_log ${logPath} extended;
    location / { proxy_pass http://127.0.0.1:${backend}; }
  }`,
    );
    const gatewayUrl = `https://127.0.0.1:${nginx.ports[0]}`;
    writeFileSync(join(dir, 'specs', 'openapi.yaml'), SPEC(gatewayUrl));
    writeFileSync(join(dir, 'specs', 'schemas.yaml'), SCHEMAS('string'));
    writeFileSync(join(dir, 'specs', 'previous', 'openapi.yaml'), SPEC(gatewayUrl));
    writeFileSync(join(dir, 'specs', 'previous', 'schemas.yaml'), SCHEMAS('number'));
    writeFileSync(join(dir, 'junction.yaml'), WORKSPACE(gatewayUrl, legacy.url));
    return {
      dir,
      gatewayUrl,
      ca: ca.cert,
      legacyUrl: legacy.url,
      ordersBackendPort: backend,
      env: { LEGACY_TOKEN },
      logPath,
      stopOrders: async () => {
        await orders?.close();
        orders = undefined;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What the i-th call of a client asks: mostly known orders, the limited list, unknown orders (404) and health. */
function pathOf(index: number): string {
  switch (index % 10) {
    case 5:
    case 6:
      return '/orders';
    case 9:
      return '/orders?status=open&customer=c-77';
    case 7:
      return `/orders/ord-${9000 + index}`;
    case 8:
      return '/health';
    default:
      return `/orders/${ORDER_IDS[index % ORDER_IDS.length]}`;
  }
}

/**
 * The two clients' traffic through the gateway: `total` GETs, three in five from svc/shop, over kept-alive TLS
 * connections, `parallel` at a time, in runs of ten calls of one client. Far above 5 a second on GET /orders, so most of those are answered 429.
 */
export async function sendClientTraffic(estate: FirstAuditEstate, total = 2000, parallel = 8): Promise<void> {
  const agent = new https.Agent({ keepAlive: true, maxSockets: parallel, ca: estate.ca });
  let next = 0;
  const one = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const request = https.get(
        `${estate.gatewayUrl}${pathOf(index)}`,
        { agent, headers: { 'user-agent': Math.floor(index / 10) % 5 < 3 ? SHOP_AGENT : CRM_AGENT } },
        (response) => {
          response.resume();
          response.on('end', resolve);
        },
      );
      request.on('error', reject);
    });
  const worker = async () => {
    while (next < total) await one(next++);
  };
  try {
    await Promise.all(Array.from({ length: parallel }, worker));
  } finally {
    agent.destroy();
  }
}

export interface LoggedRequest {
  agent: string;
  method: string;
  /** the request target as nginx logged it, query included */
  target: string;
  status: number;
}

/** The gateway's access log as nginx wrote it, read line by line with a regular expression of the combined format. */
export function gatewayLog(estate: FirstAuditEstate): LoggedRequest[] {
  const line = /^\S+ - \S+ \[[^\]]+\] "(\S+) (\S+) [^"]*" (\d{3}) \d+ "[^"]*" "([^"]*)"/;
  return readFileSync(estate.logPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((text) => {
      const match = line.exec(text);
      if (!match) throw new Error(`not a combined log line: ${text}`);
      return { method: match[1], target: match[2], status: Number(match[3]), agent: match[4] };
    });
}

/** A client's calls in the gateway log and the shares of them answered 5xx, 4xx other than 429, and 429. */
export function loggedShares(log: LoggedRequest[], agent: string) {
  const calls = log.filter((line) => line.agent === agent);
  const share = (test: (status: number) => boolean) => calls.filter((line) => test(line.status)).length / calls.length;
  return {
    count: calls.length,
    server: share((status) => status >= 500),
    client: share((status) => status >= 400 && status < 500 && status !== 429),
    limited: share((status) => status === 429),
  };
}
