import type { SpecChange, SpecDiffResult, SpecOperation, SpecParameter } from '../gather/spec-artifact.js';
import type { DocumentSet } from './documents.js';
import type { IngestedSpec } from './ingest.js';
import { locateLines } from './locate.js';
import { schemaShape, type Located, type SchemaShape } from './schema-shape.js';

type Direction = 'request' | 'response';
interface Side {
  set: DocumentSet;
}

interface Found {
  id: string;
  breaking: boolean;
  message: string;
  old?: Located;
  new?: Located;
}

const MAX_SCHEMA_DEPTH = 24;
const isSuccess = (status: string) => /^2/.test(status);
/** `/pets/{id}` and `/pets/{petId}` are the same path: parameter names are not part of the contract. */
const pathKey = (operation: SpecOperation) => `${operation.method} ${operation.path.replace(/\{[^}]+\}/g, '{}')}`;

/**
 * Classifies every change between two versions of a spec as breaking or not, with its location in both.
 * Schemas are compared after following `$ref`s and merging `allOf`, so refactors do not count as changes; a required
 * property that has a default is not a breaking addition.
 */
export function diffSpecs(before: IngestedSpec, after: IngestedSpec): SpecDiffResult {
  const old: Side = { set: before.documents };
  const now: Side = { set: after.documents };
  const found: Found[] = [];
  const add = (change: Found) => found.push(change);

  const compared = new Set<string>();
  const newOperations = new Map(after.index.operations.map((operation) => [pathKey(operation), operation]));
  const oldKeys = new Set(before.index.operations.map(pathKey));
  for (const operation of before.index.operations) {
    const label = `${operation.method} ${operation.path}`;
    const next = newOperations.get(pathKey(operation));
    if (!next) {
      add(
        operation.deprecated
          ? { id: 'operation-removed', breaking: true, message: `${label} was removed (it was deprecated)`, old: located(old, operation.pointer) }
          : { id: 'operation-removed-without-deprecation', breaking: true, message: `${label} was removed without being deprecated first`, old: located(old, operation.pointer) },
      );
      continue;
    }
    const context: OperationContext = { label, old, now, add, oldOp: operation, newOp: next, compared };
    if (!operation.deprecated && next.deprecated) add({ id: 'operation-deprecated', breaking: false, message: `${label} is now deprecated`, new: located(now, next.pointer) });
    if (operation.operationId && next.operationId && operation.operationId !== next.operationId) {
      add({ id: 'operation-id-changed', breaking: false, message: `${label}: operationId ${operation.operationId} → ${next.operationId}`, old: located(old, operation.pointer), new: located(now, next.pointer) });
    }
    compareParameters(context);
    compareRequestBody(context);
    compareResponses(context);
    compareSecurity(context);
  }
  for (const operation of after.index.operations) {
    if (!oldKeys.has(pathKey(operation))) {
      add({ id: 'operation-added', breaking: false, message: `${operation.method} ${operation.path} was added`, new: located(now, operation.pointer) });
    }
  }
  return summarise(found, old, now);
}

interface OperationContext {
  label: string;
  old: Side;
  now: Side;
  add: (change: Found) => void;
  oldOp: SpecOperation;
  newOp: SpecOperation;
  /** schema pairs already compared in this diff */
  compared: Set<string>;
}

const located = (side: Side, pointer: string): Located => ({ value: undefined, document: side.set.root, pointer });

function compareParameters({ label, old, now, add, oldOp, newOp, compared }: OperationContext): void {
  const key = (parameter: SpecParameter) => `${parameter.in}:${parameter.name.toLowerCase()}`;
  const newParameters = new Map(newOp.parameters.map((parameter) => [key(parameter), parameter]));
  const oldParameters = new Map(oldOp.parameters.map((parameter) => [key(parameter), parameter]));
  for (const parameter of oldOp.parameters) {
    if (parameter.in === 'path') continue; // path parameters follow the path template, compared by position
    const next = newParameters.get(key(parameter));
    const where = `${label}: ${parameter.in} parameter "${parameter.name}"`;
    if (!next) {
      const moved = newOp.parameters.find((candidate) => candidate.name.toLowerCase() === parameter.name.toLowerCase() && candidate.in !== parameter.in);
      if (moved) {
        add({ id: 'request-parameter-moved', breaking: true, message: `${where} moved to ${moved.in}`, old: located(old, parameter.schema?.pointer ?? oldOp.pointer), new: located(now, moved.schema?.pointer ?? newOp.pointer) });
      } else {
        add({ id: 'request-parameter-removed', breaking: false, message: `${where} was removed`, old: located(old, parameter.schema?.pointer ?? oldOp.pointer) });
      }
      continue;
    }
    if (!parameter.required && next.required) {
      add({ id: 'request-parameter-became-required', breaking: true, message: `${where} became required`, old: located(old, oldOp.pointer), new: located(now, newOp.pointer) });
    }
    if (parameter.schema && next.schema) {
      compareSchemas({ old, now, add, label: where, prefix: 'request-parameter' }, 'request', schemaAt(old, parameter.schema.pointer), schemaAt(now, next.schema.pointer), 0, compared);
    }
  }
  for (const parameter of newOp.parameters) {
    if (parameter.in === 'path' || oldParameters.has(key(parameter))) continue;
    if (oldOp.parameters.some((candidate) => candidate.name.toLowerCase() === parameter.name.toLowerCase())) continue; // reported as moved
    add({
      id: parameter.required ? 'request-parameter-added-required' : 'request-parameter-added-optional',
      breaking: parameter.required,
      message: `${label}: new ${parameter.required ? 'required' : 'optional'} ${parameter.in} parameter "${parameter.name}"`,
      new: located(now, parameter.schema?.pointer ?? newOp.pointer),
    });
  }
}

