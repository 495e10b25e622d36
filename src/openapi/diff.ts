import type {
  SpecPlace,
  SpecChange,
  SpecDiffResult,
  SpecOperation,
  SpecParameter,
  SpecResponse,
} from '../model/artifacts/spec.js';
import { CATALOGUE, DIFFERENCES, OWN_RULES, type Level } from '../model/diff-rules.js';
import type { DiffPolicy } from '../model/estate.js';
import {
  isoDay,
  judgeDeprecation,
  judgeRemoval,
  stabilityOf,
  stabilityRank,
  sunsetDate,
  daysUntil,
  minimumDays,
  type LifecyclePolicy,
} from './diff-lifecycle.js';
import { compareSchemas, type Found } from './diff-schema.js';
import {
  asObject,
  located,
  operationObject,
  schemaContext,
  type Json,
  type OperationContext,
  type Side,
} from './diff-context.js';
import { compareDocument, compareSecurity } from './diff-security.js';
import { atPointer } from './documents.js';
import type { IngestedSpec } from './ingest.js';
import { locateLines } from './locate.js';
import type { Located } from './schema-shape.js';

export interface DiffOptions {
  /** the day sunset dates are judged against (tests pass a fixed day) */
  today?: Date;
  /** junction.yaml's `diff:`: levels per rule, changes accepted on purpose, deprecation periods */
  rules?: Partial<DiffPolicy>;
}

const isSuccess = (status: string) => /^2/.test(status);
/** `/pets/{id}` and `/pets/{petId}` are the same path: parameter names are not part of the contract. */
const normalisePath = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const pathKey = (operation: SpecOperation) => `${operation.method} ${normalisePath(operation.path)}`;

const REMOVAL_WORDS: Record<ReturnType<typeof judgeRemoval>, (sunset: unknown) => string> = {
  'without-deprecation': () => ' without being deprecated first',
  'with-deprecation': () => ' (it was deprecated)',
  'before-sunset': (sunset) => ` before its sunset date ${JSON.stringify(sunset)}`,
  'sunset-parse': () => ' (its x-sunset cannot be read)',
};

/**
 * Classifies every change between two versions of a spec with oasdiff's rule ids and levels (ERR breaking, WARN
 * possibly breaking, INFO not breaking), with its location in both documents. Schemas are compared after following
 * `$ref`s and merging `allOf`, so refactors do not count as changes.
 */
export function diffSpecs(before: IngestedSpec, after: IngestedSpec, options: DiffOptions = {}): SpecDiffResult {
  const old: Side = { set: before.documents };
  const now: Side = { set: after.documents };
  const policy: LifecyclePolicy = {
    today: options.today ?? new Date(),
    deprecationDays: { beta: 0, stable: 0, ...options.rules?.deprecationDays },
  };
  const found: Found[] = [];
  const add = (change: Found): void => {
    found.push(change);
  };
  const seen = new Set<string>();
  const pair = { old, now, add, seen, policy, specs: { before, after } };
  compareOperations(pair, before.index.operations, after.index.operations);
  // webhooks' operations under every operation rule, as oasdiff's `webhook:<name>` paths; a whole webhook added or
  // removed is one document-level change (webhook-added, webhook-removed), not one per operation
  compareOperations(
    pair,
    (before.index.webhookOperations ?? []).map(asWebhook),
    (after.index.webhookOperations ?? []).map(asWebhook),
    { whole: (path) => path.slice(WEBHOOK.length) },
  );
  compareDocument(old, now, add, before, after);
  return summarise(applyRules(found, options.rules ?? {}), old, now);
}

const WEBHOOK = 'webhook:';
const asWebhook = (operation: SpecOperation): SpecOperation => ({ ...operation, path: WEBHOOK + operation.path });

interface OperationPair {
  old: Side;
  now: Side;
  add: (change: Found) => void;
  seen: Set<string>;
  policy: LifecyclePolicy;
  /** the two specs, for what an operation inherits from its document (the global security) */
  specs: { before: IngestedSpec; after: IngestedSpec };
}

/**
 * Matches two operation lists by method and path and compares each pair; a removed or added operation is a change of
 * its own. With `whole`, the name of the container an operation is in (a webhook): when that container is missing on
 * the other side, its operations are left to the document-level change that says so.
 */
