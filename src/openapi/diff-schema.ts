import { CATALOGUE, ownSchemaRule, type Level } from '../model/diff-rules.js';
import { isoDay, judgeDeprecation, stabilityOf, stabilityRank, type LifecyclePolicy } from './diff-lifecycle.js';
import type { DocumentSet } from './documents.js';
import {
  LOWER_BOUNDS,
  schemaShape,
  SUBSCHEMA_KEYWORDS,
  UPPER_BOUNDS,
  type Bound,
  type Located,
  type SchemaShape,
} from './schema-shape.js';

/** Which way the data flows: a request may become more lenient and a response stricter, never the other way. */
export type Direction = 'request' | 'response';

export interface Found {
  /** oasdiff's rule id, or Junction's own where oasdiff has none */
  id: string;
  level: Level;
  /** why Junction's level differs from the catalogue's, when it does */
  differs?: string;
  /** the operation the change was found in (for ignore entries) */
  operation?: { method: string; path: string };
  /** the reason of the junction.yaml ignore entry that matched */
  ignored?: string;
  message: string;
  old?: Located;
  new?: Located;
}

/** Where a schema sits: its id family (oasdiff names a body's top schema and its properties apart). */
export type Scope = 'request-body' | 'response-body' | 'request-parameter' | 'request-header' | 'response-header';

export interface SchemaContext {
  old: DocumentSet;
  now: DocumentSet;
  add: (change: Found) => void;
  label: string;
  scope: Scope;
  policy: LifecyclePolicy;
  /** schema pairs already compared in this diff */
  seen: Set<string>;
  /** a discriminator's property renamed above: the old and the new name are one property */
  renamed?: { from: string; to: string };
}

const MAX_SCHEMA_DEPTH = 24;
/** Format changes that only widen what is accepted (the reverse only narrows what is returned). */
const WIDER_FORMAT: Record<string, string> = { int32: 'int64', float: 'double' };

const directionOf = (scope: Scope): Direction => (scope.startsWith('request') ? 'request' : 'response');
const describeTypes = (types: Set<string> | undefined) => (types ? [...types].sort().join('|') : 'any');
const show = (value: unknown) => JSON.stringify(value);
const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** The id prefixes to try for an event, best first: oasdiff names top-level schemas and nested ones apart. */
function prefixes(scope: Scope, nested: boolean): string[] {
  switch (scope) {
    case 'request-body':
      return nested ? ['request-property'] : ['request-body', 'request-property'];
    case 'response-body':
      // oasdiff names one change of a response body's own schema after its media type
      return nested ? ['response-property'] : ['response-body', 'response-mediatype', 'response-property'];
    case 'request-parameter':
      return nested ? ['request-parameter-property', 'request-parameter'] : ['request-parameter'];
    case 'request-header':
      return nested
        ? ['request-header-property', 'request-parameter-property', 'request-parameter']
        : ['request-parameter'];
    case 'response-header':
      return ['response-header'];
  }
}

/**
 * The rule for an event: the first `prefix-event` the catalogue knows, trying each event name in turn (a bound set
 * where there was none is also a bound decreased from infinity). Where oasdiff has no id for the place, Junction
 * reports its own `prefix-event` for the last event name, at the level SCHEMA_EVENTS gives it.
 */
export function resolveRule(scope: Scope, nested: boolean, events: readonly string[]): { id: string; level: Level } {
  const candidates = prefixes(scope, nested);
  for (const event of events)
    for (const prefix of candidates) {
      const level = CATALOGUE.get(`${prefix}-${event}`);
      if (level) return { id: `${prefix}-${event}`, level };
    }
  const last = events[events.length - 1];
  // every event the walk reports is in SCHEMA_EVENTS (a test holds the fixtures to it); INFO if one ever is not
  return ownSchemaRule(candidates[0], last) ?? { id: `${candidates[0]}-${last}`, level: 'INFO' };
}

interface Emit {
  /** event names, best first ('max-length-set', then 'max-length-decreased') */
  events: readonly string[];
  message: string;
  oldAt?: Located;
  newAt?: Located;
}

