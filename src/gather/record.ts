import { ProbeError } from '../probe/errors.js';
import type { Probe, ProbeCall } from '../probe/probe.js';
import type { HttpSample } from './artifacts.js';

const PREVIEW_BYTES = 2048;

/** Sends one request through the probe and records it as a redacted sample; a failure is recorded, not thrown. */
export async function recordExchange(probe: Probe, call: ProbeCall): Promise<HttpSample> {
  const base = { method: call.method.toUpperCase(), url: probe.redactor.text(call.url), requestHeaders: probe.redactor.headers(call.headers ?? {}) };
  try {
    const response = await probe.request(call);
    return {
      ...base,
      status: response.status,
      headers: probe.redactor.headers(response.headers),
      bodyPreview: probe.redactor.text(response.body.subarray(0, PREVIEW_BYTES).toString('utf8')),
      timings: response.timings,
      tls: response.tls && { protocol: response.tls.protocol, cipher: response.tls.cipher, authorized: response.tls.authorized },
    };
  } catch (error) {
    if (!(error instanceof ProbeError)) throw error;
    return { ...base, error: { code: error.code, message: probe.redactor.text(error.message), phase: error.phase } };
  }
}
