import { createHash } from 'node:crypto';
import type { Location, Log, ReportingDescriptor, Result, Run } from 'sarif';
import type { Finding, Status } from '../model/finding.js';
import { isAttested } from '../model/attestation.js';
import { learnMoreOf } from '../model/check-info.js';
import { isAccepted } from '../model/waiver.js';
import { GENERATOR } from './generator.js';
import type { Report } from './schema.js';

/** SARIF 2.1.0: a result's kind carries the verdict; only `fail` results may carry a level other than `none`. */
const KIND: Record<Status, NonNullable<Result['kind']>> = {
  fail: 'fail',
  warn: 'fail',
  error: 'open',
  skip: 'notApplicable',
  pass: 'pass',
};
const LEVEL: Record<Status, NonNullable<Result['level']>> = {
  fail: 'error',
  warn: 'warning',
  error: 'none',
  skip: 'none',
  pass: 'none',
};

const WORKSPACE = 'WORKSPACE';

function rule(report: Report, checkId: string): ReportingDescriptor {
  const check = report.checks?.[checkId];
  const learnMore = check && learnMoreOf(check.description);
  return {
    id: checkId,
    name: checkId.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase()),
    shortDescription: { text: check?.title ?? checkId },
    fullDescription: { text: check?.description ?? checkId },
    messageStrings: check ? { fail: { text: check.failureTitle } } : undefined,
    helpUri: learnMore,
    properties: {
      category: check?.category,
      tags: [check?.category ?? 'unknown', isAttested(checkId) ? 'attested' : 'measured'],
    },
  };
}

/** A spec location the evidence names: table rows with a numeric `line` (and a `file`, else the system's spec). */
function specLocations(finding: Finding, specSource: string | undefined): { file: string; line: number }[] {
  const found: { file: string; line: number }[] = [];
  for (const evidence of finding.evidence) {
    if (evidence.kind !== 'table') continue;
    for (const row of evidence.rows) {
      const line = row.line;
      const file = typeof row.file === 'string' && row.file ? row.file : specSource;
      if (typeof line === 'number' && Number.isInteger(line) && line > 0 && file) found.push({ file, line });
    }
  }
  return found;
}

const isUrl = (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value);

function physical(file: string, line: number | undefined): Location {
  return {
    physicalLocation: {
      artifactLocation: isUrl(file)
        ? { uri: file }
        : { uri: file.replace(/\\/g, '/').replace(/^\.\//, ''), uriBaseId: WORKSPACE },
      region: line ? { startLine: line } : undefined,
    },
  };
}

/**
 * Where a result points: the spec file and line the evidence names, else the spec file for a check that judges the
 * spec, else the system's entry in junction.yaml, so a code-scanning dashboard opens the place to fix. Every result
 * also names its system as a logical location.
 */
function locationsFor(report: Report, finding: Finding): Location[] {
  // a system without a spec has a row with no source: its findings point at its entry in junction.yaml
  const specSource = report.specs?.find((spec) => spec.systemId === finding.systemId)?.source || undefined;
  const inSpec = specLocations(finding, specSource)
    .slice(0, 10)
    .map(({ file, line }) => physical(file, line));
  const aboutSpec = specSource !== undefined && report.checks?.[finding.checkId]?.requires.includes('spec');
  const estateFile = report.workspace?.estateFile ?? 'junction.yaml';
  const fallback = aboutSpec
    ? physical(specSource, undefined)
    : physical(estateFile, report.workspace?.systemLines[finding.systemId]);
  const base = inSpec.length > 0 ? inSpec : [fallback];
  return base.map((location) => ({ ...location, logicalLocations: [{ name: finding.systemId, kind: 'module' }] }));
}

const fingerprint = (finding: Pick<Finding, 'systemId' | 'checkId'>) =>
  createHash('sha256').update(`${finding.systemId}\u0000${finding.checkId}`).digest('hex').slice(0, 32);

/** An accepted risk is suppressed outside the code (junction.yaml): SARIF viewers hide it and say who accepted it. */
function suppressionsOf(finding: Finding): Result['suppressions'] {
  if (!finding.waiver) return undefined;
  if (!isAccepted(finding)) return [];
  const { reason, owner, expires, ticket } = finding.waiver;
  return [
    {
      kind: 'external',
      status: 'accepted',
      justification: `${reason} (accepted by ${owner} until ${expires}${ticket ? `, ${ticket}` : ''})`,
      properties: { owner, expires, ...(ticket ? { ticket } : {}) },
    },
  ];
}

/** The baseline's problems that are gone, as SARIF's `absent` results (with --baseline only). */
function absentResults(report: Report, ruleIds: string[]): Result[] {
  return (report.baseline?.resolved ?? []).map((gone) => ({
    ruleId: gone.checkId,
    ruleIndex: ruleIds.indexOf(gone.checkId),
    kind: 'pass',
    level: 'none',
    baselineState: 'absent',
    message: {
      text:
        `${report.systems.find((system) => system.id === gone.systemId)?.name ?? gone.systemId}: ` +
        `resolved since the baseline (${gone.status} then: ${gone.summary})`,
    },
    partialFingerprints: { 'junctionFinding/v1': fingerprint(gone) },
    properties: { systemId: gone.systemId, status: gone.now ?? 'not run', baselineStatus: gone.status },
  }));
}

export function renderSarif(report: Report): string {
  const ruleIds = [
    ...new Set([...report.findings, ...(report.baseline?.resolved ?? [])].map((finding) => finding.checkId)),
  ];
  const results: Result[] = report.findings.map((finding) => ({
    ruleId: finding.checkId,
    ruleIndex: ruleIds.indexOf(finding.checkId),
    kind: KIND[finding.status],
    level: LEVEL[finding.status],
    message: {
      text:
        `${report.systems.find((system) => system.id === finding.systemId)?.name ?? finding.systemId}: ` +
        `${finding.summary}${finding.remediation ? ` Fix: ${finding.remediation}` : ''}`,
    },
    locations: locationsFor(report, finding),
    partialFingerprints: { 'junctionFinding/v1': fingerprint(finding) },
    ...(finding.baseline ? { baselineState: finding.baseline } : {}),
    ...(finding.waiver ? { suppressions: suppressionsOf(finding) } : {}),
    properties: {
      systemId: finding.systemId,
      category: finding.category,
      status: finding.status,
      source: isAttested(finding.checkId) ? 'attested' : 'measured',
      ...(finding.basis ? { basis: finding.basis } : {}),
      ...(finding.waiver?.expired ? { waiverExpired: finding.waiver.expires } : {}),
    },
  }));
  results.push(...absentResults(report, ruleIds));
  return junctionSarif(
    ruleIds.map((id) => rule(report, id)),
    {
      originalUriBaseIds: {
        [WORKSPACE]: { description: { text: 'The Junction workspace folder (where junction.yaml lives)' } },
      },
      invocations: [
        { executionSuccessful: true, startTimeUtc: report.run.startedAt, endTimeUtc: report.run.finishedAt },
      ],
      automationDetails: { id: `junction/${report.run.id}` },
      results,
      properties: { estate: report.estate, runId: report.run.id, score: report.scores.overall },
    },
  );
}

/** A SARIF 2.1.0 log of one run of Junction: the tool with its rules, and the rest of the run as the caller gives it. */
export function junctionSarif(rules: ReportingDescriptor[], run: Omit<Run, 'tool'>): string {
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Junction', fullName: GENERATOR, semanticVersion: GENERATOR.split(' ')[1], rules } },
        ...run,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
