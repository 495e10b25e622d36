import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { WorkspaceContext } from '../estate/context.js';
import { UsageError } from '../util/usage-error.js';
import { computeScores } from '../model/scores.js';
import type { Flow } from '../model/estate.js';
import type { ArtifactMap } from '../model/artifacts/map.js';
import { windowText, type FlowsArtifact } from '../model/artifacts/flows.js';
import type { RunRecord } from '../store/run-repository.js';
import { applyWaivers, waiverUses } from '../model/waiver.js';
import type { Baseline } from './baseline.js';
import { compareFindings, compareWithBaseline } from './compare.js';
import { owaspCoverage, type OwaspSystemInput } from './owasp-coverage.js';
import { GENERATOR } from './generator.js';
import { REPORT_SCHEMA_VERSION, type Report } from './schema.js';
import { NO_SPEC } from './spec-state.js';

export interface StoredReportOptions {
  /** the run to report on; the latest finished run by default */
  runId?: string;
  /** compare with this run, or with the run before by default; false for no comparison */
  compareWith?: string | false;
  /** --baseline: each finding gets its baseline state, and "Changes since…" compares with it */
  baseline?: Baseline;
  /** when waivers are judged expired (now by default) */
  now?: Date;
}

/** A finished run to report on: the one named, or the latest. */
function pickRun(context: WorkspaceContext, runId: string | undefined): RunRecord {
  const run = runId ? context.store.runs.get(runId) : context.store.runs.latest();
  if (!run)
    throw new UsageError(
      runId
        ? `no run "${runId}" in this workspace`
        : 'no finished audit in this workspace yet: run "junction audit" first',
      'not-found',
    );
  if (run.status === 'running' || !run.finishedAt) throw new UsageError(`run ${run.id} has not finished`, 'conflict');
  return run;
}

function previousRun(
  context: WorkspaceContext,
  run: RunRecord,
  compareWith: string | false | undefined,
): RunRecord | undefined {
  if (compareWith === false) return undefined;
  if (compareWith) return pickRun(context, compareWith);
  return context.store.runs.previousFinished(run);
}

/** The line of each system's entry in junction.yaml, so SARIF can point findings at it. */
function systemLines(file: string): Record<string, number> {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  const systems = doc.get('systems', true) as
    { items?: { range?: [number, number, number]; get?(key: string): unknown }[] } | undefined;
  const out: Record<string, number> = {};
  for (const item of systems?.items ?? []) {
    const id = item.get?.('id');
    if (typeof id === 'string' && item.range) out[id] = lines.linePos(item.range[0]).line;
  }
  return out;
}

/** Declared flows, joined with what the run's flows artifact observed; observed flows nobody declared are added. */
function reportFlows(declared: readonly Flow[], observed: FlowsArtifact | undefined): NonNullable<Report['flows']> {
  const edges = observed?.edges ?? [];
  const traffic = (from: string, to: string) => {
    const matching = edges.filter((edge) => edge.from === from && edge.to === to);
    if (matching.length === 0) return undefined;
    const count = matching.reduce((sum, edge) => sum + edge.count, 0);
    const sum = (pick: (edge: (typeof matching)[number]) => number) =>
      count === 0 ? 0 : matching.reduce((total, edge) => total + pick(edge), 0) / count;
    const p95s = matching.map((edge) => edge.p95).filter((value): value is number => value !== null);
    return {
      count,
      errorRate: sum((edge) => edge.serverErrors),
      clientErrorRate: sum((edge) => edge.clientErrors),
      rateLimitedRate: sum((edge) => edge.rateLimited),
      p95: p95s.length ? Math.max(...p95s) : null,
    };
  };
  const flows: NonNullable<Report['flows']> = declared.map(({ from, to, protocol, description }) => ({
    from,
    to,
    protocol,
    description,
    declared: true,
    observed: traffic(from, to),
  }));
  for (const edge of edges) {
    if (edge.declared || flows.some((flow) => flow.from === edge.from && flow.to === edge.to)) continue;
    flows.push({
      from: edge.from,
      to: edge.to,
      protocol: edge.protocol,
      declared: false,
      observed: traffic(edge.from, edge.to),
    });
  }
  return flows;
}

