import type { SpecChange, SpecDiffResult, SpecOperation, SpecParameter } from '../model/artifacts/spec.js';
import { compareSchemas, type Found } from './diff-schema.js';
import { atPointer, type DocumentSet } from './documents.js';
import type { IngestedSpec } from './ingest.js';
import { locateLines } from './locate.js';
import type { Located } from './schema-shape.js';

interface Side {
  set: DocumentSet;
}

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
          ? {
              id: 'operation-removed',
              breaking: true,
              message: `${label} was removed (it was deprecated)`,
              old: located(old, operation.pointer),
            }
          : {
              id: 'operation-removed-without-deprecation',
              breaking: true,
              message: `${label} was removed without being deprecated first`,
              old: located(old, operation.pointer),
            },
      );
      continue;
    }
    const context: OperationContext = { label, old, now, add, oldOp: operation, newOp: next, compared };
    if (!operation.deprecated && next.deprecated)
      add({
        id: 'operation-deprecated',
        breaking: false,
        message: `${label} is now deprecated`,
        new: located(now, next.pointer),
      });
    if (operation.operationId && next.operationId && operation.operationId !== next.operationId) {
      add({
        id: 'operation-id-changed',
        breaking: false,
        message: `${label}: operationId ${operation.operationId} → ${next.operationId}`,
        old: located(old, operation.pointer),
        new: located(now, next.pointer),
      });
    }
    compareParameters(context);
    compareRequestBody(context);
    compareResponses(context);
    compareSecurity(context);
  }
  for (const operation of after.index.operations) {
    if (!oldKeys.has(pathKey(operation))) {
      add({
        id: 'operation-added',
        breaking: false,
        message: `${operation.method} ${operation.path} was added`,
        new: located(now, operation.pointer),
      });
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
      const moved = newOp.parameters.find(
        (candidate) => candidate.name.toLowerCase() === parameter.name.toLowerCase() && candidate.in !== parameter.in,
      );
      if (moved) {
        add({
          id: 'request-parameter-moved',
          breaking: true,
          message: `${where} moved to ${moved.in}`,
          old: located(old, parameter.schema?.pointer ?? oldOp.pointer),
          new: located(now, moved.schema?.pointer ?? newOp.pointer),
        });
      } else {
        add({
          id: 'request-parameter-removed',
          breaking: false,
          message: `${where} was removed`,
          old: located(old, parameter.schema?.pointer ?? oldOp.pointer),
        });
      }
      continue;
    }
    if (!parameter.required && next.required) {
      add({
        id: 'request-parameter-became-required',
        breaking: true,
        message: `${where} became required`,
        old: located(old, oldOp.pointer),
        new: located(now, newOp.pointer),
      });
    }
    const [before, after] = [serialization(old, oldOp, parameter), serialization(now, newOp, next)];
    if (
      before !== after &&
      [parameter, next].some((candidate) => candidate.schema?.type === 'array' || candidate.schema?.type === 'object')
    ) {
      add({
        id: 'request-parameter-style-changed',
        breaking: true,
        message: `${where} is serialized differently: ${before} → ${after}`,
        old: located(old, oldOp.pointer),
        new: located(now, newOp.pointer),
      });
    }
    if (parameter.schema && next.schema) {
      compareSchemas(
        { old: old.set, now: now.set, add, label: where, prefix: 'request-parameter' },
        'request',
        schemaAt(old, parameter.schema.pointer),
        schemaAt(now, next.schema.pointer),
        0,
        compared,
      );
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
    if (after.required)
      add({
        id: 'request-body-added-required',
        breaking: true,
        message: `${label}: a required request body was added`,
        new: located(now, newOp.pointer),
      });
    return;
  }
  if (!before.required && after.required) {
    add({
      id: 'request-body-became-required',
      breaking: true,
      message: `${label}: the request body became required`,
      old: located(old, oldOp.pointer),
      new: located(now, newOp.pointer),
    });
  }
  for (const media of before.content) {
    const next = after.content.find((candidate) => candidate.mediaType === media.mediaType);
    if (!next) {
      add({
        id: 'request-body-media-type-removed',
        breaking: true,
        message: `${label}: request media type ${media.mediaType} is no longer accepted`,
        old: located(old, oldOp.pointer),
      });
      continue;
    }
    if (media.schema && next.schema) {
      compareSchemas(
        {
          old: old.set,
          now: now.set,
          add,
          label: `${label}: request body (${media.mediaType})`,
          prefix: 'request-body',
        },
        'request',
        schemaAt(old, media.schema.pointer),
        schemaAt(now, next.schema.pointer),
        0,
        compared,
      );
    }
  }
}

