import { receiveOtlpTraces } from '../flows/otlp-receiver.js';
import { readJson, sendJson } from './body.js';
import type { Route } from './server.js';

const OTLP_MAX_BYTES = 20_000_000;

/** Endpoints other modules contribute to the headless host, mounted behind its token and host checks. */
export function hostRoutes(): Route[] {
  return [
    {
      // OTLP/HTTP JSON from instrumented services (send the token as `Authorization: Bearer …`)
      method: 'POST',
      path: '/v1/traces',
      handle: async (req, res, ctx) => {
        const body = await readJson(req, res, OTLP_MAX_BYTES);
        if (!body) return;
        const answer = receiveOtlpTraces(body.value, { store: ctx.workspace.store, estate: ctx.workspace.workspace.estate });
        sendJson(res, answer.status, answer.body);
      },
    },
  ];
}
