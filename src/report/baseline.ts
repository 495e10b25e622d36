import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../util/usage-error.js';
import { STATUSES, type Finding } from '../model/finding.js';
import type { WorkspaceContext } from '../estate/context.js';

/** What `--baseline` names: a stored run of the workspace, or a report.json of any schema version (a CI artifact). */
export interface Baseline {
  /** the run id or the file, as given */
  source: string;
  run?: { id: string; startedAt: string };
  findings: Finding[];
}

/** Only what the comparison reads: a report from an older Junction still serves as a baseline. */
const baselineReport = z.object({
  run: z.object({ id: z.string(), startedAt: z.string() }).optional(),
  findings: z.array(
    z
      .object({
        checkId: z.string(),
        systemId: z.string(),
        status: z.enum(STATUSES),
        summary: z.string(),
        evidence: z.array(z.object({ kind: z.string() }).passthrough()).default([]),
      })
      .passthrough(),
  ),
});

function fromFile(path: string, source: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--baseline ${source}: not a readable JSON report (${(error as Error).message})`);
  }
  const parsed = baselineReport.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `--baseline ${source}: not a Junction report.json (${issue.path.join('.')}: ${issue.message})`,
    );
  }
  return {
    source,
    run: parsed.data.run && { id: parsed.data.run.id, startedAt: parsed.data.run.startedAt },
    findings: parsed.data.findings as unknown as Finding[],
  };
}

/**
 * Reads `--baseline`: a file when one exists at that path (or the value ends in .json), else a run id of this
 * workspace. An unknown or unfinished run is a usage error (exit 2), never an empty baseline that makes all findings new.
 */
export function loadBaseline(context: WorkspaceContext, value: string, cwd = process.cwd()): Baseline {
  const path = resolve(cwd, value);
  if (existsSync(path) || value.endsWith('.json')) return fromFile(path, value);
  const run = context.store.runs.get(value);
  if (!run)
    throw new UsageError(
      `--baseline ${value}: no such report file, and no run "${value}" in this workspace`,
      'not-found',
    );
  if (run.status !== 'finished' || !run.finishedAt)
    throw new UsageError(`--baseline ${value}: run ${value} did not finish (${run.status})`, 'conflict');
  return {
    source: value,
    run: { id: run.id, startedAt: run.startedAt },
    findings: context.store.runs.findings(run.id),
  };
}
