import type { SpecLintResult } from '../model/artifacts/spec.js';
import { atPointer } from './documents.js';
import type { IngestedSpec } from './ingest.js';
import { joinPointer, splitPointer } from './parse.js';
import type { LintConfig } from '../model/lint-config.js';
import { severityResolver } from './lint-config.js';
import { junctionRules } from './lint-junction.js';
import { owaspRules } from './lint-owasp.js';
import {
  LINT_RULES,
  LINT_RULE_IDS,
  type LintRuleId,
  type LintRuleset,
  type LintSeverity,
} from '../model/lint-rules.js';
import { spectralRules } from './lint-spectral.js';
import type { LintContext, RuleModule } from './lint-context.js';
import { walkDocuments } from './lint-walk.js';

/** One result, as Spectral's `-f json` has one object per result. */
export interface LintHit {
  rule: LintRuleId;
  severity: LintSeverity;
  message: string;
  /** the spec-relative file (the root document unless a $ref led elsewhere) */
  file: string;
  /** JSON pointer inside `file` */
  pointer: string;
  /** the pointer in the resolved view (the one document the audit reads; `pointer` for a single-file spec) */
  viewPointer: string;
  line?: number;
}

export interface LintOutcome {
  hits: LintHit[];
  /** results dropped by `ignore` entries, per rule */
  ignored: number;
  /** the rules that ran */
  rules: LintRuleId[];
}

/** Each ruleset's module: one runs only when a rule of its ruleset does (`--ruleset spectral:oas` walks for one). */
const MODULES: [LintRuleset, RuleModule][] = [
  ['spectral:oas', spectralRules],
  ['owasp', owaspRules],
  ['junction', junctionRules],
];
const SEVERITY_ORDER: Record<LintSeverity, number> = { error: 0, warn: 1, info: 2 };
const MAX_EXAMPLES = 5;

/**
 * Every result of spectral:oas, the OWASP API Security Top 10 rules and Junction's integration rules, in one pass over
 * the documents (each node once, where it is written, as Spectral reports a node reached through several $refs once).
 * Severities come from the rules, then `config.rules`, then the first matching `config.overrides` entry.
 */
export function lintHits(spec: IngestedSpec, config: LintConfig = {}): LintOutcome {
  if (!spec.family) return { hits: [], ignored: 0, rules: [] };
  const severityOf = severityResolver(config);
  const family = spec.family;
  const enabled = new Set(
    LINT_RULE_IDS.filter((rule) => {
      const definition = LINT_RULES[rule];
      const formats = 'formats' in definition ? definition.formats : undefined;
      if (formats && !formats.includes(family)) return false;
      return severityOf.runs(rule);
    }),
  );
  const hits: LintHit[] = [];
  const seen = new Set<string>();
  let ignored = 0;
  const root = spec.documents.root;
  const context: LintContext = {
    spec,
    family,
    root: (root.value && typeof root.value === 'object' ? root.value : {}) as Record<string, unknown>,
    on: (rule) => enabled.has(rule),
    report: (rule, written, message = LINT_RULES[rule].message, document = root) => {
      if (!enabled.has(rule)) return;
      const file = document.name;
      // a missing field is reported where its closest existing parent is, as Spectral does
      const pointer = closestExisting(document.value, written);
      // Spectral's notion of one result: one rule, one place, one message
      const key = `${rule}\0${file}\0${pointer}\0${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      const verdict = severityOf.at(rule, file, pointer);
      if (verdict === 'ignored') ignored++;
      else if (verdict !== 'off') hits.push({ rule, severity: verdict, message, file, pointer, viewPointer: pointer });
    },
  };
  const running = new Set([...enabled].map((rule) => LINT_RULES[rule].ruleset));
  const modules = MODULES.filter(([ruleset]) => running.has(ruleset)).map(([, module]) => module(context));
  const visitors = modules.flatMap((module) => (module?.visit ? [module.visit] : []));
  if (visitors.length > 0) walkDocuments(spec.documents, visitors);
  for (const module of modules) module?.finish?.();
  addLines(spec, hits);
  hits.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.rule.localeCompare(b.rule),
  );
  return { hits, ignored, rules: [...enabled] };
}

/** The audit's view: per rule, its count, first places and fix (documentation.lint and the report show these), and the rules that ran. */
export function lintSpec(spec: IngestedSpec, config: LintConfig = {}): { lint: SpecLintResult[]; lintRules: string[] } {
  const outcome = lintHits(spec, config);
  return { lint: summarizeLint(outcome.hits, spec.documents.root.name), lintRules: outcome.rules };
}

/** Per rule and severity: the count and the first places (`file#pointer` outside the root document). */
export function summarizeLint(hits: readonly LintHit[], rootFile: string): SpecLintResult[] {
  const results = new Map<string, SpecLintResult>();
  for (const hit of hits) {
    const key = `${hit.rule}\0${hit.severity}`;
    let result = results.get(key);
    if (!result) {
      const rule = LINT_RULES[hit.rule];
      result = {
        rule: hit.rule,
        source: rule.ruleset,
        severity: hit.severity,
        title: rule.message,
        fix: rule.fix,
        count: 0,
        examples: [],
        ...('owasp' in rule && rule.owasp ? { owasp: rule.owasp } : {}),
      };
      results.set(key, result);
    }
    result.count++;
    if (result.examples.length < MAX_EXAMPLES)
      result.examples.push({
        pointer: hit.viewPointer,
        ...(hit.file === rootFile ? {} : { file: hit.file }),
        message: hit.message,
        ...(hit.line === undefined ? {} : { line: hit.line }),
      });
  }
  return [...results.values()].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count,
  );
}

function closestExisting(value: unknown, pointer: string): string {
  if (pointer === '' || atPointer(value, pointer) !== undefined) return pointer;
  const parts = splitPointer(pointer);
  while (parts.length > 0 && atPointer(value, joinPointer('', ...parts)) === undefined) parts.pop();
  return joinPointer('', ...parts);
}

/** Each result moves to where its node was written (the file, its pointer there and the line), as the view knows it. */
function addLines(spec: IngestedSpec, hits: LintHit[]): void {
  const places = spec.documents.locate(hits.map((hit) => hit.pointer));
  for (const hit of hits) {
    const place = places.get(hit.pointer);
    if (!place) continue;
    hit.file = place.file;
    hit.pointer = place.pointer;
    hit.line = place.line;
  }
}
