import { atPointer } from '../spec/documents.js';

/** What the retry checks need from an OpenAPI document: limit statuses and operations taking an Idempotency-Key. */
export interface RetrySpecFacts {
  documentsLimitStatuses: string[];
  idempotentOperations: { method: string; path: string; required: boolean; body?: unknown }[];
}

type Node = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows local $refs (`#/components/...`), at most a few hops. */
function deref(root: unknown, value: unknown): unknown {
  let node = value;
  for (let hops = 0; hops < 8 && isNode(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#'); hops++) {
    node = atPointer(root, node.$ref.slice(1));
  }
  return node;
}

/** A small valid-looking value for a JSON schema: examples first, then minimums, enums and required properties. */
export function sampleFromSchema(root: unknown, schema: unknown, depth = 0): unknown {
  const node = deref(root, schema);
  if (!isNode(node) || depth > 8) return undefined;
  if (node.example !== undefined) return node.example;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case 'integer':
    case 'number':
      return typeof node.minimum === 'number' ? Math.max(node.minimum, 1) : 1;
    case 'boolean':
      return false;
    case 'string':
      return node.format === 'date-time' ? '2026-01-01T00:00:00Z' : node.format === 'email' ? 'probe@example.com' : 'junction-probe';
    case 'array':
      return [sampleFromSchema(root, node.items, depth + 1)];
    default: {
      const properties = isNode(node.properties) ? node.properties : {};
      const required = Array.isArray(node.required) ? (node.required as string[]) : Object.keys(properties);
      return Object.fromEntries(required.map((name) => [name, sampleFromSchema(root, properties[name], depth + 1)]));
    }
  }
}

/** The live path of a spec path: the first server's path prefix (OpenAPI 3) or basePath (Swagger 2.0). */
function livePath(root: Node, path: string): string {
  const servers = Array.isArray(root.servers) ? root.servers : [];
  const server = isNode(servers[0]) && typeof servers[0].url === 'string' ? servers[0].url : undefined;
  let prefix = typeof root.basePath === 'string' ? root.basePath : '';
  if (server) prefix = new URL(server, 'http://placeholder').pathname;
  return `${prefix.replace(/\/$/, '')}${path}`;
}

export function retrySpecFacts(document: unknown): RetrySpecFacts {
  const root = isNode(document) ? document : {};
  const paths = isNode(root.paths) ? root.paths : {};
  const limitStatuses = new Set<string>();
  const idempotentOperations: RetrySpecFacts['idempotentOperations'] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isNode(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const operation = item[method];
      if (!isNode(operation)) continue;
      const responses = isNode(operation.responses) ? Object.keys(operation.responses) : [];
      for (const status of responses) if (status === '429' || status === '503') limitStatuses.add(status);
      const parameters = [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])].map((parameter) => deref(root, parameter));
      const key = parameters.find((parameter) => isNode(parameter) && parameter.in === 'header' && String(parameter.name).toLowerCase() === 'idempotency-key');
      if (!isNode(key) || path.includes('{')) continue;
      const body = deref(root, operation.requestBody);
      const json = isNode(body) && isNode(body.content) ? deref(root, body.content['application/json']) : undefined;
      const sample = isNode(json) ? (json.example ?? sampleFromSchema(root, json.schema)) : undefined;
      idempotentOperations.push({ method: method.toUpperCase(), path: livePath(root, path), required: key.required === true, body: sample });
    }
  }
  return { documentsLimitStatuses: [...limitStatuses].sort(), idempotentOperations };
}

/** The same payload with one value changed: a number plus one, or a string suffixed. */
export function otherPayload(body: unknown): unknown {
  if (!isNode(body)) return undefined;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'number') return { ...body, [name]: value + 1 };
  }
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') return { ...body, [name]: `${value}-2` };
  }
  return undefined;
}
