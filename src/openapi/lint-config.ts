import { createRequire } from 'node:module';
import type picomatch from 'picomatch';
import type { LintConfig, LintSetting } from '../model/lint-config.js';
import { LINT_RULES, LINT_RULESETS, type LintRuleId, type LintSeverity } from '../model/lint-rules.js';

export interface SeverityResolver {
  /** the rule may report somewhere: its ruleset is on and it is not off in every setting */
  runs(rule: LintRuleId): boolean;
  /** what becomes of a result at this place: a severity, dropped (off) or accepted by an `ignore` entry */
  at(rule: LintRuleId, file: string, pointer: string): LintSeverity | 'off' | 'ignored';
}

/**
 * picomatch (six CommonJS files, 3–10 ms of start-up) is loaded by the settings that need it (`overrides`, an
 * `ignore` entry with `file`), not by every lint; the resolver is synchronous, so it is required, not imported.
 */
const glob = (pattern: string, options: picomatch.PicomatchOptions) =>
  (createRequire(import.meta.url)('picomatch') as typeof picomatch)(pattern, options);

const within = (pointer: string, place: string) =>
  place === '' || pointer === place || pointer.startsWith(place.endsWith('/') ? place : `${place}/`);

/** A glob with an optional `#pointer`: the file part matches the spec-relative name or the base name. */
function placeMatcher(pattern: string): (file: string, pointer: string) => boolean {
  const hash = pattern.indexOf('#');
  const files = hash === -1 ? pattern : pattern.slice(0, hash);
  const place = hash === -1 ? '' : decodeURIComponent(pattern.slice(hash + 1));
  const matches = glob(files || '**', { dot: true, basename: !files.includes('/') });
  return (file, pointer) => matches(file) && within(pointer, place);
}

/**
 * Severities as Spectral decides them: the rule's default (only for rules its ruleset turns on by default), then
 * `rules`, then every `overrides` entry whose files match, the later winning. `ignore` entries accept results below a
 * pointer on purpose: they are counted apart, never shown as findings.
 */
export function severityResolver(config: LintConfig): SeverityResolver {
  const rulesets = new Set<string>(config.rulesets ?? LINT_RULESETS);
  const overrides = (config.overrides ?? []).map((override) => ({
    matchers: override.files.map(placeMatcher),
    rules: override.rules,
  }));
  const ignores = (config.ignore ?? []).map((entry) => ({
    rule: entry.rule,
    pointer: entry.pointer,
    file: entry.file ? glob(entry.file, { dot: true, basename: !entry.file.includes('/') }) : () => true,
  }));
  const base = (rule: LintRuleId): LintSetting => {
    const configured = (config.rules as Partial<Record<LintRuleId, LintSetting>> | undefined)?.[rule];
    if (configured) return configured;
    const definition = LINT_RULES[rule];
    return definition.recommended ? definition.severity : 'off';
  };
  return {
    runs(rule) {
      if (!rulesets.has(LINT_RULES[rule].ruleset)) return false;
      return base(rule) !== 'off' || overrides.some((override) => (override.rules[rule] ?? 'off') !== 'off');
    },
    at(rule, file, pointer) {
      let setting = base(rule);
      for (const override of overrides) {
        const configured = override.rules[rule];
        if (configured && override.matchers.some((matches) => matches(file, pointer))) setting = configured;
      }
      if (setting === 'off') return 'off';
      if (ignores.some((entry) => entry.rule === rule && entry.file(file) && within(pointer, entry.pointer)))
        return 'ignored';
      return setting;
    },
  };
}