function compareRequestBody({ label, old, now, add, oldOp, newOp, compared }: OperationContext): void {
  const before = oldOp.requestBody;
  const after = newOp.requestBody;
  if (!after) return;
  if (!before) {
    if (after.required) add({ id: 'request-body-added-required', breaking: true, message: `${label}: a required request body was added`, new: located(now, newOp.pointer) });
    return;
  }
  if (!before.required && after.required) {
    add({ id: 'request-body-became-required', breaking: true, message: `${label}: the request body became required`, old: located(old, oldOp.pointer), new: located(now, newOp.pointer) });
  }
  for (const media of before.content) {
    const next = after.content.find((candidate) => candidate.mediaType === media.mediaType);
    if (!next) {
      add({ id: 'request-body-media-type-removed', breaking: true, message: `${label}: request media type ${media.mediaType} is no longer accepted`, old: located(old, oldOp.pointer) });
      continue;
    }
    if (media.schema && next.schema) {
      compareSchemas({ old, now, add, label: `${label}: request body (${media.mediaType})`, prefix: 'request-body' }, 'request', schemaAt(old, media.schema.pointer), schemaAt(now, next.schema.pointer), 0, compared);
    }
  }
}

function compareResponses({ label, old, now, add, oldOp, newOp, compared }: OperationContext): void {
  for (const response of oldOp.responses) {
    const next = newOp.responses.find((candidate) => candidate.status === response.status);
    const where = `${label}: response ${response.status}`;
    if (!next) {
      const success = isSuccess(response.status);
      add({ id: success ? 'response-success-status-removed' : 'response-status-removed', breaking: success, message: `${where} was removed`, old: located(old, oldOp.pointer), new: located(now, newOp.pointer) });
      continue;
    }
    for (const header of response.headers) {
      const nextHeader = next.headers.find((candidate) => candidate.name.toLowerCase() === header.name.toLowerCase());
      if (header.required && (!nextHeader || !nextHeader.required)) {
        add({ id: 'response-required-header-removed', breaking: true, message: `${where}: header ${header.name} is no longer always sent`, old: located(old, oldOp.pointer), new: located(now, newOp.pointer) });
      }
    }
    for (const media of response.content) {
      const nextMedia = next.content.find((candidate) => candidate.mediaType === media.mediaType);
      if (!nextMedia) {
        add({ id: 'response-media-type-removed', breaking: isSuccess(response.status), message: `${where}: media type ${media.mediaType} was removed`, old: located(old, oldOp.pointer), new: located(now, newOp.pointer) });
        continue;
      }
      if (media.schema && nextMedia.schema) {
        compareSchemas({ old, now, add, label: `${where} (${media.mediaType})`, prefix: 'response' }, 'response', schemaAt(old, media.schema.pointer), schemaAt(now, nextMedia.schema.pointer), 0, compared);
      }
    }
  }
  for (const response of newOp.responses) {
    if (!oldOp.responses.some((candidate) => candidate.status === response.status)) {
      add({ id: 'response-status-added', breaking: false, message: `${label}: response ${response.status} was added`, new: located(now, newOp.pointer) });
    }
  }
}

