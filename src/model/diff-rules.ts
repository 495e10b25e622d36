/**
 * The rules `junction spec diff` reports: oasdiff's catalogue (diff-catalogue.ts), the places where Junction judges
 * differently and why, and Junction's own ids for changes the catalogue has no id for. docs/diff-rules.md is
 * generated from this module (scripts/diff-rules-doc.ts) and a test keeps the two equal.
 */
import { CATALOGUE, type Level } from './diff-catalogue.js';

export { CATALOGUE, type Level };

/** Levels of a change, most severe first; NONE in a severity override hides the rule. */
export const LEVELS = ['ERR', 'WARN', 'INFO'] as const;

/**
 * How schema rule ids are built: `<prefix>-<event>`. oasdiff names a body's top schema (`request-body-…`,
 * `response-body-…`) apart from the properties inside it (`request-property-…`), and a parameter's schema
 * (`request-parameter-…`) apart from its properties (`request-parameter-property-…`).
 */
export const SCHEMA_PREFIXES = [
  'request-body',
  'request-property',
  'request-parameter',
  'request-parameter-property',
  'request-header-property',
  'response-body',
  'response-property',
  'response-header',
] as const;

type ByDirection = readonly [request: Level, response: Level];
const NARROWING: ByDirection = ['ERR', 'INFO'];
const WIDENING: ByDirection = ['INFO', 'ERR'];
const EITHER: ByDirection = ['ERR', 'ERR'];
const NEITHER: ByDirection = ['INFO', 'INFO'];

const UPPER = ['max-length', 'max', 'exclusive-max', 'max-items', 'max-properties', 'max-contains'];
const LOWER = ['min-length', 'min', 'exclusive-min', 'min-items', 'min-properties', 'min-contains'];
const APPLICATORS = [
  'if',
  'then',
  'else',
  'contains',
  'property-names',
  'unevaluated-items',
  'unevaluated-properties',
  'content-schema',
  'additional-properties',
  'not',
  'pattern-property',
  'dependent-schema',
];

/**
 * Every event the schema comparison reports, with the level Junction gives it where the catalogue has no
 * `<prefix>-<event>` id: breaking when it narrows what a request may send or widens what a response may return,
 * as oasdiff judges the same event at its other places.
 */
export const SCHEMA_EVENTS: ReadonlyMap<string, ByDirection> = new Map<string, ByDirection>([
  ['type-changed', EITHER],
  ['type-generalized', WIDENING],
  ['type-specialized', NARROWING],
  ['list-of-types-widened', WIDENING],
  ['list-of-types-narrowed', NARROWING],
  ['became-nullable', WIDENING],
  ['became-not-nullable', NARROWING],
  ['became-enum', NARROWING],
  ['enum-removed', WIDENING],
  ['enum-value-removed', NARROWING],
  ['enum-value-added', ['INFO', 'WARN']],
  ['x-extensible-enum-value-removed', NARROWING],
  ['const-added', NARROWING],
  ['const-changed', EITHER],
  ['const-removed', WIDENING],
  ['default-value-added', NEITHER],
  ['default-value-removed', NEITHER],
  ['default-value-changed', NEITHER],
  ...UPPER.flatMap((bound) => [[`${bound}-decreased`, NARROWING] as const, [`${bound}-increased`, WIDENING] as const]),
  ...LOWER.flatMap((bound) => [[`${bound}-increased`, NARROWING] as const, [`${bound}-decreased`, WIDENING] as const]),
  ['pattern-added', NARROWING],
  ['pattern-changed', ['WARN', 'INFO']],
  ['pattern-removed', NEITHER],
  ['content-media-type-changed', EITHER],
  ['content-encoding-changed', EITHER],
  ['deprecated', NEITHER],
  ['deprecated-with-sunset', NEITHER],
  ['reactivated', NEITHER],
  ['deprecated-sunset-missing', EITHER],
  ['deprecated-sunset-invalid', EITHER],
  ['sunset-date-too-small', EITHER],
  ['stability-decreased', EITHER],
  ['stability-increased', NEITHER],
  ['discriminator-added', NEITHER],
  ['discriminator-removed', NEITHER],
  ['discriminator-property-name-changed', NEITHER],
  ['discriminator-mapping-added', NEITHER],
  ['discriminator-mapping-deleted', NEITHER],
  ['discriminator-mapping-changed', NEITHER],
  ...APPLICATORS.flatMap((keyword) => [
    [`${keyword}-added`, NARROWING] as const,
    [`${keyword}-removed`, WIDENING] as const,
  ]),
  ['dependent-required-added', NARROWING],
  ['dependent-required-removed', WIDENING],
  ['dependent-required-changed', EITHER],
  ['prefix-items-added', WIDENING],
  ['prefix-items-removed', NARROWING],
  ['one-of-added', WIDENING],
  ['one-of-removed', NARROWING],
  ['any-of-added', WIDENING],
  ['any-of-removed', NARROWING],
  ['all-of-added', NARROWING],
  ['all-of-removed', ['WARN', 'INFO']],
  ['wrapped-in-one-of', EITHER],
]);