/** Reports a change under a fixed id (property existence and requiredness rules have no scope prefix). */
type Fixed = (id: string, message: string, oldAt?: Located, newAt?: Located) => void;

interface Walk {
  context: SchemaContext;
  a: SchemaShape;
  b: SchemaShape;
  nested: boolean;
  depth: number;
  direction: Direction;
  emit: (change: Emit) => void;
  fixed: Fixed;
}

/**
 * Compares two schemas after following `$ref`s and merging `allOf` (so refactors are no change): types and formats,
 * null, enums, const, defaults, every bound, patterns, properties with their requiredness and read/write-only,
 * items, alternatives, the 2020-12 applicators (if/then/else, contains, prefixItems, dependent*, patternProperties,
 * propertyNames, unevaluated*), content* and the lifecycle extensions. Each pair of schemas is compared once per
 * diff, so shared components are not re-walked for every operation and a circular schema ends where it meets itself.
 */
export function compareSchemas(
  context: SchemaContext,
  before: Located,
  after: Located,
  nested = false,
  depth = 0,
): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  const a = schemaShape(context.old, before);
  const b = schemaShape(context.now, after);
  if (!a || !b) return;
  const pair = `${context.scope} ${nested} ${a.at.document.name}#${a.at.pointer} ${b.at.document.name}#${b.at.pointer}`;
  if (context.seen.has(pair)) return;
  context.seen.add(pair);
  const emit = ({ events, message, oldAt = a.at, newAt = b.at }: Emit) => {
    const { id, level } = resolveRule(context.scope, nested, events);
    context.add({ id, level, message: `${context.label}${message}`, old: oldAt, new: newAt });
  };
  const fixed: Fixed = (id, message, oldAt = a.at, newAt = b.at) =>
    context.add({
      id,
      level: CATALOGUE.get(id) ?? 'INFO',
      message: `${context.label}${message}`,
      old: oldAt,
      new: newAt,
    });
  const [from, to] = [a.discriminator?.propertyName, b.discriminator?.propertyName];
  const renamed = from && to && from !== to ? { from, to } : context.renamed;
  const walk: Walk = {
    context: { ...context, renamed },
    a,
    b,
    nested,
    depth,
    direction: directionOf(context.scope),
    emit,
    fixed,
  };

  compareTypes(walk);
  compareValues(walk);
  compareBounds(walk);
  comparePatterns(walk);
  compareContent(walk);
  compareLifecycle(walk);
  compareDiscriminators(walk);
  compareProperties(walk);
  compareSubschemas(walk);
  compareAlternatives(walk);
}

const child = (walk: Walk, suffix: string, before: Located, after: Located) =>
  compareSchemas({ ...walk.context, label: `${walk.context.label}${suffix}` }, before, after, true, walk.depth + 1);

/**
 * Types and formats together, as oasdiff judges them: a type or format that accepts more is generalized, one that
 * accepts less is specialized, anything else changed; with OpenAPI 3.1 type lists, a list widened or narrowed.
 * The catalogue then says which of those breaks a request or a response.
 */
function compareTypes({ a, b, emit }: Walk): void {
  const strip = (types: Set<string> | undefined) =>
    types && new Set([...types].filter((type) => type !== 'null')).size > 0
      ? new Set([...types].filter((type) => type !== 'null'))
      : undefined;
  const [before, after] = [strip(a.types), strip(b.types)];
  const aNull = a.types?.has('null') === true;
  const bNull = b.types?.has('null') === true;
  if (aNull !== bNull)
    emit({
      events: [bNull ? 'became-nullable' : 'became-not-nullable'],
      message: bNull ? ': null is now allowed' : ': null is no longer allowed',
    });
  const sameTypes = describeTypes(before) === describeTypes(after);
  if (sameTypes && a.format === b.format) return;
  const describe = (types: Set<string> | undefined, format: string | undefined) =>
    `${describeTypes(types)}${format ? `/${format}` : ''}`;
  const message = `: type ${describe(before, a.format)} → ${describe(after, b.format)}`;
  if (!sameTypes && (a.typeList || b.typeList) && before && after) {
    const widened = [...before].every((type) => after.has(type));
    const narrowed = [...after].every((type) => before.has(type));
    if (widened || narrowed) {
      emit({ events: [widened ? 'list-of-types-widened' : 'list-of-types-narrowed'], message });
      return;
    }
  }
  const wider = sameTypes ? formatWidens(a.format, b.format) : typeWidens(before, after);
  if (wider === undefined) emit({ events: ['type-changed'], message });
  else if (wider) emit({ events: ['type-generalized'], message });
  else emit({ events: ['type-specialized', 'type-changed'], message });
}

