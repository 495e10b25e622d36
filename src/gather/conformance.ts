import type { HttpSystem } from '../model/estate.js';
import type { Probe } from '../probe/probe.js';
import { systemUrl } from '../probe/targets.js';
import type { IngestedSpec } from '../openapi/ingest.js';
import { SchemaValidator } from '../openapi/schema-validator.js';
import type { HttpGatherer } from './gatherer.js';
import { recordExchangeWithBody } from './record.js';
import type { ConformanceArtifact, ConformanceCall, SpecOperation, SpecResponse } from '../model/artifacts/spec.js';

/** Calls per system at most: conformance samples the API, it does not crawl it. */
export const MAX_CONFORMANCE_CALLS = 30;
const SAFE = new Set(['GET', 'HEAD']);

/** The documented response a status matches: exact code, then its class (2XX), then default. */
export function matchResponse(responses: readonly SpecResponse[], status: number): SpecResponse | undefined {
  return (
    responses.find((response) => response.status === String(status)) ??
    responses.find((response) => response.status.toUpperCase() === `${String(status)[0]}XX`) ??
    responses.find((response) => response.status === 'default')
  );
}

/** Does a documented media type (possibly a range like application/*) cover the response's Content-Type? */
export function mediaTypeMatches(documented: string, actual: string): boolean {
  const [type, subtype] = documented.toLowerCase().split(';')[0].trim().split('/');
  const [actualType, actualSubtype] = actual.toLowerCase().split(';')[0].trim().split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

/** The request for an operation, or why it cannot be made safely. */
export function planRequest(
  system: HttpSystem,
  operation: SpecOperation,
  allowedMethods: ReadonlySet<string>,
): { url: string; headers: Record<string, string> } | { reason: string } {
  if (!allowedMethods.has(operation.method)) return { reason: `${operation.method} is not allowed (allow.methods)` };
  if (!SAFE.has(operation.method)) {
    if (operation.requestBody?.required)
      return { reason: `${operation.method} with a required body: conformance does not invent payloads` };
  }
  let path = operation.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { accept: 'application/json, */*;q=0.5' };
  for (const parameter of operation.parameters) {
    if (parameter.example === undefined) {
      if (parameter.required)
        return { reason: `required ${parameter.in} parameter "${parameter.name}" has no example` };
      continue;
    }
    if (!parameter.required && parameter.in !== 'path') continue; // only what the call needs
    const value = String(parameter.example);
    if (parameter.in === 'path') path = path.replaceAll(`{${parameter.name}}`, encodeURIComponent(value));
    else if (parameter.in === 'query') query.set(parameter.name, value);
    else if (parameter.in === 'header' && !/^(authorization|cookie)$/i.test(parameter.name))
      headers[parameter.name.toLowerCase()] = value;
    else if (parameter.in === 'cookie')
      return { reason: `required cookie "${parameter.name}" is not sent by conformance` };
  }
  // The base URL is the API's root: a servers path (/v1) is added only when the base URL names no path of its own.
  const base = new URL(system.baseUrl);
  const prefix = base.pathname === '/' ? serverPrefix(operation.servers, base) : '';
  let url: URL;
  try {
    url = new URL(systemUrl(system, prefix + path));
  } catch (error) {
    return { reason: `the path would leave the system: ${(error as Error).message}` };
  }
  url.search = query.toString();
  return { url: url.toString(), headers };
}

/**
 * The path a server adds in front of every operation path ('/v1' for https://api.example.com/v1), taken from a
 * server that describes this deployment: a relative one, or one on the base URL's host. A server on another host
 * (the vendor's production URL in a spec served by a mock or a staging copy) says nothing about this one's paths.
 */
function serverPrefix(servers: readonly string[], base: URL): string {
  for (const server of servers) {
    const relative = !/^[a-z][a-z0-9+.-]*:\/\//i.test(server);
    try {
      const url = new URL(server, base);
      if (relative || url.hostname === base.hostname) return url.pathname.replace(/\/$/, '');
    } catch {
      continue;
    }
  }
  return '';
}

/** What the live answer does not share with the spec, in Schemathesis' terms. */
export function judgeCall(
  operation: SpecOperation,
  call: { status?: number; headers?: Record<string, string>; body?: Buffer; truncated?: boolean; error?: string },
  validator: () => SchemaValidator,
): Pick<ConformanceCall, 'matched' | 'problems'> {
  const problems: ConformanceCall['problems'] = [];
  if (call.status === undefined) return { problems: [{ rule: 'unreachable', message: call.error ?? 'no answer' }] };
  if (call.status >= 500) problems.push({ rule: 'server-error', message: `answered ${call.status}` });
  const matched = matchResponse(operation.responses, call.status);
  if (!matched) {
    problems.push({
      rule: 'status-undocumented',
      message: `status ${call.status} is not documented (documented: ${operation.responses.map((response) => response.status).join(', ')})`,
    });
    return { problems };
  }
  for (const header of matched.headers) {
    if (header.required && call.headers?.[header.name.toLowerCase()] === undefined) {
      problems.push({ rule: 'header-missing', message: `required header ${header.name} is missing` });
    }
  }
  const hasBody = operation.method !== 'HEAD' && call.body !== undefined && call.body.length > 0;
  const contentType = call.headers?.['content-type'];
  if (!hasBody || matched.content.length === 0) return { matched: matched.status, problems };
  const media = contentType
    ? matched.content.find((candidate) => mediaTypeMatches(candidate.mediaType, contentType))
    : undefined;
  if (!media) {
    problems.push({
      rule: 'content-type-undocumented',
      message: `Content-Type ${contentType ?? '(none)'} is not documented (documented: ${matched.content.map((candidate) => candidate.mediaType).join(', ')})`,
    });
    return { matched: matched.status, problems };
  }
  if (media.schema && /json/i.test(media.mediaType) && !call.truncated) {
    let value: unknown;
    try {
      value = JSON.parse(call.body!.toString('utf8'));
    } catch (error) {
      problems.push({ rule: 'body-invalid', message: `the body is not JSON: ${(error as Error).message}` });
      return { matched: matched.status, problems };
    }
    for (const error of validator().validate(media.schema.pointer, value)) {
      problems.push({ rule: 'body-invalid', message: `${error.path}: ${error.message}`, pointer: error.path });
    }
  }
  return { matched: matched.status, problems };
}

export const conformanceGatherer: HttpGatherer<'conformance'> = {
  artifact: 'conformance',
  serves: 'http',
  timeoutMs: 120_000,
  async gather({ system, probe, signal, progress, loadSpec }): Promise<ConformanceArtifact> {
    // no spec, nothing to call: the deprecation check still judges the baseline's headers
    if (!system.spec) return { specSource: '', specHash: '', calls: [], skipped: [] };
    const spec = await loadSpec();
    if ('error' in spec) throw new Error(`the spec cannot be read: ${spec.error}`);
    return callOperations(system, spec, probe, signal, progress);
  },
};

async function callOperations(
  system: HttpSystem,
  spec: IngestedSpec,
  probe: Probe,
  signal: AbortSignal,
  progress: (message: string) => void,
): Promise<ConformanceArtifact> {
  let validator: SchemaValidator | undefined;
  const lazyValidator = () => (validator ??= new SchemaValidator(spec.documents, spec.family ?? '3.0'));
  const artifact: ConformanceArtifact = {
    specSource: spec.index.source,
    specHash: spec.index.hash,
    calls: [],
    skipped: [],
  };
  for (const operation of spec.index.operations) {
    const plan = planRequest(system, operation, probe.policy.allowedMethods);
    if ('reason' in plan) {
      artifact.skipped.push({ method: operation.method, path: operation.path, reason: plan.reason });
      continue;
    }
    if (artifact.calls.length >= MAX_CONFORMANCE_CALLS || signal.aborted) {
      artifact.skipped.push({
        method: operation.method,
        path: operation.path,
        reason: `over the ${MAX_CONFORMANCE_CALLS}-call sample`,
      });
      continue;
    }
    progress(`${operation.method} ${operation.path}`);
    const { sample, body, truncated } = await recordExchangeWithBody(probe, {
      method: operation.method,
      url: plan.url,
      headers: plan.headers,
      signal,
    });
    const verdict = judgeCall(
      operation,
      {
        status: sample.status,
        headers: sample.headers,
        body,
        truncated,
        error: sample.error && `${sample.error.code}: ${sample.error.message}`,
      },
      lazyValidator,
    );
    artifact.calls.push({
      method: operation.method,
      path: operation.path,
      operationId: operation.operationId,
      deprecated: operation.deprecated,
      sample,
      ...verdict,
    });
  }
  return artifact;
}
