import { receiveOtlpTraces } from '../flows/otlp-receiver.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from '../monitor/metrics.js';
import { readOtlpRequest, sendOtlp } from './otlp-body.js';
import { otlpSpecs } from './otlp-specs.js';
import type { Route } from './server.js';

const OTLP_MAX_BYTES = 20_000_000;

/** Endpoints other modules contribute to the headless host, mounted behind its token and host checks. */
export function hostRoutes(): Route[] {
  return [
    {
      // OTLP/HTTP from instrumented services, JSON or protobuf, plain or gzip (send the token as `Authorization: Bearer …`)
      method: 'POST',
      path: '/v1/traces',
      handle: async (req, res, ctx) => {
        const request = await readOtlpRequest(req, res, OTLP_MAX_BYTES);
        if (!request) return;
        // calls are matched to the systems' specs, read once per workspace load
        const specs = await otlpSpecs(ctx, (message) => process.stderr.write(`junction: warning: ${message}\n`));
        const answer = receiveOtlpTraces(request.value, { store: ctx.store, estate: ctx.workspace.estate, specs });
        sendOtlp(res, request.encoding, answer);
      },
    },
    {
      // Prometheus scrape of samples and edges (`authorization: { credentials: <token> }` in the scrape config)
      method: 'GET',
      path: '/metrics',
      handle: (_req, res, ctx) => {
        res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' });
        res.end(renderMetrics(ctx.store, ctx.workspace.estate));
      },
    },
  ];
}