/** true: the new format accepts everything the old one did; false: the reverse; undefined: unrelated formats. */
function formatWidens(before: string | undefined, after: string | undefined): boolean | undefined {
  if (after === undefined || (before !== undefined && WIDER_FORMAT[before] === after)) return true;
  if (before === undefined || WIDER_FORMAT[after] === before) return false;
  return undefined;
}

/** true: the new types accept every value of the old ones (integer is a number); false: the reverse. */
function typeWidens(before: Set<string> | undefined, after: Set<string> | undefined): boolean | undefined {
  if (!after) return true;
  if (!before) return false;
  const covers = (x: Set<string>, y: Set<string>) =>
    [...y].every((type) => x.has(type) || (type === 'integer' && x.has('number')));
  if (covers(after, before)) return true;
  if (covers(before, after)) return false;
  return undefined;
}

/** enum, x-extensible-enum, const and default. */
function compareValues({ a, b, emit }: Walk): void {
  if (a.enum && !b.enum)
    emit({ events: ['enum-removed'], message: `: the enum (${a.enum.length} values) was removed` });
  else if (!a.enum && b.enum)
    emit({
      events: ['became-enum'],
      message: `: values are now limited to an enum of ${b.enum.length}`,
    });
  else if (a.enum && b.enum) {
    const { removed, added } = setDifference(a.enum, b.enum);
    if (removed.length > 0)
      emit({ events: ['enum-value-removed'], message: `: enum values removed: ${removed.join(', ')}` });
    if (added.length > 0) emit({ events: ['enum-value-added'], message: `: enum values added: ${added.join(', ')}` });
  }
  if (a.extensibleEnum && b.extensibleEnum) {
    const { removed } = setDifference(a.extensibleEnum, b.extensibleEnum);
    if (removed.length > 0)
      emit({
        events: ['x-extensible-enum-value-removed'],
        message: `: x-extensible-enum values removed: ${removed.join(', ')}`,
      });
  }
  const valueChange = (keyword: 'const' | 'default-value', x?: { value: unknown }, y?: { value: unknown }) => {
    if (!x && !y) return;
    if (x && y && show(x.value) === show(y.value)) return;
    const action = !x ? 'added' : !y ? 'removed' : 'changed';
    emit({
      events: [`${keyword}-${action}`],
      message: `: ${keyword === 'const' ? 'const' : 'default'} ${x ? show(x.value) : 'none'} → ${y ? show(y.value) : 'none'}`,
    });
  };
  valueChange('const', a.constValue, b.constValue);
  valueChange('default-value', a.defaultValue, b.defaultValue);
}

function setDifference(before: unknown[], after: unknown[]): { removed: string[]; added: string[] } {
  const x = new Set(before.map(show));
  const y = new Set(after.map(show));
  return { removed: [...x].filter((value) => !y.has(value)), added: [...y].filter((value) => !x.has(value)) };
}

const BOUND_NAMES: Record<Bound, string> = {
  minLength: 'min-length',
  maxLength: 'max-length',
  minimum: 'min',
  maximum: 'max',
  exclusiveMinimum: 'exclusive-min',
  exclusiveMaximum: 'exclusive-max',
  minItems: 'min-items',
  maxItems: 'max-items',
  minProperties: 'min-properties',
  maxProperties: 'max-properties',
  minContains: 'min-contains',
  maxContains: 'max-contains',
};

