import type { DocumentSet } from './documents.js';
import { LOWER_BOUNDS, schemaShape, UPPER_BOUNDS, type Bound, type Located, type SchemaShape } from './schema-shape.js';

/** Which way the data flows: a request may become more lenient and a response stricter, never the other way. */
export type Direction = 'request' | 'response';

export interface Found {
  id: string;
  breaking: boolean;
  message: string;
  old?: Located;
  new?: Located;
}

export interface SchemaContext {
  old: DocumentSet;
  now: DocumentSet;
  add: (change: Found) => void;
  label: string;
  /** rule id prefix: 'request-body', 'request-parameter', 'response', 'response-header' */
  prefix: string;
}

const MAX_SCHEMA_DEPTH = 24;
/** Format changes that only widen what is accepted (the reverse only narrows what is returned). */
const WIDER_FORMAT: Record<string, string> = { int32: 'int64', float: 'double' };

const describeTypes = (types: Set<string> | undefined) => (types ? [...types].sort().join('|') : 'any');
const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

type Report = (id: string, breaking: boolean, message: string, oldAt?: Located, newAt?: Located) => void;

/**
 * Compares two schemas after following `$ref`s and merging `allOf` (so refactors are no change), property by
 * property, items, and the alternatives of anyOf/oneOf that are named components. Each pair of schemas is compared
 * once per diff: shared components are not re-walked for every operation, and a circular schema ends where it meets
 * itself. A readOnly property is not part of a request, a writeOnly one not part of a response.
 */
export function compareSchemas(
  context: SchemaContext,
  direction: Direction,
  before: Located,
  after: Located,
  depth: number,
  seen: Set<string>,
): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  const a = schemaShape(context.old, before);
  const b = schemaShape(context.now, after);
  if (!a || !b) return;
  const pair = `${context.prefix} ${a.at.document.name}#${a.at.pointer} ${b.at.document.name}#${b.at.pointer}`;
  if (seen.has(pair)) return;
  seen.add(pair);
  const { label, prefix } = context;
  const where = (detail: string) => `${label}${detail}`;
  const report: Report = (id, breaking, message, oldAt = a.at, newAt = b.at) =>
    context.add({ id: `${prefix}-${id}`, breaking, message: where(message), old: oldAt, new: newAt });

  compareTypes(a, b, direction, report);
  compareEnums(a, b, direction, report);
  compareBounds(a, b, direction, report);
  comparePatterns(a, b, direction, report);
  compareFormats(a, b, direction, report);
  compareProperties(context, direction, a, b, depth, seen, report);
  if (a.items && b.items)
    compareSchemas({ ...context, label: where('[]') }, direction, a.items, b.items, depth + 1, seen);
  compareOptions(context, direction, a, b, depth, seen, report);
}

/** A request may accept more types than before; a response may return fewer. Anything else breaks a client. */
function compareTypes(a: SchemaShape, b: SchemaShape, direction: Direction, report: Report): void {
  if (!a.types || !b.types) {
    if (a.types && !b.types) report('type-changed', direction === 'response', `: type ${describeTypes(a.types)} → any`);
    else if (!a.types && b.types)
      report('type-changed', direction === 'request', `: type any → ${describeTypes(b.types)}`);
    return;
  }
  const widen = (types: Set<string>) => (types.has('number') ? new Set([...types, 'integer']) : types);
  const subset = (x: Set<string>, y: Set<string>) => [...x].every((type) => widen(y).has(type));
  if (subset(a.types, b.types) && subset(b.types, a.types)) return;
  const breaking = direction === 'request' ? !subset(a.types, b.types) : !subset(b.types, a.types);
  const withoutNull = (types: Set<string>) => describeTypes(new Set([...types].filter((type) => type !== 'null')));
  if (withoutNull(a.types) === withoutNull(b.types)) {
    const nullable = b.types.has('null');
    report(
      nullable ? 'became-nullable' : 'became-not-nullable',
      breaking,
      nullable ? ': null is now allowed' : ': null is no longer allowed',
    );
  } else report('type-changed', breaking, `: type ${describeTypes(a.types)} → ${describeTypes(b.types)}`);
}

function compareEnums(a: SchemaShape, b: SchemaShape, direction: Direction, report: Report): void {
  const key = (value: unknown) => JSON.stringify(value);
  if (a.enum && !b.enum) {
    report(
      'enum-removed',
      direction === 'response',
      `: the enum (${a.enum.length} values) was removed${direction === 'response' ? ': clients may now receive any value' : ''}`,
    );
    return;
  }
  if (!a.enum && b.enum) {
    report('enum-added', direction === 'request', `: values are now limited to an enum of ${b.enum.length}`);
    return;
  }
  if (!a.enum || !b.enum) return;
  const before = new Set(a.enum.map(key));
  const after = new Set(b.enum.map(key));
  const removed = [...before].filter((value) => !after.has(value));
  const added = [...after].filter((value) => !before.has(value));
  if (removed.length > 0)
    report('enum-value-removed', direction === 'request', `: enum values removed: ${removed.join(', ')}`);
  if (added.length > 0)
    report('enum-value-added', direction === 'response', `: enum values added: ${added.join(', ')}`);
}

/**
 * A bound set or tightened on a request rejects what clients send; a bound loosened or dropped on a response lets
 * through what clients do not expect. Only those are reported (the other directions change nothing for a client).
 */
