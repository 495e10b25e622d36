import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
// the deep equality Ajv uses (enum, const, uniqueItems), so equal values stay what they were
import equal from 'fast-deep-equal';
import type { DocumentSet, SpecDocument } from './documents.js';
import { escapePointer } from './parse.js';
import type { InstanceError } from './schema-validator.js';
import type { SpecFamily } from './openapi-validators.js';

const MAX_INSTANCE_ERRORS = 10;
/** Schemas applied inside one another: a `$ref` cycle that consumes no data, or absurdly deep data, ends here. */
const MAX_DEPTH = 1000;

const FORMATS = fullFormats as Record<string, Format>;
const patterns = new Map<string, RegExp>();

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/**
 * Validates a spec's examples against its own schemas (the lint) by walking them: each schema is applied to one or
 * two examples, so compiling it (Ajv generated 1.3 MB of code for Twilio's example schemas, 0.5 s) costs far more
 * than interpreting it. Live responses keep Ajv (schema-validator.ts); a test holds this walker to Ajv's verdicts
 * and messages over every keyword it interprets. Formats are ajv-formats' own definitions.
 * OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 and Swagger 2.0 schemas add `nullable`/`x-nullable` and boolean
 * `exclusiveMinimum`/`exclusiveMaximum`. `$ref`s are followed through the document set, so only loaded documents
 * are read.
 */
export class ExampleValidator {
  private readonly draft4Style: boolean;
  private readonly allErrors: boolean;

  /** `allErrors: false` (the lint: one error per example is enough) stops at the first error. */
  constructor(
    private readonly set: DocumentSet,
    family: SpecFamily,
    { allErrors = true } = {},
  ) {
    this.draft4Style = family !== '3.1';
    this.allErrors = allErrors;
  }

  /** `pointer` as the index writes it: a pointer in the root document, or `file#pointer`. */
  validate(pointer: string, value: unknown): InstanceError[] {
    const { document, value: schema } = this.set.at(pointer);
    const walk = new Walk(this.set, this.draft4Style, this.allErrors);
    try {
      if (schema === undefined) throw new Error(`no schema at ${pointer}`);
      walk.check(schema, document, value, '', 0);
    } catch (error) {
      return [{ path: '/', message: `the schema cannot be used: ${(error as Error).message}` }];
    }
    return walk.errors.slice(0, MAX_INSTANCE_ERRORS).map((error) => ({ ...error, path: error.path || '/' }));
  }
}

/** The properties and items of one value that a schema (with its in-place applicators) evaluated: for unevaluated*. */
interface Evaluated {
  properties: Set<string>;
  allProperties: boolean;
  items: Set<number>;
  allItems: boolean;
}

const evaluatedNothing = (): Evaluated => ({
  properties: new Set(),
  allProperties: false,
  items: new Set(),
  allItems: false,
});

function merge(into: Evaluated, from: Evaluated): void {
  for (const name of from.properties) into.properties.add(name);
  for (const index of from.items) into.items.add(index);
  into.allProperties ||= from.allProperties;
  into.allItems ||= from.allItems;
}

/** The outcome of one schema's keywords: with allErrors off, the first failing keyword ends the schema, as in Ajv. */
class Verdict {
  valid = true;
  constructor(private readonly allErrors: boolean) {}

  /** Records a keyword's result; true when the schema should stop there. */
  stops(ok: boolean): boolean {
    this.valid &&= ok;
    return !this.valid && !this.allErrors;
  }
}

/** One validation: the errors found so far, in Ajv's order. */
class Walk {
  readonly errors: InstanceError[] = [];

  constructor(
    private readonly set: DocumentSet,
    private readonly draft4Style: boolean,
    private readonly allErrors: boolean,
  ) {}

  /** Applies `schema` (a node of `document`) to `value` at `path`; `evaluated` collects annotations for the caller. */
  check(
    schema: unknown,
    document: SpecDocument,
    value: unknown,
    path: string,
    depth: number,
    evaluated?: Evaluated,
  ): boolean {
    if (schema === false) return this.fail(path, 'boolean schema is false');
    const node = asObject(schema);
    if (!node) return true;
    if (depth > MAX_DEPTH)
      throw new Error(`schemas nest deeper than ${MAX_DEPTH} levels (a $ref cycle, or a value nested as deep)`);
    // annotations are tracked only where an unevaluated* keyword here or in a schema applying this one needs them
    const own =
      evaluated ||
      (!this.draft4Style && (node.unevaluatedProperties !== undefined || node.unevaluatedItems !== undefined))
        ? evaluatedNothing()
        : undefined;
    const valid = this.apply(node, document, value, path, depth, own);
    if (evaluated && own) merge(evaluated, own);
    return valid;
  }