/** Every numeric bound: set, unset, increased or decreased; the catalogue says which way breaks whom. */
function compareBounds({ a, b, emit }: Walk): void {
  const check = (bound: Bound, upper: boolean) => {
    const before = a.bounds[bound];
    const after = b.bounds[bound];
    if (before === after) return;
    const name = BOUND_NAMES[bound];
    const tighter = after !== undefined && (before === undefined || (upper ? after < before : after > before));
    const moved = `${name}-${upper === tighter ? 'decreased' : 'increased'}`;
    const events =
      before === undefined ? [`${name}-set`, moved] : after === undefined ? [`${name}-unset`, moved] : [moved];
    emit({ events, message: `: ${bound} ${before ?? 'none'} → ${after ?? 'none'}` });
  };
  for (const bound of UPPER_BOUNDS) check(bound, true);
  for (const bound of LOWER_BOUNDS) check(bound, false);
}

function comparePatterns({ a, b, emit }: Walk): void {
  const added = [...b.patterns].filter((pattern) => !a.patterns.has(pattern));
  const removed = [...a.patterns].filter((pattern) => !b.patterns.has(pattern));
  if (added.length === 0 && removed.length === 0) return;
  const event = added.length > 0 && removed.length > 0 ? 'changed' : added.length > 0 ? 'added' : 'removed';
  emit({
    events: [`pattern-${event}`],
    message: `: pattern ${removed.join(', ') || 'none'} → ${added.join(', ') || 'none'}`,
  });
}

/** contentMediaType and contentEncoding: a string's content changes under the same type. */
function compareContent({ a, b, emit }: Walk): void {
  for (const [keyword, event] of [
    ['contentMediaType', 'content-media-type-changed'],
    ['contentEncoding', 'content-encoding-changed'],
  ] as const) {
    if (a[keyword] !== b[keyword])
      emit({
        events: [event],
        message: `: ${keyword} ${a[keyword] ?? 'none'} → ${b[keyword] ?? 'none'}`,
      });
  }
}

/** deprecated, x-sunset and x-stability-level of a property. */
function compareLifecycle({ a, b, emit, fixed, context }: Walk): void {
  if (!a.deprecated && b.deprecated) {
    const judged = judgeDeprecation(b.extensions.sunset, b.extensions.stability, context.policy);
    const event = judged.event === 'sunset-parse' ? 'deprecated-sunset-invalid' : judged.event;
    emit({
      events: [event],
      message:
        judged.event === 'sunset-parse'
          ? `: deprecated with an unreadable sunset (${judged.error})`
          : `: deprecated${judged.date ? ` (sunset ${isoDay(judged.date)})` : ''}` +
            (event === 'sunset-date-too-small' ? ', sooner than the deprecation policy allows' : ''),
    });
  } else if (a.deprecated && !b.deprecated) emit({ events: ['reactivated'], message: ': no longer deprecated' });
  const [before, after] = [stabilityOf(a.extensions.stability), stabilityOf(b.extensions.stability)];
  for (const [side, value, level] of [
    ['old', a.extensions.stability, before],
    ['new', b.extensions.stability, after],
  ] as const)
    if (!level)
      fixed(
        'api-invalid-stability-level',
        `: x-stability-level ${show(value)} (${side}) is not draft, alpha, beta or stable`,
      );
  // an element that never said how stable it was has nothing to decrease from
  if (a.extensions.stability !== undefined && before && after && before !== after)
    emit({
      events: [stabilityRank(after) < stabilityRank(before) ? 'stability-decreased' : 'stability-increased'],
      message: `: x-stability-level ${before} → ${after}`,
    });
}

