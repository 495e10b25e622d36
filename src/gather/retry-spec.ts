import type { DocumentSet, Resolved } from '../openapi/documents.js';
import type { IngestedSpec } from '../openapi/ingest.js';
import type { SpecOperation, SpecParameter } from '../model/artifacts/spec.js';

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isIdempotencyKey = (parameter: SpecParameter): boolean =>
  parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key';

/** A small valid-looking value for a JSON schema: examples first, then minimums, enums and required properties. */
function sampleFromSchema(set: DocumentSet, at: Resolved | undefined, depth = 0): unknown {
  const resolved = at && set.deref(at.value, at.document, at.pointer);
  const node = resolved?.value;
  if (!resolved || !isNode(node) || depth > 8) return undefined;
  const child = (value: unknown) =>
    sampleFromSchema(set, { document: resolved.document, pointer: resolved.pointer, value }, depth + 1);
  if (node.example !== undefined) return node.example;
  if (Array.isArray(node.examples) && node.examples.length > 0) return node.examples[0];
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const type: unknown = Array.isArray(node.type) ? node.type.find((candidate) => candidate !== 'null') : node.type;
  switch (type) {
    case 'integer':
    case 'number':
      return typeof node.minimum === 'number' ? Math.max(node.minimum, 1) : 1;
    case 'boolean':
      return false;
    case 'string':
      return node.format === 'date-time'
        ? '2026-01-01T00:00:00Z'
        : node.format === 'email'
          ? 'probe@example.com'
          : 'junction-probe';
    case 'array':
      return [child(node.items)];
    default: {
      const properties = isNode(node.properties) ? node.properties : {};
      const required = Array.isArray(node.required) ? (node.required as string[]) : Object.keys(properties);
      return Object.fromEntries(required.map((name) => [name, child(properties[name])]));
    }
  }
}

/** A JSON payload for an operation's request body, built from its documented schema. */
export function samplePayload(spec: IngestedSpec, operation: SpecOperation): unknown {
  const media = operation.requestBody?.content.find((candidate) => /json/i.test(candidate.mediaType));
  if (!media?.schema) return undefined;
  const { pointer } = media.schema;
  const target = spec.documents.resolve(pointer.includes('#') ? pointer : `#${pointer}`, spec.documents.root);
  return sampleFromSchema(spec.documents, target);
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
