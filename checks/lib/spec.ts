import type { System } from '../../src/model/estate.js';
import type { SpecArtifact, SpecDocumentSummary, SpecProblem } from '../../src/model/artifacts/spec.js';
import type { Evidence, Verdict } from '../../src/model/finding.js';
import { table } from './evidence.js';
import { specFile } from '../../src/model/location.js';

/** Spec checks other than documentation.spec apply only where a spec is declared. */
export function appliesToSpec(system: System): true | string {
  return system.spec ? true : 'no spec declared (systems[].spec)';
}

/** The error verdict of a spec check whose declared spec could not be read: nothing in it can be judged. */
export function specUnread(spec: SpecArtifact): Verdict | undefined {
  if (spec.hash) return undefined;
  const problems = spec.problems.filter((problem) => problem.severity === 'error');
  return {
    status: 'error',
    summary: `The spec ${spec.source} could not be read: ${problems[0]?.message ?? 'unreadable'}`,
    evidence: problems.length > 0 ? [problemsTable(problems, spec)] : [],
  };
}

/** What was audited: enough for a reader to know which document and version the verdict is about. */
export function specSummaryEvidence(spec: SpecArtifact): Evidence {
  return {
    kind: 'list',
    title: 'Spec audited',
    items: [
      { label: 'Source', value: spec.source },
      { label: 'Title', value: spec.title },
      { label: 'info.version', value: spec.version },
      {
        label: 'Format',
        value: spec.specVersion.startsWith('2') ? `Swagger ${spec.specVersion}` : `OpenAPI ${spec.specVersion}`,
      },
      { label: 'Operations', value: spec.operations.length },
      { label: 'SHA-256', value: spec.hash },
    ],
  };
}

/**
 * The cells a table row carries beside its columns for SARIF and code-scanning views: the path of the file a value
 * was written in (as junction.yaml names files: `specs/schemas.yaml` for `schemas.yaml` of `specs/orders.yaml`) and
 * its line, so a finding points at `specs/schemas.yaml:24`, not at the entry file.
 */
export function writtenAt(
  spec: Pick<SpecDocumentSummary, 'source' | 'entry'>,
  place: { file?: string; line?: number },
): { file: string; line: number | null } {
  return { file: specFile(spec.source, place.file, spec.entry), line: place.line ?? null };
}

export function problemsTable(
  problems: readonly SpecProblem[],
  spec: Pick<SpecDocumentSummary, 'source' | 'entry'>,
  title = 'Problems',
  limit = 25,
): Evidence {
  return table(
    problems.length > limit ? `${title} (first ${limit} of ${problems.length})` : title,
    [
      { key: 'severity', label: 'Severity', type: 'text' },
      { key: 'where', label: 'Where', type: 'code' },
      { key: 'message', label: 'Problem', type: 'text' },
    ],
    problems.slice(0, limit).map((problem) => ({
      severity: problem.severity,
      where: `${problem.file ?? ''}${problem.line ? `:${problem.line}` : ''} #${problem.pointer}`,
      message: problem.message,
      ...writtenAt(spec, problem),
    })),
  );
}

/** Seconds since the epoch of an HTTP-date, or undefined. */
export function httpDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}
