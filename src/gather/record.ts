import { ProbeError } from '../probe/errors.js';
import { REDACTED } from '../probe/redact.js';
import type { Probe, ProbeCall } from '../probe/probe.js';
import type { HttpSample } from '../model/artifacts/http.js';

const PREVIEW_BYTES = 2048;

/** Sends one request through the probe and records it as a redacted sample; a failure is recorded, not thrown. */
export async function recordExchange(probe: Probe, call: ProbeCall): Promise<HttpSample> {
  return (await recordExchangeWithBody(probe, call)).sample;
}

/** recordExchange, also handing back the whole (unredacted, never stored) body for the caller to judge. */
export async function recordExchangeWithBody(
  probe: Probe,
  call: ProbeCall,
): Promise<{ sample: HttpSample; body?: Buffer; truncated?: boolean }> {
  const base = {
    method: call.method.toUpperCase(),
    url: probe.redactor.text(call.url),
    requestHeaders: probe.redactor.headers(call.headers ?? {}),
  };
  try {
    const response = await probe.request(call);
    const sample: HttpSample = {
      ...base,
      // the credential went too: its headers are recorded as sent, masked, so the exchange can be repeated by hand
      ...(response.credentialHeaders
        ? {
            requestHeaders: {
              ...base.requestHeaders,
              ...Object.fromEntries(response.credentialHeaders.map((name) => [name, REDACTED])),
            },
          }
        : {}),
      status: response.status,
      headers: probe.redactor.headers(response.headers),
      bodyPreview: probe.redactor.text(response.body.subarray(0, PREVIEW_BYTES).toString('utf8')),
      timings: response.timings,
      tls: response.tls && {
        protocol: response.tls.protocol,
        cipher: response.tls.cipher,
        authorized: response.tls.authorized,
      },
      ...(response.credentialWithheld ? { credentialWithheld: response.credentialWithheld } : {}),
    };
    return { sample, body: response.body, truncated: response.truncated };
  } catch (error) {
    if (!(error instanceof ProbeError)) throw error;
    return {
      sample: { ...base, error: { code: error.code, message: probe.redactor.text(error.message), phase: error.phase } },
    };
  }
}