type StoredArtifacts = Partial<{ [K in keyof ArtifactMap]: { artifact?: ArtifactMap[K]; error?: string } }>;

/**
 * A readiness report for a stored run: its findings and scores, plus what the HTML report shows around them (flows,
 * specs audited, baseline latency, what changed since the previous run). Reads only the workspace and its database.
 */
export function storedReport(context: WorkspaceContext, options: StoredReportOptions = {}): Report {
  const run = pickRun(context, options.runId);
  const estate = context.workspace.estate;
  // Waivers are read from junction.yaml as it is now: accepting a risk needs no new audit.
  const measured = context.store.runs.findings(run.id);
  const waived = applyWaivers(measured, estate.waivers, options.now);
  const baseline = options.baseline && compareWithBaseline(options.baseline.findings, waived);
  const findings = baseline?.findings ?? waived;
  const artifactsOf = (systemId: string) => context.store.runs.artifacts(run.id, systemId) as StoredArtifacts;

  const specs: NonNullable<Report['specs']> = [];
  const owaspInputs: OwaspSystemInput[] = [];
  const latency: NonNullable<Report['latency']> = [];
  for (const system of run.systems) {
    const artifacts = artifactsOf(system.id);
    const spec = artifacts.spec?.artifact;
    owaspInputs.push({ systemId: system.id, spec, attestations: artifacts.attestations?.artifact });
    const declared = estate.systems.find((candidate) => candidate.id === system.id)?.spec;
    if (spec && !spec.source) {
      // a system without a spec: the gatherer's placeholder is not an invalid spec of 0 operations
      specs.push({ systemId: system.id, source: '', error: NO_SPEC });
    } else if (spec && !spec.hash) {
      specs.push({ systemId: system.id, source: spec.source, error: spec.problems[0]?.message ?? 'cannot be read' });
    } else if (spec) {
      specs.push({
        systemId: system.id,
        source: spec.source,
        title: spec.title,
        version: spec.version,
        specVersion: spec.specVersion,
        operations: spec.operations.length,
        valid: spec.valid,
      });
    } else if (artifacts.spec?.error || declared) {
      specs.push({
        systemId: system.id,
        source: declared ?? '(unknown)',
        error: artifacts.spec?.error ?? 'not read in this run',
      });
    }
    const http = artifacts.http?.artifact;
    if (http) {
      latency.push({
        systemId: system.id,
        samples: http.samples.map((sample) => ({
          url: sample.url,
          status: sample.status,
          error: sample.error && `${sample.error.code}: ${sample.error.message}`,
          phases: sample.timings,
        })),
      });
    }
  }

  const previous = options.baseline ? undefined : previousRun(context, run, options.compareWith);
  const compared = options.baseline
    ? {
        previousRun: options.baseline.run ?? { id: options.baseline.source, startedAt: '' },
        changes: compareFindings(options.baseline.findings, measured),
      }
    : previous && {
        previousRun: { id: previous.id, startedAt: previous.startedAt },
        changes: compareFindings(context.store.runs.findings(previous.id), measured),
      };
  const checks = Object.fromEntries((run.checks ?? []).map(({ id, ...check }) => [id, check]));
  const observedFlows = run.systems.map((system) => artifactsOf(system.id).flows?.artifact).find(Boolean);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: GENERATOR,
    estate: run.estateName,
    run: { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt! },
    systems: run.systems,
    checks,
    findings,
    scores: run.scores ?? computeScores(findings),
    flows: reportFlows(estate.flows, observedFlows),
    ...(observedFlows
      ? {
          flowWindow: {
            from: new Date(observedFlows.window.from).toISOString(),
            until: new Date(observedFlows.window.until).toISOString(),
            text: windowText(observedFlows.window),
          },
        }
      : {}),
    specs,
    latency,
    comparison: compared,
    waivers: waiverUses(measured, estate.waivers, options.now),
    ...(options.baseline && baseline
      ? {
          baseline: {
            source: options.baseline.source,
            ...(options.baseline.run ? { run: options.baseline.run } : {}),
            resolved: baseline.resolved,
          },
        }
      : {}),
    owasp: owaspCoverage(checks, findings, owaspInputs),
    workspace: { estateFile: basename(context.workspace.file), systemLines: systemLines(context.workspace.file) },
  };
}
