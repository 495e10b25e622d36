import type { LintRuleId } from '../model/lint-rules.js';
import type { SpecDocument } from './documents.js';
import type { IngestedSpec } from './ingest.js';
import type { SpecFamily } from './openapi-validators.js';
import type { NodeVisitor } from './lint-walk.js';

type Json = Record<string, unknown>;

/** What a rule module sees: the spec, which rules run, and where to report. */
export interface LintContext {
  spec: IngestedSpec;
  family: SpecFamily;
  root: Json;
  /** the rule runs (its ruleset is on, it applies to this family, it is not off everywhere) */
  on: (rule: LintRuleId) => boolean;
  /** a result at `pointer` of `document` (the root by default), with the rule's message unless a better one is given */
  report: (rule: LintRuleId, pointer: string, message?: string, document?: SpecDocument) => void;
}

/**
 * A rule module: its document- and operation-level rules run when it is called; it may return a visitor for the one
 * shared walk over every node, and work to finish after it.
 */
export type RuleModule = (context: LintContext) => { visit?: NodeVisitor; finish?: () => void } | undefined;
