import { setTimeout as sleep } from 'node:timers/promises';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { httpRequest } from '../../src/probe/http.js';
import { traceparent, type DemoTelemetry } from './telemetry.js';

interface Call {
  /** the calling service (its User-Agent product and, when traced, its service.name) */
  from: string;
  traced: boolean;
  method: 'GET' | 'POST';
  path: string;
  authenticated: boolean;
}

/**
 * The integrations of the demo estate at work, so flows can be discovered: commerce takes payments (declared), the
 * ERP reads payments directly (not declared), an unknown fraud scorer probes payments without a token. Commerce
 * never asks the ERP for stock levels, so that declared flow stays silent. Spaced to stay under payments' load limit.
 */
const CALLS: Call[] = [
  ...Array.from({ length: 6 }, (): Call => ({
    from: 'commerce',
    traced: true,
    method: 'POST',
    path: '/v1/payments',
    authenticated: true,
  })),
  ...Array.from({ length: 4 }, (): Call => ({
    from: 'erp',
    traced: true,
    method: 'GET',
    path: '/v1/payments',
    authenticated: true,
  })),
  ...Array.from({ length: 2 }, (): Call => ({
    from: 'fraud-scorer',
    traced: false,
    method: 'GET',
    path: '/v1/payments',
    authenticated: false,
  })),
];

export async function driveDemoTraffic(options: {
  telemetry: DemoTelemetry;
  paymentsUrl: string;
  token: string;
  ca: string;
}): Promise<void> {
  const target = new URL(options.paymentsUrl);
  for (const [index, call] of CALLS.entries()) {
    const span = call.traced
      ? options.telemetry.tracer(call.from).startSpan(`${call.method} ${call.path}`, {
          kind: SpanKind.CLIENT,
          attributes: {
            'http.request.method': call.method,
            'server.address': target.hostname,
            'server.port': Number(target.port),
            'peer.service': 'payments',
          },
        })
      : undefined;
    const headers: Record<string, string> = { 'user-agent': `${call.from}/1.0`, 'content-type': 'application/json' };
    if (call.authenticated) headers.authorization = `Bearer ${options.token}`;
    if (call.method === 'POST') headers['idempotency-key'] = `demo-${call.from}-${index}`;
    if (span) headers.traceparent = traceparent(span);
    try {
      const response = await httpRequest({
        method: call.method,
        url: new URL(call.path, target).toString(),
        headers,
        body: call.method === 'POST' ? JSON.stringify({ amount: 1000 + index, currency: 'EUR' }) : undefined,
        ca: options.ca,
      });
      span?.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
    } catch {
      span?.setStatus({ code: SpanStatusCode.ERROR });
    } finally {
      span?.end();
    }
    await sleep(80);
  }
  await options.telemetry.flush();
}