/** Junction's ids outside schemas, for what oasdiff has no rule for. */
export const OWN_RULES: Readonly<Record<string, { level: Level; reason: string }>> = {
  'request-parameter-style-changed': {
    level: 'ERR',
    reason:
      'an array or object parameter serialized another way (style, explode, collectionFormat): clients keep ' +
      'sending the old form, which the server reads differently',
  },
};

/** Where Junction judges a change differently from oasdiff's catalogue, and why. */
export const DIFFERENCES: Readonly<Record<string, { level: Level; reason: string }>> = {
  'api-security-added': {
    level: 'ERR',
    reason:
      'when the operation was public before: every anonymous client is refused from now on (a requirement added ' +
      'beside existing ones stays INFO)',
  },
  'api-security-removed': {
    level: 'ERR',
    reason:
      'when none of the requirements a client could meet before is still accepted (one of several alternatives ' +
      'removed stays INFO)',
  },
  'api-global-security-added': {
    level: 'ERR',
    reason: 'when the operations it covers were public before, for the same reason as api-security-added',
  },
};

/**
 * Catalogue rules with level ERR that do not apply to what Junction compares, each with the reason. A test holds
 * every ERR id of the catalogue to be implemented (a fixture proves it) or listed here.
 */
export const NOT_APPLICABLE: Readonly<Record<string, string>> = {};

/** The id a schema event has where the catalogue has none, and the level Junction gives it. */
export function ownSchemaRule(prefix: string, event: string): { id: string; level: Level } | undefined {
  const levels = SCHEMA_EVENTS.get(event);
  if (!levels) return undefined;
  return { id: `${prefix}-${event}`, level: prefix.startsWith('request') ? levels[0] : levels[1] };
}

/** A rule id Junction may report: the catalogue's, or one of its own. */
export function isKnownRule(id: string): boolean {
  if (CATALOGUE.has(id) || id in OWN_RULES) return true;
  return SCHEMA_PREFIXES.some(
    (prefix) => id.startsWith(`${prefix}-`) && SCHEMA_EVENTS.has(id.slice(prefix.length + 1)),
  );
}

/** The level Junction reports a rule at by default: the catalogue's, or its own rule's. */
export function defaultLevel(id: string): Level | undefined {
  const catalogued = CATALOGUE.get(id) ?? OWN_RULES[id]?.level;
  if (catalogued) return catalogued;
  // the longest prefix first: request-parameter-property-… before request-parameter-…
  const prefix = [...SCHEMA_PREFIXES]
    .sort((x, y) => y.length - x.length)
    .find((candidate) => id.startsWith(`${candidate}-`) && SCHEMA_EVENTS.has(id.slice(candidate.length + 1)));
  return prefix ? ownSchemaRule(prefix, id.slice(prefix.length + 1))?.level : undefined;
}