function compareDiscriminators({ a, b, emit }: Walk): void {
  const [x, y] = [a.discriminator, b.discriminator];
  if (!x && !y) return;
  if (!x || !y) {
    emit({
      events: [x ? 'discriminator-removed' : 'discriminator-added'],
      message: `: discriminator ${x ? 'removed' : 'added'}`,
    });
    return;
  }
  if (x.propertyName !== y.propertyName)
    emit({
      events: ['discriminator-property-name-changed'],
      message: `: discriminator property ${x.propertyName ?? 'none'} → ${y.propertyName ?? 'none'}`,
    });
  const keys = new Set([...Object.keys(x.mapping), ...Object.keys(y.mapping)]);
  for (const key of keys) {
    if (x.mapping[key] === y.mapping[key]) continue;
    const event = x.mapping[key] === undefined ? 'added' : y.mapping[key] === undefined ? 'deleted' : 'changed';
    emit({ events: [`discriminator-mapping-${event}`], message: `: discriminator mapping "${key}" ${event}` });
  }
}

interface Property {
  at: Located;
  shape?: SchemaShape;
}

function propertiesOf(set: DocumentSet, shape: SchemaShape): Map<string, Property> {
  return new Map([...shape.properties].map(([name, at]) => [name, { at, shape: schemaShape(set, at) }]));
}

/**
 * Properties, in oasdiff's words: a readOnly property is no part of a request and a writeOnly one no part of a
 * response, so their changes there are INFO; a new required request property breaks clients even with a default.
 */
function compareProperties(walk: Walk): void {
  const { context, a, b, direction, fixed } = walk;
  const before = propertiesOf(context.old, a);
  const after = propertiesOf(context.now, b);
  const hidden = (property: Property | undefined) =>
    direction === 'request' ? property?.shape?.readOnly === true : property?.shape?.writeOnly === true;
  const { renamed } = context;
  const rename =
    renamed && before.has(renamed.from) && !before.has(renamed.to) && after.has(renamed.to) && !after.has(renamed.from);
  for (const [name, property] of before) {
    const next = after.get(rename && name === renamed.from ? renamed.to : name);
    const wasRequired = a.required.has(name);
    const requirement = wasRequired ? 'required' : 'optional';
    if (!next) {
      if (direction === 'request') {
        if (!hidden(property)) fixed('request-property-removed', `: property "${name}" was removed`, property.at, b.at);
      } else
        fixed(
          `response-${requirement}${hidden(property) ? '-write-only' : ''}-property-removed`,
          `: ${requirement} property "${name}" was removed`,
          property.at,
          b.at,
        );
      continue;
    }
    compareAccess(walk, name, property, next);
    const isRequired = b.required.has(name);
    if (wasRequired !== isRequired) {
      if (direction === 'request' && !hidden(next)) {
        const withDefault = isRequired && next.shape?.hasDefault === true;
        fixed(
          isRequired
            ? demand(
                context.scope,
                'request-header-property-became-required',
                'request-property-became-required',
                withDefault,
              )
            : 'request-property-became-optional',
          `: property "${name}" became ${isRequired ? 'required' : 'optional'}${withDefault ? ' (it has a default)' : ''}`,
          property.at,
          next.at,
        );
      } else if (direction === 'response')
        fixed(
          `response-${hidden(next) ? 'write-only-' : ''}property-became-${isRequired ? 'required' : 'optional'}`,
          `: property "${name}" ${isRequired ? 'is now always present' : 'is no longer always present'}`,
          property.at,
          next.at,
        );
    }
    if (!hidden(property) || !hidden(next)) child(walk, `.${name}`, property.at, next.at);
  }
  for (const [name, property] of after) {
    if (before.has(name) || (rename && name === renamed.to)) continue;
    const required = b.required.has(name);
    if (direction === 'request') {
      if (hidden(property)) continue;
      const withDefault = required && property.shape?.hasDefault === true;
      fixed(
        required
          ? demand(context.scope, 'new-required-request-header-property', 'new-required-request-property', withDefault)
          : 'new-optional-request-property',
        `: new ${required ? 'required' : 'optional'} property "${name}"${withDefault ? ' (with a default)' : ''}`,
        a.at,
        property.at,
      );
    } else
      fixed(
        `response-${required ? 'required' : 'optional'}${hidden(property) ? '-write-only' : ''}-property-added`,
        `: new ${required ? 'required' : 'optional'} property "${name}"`,
        a.at,
        property.at,
      );
  }
}