function compareBounds(a: SchemaShape, b: SchemaShape, direction: Direction, report: Report): void {
  const check = (bound: Bound, upper: boolean) => {
    const before = a.bounds[bound];
    const after = b.bounds[bound];
    if (before === after) return;
    const tighter = after !== undefined && (before === undefined || (upper ? after < before : after > before));
    if (direction === 'request' ? !tighter : tighter) return;
    report(
      `${kebab(bound)}-${upper === tighter ? 'decreased' : 'increased'}`,
      true,
      `: ${bound} ${before ?? 'none'} → ${after ?? 'none'}`,
    );
  };
  for (const bound of UPPER_BOUNDS) check(bound, true);
  for (const bound of LOWER_BOUNDS) check(bound, false);
}

/** A pattern added to a request, or dropped from a response, breaks; a changed one cannot be shown to be compatible. */
function comparePatterns(a: SchemaShape, b: SchemaShape, direction: Direction, report: Report): void {
  const added = [...b.patterns].filter((pattern) => !a.patterns.has(pattern));
  const removed = [...a.patterns].filter((pattern) => !b.patterns.has(pattern));
  if (added.length === 0 && removed.length === 0) return;
  const id =
    added.length > 0 && removed.length > 0 ? 'pattern-changed' : added.length > 0 ? 'pattern-added' : 'pattern-removed';
  const breaking = direction === 'request' ? added.length > 0 : removed.length > 0;
  report(id, breaking, `: pattern ${removed.join(', ') || 'none'} → ${added.join(', ') || 'none'}`);
}

function compareFormats(a: SchemaShape, b: SchemaShape, direction: Direction, report: Report): void {
  if (a.format === b.format) return;
  const [narrow, wide] = direction === 'request' ? [a.format, b.format] : [b.format, a.format];
  const compatible = wide === undefined || (narrow !== undefined && WIDER_FORMAT[narrow] === wide);
  report(
    a.format === undefined ? 'format-added' : b.format === undefined ? 'format-removed' : 'format-changed',
    !compatible,
    `: format ${a.format ?? 'none'} → ${b.format ?? 'none'}`,
  );
}

interface Property {
  at: Located;
  shape?: SchemaShape;
  /** part of this direction's data: not readOnly in a request, not writeOnly in a response */
  present: boolean;
}

function propertiesOf(set: DocumentSet, shape: SchemaShape, direction: Direction): Map<string, Property> {
  return new Map(
    [...shape.properties].map(([name, at]) => {
      const property = schemaShape(set, at);
      return [
        name,
        { at, shape: property, present: !(direction === 'request' ? property?.readOnly : property?.writeOnly) },
      ];
    }),
  );
}

function compareProperties(
  context: SchemaContext,
  direction: Direction,
  a: SchemaShape,
  b: SchemaShape,
  depth: number,
  seen: Set<string>,
  report: Report,
): void {
  const before = propertiesOf(context.old, a, direction);
  const after = propertiesOf(context.now, b, direction);
  const hidden = direction === 'request' ? 'read-only' : 'write-only';
  for (const [name, property] of before) {
    if (!property.present) continue;
    const next = after.get(name);
    if (!next || !next.present) {
      if (next)
        report(
          `property-became-${hidden}`,
          direction === 'request' || a.required.has(name),
          `: property "${name}" became ${hidden}`,
          property.at,
          next.at,
        );
      else if (direction === 'request')
        report('property-removed', true, `: property "${name}" was removed`, property.at, b.at);
      else if (a.required.has(name))
        report('required-property-removed', true, `: required property "${name}" was removed`, property.at, b.at);
      else report('optional-property-removed', false, `: optional property "${name}" was removed`, property.at, b.at);
      continue;
    }
    if (direction === 'request' && !a.required.has(name) && b.required.has(name)) {
      const hasDefault = next.shape?.hasDefault === true;
      report(
        'property-became-required',
        !hasDefault,
        `: property "${name}" became required${hasDefault ? ' (it has a default)' : ''}`,
        property.at,
        next.at,
      );
    }
    if (direction === 'response' && a.required.has(name) && !b.required.has(name)) {
      report(
        'property-became-optional',
        true,
        `: property "${name}" is no longer always present`,
        property.at,
        next.at,
      );
    }
    compareSchemas({ ...context, label: `${context.label}.${name}` }, direction, property.at, next.at, depth + 1, seen);
  }
  for (const [name, property] of after) {
    if (!property.present || before.get(name)?.present) continue;
    const required = b.required.has(name);
    if (direction === 'request') {
      const hasDefault = required && property.shape?.hasDefault === true;
      report(
        required ? 'property-added-required' : 'property-added-optional',
        required && !hasDefault,
        `: new ${required ? 'required' : 'optional'} property "${name}"${hasDefault ? ' (with a default)' : ''}`,
        a.at,
        property.at,
      );
    } else {
      report('property-added', false, `: new property "${name}"`, a.at, property.at);
    }
  }
}

/**
 * Alternatives (anyOf/oneOf) that are named components: one a request no longer accepts, or one a response may now
 * return, breaks a client. Inline alternatives have no identity to follow across versions and are left alone.
 */
function compareOptions(
  context: SchemaContext,
  direction: Direction,
  a: SchemaShape,
  b: SchemaShape,
  depth: number,
  seen: Set<string>,
  report: Report,
): void {
  if (a.options.size === 0 || b.options.size === 0) return;
  const name = (key: string) => key.slice(key.lastIndexOf('/') + 1);
  for (const [key, option] of a.options) {
    const next = b.options.get(key);
    if (next)
      compareSchemas(
        { ...context, label: `${context.label} (${name(key)})` },
        direction,
        option,
        next,
        depth + 1,
        seen,
      );
    else report('option-removed', direction === 'request', `: alternative ${name(key)} was removed`, option, b.at);
  }
  for (const [key, option] of b.options) {
    if (!a.options.has(key))
      report('option-added', direction === 'response', `: alternative ${name(key)} was added`, a.at, option);
  }
}