function compareOperations(
  { old, now, add, seen, policy, specs }: OperationPair,
  before: SpecOperation[],
  after: SpecOperation[],
  options: { whole?: (path: string) => string } = {},
): void {
  const addFor =
    (operation: SpecOperation) =>
    (change: Found): void =>
      add({ ...change, operation: { method: operation.method, path: operation.path } });
  const containers = (operations: SpecOperation[]) =>
    new Set(options.whole ? operations.map((operation) => options.whole!(operation.path)) : []);
  const [oldContainers, newContainers] = [containers(before), containers(after)];
  const wholeMissing = (operation: SpecOperation, other: Set<string>) =>
    options.whole !== undefined && !other.has(options.whole(operation.path));

  const newOperations = new Map(after.map((operation) => [pathKey(operation), operation]));
  const oldKeys = new Set(before.map(pathKey));
  const newPaths = new Set(after.map((operation) => normalisePath(operation.path)));
  for (const operation of before) {
    const label = `${operation.method} ${operation.path}`;
    const oldObject = operationObject(old, operation);
    const next = newOperations.get(pathKey(operation));
    if (!next) {
      if (wholeMissing(operation, newContainers)) continue;
      const removal = judgeRemoval(operation.deprecated, oldObject['x-sunset'], policy);
      const scope = newPaths.has(normalisePath(operation.path)) ? 'api' : 'api-path';
      addFor(operation)({
        id: removal === 'sunset-parse' ? 'api-path-sunset-parse' : `${scope}-removed-${removal}`,
        level: 'ERR',
        message: `${label} was removed${REMOVAL_WORDS[removal](oldObject['x-sunset'])}`,
        old: located(old, operation.pointer),
      });
      continue;
    }
    const newObject = operationObject(now, next);
    const context: OperationContext = {
      label,
      old,
      now,
      add: addFor(next),
      oldOp: operation,
      newOp: next,
      seen,
      policy,
    };
    compareLifecycle(context, oldObject, newObject);
    compareOperationMeta(context);
    compareParameters(context);
    compareRequestBody(context);
    compareResponses(context);
    compareSecurity(context, specs.before, specs.after);
  }
  for (const operation of after) {
    if (!oldKeys.has(pathKey(operation)) && !wholeMissing(operation, oldContainers))
      addFor(operation)({
        id: 'endpoint-added',
        level: 'INFO',
        message: `${operation.method} ${operation.path} was added`,
        new: located(now, operation.pointer),
      });
  }
}

/**
 * Each change at its level: the catalogue's (or Junction's own rule's), Junction's where it knowingly judges this
 * change differently (Found.differs says why), then junction.yaml's severity override; NONE drops the change. An
 * ignore entry that matches keeps the change, marked with its reason, out of the breaking count.
 */
function applyRules(found: Found[], rules: Partial<DiffPolicy>): Found[] {
  const result: Found[] = [];
  for (const change of found) {
    let level = CATALOGUE.get(change.id) ?? OWN_RULES[change.id]?.level ?? change.level;
    if (change.differs) level = DIFFERENCES[change.id]?.level ?? level;
    const override = rules.severity?.[change.id];
    if (override === 'NONE') continue;
    const ignored = rules.ignore?.find(
      (entry) =>
        entry.rule === change.id &&
        (entry.path === undefined || entry.path === change.operation?.path) &&
        (entry.method === undefined || entry.method.toUpperCase() === change.operation?.method),
    );
    result.push({ ...change, level: override ?? level, ...(ignored ? { ignored: ignored.reason } : {}) });
  }
  return result;
}

