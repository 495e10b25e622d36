import { appendFileSync, mkdirSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { closeServer, listenOnLoopback } from './listen.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** nginx's $time_local, in UTC: `26/Nov/2026:10:00:01 +0000`. */
export function timeLocal(date: Date): string {
  const day = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export interface DemoTelemetry {
  /** OpenTelemetry tracer of a demo service (service.name), exporting OTLP/HTTP JSON to the demo collector */
  tracer(service: string): Tracer;
  /** per-request hook of a service: a SERVER span (child of the caller's traceparent) and an access-log line */
  observe(service: string, accessLog?: string): (req: IncomingMessage, res: ServerResponse) => void;
  /** URL of the demo's Slack-compatible webhook receiver, and what it received */
  webhookUrl: string;
  webhooks: unknown[];
  /** exports what is buffered */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** W3C traceparent of a client span, so the callee's SERVER span becomes its child. */
export function traceparent(span: Span): string {
  const context = span.spanContext();
  return `00-${context.traceId}-${context.spanId}-01`;
}

function parentContext(header: string | string[] | undefined) {
  const match = typeof header === 'string' ? /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(header) : null;
  if (!match) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: match[1], spanId: match[2], traceFlags: 1, isRemote: true });
}

/**
 * The demo's observability: every service traced with the OpenTelemetry SDK and exporting to a local collector that
 * appends each export request as one line of `traces` (the OTel collector's file exporter format), access logs in
 * nginx's extended combined format, and a webhook receiver standing in for Slack.
 */
export async function startDemoTelemetry(files: { traces: string }): Promise<DemoTelemetry> {
  mkdirSync(dirname(files.traces), { recursive: true });
  const webhooks: unknown[] = [];
  const collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/v1/traces') appendFileSync(files.traces, `${JSON.stringify(JSON.parse(body))}\n`);
      else if (req.url === '/webhook') webhooks.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  const port = await listenOnLoopback(collector);
  const providers = new Map<string, NodeTracerProvider>();
  const tracer = (service: string): Tracer => {
    let provider = providers.get(service);
    if (!provider) {
      provider = new NodeTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` }))],
      });
      providers.set(service, provider);
    }
    return provider.getTracer('junction-demo');
  };
  return {
    tracer,
    observe: (service, accessLog) => {
      if (accessLog) mkdirSync(dirname(accessLog), { recursive: true });
      return (req, res) => {
        const started = performance.now();
        const at = new Date();
        const url = new URL(req.url ?? '/', 'http://service');
        const span = tracer(service).startSpan(
          `${req.method} ${url.pathname}`,
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': url.pathname },
          },
          parentContext(req.headers.traceparent),
        );
        res.on('finish', () => {
          span.setAttribute('http.response.status_code', res.statusCode);
          if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          if (!accessLog) return;
          const seconds = ((performance.now() - started) / 1000).toFixed(3);
          const agent = (req.headers['user-agent'] ?? '-').replace(/"/g, '\\x22');
          const bytes = Number(res.getHeader('content-length') ?? 0);
          appendFileSync(
            accessLog,
            `${req.socket.remoteAddress ?? '-'} - - [${timeLocal(at)}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ` +
              `${res.statusCode} ${bytes} "-" "${agent}" rt=${seconds} urt="-" ua="-"\n`,
          );
        });
      };
    },
    webhookUrl: `http://127.0.0.1:${port}/webhook`,
    webhooks,
    flush: async () => {
      await Promise.all([...providers.values()].map((provider) => provider.forceFlush()));
    },
    stop: async () => {
      await Promise.all([...providers.values()].map((provider) => provider.shutdown()));
      await closeServer(collector);
    },
  };
}