  private apply(
    node: Json,
    document: SpecDocument,
    value: unknown,
    path: string,
    depth: number,
    own: Evaluated | undefined,
  ): boolean {
    const verdict = new Verdict(this.allErrors);
    const ref = node.$ref ?? node.$dynamicRef ?? node.$recursiveRef;
    if (typeof ref === 'string') {
      const target = this.set.resolve(ref, document);
      if (!target) throw new Error(`$ref "${ref}" cannot be resolved`);
      if (verdict.stops(this.check(target.value, target.document, value, path, depth + 1, own))) return false;
    }
    if (verdict.stops(this.checkType(node, value, path))) return false;
    if (
      node.const !== undefined &&
      !equal(value, node.const) &&
      verdict.stops(this.fail(path, 'must be equal to constant'))
    )
      return false;
    if (Array.isArray(node.enum) && !node.enum.some((allowed) => equal(value, allowed))) {
      if (
        verdict.stops(
          this.fail(path, `must be one of ${node.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`),
        )
      )
        return false;
    }
    if (verdict.stops(this.checkCombinators(node, document, value, path, depth, own))) return false;
    if (typeof value === 'number' && verdict.stops(this.checkNumber(node, value, path))) return false;
    if (typeof value === 'string' && verdict.stops(this.checkString(node, value, path))) return false;
    if (Array.isArray(value) && verdict.stops(this.checkArray(node, document, value, path, depth, own))) return false;
    const object = asObject(value);
    if (object && verdict.stops(this.checkObject(node, document, object, path, depth, own))) return false;
    return verdict.valid;
  }

  private fail(path: string, message: string): false {
    this.errors.push({ path, message });
    return false;
  }

  /** Runs `work` and forgets the errors it reported. */
  private quietly<T>(work: () => T): T {
    const before = this.errors.length;
    try {
      return work();
    } finally {
      this.errors.length = before;
    }
  }

  private checkType(node: Json, value: unknown, path: string): boolean {
    const types =
      typeof node.type === 'string'
        ? [node.type]
        : Array.isArray(node.type)
          ? node.type.filter((type) => typeof type === 'string')
          : [];
    // a malformed `type` is the structural validation's to report; Swagger 2.0's `file` is no JSON type
    if (types.length === 0 || (this.draft4Style && node.type === 'file')) return true;
    if (node.nullable === true || (this.draft4Style && node['x-nullable'] === true)) types.push('null');
    return types.some((type) => hasType(value, type)) || this.fail(path, `must be ${String(node.type)}`);
  }