/** deprecated, x-sunset and x-stability-level of an operation. */
function compareLifecycle({ label, old, now, add, oldOp, newOp, policy }: OperationContext, a: Json, b: Json): void {
  const both = { old: located(old, oldOp.pointer), new: located(now, newOp.pointer) };
  if (!oldOp.deprecated && newOp.deprecated) {
    const judged = judgeDeprecation(b['x-sunset'], b['x-stability-level'], policy);
    const id =
      judged.event === 'deprecated'
        ? 'endpoint-deprecated'
        : judged.event === 'deprecated-with-sunset'
          ? 'endpoint-deprecated-with-sunset'
          : judged.event === 'sunset-parse'
            ? 'api-deprecated-sunset-parse'
            : `api-${judged.event}`;
    add({
      id,
      level: 'INFO',
      message:
        `${label} is now deprecated${judged.date ? ` (sunset ${isoDay(judged.date)})` : ''}` +
        (judged.event === 'sunset-parse' ? ` but ${judged.error}` : '') +
        (judged.event === 'deprecated-sunset-missing' ? ' without a sunset date' : '') +
        (judged.event === 'sunset-date-too-small' ? ', with a sunset sooner than the deprecation policy allows' : ''),
      ...both,
    });
  } else if (oldOp.deprecated && !newOp.deprecated)
    add({ id: 'endpoint-reactivated', level: 'INFO', message: `${label} is no longer deprecated`, ...both });
  else if (oldOp.deprecated && newOp.deprecated)
    compareSunsets(label, a['x-sunset'], b['x-sunset'], b, policy, add, both, 'api');
  const [before, after] = [stabilityOf(a['x-stability-level']), stabilityOf(b['x-stability-level'])];
  for (const [side, value, level] of [
    ['old', a['x-stability-level'], before],
    ['new', b['x-stability-level'], after],
  ] as const)
    if (!level)
      add({
        id: 'api-invalid-stability-level',
        level: 'ERR',
        message: `${label}: x-stability-level ${JSON.stringify(value)} (${side}) is not draft, alpha, beta or stable`,
        ...both,
      });
  // an operation that never said how stable it was has nothing to decrease from
  if (a['x-stability-level'] !== undefined && before && after && before !== after)
    add({
      id: stabilityRank(after) < stabilityRank(before) ? 'api-stability-decreased' : 'api-stability-increased',
      level: 'INFO',
      message: `${label}: x-stability-level ${before} → ${after}`,
      ...both,
    });
}

/** A deprecated element's sunset removed, unreadable, or moved sooner than the policy allows. */
function compareSunsets(
  label: string,
  before: unknown,
  after: unknown,
  element: Json,
  policy: LifecyclePolicy,
  add: (change: Found) => void,
  both: { old: Located; new: Located },
  family: 'api' | 'request-parameter',
): void {
  if (before === undefined || JSON.stringify(before) === JSON.stringify(after)) return;
  if (after === undefined) {
    add({
      id: family === 'api' ? 'sunset-deleted' : 'request-parameter-sunset-deleted',
      level: 'ERR',
      message: `${label}: the sunset date was removed`,
      ...both,
    });
    return;
  }
  const [x, y] = [sunsetDate(before), sunsetDate(after)];
  if ('error' in x || 'error' in y) {
    add({
      id: family === 'api' ? 'api-path-sunset-parse' : 'request-parameter-sunset-parse',
      level: 'ERR',
      message: `${label}: ${'error' in y ? y.error : 'error' in x ? x.error : ''}`,
      ...both,
    });
    return;
  }
  const days = minimumDays(stabilityOf(element['x-stability-level']), policy);
  if (y.date < x.date && daysUntil(y.date, policy) < days)
    add({
      id: `${family}-sunset-date-changed-too-small`,
      level: 'ERR',
      message: `${label}: the sunset moved from ${isoDay(x.date)} to ${isoDay(y.date)}, sooner than the policy's ${days} days`,
      ...both,
    });
}

function compareOperationMeta({ label, old, now, add, oldOp, newOp }: OperationContext): void {
  const both = { old: located(old, oldOp.pointer), new: located(now, newOp.pointer) };
  if (oldOp.operationId !== newOp.operationId) {
    if (oldOp.operationId)
      add({
        id: 'api-operation-id-removed',
        level: 'INFO',
        message: `${label}: operationId ${oldOp.operationId} → ${newOp.operationId ?? 'none'}`,
        ...both,
      });
    else
      add({
        id: 'api-operation-id-added',
        level: 'INFO',
        message: `${label}: operationId ${newOp.operationId} added`,
        ...both,
      });
  }
  for (const tag of oldOp.tags)
    if (!newOp.tags.includes(tag))
      add({ id: 'api-tag-removed', level: 'INFO', message: `${label}: tag ${tag} removed`, ...both });
  for (const tag of newOp.tags)
    if (!oldOp.tags.includes(tag))
      add({ id: 'api-tag-added', level: 'INFO', message: `${label}: tag ${tag} added`, ...both });
}