function compareSecurity({ label, old, now, add, oldOp, newOp }: OperationContext): void {
  const requirement = (entry: Record<string, string[]>) => Object.keys(entry).sort().join('+');
  const before = new Set(oldOp.security.map(requirement));
  const after = new Set(newOp.security.map(requirement));
  const wasPublic = oldOp.security.length === 0 || before.has('');
  if (wasPublic && !(newOp.security.length === 0 || after.has(''))) {
    add({ id: 'security-requirement-added', breaking: true, message: `${label}: now requires ${[...after].join(' or ')}`, old: located(old, oldOp.pointer), new: located(now, newOp.pointer) });
    return;
  }
  // a client keeps working while one of the requirements it could meet is still accepted
  if (!wasPublic && ![...before].some((option) => after.has(option)) && !(newOp.security.length === 0 || after.has(''))) {
    add({ id: 'security-requirement-changed', breaking: true, message: `${label}: security ${[...before].join(' or ')} → ${[...after].join(' or ')}`, old: located(old, oldOp.pointer), new: located(now, newOp.pointer) });
  } else if (!wasPublic && [...before].some((option) => !after.has(option))) {
    add({ id: 'security-requirement-option-removed', breaking: false, message: `${label}: security options changed (${[...before].join(' or ')} → ${[...after].join(' or ') || 'none'})`, old: located(old, oldOp.pointer), new: located(now, newOp.pointer) });
  }
}

/** A schema named by the index (`pointer` or `file#pointer`) as a located node. */
const schemaAt = (side: Side, pointer: string): Located => side.set.at(pointer);

interface SchemaContext {
  old: Side;
  now: Side;
  add: (change: Found) => void;
  label: string;
  /** rule id prefix: 'request-body', 'request-parameter', 'response' */
  prefix: string;
}

const describeTypes = (types: Set<string> | undefined) => (types ? [...types].sort().join('|') : 'any');

function compareSchemas(context: SchemaContext, direction: Direction, before: Located, after: Located, depth: number, seen: Set<string>): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  const a = schemaShape(context.old.set, before);
  const b = schemaShape(context.now.set, after);
  if (!a || !b) return;
  const pair = `${context.prefix} ${a.at.document.name}#${a.at.pointer} ${b.at.document.name}#${b.at.pointer}`;
  // each pair of schemas is compared once per diff: shared components are not re-walked for every operation,
  // and a circular schema ends where it meets itself
  if (seen.has(pair)) return;
  seen.add(pair);
  const { add, label, prefix } = context;
  const where = (detail: string) => `${label}${detail}`;
  const change = (id: string, breaking: boolean, message: string, oldAt: Located = a.at, newAt: Located = b.at) =>
    add({ id: `${prefix}-${id}`, breaking, message, old: oldAt, new: newAt });

  compareTypes(a, b, direction, (breaking, message) => change('type-changed', breaking, where(message)));
  compareEnums(a, b, direction, change, where);
  if (direction === 'request') compareBounds(a, b, change, where);

  for (const [name, property] of a.properties) {
    const next = b.properties.get(name);
    if (!next) {
      if (direction === 'request') change('property-removed', true, where(`: property "${name}" was removed`), property, b.at);
      else if (a.required.has(name)) change('required-property-removed', true, where(`: required property "${name}" was removed`), property, b.at);
      else change('optional-property-removed', false, where(`: optional property "${name}" was removed`), property, b.at);
      continue;
    }
    if (direction === 'request' && !a.required.has(name) && b.required.has(name)) {
      const nextShape = schemaShape(context.now.set, next);
      change('property-became-required', !nextShape?.hasDefault, where(`: property "${name}" became required${nextShape?.hasDefault ? ' (it has a default)' : ''}`), property, next);
    }
    if (direction === 'response' && a.required.has(name) && !b.required.has(name)) {
      change('property-became-optional', true, where(`: property "${name}" is no longer always present`), property, next);
    }
    compareSchemas({ ...context, label: where(`.${name}`) }, direction, property, next, depth + 1, seen);
  }
  for (const [name, property] of b.properties) {
    if (a.properties.has(name)) continue;
    const required = b.required.has(name);
    if (direction === 'request') {
      const hasDefault = required && schemaShape(context.now.set, property)?.hasDefault;
      change(required ? 'property-added-required' : 'property-added-optional', required && !hasDefault, where(`: new ${required ? 'required' : 'optional'} property "${name}"${hasDefault ? ' (with a default)' : ''}`), a.at, property);
    } else {
      change('property-added', false, where(`: new property "${name}"`), a.at, property);
    }
  }
  if (a.items && b.items) compareSchemas({ ...context, label: where('[]') }, direction, a.items, b.items, depth + 1, seen);
}

