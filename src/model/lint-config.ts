import { z } from 'zod';
import { isLintRuleId, LINT_RULESETS } from './lint-rules.js';

export const LINT_SETTINGS = ['off', 'info', 'warn', 'error'] as const;
export type LintSetting = (typeof LINT_SETTINGS)[number];

const UNKNOWN_RULE = 'unknown lint rule (see `junction spec lint --list-rules`)';
const ruleId = z.string().refine(isLintRuleId, { message: UNKNOWN_RULE });
/** rule id → setting; an unknown id is reported at its own key */
const ruleSettings = z.record(z.string(), z.enum(LINT_SETTINGS)).superRefine((rules, ctx) => {
  for (const id of Object.keys(rules))
    if (!isLintRuleId(id)) ctx.addIssue({ code: 'custom', path: [id], message: `${UNKNOWN_RULE}: "${id}"` });
});

/**
 * Lint configuration, in junction.yaml (`lint:`) or a file for `junction spec lint --config`: which rulesets run, a
 * severity per rule, results accepted on purpose (with the reason), and Spectral-style `overrides` that set rules for
 * some files or parts of a file (`files: ['openapi.yaml#/paths/~1admin', 'schemas/**']`).
 */
export const lintConfigSchema = z.strictObject({
  rulesets: z.array(z.enum(LINT_RULESETS)).min(1).optional().describe('the rulesets that run (default: all three)'),
  rules: ruleSettings.optional().describe('rule id → off, info, warn or error (junction spec lint --list-rules)'),
  ignore: z
    .array(
      z.strictObject({
        rule: ruleId.describe('the rule whose results are accepted'),
        pointer: z
          .string()
          .regex(/^(\/.*)?$/, 'must be a JSON pointer ("" or starting with /)')
          .describe('the place, as a JSON pointer: its results and those below it'),
        file: z.string().min(1).optional().describe('a glob on the spec-relative file (default: every file)'),
        reason: z.string().min(1).describe('why the results are accepted'),
      }),
    )
    .optional()
    .describe('results accepted on purpose: counted apart, never findings'),
  overrides: z
    .array(
      z.strictObject({
        files: z
          .array(z.string().min(1))
          .min(1)
          .describe('globs on the spec-relative file, each optionally followed by #/json/pointer'),
        rules: ruleSettings.describe('rule id → off, info, warn or error where the files match (the later entry wins)'),
      }),
    )
    .optional()
    .describe("Spectral's overrides: rule settings for some files or parts of a file"),
});

export type LintConfig = z.infer<typeof lintConfigSchema>;