/** A property a request must now send: oasdiff names a header object's apart, and one with a default apart. */
const demand = (scope: Scope, header: string, body: string, withDefault: boolean) =>
  scope === 'request-header' ? header : `${body}${withDefault ? '-with-default' : ''}`;

/** readOnly / writeOnly flipped on a property that stays. */
function compareAccess({ direction, a, b, fixed }: Walk, name: string, before: Property, after: Property): void {
  for (const flag of ['readOnly', 'writeOnly'] as const) {
    const [x, y] = [before.shape?.[flag] === true, after.shape?.[flag] === true];
    if (x === y) continue;
    const required = (direction === 'request' ? b : a).required.has(name) ? 'required' : 'optional';
    fixed(
      `${direction}-${required}-property-became-${y ? '' : 'not-'}${kebab(flag)}`,
      `: property "${name}" became ${y ? '' : 'not '}${kebab(flag)}`,
      before.at,
      after.at,
    );
  }
}

/** Single-schema keywords, patternProperties, dependentSchemas, dependentRequired and prefixItems. */
function compareSubschemas(walk: Walk): void {
  const { a, b, emit } = walk;
  if (a.items && b.items) child(walk, '[]', a.items, b.items);
  for (const keyword of SUBSCHEMA_KEYWORDS) {
    const [x, y] = [a.subschemas.get(keyword), b.subschemas.get(keyword)];
    const name = kebab(keyword);
    if (x && y) child(walk, `/${keyword}`, x, y);
    else if (x || y)
      emit({
        events: [`${name}-${x ? 'removed' : 'added'}`],
        message: `: ${keyword} ${x ? 'removed' : 'added'}`,
      });
  }
  for (const [keyword, event] of [
    ['patternProperties', 'pattern-property'],
    ['dependentSchemas', 'dependent-schema'],
  ] as const) {
    const [x, y] = [a.schemaMaps[keyword], b.schemaMaps[keyword]];
    for (const [key, at] of x) {
      const next = y.get(key);
      if (next) child(walk, `/${keyword}/${key}`, at, next);
      else emit({ events: [`${event}-removed`], message: `: ${keyword} "${key}" removed`, oldAt: at });
    }
    for (const [key, at] of y)
      if (!x.has(key)) emit({ events: [`${event}-added`], message: `: ${keyword} "${key}" added`, newAt: at });
  }
  for (const [key, list] of a.dependentRequired) {
    const next = b.dependentRequired.get(key);
    if (!next) emit({ events: ['dependent-required-removed'], message: `: dependentRequired "${key}" removed` });
    else if (show([...list].sort()) !== show([...next].sort()))
      emit({
        events: ['dependent-required-changed'],
        message: `: dependentRequired "${key}": ${list.join(', ')} → ${next.join(', ')}`,
      });
  }
  for (const key of b.dependentRequired.keys())
    if (!a.dependentRequired.has(key))
      emit({ events: ['dependent-required-added'], message: `: dependentRequired "${key}" added` });
  const shared = Math.min(a.prefixItems.length, b.prefixItems.length);
  for (let index = 0; index < shared; index++) child(walk, `[${index}]`, a.prefixItems[index], b.prefixItems[index]);
  if (a.prefixItems.length !== b.prefixItems.length) {
    const removed = a.prefixItems.length > b.prefixItems.length;
    emit({
      events: [`prefix-items-${removed ? 'removed' : 'added'}`],
      message: `: prefixItems ${a.prefixItems.length} → ${b.prefixItems.length}`,
    });
  }
}

/**
 * oneOf / anyOf alternatives, matched by the component they name, else by title, else by their text; inline ones
 * left over are paired in order (an alternative edited in place), and the rest were added or removed. allOf members
 * are merged into the shape, so only a member added to or removed from an allOf that was already there is reported.
 */
