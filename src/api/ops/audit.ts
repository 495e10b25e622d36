import { CHECKS } from '../../../checks/index.js';
import { countStatuses, type Category, type Finding, type Status } from '../../model/finding.js';
import { UsageError } from '../../audit/errors.js';
import { runAudit } from '../../audit/runner.js';
import type { RunRecord } from '../../store/run-repository.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';

export interface CheckInfo {
  id: string;
  category: Category;
  title: string;
  failureTitle: string;
  description: string;
}

export async function listChecks(): Promise<CheckInfo[]> {
  return CHECKS.map(({ id, category, title, failureTitle, description }) => ({
    id,
    category,
    title,
    failureTitle,
    description,
  }));
}

/**
 * Starts an audit and answers as soon as it has a run id; progress and the end arrive as `audit` events.
 * Unknown check or system ids are refused before anything runs.
 */
export async function startAudit(
  ctx: ApiContext,
  input: { checks?: string[]; systems?: string[] },
): Promise<{ runId: string }> {
  const { workspace, store, vault } = ctx.workspace;
  return new Promise((resolve, reject) => {
    runAudit(
      workspace,
      { store, vault },
      {
        checks: input.checks,
        systems: input.systems,
        onEvent: (event) => {
          if (event.type === 'run-started') resolve({ runId: event.runId });
          ctx.events.publish({ type: 'audit', event });
        },
      },
    ).catch((error: unknown) => {
      reject(error instanceof UsageError ? new ApiError(400, error.message) : (error as Error));
      // After the run started nobody awaits the promise any more: the run stays "running" in history.
      if (!(error instanceof UsageError)) process.stderr.write(`junction: audit failed: ${(error as Error).message}\n`);
    });
  });
}

export interface RunSummary extends Omit<RunRecord, 'options'> {
  counts: Record<Status, number>;
}

export async function listRuns(ctx: ApiContext, input: { limit?: number }): Promise<RunSummary[]> {
  const runs = ctx.workspace.store.runs;
  return runs
    .list(input.limit ?? 50)
    .map(({ options: _options, ...run }) => ({ ...run, counts: countStatuses(runs.findings(run.id)) }));
}

export interface FindingChange {
  checkId: string;
  systemId: string;
  from: Status | 'new';
  to: Status | 'gone';
}

export interface RunDetail {
  run: Omit<RunRecord, 'options'>;
  findings: Finding[];
  checks: Record<string, CheckInfo>;
  previousRunId?: string;
  /** what differs from the previous finished run, finding by finding */
  changes: FindingChange[];
}

const key = (finding: Finding) => `${finding.checkId}\0${finding.systemId}`;

export function diffFindings(previous: readonly Finding[], current: readonly Finding[]): FindingChange[] {
  const before = new Map(previous.map((finding) => [key(finding), finding]));
  const changes: FindingChange[] = [];
  for (const finding of current) {
    const old = before.get(key(finding));
    before.delete(key(finding));
    if (!old) changes.push({ checkId: finding.checkId, systemId: finding.systemId, from: 'new', to: finding.status });
    else if (old.status !== finding.status)
      changes.push({ checkId: finding.checkId, systemId: finding.systemId, from: old.status, to: finding.status });
  }
  for (const old of before.values())
    changes.push({ checkId: old.checkId, systemId: old.systemId, from: old.status, to: 'gone' });
  return changes;
}

/** One run with its findings (the latest finished run when no id is given) and what changed since the run before it. */
export async function getRun(ctx: ApiContext, input: { runId?: string }): Promise<RunDetail | null> {
  const runs = ctx.workspace.store.runs;
  const record = input.runId ? runs.get(input.runId) : runs.latest();
  if (!record) {
    if (input.runId) throw new ApiError(404, `no run "${input.runId}"`);
    return null;
  }
  const { options: _options, ...run } = record;
  const findings = runs.findings(run.id);
  const previous = runs.list(500).find((other) => other.status === 'finished' && other.startedAt < run.startedAt);
  const checks = Object.fromEntries((await listChecks()).map((check) => [check.id, check]));
  return {
    run,
    findings,
    checks,
    previousRunId: previous?.id,
    changes: previous ? diffFindings(runs.findings(previous.id), findings) : [],
  };
}
