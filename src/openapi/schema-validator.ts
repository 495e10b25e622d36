import { pathToFileURL } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { DocumentSet, SpecDocument } from './documents.js';
import type { SpecFamily } from './openapi-validators.js';

export interface InstanceError {
  /** JSON pointer in the validated value */
  path: string;
  message: string;
}

const MAX_INSTANCE_ERRORS = 10;

/**
 * Validates live response bodies (documentation.conformance) against the spec's own schemas with one Ajv instance per spec:
 * every document is added once under its file URL, and each schema pointer is compiled once, on first use.
 * OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 and Swagger 2.0 schemas are converted to their draft-07 meaning.
 */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction | Error>();
  private readonly ids = new Map<SpecDocument, string>();

  /** `allErrors: false` (the lint: one error per example is enough) compiles and runs faster. */
  constructor(
    private readonly set: DocumentSet,
    family: SpecFamily,
    { allErrors = true } = {},
  ) {
    const options = {
      strict: false,
      allErrors,
      validateSchema: false,
      logger: false,
      addUsedSchema: false,
      inlineRefs: false,
    } as const;
    this.ajv = family === '3.1' ? new Ajv2020(options) : new Ajv(options);
    (addFormats as unknown as (ajv: Ajv) => void)(this.ajv);
    for (const document of new Set(set.documents.values())) {
      // a text include (a .md description) is no schema
      if (document.value === null || typeof document.value !== 'object') continue;
      const id = /^https?:/.test(document.location) ? document.location : pathToFileURL(document.location).toString();
      this.ids.set(document, id);
      const value = family === '3.1' ? document.value : toDraft7(document.value);
      this.ajv.addSchema(value as object, id);
    }
  }

  /** `pointer` as the index writes it: a pointer in the root document, or `file#pointer`. */
  validate(pointer: string, value: unknown): InstanceError[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      const { document, pointer: inner } = this.set.at(pointer);
      try {
        validate = this.ajv.compile({ $ref: `${this.ids.get(document)}#${encodeURI(inner)}` });
      } catch (error) {
        validate = error as Error;
      }
      this.compiled.set(pointer, validate);
    }
    if (validate instanceof Error) return [{ path: '', message: `the schema cannot be compiled: ${validate.message}` }];
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, MAX_INSTANCE_ERRORS).map(describeError);
  }
}

function describeError(error: ErrorObject): InstanceError {
  const path = error.instancePath || '/';
  switch (error.keyword) {
    case 'required':
      return { path, message: `missing required property "${String(error.params.missingProperty)}"` };
    case 'additionalProperties':
      return { path, message: `unexpected property "${String(error.params.additionalProperty)}"` };
    case 'unevaluatedProperties':
      return { path, message: `unexpected property "${String(error.params.unevaluatedProperty)}"` };
    case 'enum':
      return {
        path,
        message: `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`,
      };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

/**
 * OpenAPI 3.0 and Swagger 2.0 schemas are draft-04 flavoured: boolean exclusiveMinimum/Maximum, `x-nullable`.
 * A copy in draft-07 terms (Ajv understands `nullable` itself). The copy also breaks YAML alias sharing.
 */
function toDraft7(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft7);
  if (!node || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  // identifiers make Ajv register (and reject, when malformed) every nested schema: pointers address them instead
  // (a string under `id` is an identifier; an object under `id` is a property named id, and stays)
  for (const key in source) {
    if ((key === '$id' || key === 'id' || key === '$schema') && typeof source[key] === 'string') continue;
    copy[key] = toDraft7(source[key]);
  }
  if (source['x-nullable'] === true) copy.nullable = true;
  for (const [flag, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (typeof source[flag] === 'boolean') {
      if (source[flag] === true && typeof source[bound] === 'number') {
        copy[flag] = source[bound];
        delete copy[bound];
      } else delete copy[flag];
    }
  }
  if (source.type === 'file') delete copy.type;
  return copy;
}
