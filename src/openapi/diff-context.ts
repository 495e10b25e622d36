import type { SpecOperation } from '../model/artifacts/spec.js';
import type { LifecyclePolicy } from './diff-lifecycle.js';
import type { Found, Scope } from './diff-schema.js';
import type { DocumentSet } from './documents.js';
import type { Located } from './schema-shape.js';

// What the operation-level comparisons of the diff share: the two sides, the operation pair, where changes go.
export type Json = Record<string, unknown>;
export const asObject = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

export interface Side {
  set: DocumentSet;
}

export interface OperationContext {
  label: string;
  old: Side;
  now: Side;
  add: (change: Found) => void;
  oldOp: SpecOperation;
  newOp: SpecOperation;
  seen: Set<string>;
  policy: LifecyclePolicy;
}

/** A place in a side's document, for a change of an operation (not of a schema node: no value). */
export const located = (side: Side, pointer: string): Located => {
  const at = side.set.at(pointer);
  return { value: undefined, document: at.document, pointer: at.pointer };
};

export const operationObject = (side: Side, operation: SpecOperation): Json =>
  asObject(side.set.at(operation.pointer).value) ?? {};

export const schemaContext = (context: OperationContext, label: string, scope: Scope) => ({
  old: context.old.set,
  now: context.now.set,
  add: context.add,
  label,
  scope,
  policy: context.policy,
  seen: context.seen,
});
