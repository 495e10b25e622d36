import type { ErrorObject } from 'ajv';
import type { SpecProblem } from '../model/artifacts/spec.js';
import { loadValidators, type SpecFamily } from './openapi-validators.js';
import { escapePointer } from './parse.js';
import { scalarText } from '../util/scalar-text.js';

/** Which OpenAPI family a parsed document claims, or a reason it is none. */
export function specFamily(document: unknown): { family: SpecFamily; version: string } | { error: string } {
  if (!document || typeof document !== 'object' || Array.isArray(document))
    return { error: 'the document is not an object' };
  const record = document as Record<string, unknown>;
  if (record.swagger !== undefined) {
    return scalarText(record.swagger) === '2.0'
      ? { family: '2.0', version: '2.0' }
      : { error: `unsupported swagger version "${scalarText(record.swagger)}"` };
  }
  if (typeof record.openapi === 'string') {
    if (/^3\.0\.\d+/.test(record.openapi)) return { family: '3.0', version: record.openapi };
    if (/^3\.1\.\d+/.test(record.openapi)) return { family: '3.1', version: record.openapi };
    return { error: `unsupported openapi version "${record.openapi}"` };
  }
  return { error: 'neither "openapi" nor "swagger" is set: not an OpenAPI document' };
}

/**
 * Structural errors against the official schema, reduced to the ones a person can act on. A first-error pass gives
 * the verdict: over the document with every path item emptied, then over each path item. Only what failed is
 * validated again for all its errors (an all-errors pass over a 4 MB document costs seconds), and every failing path
 * item is found in one pass, however many there are.
 */
export async function validateStructure(document: unknown, family: SpecFamily, file: string): Promise<SpecProblem[]> {
  const firstError = await loadValidators(family, 'first-error');
  const allErrors = () => loadValidators(family, 'all-errors');
  const errors: ErrorObject[] = [];
  const record = document as Record<string, unknown>;
  const paths =
    record.paths && typeof record.paths === 'object' && !Array.isArray(record.paths)
      ? (record.paths as Record<string, unknown>)
      : undefined;
  // an empty Path Item Object is valid in every version: the skeleton keeps the keys, which the schema checks too
  const skeleton = paths
    ? { ...record, paths: Object.fromEntries(Object.keys(paths).map((key) => [key, {}])) }
    : record;
  if (!firstError.document(skeleton)) {
    const { document: validate } = await allErrors();
    validate(skeleton);
    errors.push(...(validate.errors ?? []));
  }
  for (const [key, item] of Object.entries(paths ?? {})) {
    if (!key.startsWith('/') || firstError.pathItem(item)) continue;
    const { pathItem: validate } = await allErrors();
    validate(item);
    const prefix = `/paths/${escapePointer(key)}`;
    errors.push(...(validate.errors ?? []).map((error) => ({ ...error, instancePath: prefix + error.instancePath })));
  }
  return simplify(errors).map((error) => ({
    severity: 'error' as const,
    message: describe(error),
    pointer: error.instancePath,
    file,
  }));
}

const COMBINATORS = new Set(['oneOf', 'anyOf', 'not', 'if', 'then', 'else', '$ref', '$dynamicRef']);
const MAX_STRUCTURE_ERRORS = 50;

/**
 * Ajv reports every failed branch of every oneOf; keep the deepest concrete errors (the branch that got furthest),
 * drop the "must be a Reference Object" alternative when a concrete one exists, and dedupe.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const concrete = errors.filter((error) => !COMBINATORS.has(error.keyword));
  const pool = concrete.length > 0 ? concrete : errors;
  const notRefAlternative = pool.filter(
    (error) => !(error.keyword === 'required' && error.params.missingProperty === '$ref'),
  );
  const candidates = notRefAlternative.length > 0 ? notRefAlternative : pool;
  // an error is redundant when another one sits deeper under the same instance path
  const paths = candidates.map((error) => error.instancePath);
  const deepest = candidates.filter(
    (error) => !paths.some((path) => path !== error.instancePath && path.startsWith(error.instancePath + '/')),
  );
  const seen = new Set<string>();
  const result: ErrorObject[] = [];
  for (const error of mergeEnums(deepest)) {
    const key = `${error.instancePath} ${describe(error)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(error);
    if (result.length >= MAX_STRUCTURE_ERRORS) break;
  }
  return result;
}

/** oneOf branches that each allow one value become one error listing all of them. */
function mergeEnums(errors: ErrorObject[]): ErrorObject[] {
  const merged = new Map<string, ErrorObject>();
  return errors.flatMap((error) => {
    if (error.keyword !== 'enum') return [error];
    const existing = merged.get(error.instancePath);
    if (!existing) {
      const copy = { ...error, params: { allowedValues: [...(error.params.allowedValues as unknown[])] } };
      merged.set(error.instancePath, copy);
      return [copy];
    }
    (existing.params.allowedValues as unknown[]).push(...(error.params.allowedValues as unknown[]));
    return [];
  });
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `unexpected property "${String(error.params.additionalProperty)}"`;
    case 'required':
      return `missing required property "${String(error.params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unevaluatedProperties':
      return `unexpected property "${String(error.params.unevaluatedProperty)}"`;
    default:
      return error.message ?? error.keyword;
  }
}
