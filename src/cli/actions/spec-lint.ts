import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LintConfig } from '../../model/lint-config.js';
import {
  LINT_RULE_IDS,
  LINT_RULES,
  LINT_RULESETS,
  type LintRuleset,
  type LintSeverity,
} from '../../model/lint-rules.js';
import { WORKSPACE_FILE } from '../../estate/workspace-file.js';
import type { IngestedSpec } from '../../openapi/ingest.js';
import { lintHits } from '../../openapi/lint.js';
import { UsageError } from '../../util/usage-error.js';
import { EXIT } from '../errors.js';
import { LINT_FORMATS, renderLint, type LintFormat } from '../lint-formats.js';
import { readSpec, unreadableSpec, type ReadCliOptions } from './spec.js';

export interface LintCliOptions extends ReadCliOptions {
  ruleset?: string;
  format?: string;
  failSeverity?: string;
  config?: string;
  listRules?: boolean;
}

const SEVERITY_RANK: Record<LintSeverity, number> = { error: 0, warn: 1, info: 2 };
const isSeverity = (value: string): value is LintSeverity => Object.hasOwn(SEVERITY_RANK, value);

/**
 * The lint settings: --config FILE, else `lint:` of ./junction.yaml when there is one (as Spectral picks up its
 * ruleset file), else the defaults. --ruleset replaces the configured rulesets. The YAML reader and the schemas
 * (zod) load only when there are settings to read: most lint runs have none.
 */
async function lintConfig(options: LintCliOptions): Promise<{ config: LintConfig; from?: string }> {
  let config: LintConfig = {};
  let from: string | undefined;
  if (options.config) {
    const file = resolve(options.config);
    if (!existsSync(file)) throw new UsageError(`--config ${options.config}: no such file`);
    const [{ parseConfigYaml }, { lintConfigSchema }] = await Promise.all([
      import('../../estate/workspace.js'),
      import('../../model/lint-config.js'),
    ]);
    config = parseConfigYaml(
      readFileSync(file, 'utf8'),
      options.config,
      lintConfigSchema,
      'write lint settings (rulesets, rules, ignore, overrides)',
    ).value;
    from = options.config;
  } else if (existsSync(WORKSPACE_FILE)) {
    const { parseEstate } = await import('../../estate/workspace.js');
    config = parseEstate(readFileSync(WORKSPACE_FILE, 'utf8'), WORKSPACE_FILE).lint ?? {};
    if (Object.keys(config).length > 0) from = `${WORKSPACE_FILE} (lint:)`;
  }
  if (options.ruleset !== undefined) {
    const names = options.ruleset.split(',').map((name) => name.trim());
    const unknown = names.filter((name) => !(LINT_RULESETS as readonly string[]).includes(name));
    if (unknown.length > 0 || names.length === 0)
      throw new UsageError(`--ruleset takes ${LINT_RULESETS.join(', ')} (got "${options.ruleset}")`);
    config = { ...config, rulesets: names as LintRuleset[] };
  }
  return { config, from };
}

function listRules(): string {
  const rows = LINT_RULE_IDS.map((id) => {
    const rule = LINT_RULES[id];
    const formats = 'formats' in rule && rule.formats ? (rule.formats as readonly string[]).join('/') : 'all';
    const risk = 'owasp' in rule && rule.owasp ? rule.owasp : '';
    return [id, rule.ruleset, rule.recommended ? rule.severity : `off (${rule.severity})`, formats, risk];
  });
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column].length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => (column < 4 ? cell.padEnd(widths[column]) : cell))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + `\n${rows.length} rules\n`
  );
}

export async function specLintCommand(location: string | undefined, options: LintCliOptions): Promise<number> {
  if (options.listRules) {
    process.stdout.write(listRules());
    return EXIT.ok;
  }
  if (!location) throw new UsageError('spec lint needs a spec: junction spec lint <file|url>');
  const format = (options.format ?? 'text') as LintFormat;
  if (!LINT_FORMATS.includes(format))
    throw new UsageError(`--format takes ${LINT_FORMATS.join(', ')} (got "${options.format}")`);
  const failSeverity = options.failSeverity ?? 'error';
  if (!isSeverity(failSeverity))
    throw new UsageError(`--fail-severity takes error, warn or info (got "${failSeverity}")`);
  const { config, from } = await lintConfig(options);
  let spec: IngestedSpec;
  try {
    spec = await readSpec(location, options);
  } catch (error) {
    return unreadableSpec(error);
  }
  if (!spec.family) {
    process.stderr.write(
      `junction: ${location} is not an OpenAPI or Swagger document: ${spec.index.problems[0]?.message}\n`,
    );
    return EXIT.usage;
  }
  if (from && format === 'text') process.stderr.write(`junction: lint settings from ${from}\n`);
  const outcome = lintHits(spec, config);
  process.stdout.write(renderLint(format, { spec: location, outcome }, spec.documents.root.name));
  const failing = outcome.hits.some((hit) => SEVERITY_RANK[hit.severity] <= SEVERITY_RANK[failSeverity]);
  return failing ? EXIT.threshold : EXIT.ok;
}