  private checkCombinators(
    node: Json,
    document: SpecDocument,
    value: unknown,
    path: string,
    depth: number,
    own: Evaluated | undefined,
  ): boolean {
    const verdict = new Verdict(this.allErrors);
    if (node.not !== undefined && this.quietly(() => this.check(node.not, document, value, path, depth + 1))) {
      if (verdict.stops(this.fail(path, 'must NOT be valid'))) return false;
    }
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const options = node[keyword];
      if (!Array.isArray(options)) continue;
      const before = this.errors.length;
      let passing = 0;
      for (const option of options) {
        const branch = own && evaluatedNothing();
        if (!this.check(option, document, value, path, depth + 1, branch)) continue;
        passing++;
        if (own && branch) merge(own, branch);
        // annotations count from every passing branch; without them the first one settles anyOf; a second settles oneOf
        if ((keyword === 'anyOf' && !own) || passing > 1) break;
      }
      if (keyword === 'anyOf' ? passing > 0 : passing === 1) this.errors.length = before;
      else if (
        verdict.stops(
          this.fail(
            path,
            keyword === 'anyOf' ? 'must match a schema in anyOf' : 'must match exactly one schema in oneOf',
          ),
        )
      )
        return false;
    }
    if (Array.isArray(node.allOf)) {
      for (const member of node.allOf)
        if (verdict.stops(this.check(member, document, value, path, depth + 1, own))) return false;
    }
    if (node.if !== undefined && (node.then !== undefined || node.else !== undefined)) {
      const condition = own && evaluatedNothing();
      const holds = this.quietly(() => this.check(node.if, document, value, path, depth + 1, condition));
      if (holds && own && condition) merge(own, condition);
      const clause = holds ? 'then' : 'else';
      // with allErrors off, Ajv ends at the clause's own error, as inside any subschema that is not an alternative
      if (node[clause] !== undefined && !this.check(node[clause], document, value, path, depth + 1, own)) {
        if (verdict.stops(this.allErrors && this.fail(path, `must match "${clause}" schema`))) return false;
      }
    }
    return verdict.valid;
  }

  private checkNumber(node: Json, value: number, path: string): boolean {
    const bound = (keyword: 'maximum' | 'minimum', exclusive: 'exclusiveMaximum' | 'exclusiveMinimum') => {
      const limit = node[keyword];
      const strict = node[exclusive];
      // draft-04 style: a boolean exclusive* makes maximum/minimum strict
      if (typeof strict === 'boolean') return typeof limit === 'number' ? { limit, strict } : undefined;
      return typeof limit === 'number' ? { limit, strict: false } : undefined;
    };
    const checks: { limit: number; ok: boolean; sign: string }[] = [];
    const maximum = bound('maximum', 'exclusiveMaximum');
    if (maximum)
      checks.push({
        limit: maximum.limit,
        ok: maximum.strict ? value < maximum.limit : value <= maximum.limit,
        sign: maximum.strict ? '<' : '<=',
      });
    const minimum = bound('minimum', 'exclusiveMinimum');
    if (minimum)
      checks.push({
        limit: minimum.limit,
        ok: minimum.strict ? value > minimum.limit : value >= minimum.limit,
        sign: minimum.strict ? '>' : '>=',
      });
    if (typeof node.exclusiveMaximum === 'number')
      checks.push({ limit: node.exclusiveMaximum, ok: value < node.exclusiveMaximum, sign: '<' });
    if (typeof node.exclusiveMinimum === 'number')
      checks.push({ limit: node.exclusiveMinimum, ok: value > node.exclusiveMinimum, sign: '>' });
    const verdict = new Verdict(this.allErrors);
    for (const { limit, ok, sign } of checks)
      if (!ok && verdict.stops(this.fail(path, `must be ${sign} ${limit}`))) return false;
    if (
      typeof node.multipleOf === 'number' &&
      value / node.multipleOf !== parseInt(String(value / node.multipleOf), 10)
    ) {
      if (verdict.stops(this.fail(path, `must be multiple of ${node.multipleOf}`))) return false;
    }
    return this.checkFormat(node, value, 'number', path) && verdict.valid;
  }

  private checkString(node: Json, value: string, path: string): boolean {
    const verdict = new Verdict(this.allErrors);
    const length = typeof node.maxLength === 'number' || typeof node.minLength === 'number' ? codePoints(value) : 0;
    if (
      typeof node.maxLength === 'number' &&
      length > node.maxLength &&
      verdict.stops(this.fail(path, `must NOT have more than ${node.maxLength} characters`))
    )
      return false;
    if (
      typeof node.minLength === 'number' &&
      length < node.minLength &&
      verdict.stops(this.fail(path, `must NOT have fewer than ${node.minLength} characters`))
    )
      return false;
    if (
      typeof node.pattern === 'string' &&
      !pattern(node.pattern).test(value) &&
      verdict.stops(this.fail(path, `must match pattern "${node.pattern}"`))
    )
      return false;
    return this.checkFormat(node, value, 'string', path) && verdict.valid;
  }

  /** ajv-formats' definitions; a format of the other type, or unknown, is not checked (Ajv ignores unknown formats). */
  private checkFormat(node: Json, value: string | number, type: 'string' | 'number', path: string): boolean {
    if (typeof node.format !== 'string') return true;
    const format = FORMATS[node.format];
    if (format === undefined || format === true || typeof format === 'string') return true;
    const definition =
      format instanceof RegExp || typeof format === 'function' ? { type: 'string', validate: format } : format;
    if ((definition.type ?? 'string') !== type) return true;
    const check = definition.validate as RegExp | ((data: string | number) => boolean);
    const ok = check instanceof RegExp ? check.test(String(value)) : check(value);
    return ok || this.fail(path, `must match format "${node.format}"`);
  }

  private checkArray(
    node: Json,
    document: SpecDocument,
    value: unknown[],
    path: string,
    depth: number,
    own: Evaluated | undefined,
  ): boolean {
    const verdict = new Verdict(this.allErrors);
    if (
      typeof node.maxItems === 'number' &&
      value.length > node.maxItems &&
      verdict.stops(this.fail(path, `must NOT have more than ${node.maxItems} items`))
    )
      return false;
    if (
      typeof node.minItems === 'number' &&
      value.length < node.minItems &&
      verdict.stops(this.fail(path, `must NOT have fewer than ${node.minItems} items`))
    )
      return false;
    const item = (index: number, schema: unknown) => {
      own?.items.add(index);
      return this.check(schema, document, value[index], `${path}/${index}`, depth + 1);
    };
    // draft-07 tuples (`items: [...]` + additionalItems) or 2020-12 (`prefixItems` + items for the rest)
    const prefixItems = this.draft4Style ? undefined : node.prefixItems;
    const tuple = Array.isArray(node.items)
      ? (node.items as unknown[])
      : Array.isArray(prefixItems)
        ? (prefixItems as unknown[])
        : [];
    const rest = Array.isArray(node.items) ? node.additionalItems : node.items;
    for (let index = 0; index < Math.min(tuple.length, value.length); index++)
      if (verdict.stops(item(index, tuple[index]))) return false;
    if (rest === false && value.length > tuple.length) {
      if (verdict.stops(this.fail(path, `must NOT have more than ${tuple.length} items`))) return false;
    } else if (rest !== undefined) {
      for (let index = tuple.length; index < value.length; index++) if (verdict.stops(item(index, rest))) return false;
    }
    if (node.contains !== undefined) {
      const before = this.errors.length;
      let matching = 0;
      for (let index = 0; index < value.length; index++) {
        if (!this.check(node.contains, document, value[index], `${path}/${index}`, depth + 1)) continue;
        matching++;
        own?.items.add(index);
      }
      // minContains and maxContains came with 2019-09
      const min = typeof node.minContains === 'number' && !this.draft4Style ? node.minContains : 1;
      const max = typeof node.maxContains === 'number' && !this.draft4Style ? node.maxContains : undefined;
      const holds = matching >= min && (max === undefined || matching <= max);
      // the items' own errors explain a failure, when all errors are wanted
      if (holds || !this.allErrors) this.errors.length = before;
      if (!holds) {
        const message =
          max === undefined
            ? `must contain at least ${min} valid item(s)`
            : `must contain at least ${min} and no more than ${max} valid item(s)`;
        if (verdict.stops(this.fail(path, message))) return false;
      }
    }
    if (node.uniqueItems === true) {
      const duplicate = findDuplicate(value, scalarItemTypes(node.items));
      if (
        duplicate &&
        verdict.stops(
          this.fail(path, `must NOT have duplicate items (items ## ${duplicate[0]} and ${duplicate[1]} are identical)`),
        )
      )
        return false;
    }
    if (node.unevaluatedItems !== undefined && own && !own.allItems) {
      for (let index = 0; index < value.length; index++) {
        if (own.items.has(index)) continue;
        const ok =
          node.unevaluatedItems === false
            ? this.fail(path, `must NOT have more than ${index} items`)
            : item(index, node.unevaluatedItems);
        if (verdict.stops(ok)) return false;
      }
    }
    return verdict.valid;
  }

  private checkObject(
    node: Json,
    document: SpecDocument,
    value: Json,
    path: string,
    depth: number,
    own: Evaluated | undefined,
  ): boolean {
    const verdict = new Verdict(this.allErrors);
    const keys = Object.keys(value);
    if (
      typeof node.maxProperties === 'number' &&
      keys.length > node.maxProperties &&
      verdict.stops(this.fail(path, `must NOT have more than ${node.maxProperties} properties`))
    )
      return false;
    if (
      typeof node.minProperties === 'number' &&
      keys.length < node.minProperties &&
      verdict.stops(this.fail(path, `must NOT have fewer than ${node.minProperties} properties`))
    )
      return false;
    if (Array.isArray(node.required)) {
      for (const name of node.required) {
        if (
          !Object.hasOwn(value, String(name)) &&
          verdict.stops(this.fail(path, `missing required property "${String(name)}"`))
        )
          return false;
      }
    }
    // dependentRequired and dependentSchemas came with 2019-09 to split draft-07's dependencies
    const dependencies = this.draft4Style
      ? (asObject(node.dependencies) ?? {})
      : { ...asObject(node.dependencies), ...asObject(node.dependentRequired), ...asObject(node.dependentSchemas) };
    for (const [property, dependency] of Object.entries(dependencies)) {
      if (!Object.hasOwn(value, property)) continue;
      if (Array.isArray(dependency)) {
        const missing = dependency.map(String).filter((name) => !Object.hasOwn(value, name));
        if (
          missing.length > 0 &&
          verdict.stops(
            this.fail(
              path,
              `must have ${dependency.length === 1 ? 'property' : 'properties'} ${dependency.join(', ')} when property ${property} is present`,
            ),
          )
        )
          return false;
      } else if (verdict.stops(this.check(dependency, document, value, path, depth + 1, own))) return false;
    }
    if (node.propertyNames !== undefined) {
      for (const key of keys) {
        if (
          !this.check(node.propertyNames, document, key, path, depth + 1) &&
          verdict.stops(this.fail(path, 'property name must be valid'))
        )
          return false;
      }
    }
    const properties = asObject(node.properties) ?? {};
    const patternList = Object.entries(asObject(node.patternProperties) ?? {}).map(([source, schema]) => ({
      regexp: pattern(source),
      schema,
    }));
    const property = (key: string, schema: unknown) => {
      own?.properties.add(key);
      return this.check(schema, document, value[key], `${path}/${escapePointer(key)}`, depth + 1);
    };
    if (node.additionalProperties !== undefined && node.additionalProperties !== true) {
      for (const key of keys) {
        if (Object.hasOwn(properties, key) || patternList.some(({ regexp }) => regexp.test(key))) continue;
        const ok =
          node.additionalProperties === false
            ? this.fail(path, `unexpected property "${key}"`)
            : property(key, node.additionalProperties);
        if (verdict.stops(ok)) return false;
      }
    }
    if (node.additionalProperties !== undefined && own) own.allProperties = true;
    for (const key in properties) {
      if (Object.hasOwn(value, key) && verdict.stops(property(key, properties[key]))) return false;
    }
    for (const { regexp, schema } of patternList) {
      for (const key of keys) if (regexp.test(key) && verdict.stops(property(key, schema))) return false;
    }
    if (node.unevaluatedProperties !== undefined && own && !own.allProperties) {
      for (const key of keys) {
        if (own.properties.has(key)) continue;
        const ok =
          node.unevaluatedProperties === false
            ? this.fail(path, `unexpected property "${key}"`)
            : property(key, node.unevaluatedProperties);
        if (verdict.stops(ok)) return false;
      }
    }
    return verdict.valid;
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return typeof value === 'number' && !(value % 1) && !Number.isNaN(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return asObject(value) !== undefined;
    default:
      return typeof value === type;
  }
}

