/**
 * `junction spec diff` output: text for a terminal, Markdown for a pull-request comment, JSON, JUnit XML and SARIF
 * 2.1.0 for CI. Every format carries each change's rule id and level; ignored changes stay visible with their reason.
 */
import type { Location, ReportingDescriptor, Result } from 'sarif';
import type { SpecChange, SpecDiffResult } from '../model/artifacts/spec.js';
import { CATALOGUE, DIFFERENCES, type Level } from '../model/diff-rules.js';
import { escapeXml } from './escape.js';
import { specFile } from '../model/location.js';
import { junctionSarif } from './sarif.js';

export const DIFF_FORMATS = ['text', 'md', 'json', 'junit', 'sarif'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffSources {
  /** the old and the new spec as the user named them */
  old: string;
  new: string;
  /** the lowest level that fails CI (JUnit failures, the exit code) */
  failOn: Exclude<Level, 'INFO'>;
}

const RANK: Record<Level, number> = { ERR: 0, WARN: 1, INFO: 2 };
const levelOf = (change: SpecChange): Level => change.level ?? (change.breaking ? 'ERR' : 'INFO');

/** The changes that fail CI at this threshold: at or above it, and not ignored. */
export const failing = (diff: SpecDiffResult, failOn: DiffSources['failOn']): SpecChange[] =>
  diff.changes.filter((change) => change.ignored === undefined && RANK[levelOf(change)] <= RANK[failOn]);

const where = (place: SpecChange['old']) =>
  place ? `${place.pointer || '/'}${place.line ? `:${place.line}` : ''}` : '';

function counts(diff: SpecDiffResult) {
  const active = diff.changes.filter((change) => change.ignored === undefined);
  const count = (level: Level) => active.filter((change) => levelOf(change) === level).length;
  return { err: count('ERR'), warn: count('WARN'), info: count('INFO'), ignored: diff.changes.length - active.length };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function headline(diff: SpecDiffResult): string {
  const { err, warn, info, ignored } = counts(diff);
  return (
    `${plural(err + warn, 'breaking change')} (${err} ERR, ${warn} WARN), ${plural(info, 'other')}` +
    (ignored > 0 ? `, ${ignored} ignored` : '')
  );
}

/** Plain text: most severe first, each with its place in the old and the new document. */
export function diffText(diff: SpecDiffResult): string {
  const lines = [headline(diff)];
  for (const change of diff.changes) {
    const ignored = change.ignored !== undefined ? ` [ignored: ${change.ignored}]` : '';
    lines.push(`${levelOf(change).padEnd(4)} ${change.id}${ignored}: ${change.message}`);
    if (change.old) lines.push(`     old ${where(change.old)}`);
    if (change.new) lines.push(`     new ${where(change.new)}`);
  }
  return lines.join('\n') + '\n';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A pull-request comment: breaking changes in a table, the others folded away, ignored ones with their reason. */
export function diffMarkdown(diff: SpecDiffResult): string {
  const row = (change: SpecChange) =>
    `| ${change.level === 'INFO' ? 'INFO' : `**${levelOf(change)}**`} | \`${change.id}\` | ${cell(change.message)}` +
    `${change.ignored !== undefined ? ` _(ignored: ${cell(change.ignored)})_` : ''} ` +
    `| ${change.old ? `\`${cell(where(change.old))}\`` : ''} | ${change.new ? `\`${cell(where(change.new))}\`` : ''} |`;
  const header = ['| Level | Rule | Change | Old | New |', '|---|---|---|---|---|'];
  const breaking = diff.changes.filter((change) => levelOf(change) !== 'INFO');
  const other = diff.changes.filter((change) => levelOf(change) === 'INFO');
  const { err, warn, info, ignored } = counts(diff);
  const lines = [
    `## API changes: ${err + warn} breaking, ${info} non-breaking`,
    '',
    `${err} ERR (breaking), ${warn} WARN (possibly breaking), ${info} INFO${ignored > 0 ? `, ${ignored} ignored in junction.yaml` : ''}.`,
    '',
  ];
  if (breaking.length > 0) lines.push(...header, ...breaking.map(row), '');
  if (other.length > 0)
    lines.push(
      '<details>',
      `<summary>${plural(other.length, 'non-breaking change')}</summary>`,
      '',
      ...header,
      ...other.map(row),
      '',
      '</details>',
      '',
    );
  return lines.join('\n');
}

export function diffJson(diff: SpecDiffResult, sources: DiffSources): string {
  const { err, warn, info, ignored } = counts(diff);
  return (
    JSON.stringify(
      {
        old: sources.old,
        new: sources.new,
        failOn: sources.failOn,
        counts: { ERR: err, WARN: warn, INFO: info, ignored },
        ...diff,
      },
      null,
      2,
    ) + '\n'
  );
}

/** JUnit XML: one test case per change; those at or above --fail-on fail, ignored ones are skipped with the reason. */
export function diffJunit(diff: SpecDiffResult, sources: DiffSources): string {
  const failures = new Set(failing(diff, sources.failOn));
  const skipped = diff.changes.filter((change) => change.ignored !== undefined).length;
  const cases = diff.changes.map((change) => {
    const operation = change.operation ? `${change.operation.method} ${change.operation.path}` : 'document';
    const open = `    <testcase classname="${escapeXml(`spec-diff.${change.id}`)}" name="${escapeXml(`${operation}: ${change.message}`)}">`;
    const place = [change.old && `old ${where(change.old)}`, change.new && `new ${where(change.new)}`]
      .filter(Boolean)
      .join('\n');
    const body = escapeXml(`${levelOf(change)} ${change.id}: ${change.message}${place ? `\n${place}` : ''}`);
    if (change.ignored !== undefined)
      return `${open}\n      <skipped message="${escapeXml(`ignored: ${change.ignored}`)}"/>\n    </testcase>`;
    if (failures.has(change))
      return `${open}\n      <failure message="${escapeXml(change.message)}" type="${levelOf(change)}">${body}</failure>\n    </testcase>`;
    return `${open}\n      <system-out>${body}</system-out>\n    </testcase>`;
  });
  const name = escapeXml(`spec diff ${sources.old} → ${sources.new}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${diff.changes.length}" failures="${failures.size}" errors="0">`,
    `  <testsuite name="${name}" tests="${diff.changes.length}" failures="${failures.size}" errors="0" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

const SARIF_LEVEL: Record<Level, NonNullable<Result['level']>> = { ERR: 'error', WARN: 'warning', INFO: 'note' };
const isUrl = (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value);

/** The file a change points at: the new spec, or the old one for what only the old spec has (a removal). */
function sarifLocation(change: SpecChange, sources: DiffSources): Location[] {
  const [place, source] = change.new ? [change.new, sources.new] : change.old ? [change.old, sources.old] : [];
  if (!place || !source) return [];
  const inFile = specFile(source, place.file);
  const pointer = place.file ? place.pointer.slice(place.file.length + 1) : place.pointer;
  return [
    {
      physicalLocation: {
        artifactLocation: { uri: isUrl(inFile) ? inFile : inFile.replace(/^\.\//, '') },
        region: place.line ? { startLine: place.line } : undefined,
      },
      logicalLocations: [{ fullyQualifiedName: pointer }],
    },
  ];
}

function sarifRule(id: string, level: Level): ReportingDescriptor {
  const catalogued = CATALOGUE.get(id);
  return {
    id,
    shortDescription: { text: id.replace(/-/g, ' ') },
    helpUri: catalogued ? 'https://www.oasdiff.com/docs/breaking-changes' : undefined,
    defaultConfiguration: { level: SARIF_LEVEL[catalogued ?? level] },
    properties: {
      source: catalogued ? 'oasdiff catalogue' : 'junction',
      ...(DIFFERENCES[id] ? { junctionDiffers: DIFFERENCES[id].reason } : {}),
    },
  };
}

/** SARIF 2.1.0: one result per change at its level (ERR error, WARN warning, INFO note); ignored ones suppressed. */
export function diffSarif(diff: SpecDiffResult, sources: DiffSources): string {
  const ids = [...new Set(diff.changes.map((change) => change.id))];
  const results: Result[] = diff.changes.map((change) => ({
    ruleId: change.id,
    ruleIndex: ids.indexOf(change.id),
    level: SARIF_LEVEL[levelOf(change)],
    message: { text: change.message },
    locations: sarifLocation(change, sources),
    suppressions: change.ignored !== undefined ? [{ kind: 'external', justification: change.ignored }] : undefined,
    properties: { level: levelOf(change), ...(change.operation ? { operation: change.operation } : {}) },
  }));
  return junctionSarif(
    ids.map((id) => sarifRule(id, levelOf(diff.changes.find((change) => change.id === id)!))),
    { results, properties: { old: sources.old, new: sources.new } },
  );
}

export function renderDiff(format: DiffFormat, diff: SpecDiffResult, sources: DiffSources): string {
  switch (format) {
    case 'text':
      return diffText(diff);
    case 'md':
      return diffMarkdown(diff);
    case 'json':
      return diffJson(diff, sources);
    case 'junit':
      return diffJunit(diff, sources);
    case 'sarif':
      return diffSarif(diff, sources);
  }
}