function compareAlternatives(walk: Walk): void {
  const { a, b, emit } = walk;
  if (compareTypeAlternatives(walk)) return;
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const [x, y] = [a.alternatives[keyword], b.alternatives[keyword]];
    const name = kebab(keyword);
    if (keyword === 'oneOf' && x.length === 0 && y.length > 0) {
      emit({ events: ['wrapped-in-one-of'], message: ': the schema was wrapped in oneOf' });
      continue;
    }
    if (keyword === 'allOf' && (x.length === 0 || y.length === 0)) continue;
    const { pairs, removed, added } = matchMembers(walk, x, y);
    if (keyword !== 'allOf')
      for (const [label, before, after] of pairs) child(walk, ` (${keyword}${label})`, before, after);
    for (const at of removed)
      emit({
        events: [`${name}-removed`],
        message: `: a ${keyword} member was removed`,
        oldAt: at,
      });
    for (const at of added)
      emit({
        events: [`${name}-added`],
        message: `: a ${keyword} member was added`,
        newAt: at,
      });
  }
}

/**
 * `oneOf: [{type: string}, {type: integer}]` is a list of types written the long way: compared as one (widened or
 * narrowed), as oasdiff does, when every alternative on both sides is a bare type.
 */
function compareTypeAlternatives({ a, b, context, emit }: Walk): boolean {
  const bare = (set: DocumentSet, shape: SchemaShape) => {
    const members = [...shape.alternatives.oneOf, ...shape.alternatives.anyOf];
    if (members.length === 0) return undefined;
    const types = new Set<string>();
    for (const member of members) {
      const value = set.deref(member.value, member.document, member.pointer)?.value as
        Record<string, unknown> | undefined;
      if (!value || typeof value.type !== 'string' || Object.keys(value).some((key) => key !== 'type'))
        return undefined;
      types.add(value.type);
    }
    return types;
  };
  const [before, after] = [bare(context.old, a), bare(context.now, b)];
  if (!before || !after) return false;
  const removed = [...before].filter((type) => !after.has(type));
  const added = [...after].filter((type) => !before.has(type));
  const message = `: types ${[...before].join('|')} → ${[...after].join('|')}`;
  if (added.length > 0) emit({ events: ['list-of-types-widened'], message });
  if (removed.length > 0) emit({ events: ['list-of-types-narrowed'], message });
  return true;
}

function matchMembers(
  { context }: Walk,
  x: Located[],
  y: Located[],
): { pairs: [string, Located, Located][]; removed: Located[]; added: Located[] } {
  const keyOf = (set: DocumentSet, at: Located) => {
    const resolved = set.deref(at.value, at.document, at.pointer);
    const raw = at.value as Record<string, unknown> | undefined;
    if (typeof raw?.$ref === 'string' && resolved)
      return `ref:${resolved.document === set.root ? resolved.pointer : `${resolved.document.name}#${resolved.pointer}`}`;
    const title = (resolved?.value as Record<string, unknown> | undefined)?.title;
    return typeof title === 'string' ? `title:${title}` : `text:${show(resolved?.value)}`;
  };
  const right = new Map(y.map((at) => [keyOf(context.now, at), at]));
  const pairs: [string, Located, Located][] = [];
  const removed: Located[] = [];
  const inlineLeft: Located[] = [];
  for (const at of x) {
    const key = keyOf(context.old, at);
    const next = right.get(key);
    if (next) {
      pairs.push([key.startsWith('text:') ? '' : ` ${key.slice(key.indexOf(':') + 1).replace(/^.*\//, '')}`, at, next]);
      right.delete(key);
    } else if (key.startsWith('ref:')) removed.push(at);
    else inlineLeft.push(at);
  }
  const inlineRight = [...right].filter(([key]) => !key.startsWith('ref:')).map(([, at]) => at);
  const added = [...right].filter(([key]) => key.startsWith('ref:')).map(([, at]) => at);
  const paired = Math.min(inlineLeft.length, inlineRight.length);
  for (let index = 0; index < paired; index++) pairs.push(['', inlineLeft[index], inlineRight[index]]);
  return { pairs, removed: [...removed, ...inlineLeft.slice(paired)], added: [...added, ...inlineRight.slice(paired)] };
}