/** Length in code points, as JSON Schema (and Ajv) count it: a surrogate pair is one character. */
function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

function pattern(source: string): RegExp {
  let regexp = patterns.get(source);
  if (!regexp) {
    regexp = new RegExp(source, 'u');
    patterns.set(source, regexp);
  }
  return regexp;
}

/** The types an `items` schema allows when they are all scalar (Ajv then compares items by value, faster). */
function scalarItemTypes(items: unknown): string[] {
  const node = asObject(items);
  const types = typeof node?.type === 'string' ? [node.type] : Array.isArray(node?.type) ? node.type.map(String) : [];
  if (node?.nullable === true && types.length > 0) types.push('null');
  return types.some((type) => type === 'object' || type === 'array') ? [] : types;
}

/** Two identical items, in the order Ajv names them (its two search strategies find different pairs first). */
function findDuplicate(items: unknown[], scalarTypes: string[]): [number, number] | undefined {
  if (scalarTypes.length > 0) {
    const seen = new Map<string, number>();
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (!scalarTypes.some((type) => hasType(item, type))) continue;
      const key = scalarTypes.length > 1 && typeof item === 'string' ? `${item}_` : String(item);
      const later = seen.get(key);
      if (later !== undefined) return [later, i];
      seen.set(key, i);
    }
    return undefined;
  }
  for (let i = items.length - 1; i > 0; i--) {
    for (let j = i - 1; j >= 0; j--) if (equal(items[i], items[j])) return [j, i];
  }
  return undefined;
}
