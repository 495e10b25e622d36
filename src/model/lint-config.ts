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
  rulesets: z.array(z.enum(LINT_RULESETS)).min(1).optional(),
  rules: ruleSettings.optional(),
  ignore: z
    .array(
      z.strictObject({
        rule: ruleId,
        /** the place and everything below it */
        pointer: z.string().regex(/^(\/.*)?$/, 'must be a JSON pointer ("" or starting with /)'),
        /** a glob on the spec-relative file; every file when absent */
        file: z.string().min(1).optional(),
        reason: z.string().min(1),
      }),
    )
    .optional(),
  overrides: z
    .array(
      z.strictObject({
        /** globs on the spec-relative file, each optionally followed by #pointer */
        files: z.array(z.string().min(1)).min(1),
        rules: ruleSettings,
      }),
    )
    .optional(),
});

export type LintConfig = z.infer<typeof lintConfigSchema>;