/** A request may accept more types than before; a response may return fewer. Anything else breaks a client. */
function compareTypes(a: SchemaShape, b: SchemaShape, direction: Direction, report: (breaking: boolean, message: string) => void): void {
  if (!a.types || !b.types) {
    if (a.types && !b.types) report(direction === 'response', `: type ${describeTypes(a.types)} → any`);
    else if (!a.types && b.types) report(direction === 'request', `: type any → ${describeTypes(b.types)}`);
    return;
  }
  const widen = (types: Set<string>) => (types.has('number') ? new Set([...types, 'integer']) : types);
  const subset = (x: Set<string>, y: Set<string>) => [...x].every((type) => widen(y).has(type));
  if (subset(a.types, b.types) && subset(b.types, a.types)) return;
  const breaking = direction === 'request' ? !subset(a.types, b.types) : !subset(b.types, a.types);
  report(breaking, `: type ${describeTypes(a.types)} → ${describeTypes(b.types)}`);
}

function compareEnums(
  a: SchemaShape,
  b: SchemaShape,
  direction: Direction,
  change: (id: string, breaking: boolean, message: string) => void,
  where: (detail: string) => string,
): void {
  const key = (value: unknown) => JSON.stringify(value);
  if (a.enum && !b.enum) {
    change('enum-removed', direction === 'response', where(`: the enum (${a.enum.length} values) was removed${direction === 'response' ? ': clients may now receive any value' : ''}`));
    return;
  }
  if (!a.enum && b.enum) {
    change('enum-added', direction === 'request', where(`: values are now limited to an enum of ${b.enum.length}`));
    return;
  }
  if (!a.enum || !b.enum) return;
  const before = new Set(a.enum.map(key));
  const after = new Set(b.enum.map(key));
  const removed = [...before].filter((value) => !after.has(value));
  const added = [...after].filter((value) => !before.has(value));
  if (removed.length > 0) change('enum-value-removed', direction === 'request', where(`: enum values removed: ${removed.join(', ')}`));
  if (added.length > 0) change('enum-value-added', direction === 'response', where(`: enum values added: ${added.join(', ')}`));
}

function compareBounds(
  a: SchemaShape,
  b: SchemaShape,
  change: (id: string, breaking: boolean, message: string) => void,
  where: (detail: string) => string,
): void {
  const tighter = (before: number | undefined, after: number | undefined, lower: boolean) =>
    after !== undefined && (before === undefined || (lower ? after > before : after < before));
  if (tighter(a.maxLength, b.maxLength, false)) change('max-length-decreased', true, where(`: maxLength ${a.maxLength ?? 'none'} → ${b.maxLength}`));
  if (tighter(a.maximum, b.maximum, false)) change('maximum-decreased', true, where(`: maximum ${a.maximum ?? 'none'} → ${b.maximum}`));
  if (tighter(a.minLength, b.minLength, true)) change('min-length-increased', true, where(`: minLength ${a.minLength ?? 'none'} → ${b.minLength}`));
  if (tighter(a.minimum, b.minimum, true)) change('minimum-increased', true, where(`: minimum ${a.minimum ?? 'none'} → ${b.minimum}`));
}

/** One entry per rule and location: a shared schema changed once is one change, however many operations use it. */
function summarise(found: Found[], old: Side, now: Side): { breaking: number; changes: SpecChange[] } {
  const unique = new Map<string, Found & { count: number }>();
  for (const change of found) {
    const key = `${change.id} ${change.old?.document.name}#${change.old?.pointer} ${change.new?.document.name}#${change.new?.pointer}`;
    const known = unique.get(key);
    if (known) known.count++;
    else unique.set(key, { ...change, count: 1 });
  }
  const entries = [...unique.values()];
  const lines = (side: Side, pick: (change: Found) => Located | undefined) => {
    const byDocument = new Map<string, Set<string>>();
    for (const change of entries) {
      const place = pick(change);
      if (!place) continue;
      const set = byDocument.get(place.document.location) ?? new Set();
      set.add(place.pointer);
      byDocument.set(place.document.location, set);
    }
    const result = new Map<string, Map<string, number>>();
    for (const [location, pointers] of byDocument) result.set(location, locateLines(side.set.documents.get(location)!.text, pointers));
    return result;
  };
  const oldLines = lines(old, (change) => change.old);
  const newLines = lines(now, (change) => change.new);
  const place = (at: Located | undefined, side: Side, table: Map<string, Map<string, number>>) =>
    at && {
      pointer: at.document === side.set.root ? at.pointer : `${at.document.name}#${at.pointer}`,
      line: table.get(at.document.location)?.get(at.pointer),
    };
  const changes: SpecChange[] = entries
    .sort((x, y) => Number(y.breaking) - Number(x.breaking))
    .map((change) => ({
      id: change.id,
      breaking: change.breaking,
      message: change.count > 1 ? `${change.message} (and ${change.count - 1} more operation${change.count > 2 ? 's' : ''} using the same schema)` : change.message,
      old: place(change.old, old, oldLines),
      new: place(change.new, now, newLines),
    }));
  return { breaking: changes.filter((change) => change.breaking).length, changes };
}
