import { CHECKS } from '../../../checks/index.js';
import { checkInfo } from '../../../checks/contract.js';
import type { CheckInfo } from '../../model/check-info.js';
import type { Finding, Status } from '../../model/finding.js';
import { runAudit } from '../../audit/runner.js';
import { compareFindings, type FindingChange } from '../../report/compare.js';
import type { RunRecord } from '../../store/run-repository.js';
import { UsageError } from '../../util/usage-error.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';

/** The checks of this build, for choosing what to run; a stored run's own checks come with getRun. */
export async function listChecks(): Promise<CheckInfo[]> {
  return CHECKS.map(checkInfo);
}

/**
 * Starts an audit and answers as soon as it has a run id; progress and the end arrive as `audit` events.
 * Unknown check or system ids are refused before anything runs.
 */
export async function startAudit(
  ctx: ApiContext,
  input: { checks?: string[]; systems?: string[] },
): Promise<{ runId: string }> {
  const { workspace, store, vault } = ctx;
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
    ).catch((thrown: unknown) => {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      reject(error);
      // After the run started nobody awaits the promise any more: the run stays "running" in history.
      if (!(error instanceof UsageError)) process.stderr.write(`junction: audit failed: ${error.message}\n`);
    });
  });
}

export interface RunSummary extends Omit<RunRecord, 'options' | 'checks'> {
  counts: Record<Status, number>;
}

export async function listRuns(ctx: ApiContext, input: { limit?: number }): Promise<RunSummary[]> {
  const runs = ctx.store.runs;
  const list = runs.list(input.limit ?? 50);
  const counts = runs.statusCounts(list.map((run) => run.id));
  return list.map(({ options: _options, checks: _checks, ...run }) => ({ ...run, counts: counts.get(run.id)! }));
}

export interface RunDetail {
  run: Omit<RunRecord, 'options' | 'checks'>;
  findings: Finding[];
  /** the run's checks by id, with their words when it ran */
  checks: Record<string, CheckInfo>;
  previousRunId?: string;
  /** what differs from the previous finished run, finding by finding, worse first */
  changes: FindingChange[];
}

/** One run with its findings (the latest finished run when no id is given) and what changed since the run before it. */
export async function getRun(ctx: ApiContext, input: { runId?: string }): Promise<RunDetail | null> {
  const runs = ctx.store.runs;
  const record = input.runId ? runs.get(input.runId) : runs.latest();
  if (!record) {
    if (input.runId) throw new ApiError(404, `no run "${input.runId}"`);
    return null;
  }
  const { options: _options, checks = [], ...run } = record;
  const findings = runs.findings(run.id);
  const previous = runs.previousFinished(run);
  return {
    run,
    findings,
    checks: Object.fromEntries(checks.map((check) => [check.id, check])),
    previousRunId: previous?.id,
    changes: previous ? compareFindings(runs.findings(previous.id), findings) : [],
  };
}