function compareResponses({ label, old, now, add, oldOp, newOp, compared }: OperationContext): void {
  for (const response of oldOp.responses) {
    const next = newOp.responses.find((candidate) => candidate.status === response.status);
    const where = `${label}: response ${response.status}`;
    if (!next) {
      const success = isSuccess(response.status);
      add({
        id: success ? 'response-success-status-removed' : 'response-status-removed',
        breaking: success,
        message: `${where} was removed`,
        old: located(old, oldOp.pointer),
        new: located(now, newOp.pointer),
      });
      continue;
    }
    for (const header of response.headers) {
      const nextHeader = next.headers.find((candidate) => candidate.name.toLowerCase() === header.name.toLowerCase());
      if (header.required && (!nextHeader || !nextHeader.required)) {
        add({
          id: 'response-required-header-removed',
          breaking: true,
          message: `${where}: header ${header.name} is no longer always sent`,
          old: located(old, oldOp.pointer),
          new: located(now, newOp.pointer),
        });
      } else if (!nextHeader) {
        add({
          id: 'response-optional-header-removed',
          breaking: false,
          message: `${where}: optional header ${header.name} was removed`,
          old: located(old, oldOp.pointer),
          new: located(now, newOp.pointer),
        });
      }
      if (header.schema && nextHeader?.schema) {
        const context = {
          old: old.set,
          now: now.set,
          add,
          label: `${where}: header ${header.name}`,
          prefix: 'response-header',
        };
        compareSchemas(
          context,
          'response',
          schemaAt(old, header.schema.pointer),
          schemaAt(now, nextHeader.schema.pointer),
          0,
          compared,
        );
      }
    }
    for (const media of response.content) {
      const nextMedia = next.content.find((candidate) => candidate.mediaType === media.mediaType);
      if (!nextMedia) {
        add({
          id: 'response-media-type-removed',
          breaking: isSuccess(response.status),
          message: `${where}: media type ${media.mediaType} was removed`,
          old: located(old, oldOp.pointer),
          new: located(now, newOp.pointer),
        });
        continue;
      }
      if (media.schema && nextMedia.schema) {
        compareSchemas(
          { old: old.set, now: now.set, add, label: `${where} (${media.mediaType})`, prefix: 'response' },
          'response',
          schemaAt(old, media.schema.pointer),
          schemaAt(now, nextMedia.schema.pointer),
          0,
          compared,
        );
      }
    }
  }
  for (const response of newOp.responses) {
    if (!oldOp.responses.some((candidate) => candidate.status === response.status)) {
      add({
        id: 'response-status-added',
        breaking: false,
        message: `${label}: response ${response.status} was added`,
        new: located(now, newOp.pointer),
      });
    }
  }
}

function compareSecurity({ label, old, now, add, oldOp, newOp }: OperationContext): void {
  const requirement = (entry: Record<string, string[]>) => Object.keys(entry).sort().join('+');
  const before = new Set(oldOp.security.map(requirement));
  const after = new Set(newOp.security.map(requirement));
  const wasPublic = oldOp.security.length === 0 || before.has('');
  if (wasPublic && !(newOp.security.length === 0 || after.has(''))) {
    add({
      id: 'security-requirement-added',
      breaking: true,
      message: `${label}: now requires ${[...after].join(' or ')}`,
      old: located(old, oldOp.pointer),
      new: located(now, newOp.pointer),
    });
    return;
  }
  // a client keeps working while one of the requirements it could meet is still accepted
  if (
    !wasPublic &&
    ![...before].some((option) => after.has(option)) &&
    !(newOp.security.length === 0 || after.has(''))
  ) {
    add({
      id: 'security-requirement-changed',
      breaking: true,
      message: `${label}: security ${[...before].join(' or ')} → ${[...after].join(' or ')}`,
      old: located(old, oldOp.pointer),
      new: located(now, newOp.pointer),
    });
  } else if (!wasPublic && [...before].some((option) => !after.has(option))) {
    add({
      id: 'security-requirement-option-removed',
      breaking: false,
      message: `${label}: security options changed (${[...before].join(' or ')} → ${[...after].join(' or ') || 'none'})`,
      old: located(old, oldOp.pointer),
      new: located(now, newOp.pointer),
    });
  }
}

/** A schema named by the index (`pointer` or `file#pointer`) as a located node. */
const schemaAt = (side: Side, pointer: string): Located => side.set.at(pointer);

/**
 * How a parameter is written on the wire: `style` and `explode` (OpenAPI 3, with their defaults per location) or
 * `collectionFormat` (Swagger 2.0). It matters for arrays and objects, which clients serialise accordingly.
 */
function serialization(side: Side, operation: SpecOperation, parameter: SpecParameter): string {
  const value = parameterObject(side, operation, parameter) ?? {};
  if (value.collectionFormat !== undefined || value.type !== undefined)
    return `collectionFormat ${String((value.collectionFormat as string | undefined) ?? 'csv')}`;
  const style = String(
    (value.style as string | undefined) ?? (parameter.in === 'query' || parameter.in === 'cookie' ? 'form' : 'simple'),
  );
  const explode = value.explode ?? style === 'form';
  return `style ${style}${explode === true ? ', exploded' : ''}`;
}

/** The Parameter Object of an operation (or of its path item) in the root document, `$ref`s followed. */
function parameterObject(
  side: Side,
  operation: SpecOperation,
  parameter: SpecParameter,
): Record<string, unknown> | undefined {
  const { root } = side.set;
  for (const holder of [operation.pointer, operation.pointer.slice(0, operation.pointer.lastIndexOf('/'))]) {
    const list = atPointer(root.value, `${holder}/parameters`);
    for (const raw of Array.isArray(list) ? list : []) {
      const value = side.set.deref(raw, root, holder)?.value as Record<string, unknown> | undefined;
      if (value?.name === parameter.name && value.in === parameter.in) return value;
    }
  }
  return undefined;
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
    for (const [location, pointers] of byDocument)
      result.set(location, locateLines(side.set.documents.get(location)!.text, pointers));
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
      message:
        change.count > 1
          ? `${change.message} (and ${change.count - 1} more operation${change.count > 2 ? 's' : ''} using the same schema)`
          : change.message,
      old: place(change.old, old, oldLines),
      new: place(change.new, now, newLines),
    }));
  return { breaking: changes.filter((change) => change.breaking).length, changes };
}