/** The Parameter Object of an operation (or of its path item), `$ref`s followed, and whether the path item holds it. */
function parameterObject(
  side: Side,
  operation: SpecOperation,
  parameter: SpecParameter,
): { value: Json; shared: boolean } | undefined {
  const at = side.set.at(operation.pointer);
  const holders = [
    { pointer: at.pointer, shared: false },
    { pointer: at.pointer.slice(0, at.pointer.lastIndexOf('/')), shared: true },
  ];
  for (const holder of holders) {
    const list = atPointer(at.document.value, `${holder.pointer}/parameters`);
    for (const raw of Array.isArray(list) ? list : []) {
      const value = asObject(side.set.deref(raw, at.document, holder.pointer)?.value);
      if (value?.name === parameter.name && value.in === parameter.in) return { value, shared: holder.shared };
    }
  }
  return undefined;
}

function compareParameters(context: OperationContext): void {
  const { label, old, now, add, oldOp, newOp, policy } = context;
  const key = (parameter: SpecParameter) =>
    `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
  const newParameters = new Map(newOp.parameters.map((parameter) => [key(parameter), parameter]));
  const oldParameters = new Map(oldOp.parameters.map((parameter) => [key(parameter), parameter]));
  const oldPath = oldOp.parameters.filter((parameter) => parameter.in === 'path');
  const newPath = newOp.parameters.filter((parameter) => parameter.in === 'path');
  for (const parameter of oldOp.parameters) {
    const where = `${label}: ${parameter.in} parameter "${parameter.name}"`;
    // path parameters follow the path template: matched by position, so a renamed one is the same parameter
    const next = parameter.in === 'path' ? newPath[oldPath.indexOf(parameter)] : newParameters.get(key(parameter));
    const oldObject = parameterObject(old, oldOp, parameter)?.value ?? {};
    const both = { old: located(old, parameter.schema?.pointer ?? oldOp.pointer), new: located(now, newOp.pointer) };
    if (!next) {
      const removal = judgeRemoval(parameter.deprecated, oldObject['x-sunset'], policy);
      add({
        id:
          removal === 'without-deprecation'
            ? 'request-parameter-removed'
            : removal === 'sunset-parse'
              ? 'request-parameter-sunset-parse'
              : `request-parameter-removed-${removal}`,
        level: 'INFO',
        message: `${where} was removed${removal === 'before-sunset' ? ' before its sunset date' : ''}`,
        old: both.old,
      });
      continue;
    }
    const newObject = parameterObject(now, newOp, next)?.value ?? {};
    const nextBoth = { ...both, new: located(now, next.schema?.pointer ?? newOp.pointer) };
    if (parameter.required !== next.required)
      add({
        id: next.required ? 'request-parameter-became-required' : 'request-parameter-became-optional',
        level: 'INFO',
        message: `${where} became ${next.required ? 'required' : 'optional'}`,
        ...nextBoth,
      });
    if (!parameter.deprecated && next.deprecated) {
      const judged = judgeDeprecation(
        newObject['x-sunset'],
        newObject['x-stability-level'] ?? operationObject(now, newOp)['x-stability-level'],
        policy,
      );
      add({
        id:
          judged.event === 'sunset-parse'
            ? 'request-parameter-sunset-parse'
            : judged.event === 'deprecated-with-sunset'
              ? 'request-parameter-deprecated'
              : `request-parameter-${judged.event}`,
        level: 'INFO',
        message: `${where} is now deprecated${judged.date ? ` (sunset ${isoDay(judged.date)})` : ''}`,
        ...nextBoth,
      });
    } else if (parameter.deprecated && !next.deprecated)
      add({
        id: 'request-parameter-reactivated',
        level: 'INFO',
        message: `${where} is no longer deprecated`,
        ...nextBoth,
      });
    else if (parameter.deprecated && next.deprecated)
      compareSunsets(
        where,
        oldObject['x-sunset'],
        newObject['x-sunset'],
        newObject,
        policy,
        add,
        nextBoth,
        'request-parameter',
      );
    compareSerialization(context, where, parameter, oldObject, newObject, nextBoth);
    if (parameter.schema && next.schema)
      compareSchemas(
        schemaContext(context, where, parameter.in === 'header' ? 'request-header' : 'request-parameter'),
        old.set.at(parameter.schema.pointer),
        now.set.at(next.schema.pointer),
      );
  }
  const oldPathCount = oldPath.length;
  newOp.parameters.forEach((parameter) => {
    if (parameter.in === 'path' ? newPath.indexOf(parameter) < oldPathCount : oldParameters.has(key(parameter))) return;
    const shared = parameterObject(now, newOp, parameter)?.shared === true;
    const kind = parameter.required ? 'required' : 'optional';
    add({
      id:
        parameter.in === 'path'
          ? 'new-request-path-parameter'
          : shared
            ? `new-${kind}-request-default-parameter-to-existing-path`
            : `new-${kind}-request-parameter`,
      level: 'INFO',
      message: `${label}: new ${kind} ${parameter.in} parameter "${parameter.name}"${shared ? ' (for every operation of the path)' : ''}`,
      new: located(now, parameter.schema?.pointer ?? newOp.pointer),
    });
  });
}

/**
 * How a parameter is written on the wire: `style` and `explode` (OpenAPI 3, with their defaults per location) or
 * `collectionFormat` (Swagger 2.0). It matters for arrays and objects, which clients serialise accordingly; oasdiff
 * has no rule for it, so Junction reports its own `request-parameter-style-changed` (ERR).
 */
function compareSerialization(
  { add }: OperationContext,
  where: string,
  parameter: SpecParameter,
  before: Json,
  after: Json,
  both: { old: Located; new: Located },
): void {
  const serialization = (value: Json) => {
    if (value.collectionFormat !== undefined || value.type !== undefined)
      return `collectionFormat ${String((value.collectionFormat as string | undefined) ?? 'csv')}`;
    const style = String(
      (value.style as string | undefined) ??
        (parameter.in === 'query' || parameter.in === 'cookie' ? 'form' : 'simple'),
    );
    const explode = value.explode ?? style === 'form';
    return `style ${style}${explode === true ? ', exploded' : ''}`;
  };
  const [x, y] = [serialization(before), serialization(after)];
  const structured = (value: Json) => {
    const schema = asObject(value.schema) ?? value;
    return schema.type === 'array' || schema.type === 'object' || typeof schema.$ref === 'string';
  };
  if (x !== y && (structured(before) || structured(after)))
    add({
      id: 'request-parameter-style-changed',
      level: 'ERR',
      message: `${where} is serialized differently: ${x} → ${y}`,
      ...both,
    });
}

function compareRequestBody(context: OperationContext): void {
  const { label, old, now, add, oldOp, newOp } = context;
  const before = oldOp.requestBody;
  const after = newOp.requestBody;
  const both = { old: located(old, oldOp.pointer), new: located(now, newOp.pointer) };
  if (!before && !after) return;
  if (!before || !after) {
    add({
      id: !after
        ? 'request-body-removed'
        : after.required
          ? 'request-body-added-required'
          : 'request-body-added-optional',
      level: 'INFO',
      message: `${label}: ${!after ? 'the request body was removed' : `a${after.required ? ' required' : 'n optional'} request body was added`}`,
      ...both,
    });
    return;
  }
  if (before.required !== after.required)
    add({
      id: after.required ? 'request-body-became-required' : 'request-body-became-optional',
      level: 'INFO',
      message: `${label}: the request body became ${after.required ? 'required' : 'optional'}`,
      ...both,
    });
  for (const media of before.content) {
    const next = after.content.find((candidate) => candidate.mediaType === media.mediaType);
    const where = `${label}: request body (${media.mediaType})`;
    if (!next) {
      add({
        id: 'request-body-media-type-removed',
        level: 'INFO',
        message: `${label}: request media type ${media.mediaType} is no longer accepted`,
        ...both,
      });
      continue;
    }
    if (!media.schema && next.schema)
      add({
        id: 'request-body-media-type-schema-added',
        level: 'INFO',
        message: `${where}: a schema was added`,
        ...both,
      });
    else if (media.schema && !next.schema)
      add({
        id: 'request-body-media-type-schema-removed',
        level: 'INFO',
        message: `${where}: the schema was removed`,
        ...both,
      });
    else if (media.schema && next.schema)
      compareSchemas(
        schemaContext(context, where, 'request-body'),
        old.set.at(media.schema.pointer),
        now.set.at(next.schema.pointer),
      );
  }
  for (const media of after.content)
    if (!before.content.some((candidate) => candidate.mediaType === media.mediaType))
      add({
        id: 'request-body-media-type-added',
        level: 'INFO',
        message: `${label}: request media type ${media.mediaType} is now accepted`,
        ...both,
      });
}

/** `application/*` covers `application/json`; parameters (`; charset=utf-8`) are not part of the name. */
const mediaName = (mediaType: string) => mediaType.split(';')[0].trim().toLowerCase();
const covers = (range: string, name: string) => {
  const [type, subtype] = mediaName(range).split('/');
  const [otherType, otherSubtype] = mediaName(name).split('/');
  return (type === '*' || type === otherType) && (subtype === '*' || subtype === otherSubtype);
};

function compareResponses(context: OperationContext): void {
  const { label, old, now, add, oldOp, newOp } = context;
  const both = { old: located(old, oldOp.pointer), new: located(now, newOp.pointer) };
  for (const response of oldOp.responses) {
    const next = newOp.responses.find((candidate) => candidate.status === response.status);
    const where = `${label}: response ${response.status}`;
    if (!next) {
      add({
        id: isSuccess(response.status) ? 'response-success-status-removed' : 'response-non-success-status-removed',
        level: 'INFO',
        message: `${where} was removed`,
        ...both,
      });
      continue;
    }
    compareHeaders(context, where, response, next);
    for (const media of response.content) {
      const exact = next.content.find((candidate) => candidate.mediaType === media.mediaType);
      const renamed =
        exact ?? next.content.find((candidate) => mediaName(candidate.mediaType) === mediaName(media.mediaType));
      const nextMedia = renamed ?? next.content.find((candidate) => covers(candidate.mediaType, media.mediaType));
      if (!nextMedia) {
        add({
          id: 'response-media-type-removed',
          level: 'INFO',
          message: `${where}: media type ${media.mediaType} was removed`,
          ...both,
        });
        continue;
      }
      if (!exact)
        add({
          id: renamed ? 'response-media-type-name-changed' : 'response-media-type-name-generalized',
          level: 'INFO',
          message: `${where}: media type ${media.mediaType} → ${nextMedia.mediaType}`,
          ...both,
        });
      const place = `${where} (${media.mediaType})`;
      if (media.schema && !nextMedia.schema)
        add({
          id: 'response-body-media-type-schema-removed',
          level: 'INFO',
          message: `${place}: the schema was removed`,
          ...both,
        });
      else if (!media.schema && nextMedia.schema)
        add({
          id: 'response-body-media-type-schema-added',
          level: 'INFO',
          message: `${place}: a schema was added`,
          ...both,
        });
      else if (media.schema && nextMedia.schema)
        compareSchemas(
          schemaContext(context, place, 'response-body'),
          old.set.at(media.schema.pointer),
          now.set.at(nextMedia.schema.pointer),
        );
    }
    for (const media of next.content) {
      if (response.content.some((candidate) => mediaName(candidate.mediaType) === mediaName(media.mediaType))) continue;
      const specialized = response.content.some((candidate) => covers(candidate.mediaType, media.mediaType));
      add({
        id: specialized ? 'response-media-type-name-specialized' : 'response-media-type-added',
        level: 'INFO',
        message: `${where}: media type ${media.mediaType} was added`,
        ...both,
      });
    }
  }
  for (const response of newOp.responses) {
    if (!oldOp.responses.some((candidate) => candidate.status === response.status))
      add({
        id: isSuccess(response.status) ? 'response-success-status-added' : 'response-non-success-status-added',
        level: 'INFO',
        message: `${label}: response ${response.status} was added`,
        ...both,
      });
  }
}

function compareHeaders(context: OperationContext, where: string, response: SpecResponse, next: SpecResponse): void {
  const { old, now, add, oldOp, newOp } = context;
  const both = { old: located(old, oldOp.pointer), new: located(now, newOp.pointer) };
  for (const header of response.headers) {
    const nextHeader = next.headers.find((candidate) => candidate.name.toLowerCase() === header.name.toLowerCase());
    if (!nextHeader) {
      add({
        id: header.required ? 'required-response-header-removed' : 'optional-response-header-removed',
        level: 'INFO',
        message: `${where}: ${header.required ? 'required' : 'optional'} header ${header.name} was removed`,
        ...both,
      });
      continue;
    }
    if (header.required && !nextHeader.required)
      add({
        id: 'response-header-became-optional',
        level: 'INFO',
        message: `${where}: header ${header.name} is no longer always sent`,
        ...both,
      });
    if (header.schema && nextHeader.schema)
      compareSchemas(
        schemaContext(context, `${where}: header ${header.name}`, 'response-header'),
        old.set.at(header.schema.pointer),
        now.set.at(nextHeader.schema.pointer),
      );
  }
  for (const header of next.headers)
    if (!response.headers.some((candidate) => candidate.name.toLowerCase() === header.name.toLowerCase()))
      add({
        id: 'response-header-added',
        level: 'INFO',
        message: `${where}: header ${header.name} was added`,
        ...both,
      });
}

/**
 * Where each node was written, as a person looks for it: a node of a multi-file spec's resolved view in the file and
 * at the line where it was written (`file#pointer`), a node of the root file by its pointer, lines where found.
 */
function places(side: Side, nodes: (Located | undefined)[]): Map<Located, SpecPlace> {
  const { set } = side;
  const inRoot = nodes.filter((node): node is Located => node?.document === set.root);
  const written = set.locate(inRoot.map((node) => node.pointer));
  const rootName = set.origin('').document.name;
  const result = new Map<Located, SpecPlace>();
  for (const node of inRoot) {
    const place = written.get(node.pointer)!;
    const inRootFile = place.file === rootName;
    result.set(node, {
      pointer: inRootFile ? place.pointer : `${place.file}#${place.pointer}`,
      line: place.line,
      ...(inRootFile ? {} : { file: place.file }),
    });
  }
  // a node of another document, in a set without a view
  for (const node of nodes) {
    if (!node || node.document === set.root) continue;
    const line = locateLines(node.document.text, [node.pointer]).get(node.pointer);
    result.set(node, { pointer: `${node.document.name}#${node.pointer}`, line, file: node.document.name });
  }
  return result;
}

/**
 * One entry per rule and location: a shared schema changed once is one change, however many operations use it.
 * Schema changes point at schema nodes (their Located carries the node's value); a change of an operation points at
 * the operation and is told apart from the operation's other changes by its message.
 */
function summarise(found: Found[], old: Side, now: Side): SpecDiffResult {
  const unique = new Map<string, Found & { count: number }>();
  for (const change of found) {
    const inSchema = change.old?.value !== undefined || change.new?.value !== undefined;
    const place = `${change.old?.document.name}#${change.old?.pointer} ${change.new?.document.name}#${change.new?.pointer}`;
    const key = `${change.id} ${place}${inSchema ? '' : ` ${change.message}`}`;
    const known = unique.get(key);
    if (known) known.count++;
    else unique.set(key, { ...change, count: 1 });
  }
  const entries = [...unique.values()];
  const oldPlaces = places(
    old,
    entries.map((change) => change.old),
  );
  const newPlaces = places(
    now,
    entries.map((change) => change.new),
  );
  const rank: Record<Level, number> = { ERR: 0, WARN: 1, INFO: 2 };
  const changes: SpecChange[] = entries
    .sort((x, y) => rank[x.level] - rank[y.level])
    .map((change) => ({
      id: change.id,
      level: change.level,
      breaking: change.level !== 'INFO' && change.ignored === undefined,
      message:
        change.count > 1
          ? `${change.message} (and ${change.count - 1} more operation${change.count > 2 ? 's' : ''} using the same schema)`
          : change.message,
      ...(change.operation ? { operation: change.operation } : {}),
      ...(change.differs ? { differs: change.differs } : {}),
      ...(change.ignored !== undefined ? { ignored: change.ignored } : {}),
      old: change.old && oldPlaces.get(change.old),
      new: change.new && newPlaces.get(change.new),
    }));
  return { breaking: changes.filter((change) => change.breaking).length, changes };
}
