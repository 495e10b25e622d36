import type { Log, ReportingDescriptor, Result } from 'sarif';
import { LINT_RULES, type LintRuleId, type LintSeverity } from '../model/lint-rules.js';
import { owaspUrl } from '../model/owasp.js';
import type { LintHit, LintOutcome } from '../openapi/lint.js';
import { escapeXml } from '../report/escape.js';
import { GENERATOR } from '../report/generator.js';

export const LINT_FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

const SPECTRAL_RULES_URL = 'https://docs.stoplight.io/docs/spectral/4dec24461f3af-open-api-rules';
const SARIF_LEVEL: Record<LintSeverity, NonNullable<Result['level']>> = {
  error: 'error',
  warn: 'warning',
  info: 'note',
};

/** What one lint run printed about: the spec as named on the command line, and the outcome. */
export interface LintRun {
  spec: string;
  outcome: LintOutcome;
}

/** `file` as the user named the spec for the root document; the others as named from the spec root. */
const fileOf = (run: LintRun, hit: LintHit, rootName: string) => (hit.file === rootName ? run.spec : hit.file);

const helpUri = (rule: LintRuleId): string | undefined => {
  const definition = LINT_RULES[rule];
  if (definition.ruleset === 'spectral:oas') return SPECTRAL_RULES_URL;
  return 'owasp' in definition && definition.owasp ? owaspUrl(definition.owasp) : undefined;
};

export function renderLint(format: LintFormat, run: LintRun, rootName: string): string {
  const hits = run.outcome.hits.map((hit) => ({ ...hit, file: fileOf(run, hit, rootName) }));
  switch (format) {
    case 'json':
      return (
        JSON.stringify(
          hits.map(({ rule, severity, message, file, pointer, line }) => ({
            rule,
            severity,
            message,
            file,
            pointer,
            line: line ?? null,
          })),
          null,
          2,
        ) + '\n'
      );
    case 'sarif':
      return renderSarif(hits, run);
    case 'junit':
      return renderJunit(hits, run);
    case 'text':
      return renderText(hits, run);
  }
}

/** Like Spectral's stylish output: per file, `line  severity  rule  message  pointer`, then the totals. */
function renderText(hits: LintHit[], run: LintRun): string {
  if (hits.length === 0) return `${run.spec}: no results${ignoredNote(run)}\n`;
  const lines: string[] = [];
  const files = [...new Set(hits.map((hit) => hit.file))];
  const width = (values: string[]) => Math.max(...values.map((value) => value.length));
  const positions = hits.map((hit) => String(hit.line ?? '-'));
  const rules = hits.map((hit) => hit.rule);
  const [positionWidth, ruleWidth] = [width(positions), width(rules)];
  for (const file of files) {
    lines.push(file);
    hits.forEach((hit, index) => {
      if (hit.file !== file) return;
      lines.push(
        `  ${positions[index].padStart(positionWidth)}  ${hit.severity.padEnd(5)}  ${hit.rule.padEnd(ruleWidth)}  ` +
          `${hit.message}  ${hit.pointer || '#'}`,
      );
    });
    lines.push('');
  }
  const count = (severity: LintSeverity) => hits.filter((hit) => hit.severity === severity).length;
  lines.push(
    `${hits.length} result${hits.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warn')} warnings, ` +
      `${count('info')} infos)${ignoredNote(run)}`,
  );
  return lines.join('\n') + '\n';
}

const ignoredNote = (run: LintRun) =>
  run.outcome.ignored > 0 ? `; ${run.outcome.ignored} accepted by lint.ignore entries` : '';

/** SARIF 2.1.0 for code-scanning dashboards: every rule that ran is described, each result points at its line. */
function renderSarif(hits: LintHit[], run: LintRun): string {
  const ruleIds = [...run.outcome.rules].sort();
  const rules: ReportingDescriptor[] = ruleIds.map((id) => {
    const definition = LINT_RULES[id];
    return {
      id,
      shortDescription: { text: definition.message },
      help: { text: definition.fix },
      helpUri: helpUri(id),
      defaultConfiguration: { level: SARIF_LEVEL[definition.severity] },
      properties: {
        tags: [definition.ruleset, ...('owasp' in definition && definition.owasp ? [definition.owasp] : [])],
      },
    };
  });
  const results: Result[] = hits.map((hit) => ({
    ruleId: hit.rule,
    ruleIndex: ruleIds.indexOf(hit.rule),
    level: SARIF_LEVEL[hit.severity],
    message: { text: hit.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: hit.file.replace(/\\/g, '/') },
          ...(hit.line ? { region: { startLine: hit.line } } : {}),
        },
        logicalLocations: [{ fullyQualifiedName: hit.pointer || '/', kind: 'member' }],
      },
    ],
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Junction', fullName: GENERATOR, semanticVersion: GENERATOR.split(' ')[1], rules } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** JUnit XML as CI servers read it: one testsuite per file, one failing testcase per result. */
function renderJunit(hits: LintHit[], run: LintRun): string {
  const files = hits.length > 0 ? [...new Set(hits.map((hit) => hit.file))] : [run.spec];
  const suites = files.map((file) => {
    const cases = hits.filter((hit) => hit.file === file);
    const body = cases.map((hit) => {
      const where = `${file}${hit.line ? `:${hit.line}` : ''} ${hit.pointer || '#'}`;
      return (
        `    <testcase classname="${escapeXml(file)}" name="${escapeXml(`${hit.rule} ${hit.pointer || '#'}`)}">\n` +
        `      <failure type="${hit.severity}" message="${escapeXml(hit.message)}">${escapeXml(
          `${hit.severity} ${hit.rule}: ${hit.message} (${where})`,
        )}</failure>\n    </testcase>`
      );
    });
    return (
      `  <testsuite name="${escapeXml(file)}" tests="${cases.length}" failures="${cases.length}" errors="0">\n` +
      (body.length > 0 ? body.join('\n') + '\n' : '') +
      '  </testsuite>'
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(`junction spec lint ${run.spec}`)}" ` +
    `tests="${hits.length}" failures="${hits.length}">\n${suites.join('\n')}\n</testsuites>\n`
  );
}
