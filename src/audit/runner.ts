import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CHECKS } from '../../checks/index.js';
import { curlCommand } from '../../checks/lib/reproduce.js';
import {
  checkInfo,
  DEFAULT_SETTINGS,
  titleFor,
  type ArtifactKind,
  type Check,
  type CheckSettings,
} from '../../checks/contract.js';
import { type Evidence, type Finding, type Verdict } from '../model/finding.js';
import { ConfigError } from '../estate/errors.js';
import { addressOf, type System } from '../model/estate.js';
import { UsageError } from '../util/usage-error.js';
import type { Vault } from '../estate/vault.js';
import type { Workspace } from '../estate/workspace.js';
import type { ArtifactMap } from '../model/artifacts/map.js';
import {
  gatherFrom,
  servesSystem,
  type GatherContext,
  type Gatherer,
  type SharedGatherContext,
} from '../gather/gatherer.js';
import { specLoader } from '../gather/spec.js';
import { GATHERERS, inGatherOrder } from '../gather/index.js';
import type { Probe } from '../probe/probe.js';
import { createProbe } from '../probe/system-probe.js';
import { Redactor } from '../probe/redact.js';
import type { Store } from '../store/store.js';
import type { AuditEvent } from './events.js';
import { computeScores, type Scores } from '../model/scores.js';
import { mapWithConcurrency } from '../util/concurrency.js';

export interface AuditOptions {
  checks?: string[];
  systems?: string[];
  concurrency?: number;
  settings?: Partial<CheckSettings>;
  signal?: AbortSignal;
  onEvent?: (event: AuditEvent) => void;
}

export interface AuditDependencies {
  store: Store;
  vault: () => Vault;
  checks?: readonly Check[];
  gatherers?: Partial<{ [K in ArtifactKind]: Gatherer<K> }>;
  env?: NodeJS.ProcessEnv;
}

export interface AuditResult {
  run: { id: string; startedAt: string; finishedAt: string };
  estateName: string;
  systems: { id: string; name: string; baseUrl: string }[];
  findings: Finding[];
  scores: Scores;
}

function select<T extends { id: string }>(all: readonly T[], wanted: string[] | undefined, what: string): T[] {
  if (!wanted || wanted.length === 0) return [...all];
  const unknown = wanted.filter((id) => !all.some((item) => item.id === id));
  if (unknown.length > 0) {
    throw new UsageError(`unknown ${what}: ${unknown.join(', ')} (known: ${all.map((item) => item.id).join(', ')})`);
  }
  return all.filter((item) => wanted.includes(item.id));
}

function findingFor(check: Check, system: System, { status, title, ...verdict }: Verdict): Finding {
  return {
    checkId: check.id,
    systemId: system.id,
    category: check.category,
    basis: check.basis,
    status,
    title: title ?? titleFor(check, status),
    ...verdict,
    evidence: verdict.evidence.map((evidence) => withReproduce(evidence, system)),
  };
}

/** Every recorded exchange gets the curl command that repeats it (the evidence was redacted before judging). */
function withReproduce(evidence: Evidence, system: System): Evidence {
  if (evidence.kind !== 'http' || evidence.reproduce !== undefined) return evidence;
  try {
    return { ...evidence, reproduce: curlCommand(evidence.request, system) };
  } catch {
    return evidence; // a URL curl cannot take as it was recorded: the exchange is still shown
  }
}

/** What a run records of a system: where it was reached (a broker's management API). */
const runSystem = (system: System) => ({ id: system.id, name: system.name, baseUrl: addressOf(system) });

/** A check applies when every artifact it needs can be gathered from this kind of system, and it says so itself. */
function appliesTo(check: Check, system: System, gatherers: Record<string, Gatherer | undefined>): true | string {
  for (const kind of check.requires) {
    const gatherer = gatherers[kind];
    const serves = gatherer ? servesSystem(gatherer, system) : true;
    if (serves !== true) return serves;
  }
  return check.appliesTo(system);
}

const messageOf = (error: unknown) =>
  error instanceof ConfigError ? error.describe() : error instanceof Error ? error.message : String(error);

/**
 * Gathers each artifact the selected checks need once per system, then judges.
 * A gatherer that fails turns every check that needed it into an `error` finding, never a pass.
 */
export async function runAudit(
  workspace: Workspace,
  deps: AuditDependencies,
  options: AuditOptions = {},
): Promise<AuditResult> {
  const checks = select(deps.checks ?? CHECKS, options.checks, 'check');
  const systems = select(workspace.estate.systems, options.systems, 'system');
  const gatherers = { ...GATHERERS, ...deps.gatherers } as Record<string, Gatherer | undefined>;
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const runId = randomUUID();
  const startedAt = new Date().toISOString();
  const emit = (event: AuditEvent) => options.onEvent?.(event);
  const signal = options.signal ?? new AbortController().signal;

  deps.store.runs.create({
    id: runId,
    startedAt,
    estateName: workspace.estate.name,
    options: { checks: checks.map((check) => check.id), systems: systems.map((system) => system.id), settings },
    systems: systems.map(runSystem),
    checks: checks.map(checkInfo),
  });
  emit({ type: 'run-started', runId, systems: systems.map((s) => s.id), checks: checks.map((c) => c.id) });

  // One redactor for the run: every secret of every system is scrubbed from every artifact.
  const redactor = new Redactor();
  const perSystem = await mapWithConcurrency(systems, options.concurrency ?? 4, async (system) => {
    const findings: Finding[] = [];
    const applicable: Check[] = [];
    for (const check of checks) {
      const applies = appliesTo(check, system, gatherers);
      if (applies === true) applicable.push(check);
      else findings.push(findingFor(check, system, { status: 'skip', summary: applies, evidence: [] }));
    }

    let probe: Probe;
    try {
      probe = createProbe(workspace, system, deps, redactor);
    } catch (error) {
      const message = messageOf(error);
      for (const check of applicable)
        findings.push(findingFor(check, system, { status: 'error', summary: `Not probed: ${message}`, evidence: [] }));
      return findings;
    }

    const shared: SharedGatherContext = {
      system,
      probe,
      resolvePath: workspace.resolvePath,
      estate: workspace.estate,
      store: deps.store,
      loadSpec: specLoader(system, probe, workspace.resolvePath, signal),
      settings,
    };
    // what a check only uses is gathered where its gatherer serves the system, and judged without when it fails
    const usable = (kind: string) => {
      const gatherer = gatherers[kind];
      return gatherer !== undefined && servesSystem(gatherer, system) === true;
    };
    const needed = inGatherOrder(
      applicable.flatMap((check) => [...check.requires, ...(check.uses ?? []).filter(usable)]),
    );
    const artifacts: Partial<ArtifactMap> = {};
    const failures = new Map<string, string>();
    for (const kind of needed) {
      const gatherer = gatherers[kind];
      if (!gatherer) {
        failures.set(kind, `no gatherer for artifact "${kind}"`);
        continue;
      }
      emit({ type: 'gather-started', runId, systemId: system.id, artifact: kind });
      const began = performance.now();
      try {
        const artifact = redactor.deep(
          await gatherWithTimeout(gatherer, shared, signal, (message, load) =>
            emit({
              type: 'gather-progress',
              runId,
              systemId: system.id,
              artifact: kind,
              message,
              ...(load && { load }),
            }),
          ),
        );
        (artifacts as Record<string, unknown>)[kind] = artifact;
        deps.store.runs.saveArtifact(runId, system.id, kind, artifact);
        emit({ type: 'gather-finished', runId, systemId: system.id, artifact: kind, ms: performance.now() - began });
      } catch (error) {
        const message = redactor.text(messageOf(error));
        failures.set(kind, message);
        deps.store.runs.saveArtifact(runId, system.id, kind, undefined, message);
        emit({
          type: 'gather-finished',
          runId,
          systemId: system.id,
          artifact: kind,
          ms: performance.now() - began,
          error: message,
        });
      }
    }

    for (const check of applicable) {
      const missing = check.requires.filter((kind) => failures.has(kind));
      let finding: Finding;
      if (missing.length > 0) {
        finding = findingFor(check, system, {
          status: 'error',
          summary: `Could not gather ${missing.join(', ')}: ${missing.map((kind) => failures.get(kind)).join('; ')}`,
          evidence: [],
        });
      } else {
        try {
          finding = findingFor(check, system, check.judge(artifacts as ArtifactMap, system, settings));
        } catch (error) {
          finding = findingFor(check, system, {
            status: 'error',
            summary: `Check failed: ${messageOf(error)}`,
            evidence: [],
          });
        }
      }
      findings.push(finding);
      emit({ type: 'finding', runId, finding });
    }
    emit({ type: 'system-finished', runId, systemId: system.id });
    return findings;
  });

  const order = new Map(checks.map((check, index) => [check.id, index]));
  const findings = perSystem.flat().sort((a, b) => order.get(a.checkId)! - order.get(b.checkId)!);
  const scores = computeScores(findings);
  deps.store.runs.finish(runId, findings, scores, signal.aborted ? 'aborted' : 'finished');
  emit({ type: 'run-finished', runId, scores });
  return {
    run: { id: runId, startedAt, finishedAt: new Date().toISOString() },
    estateName: workspace.estate.name,
    systems: systems.map(runSystem),
    findings,
    scores,
  };
}

async function gatherWithTimeout(
  gatherer: Gatherer,
  shared: SharedGatherContext,
  runSignal: AbortSignal,
  progress: GatherContext['progress'],
): Promise<unknown> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  runSignal.addEventListener('abort', abort);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`gatherer "${gatherer.artifact}" timed out after ${gatherer.timeoutMs} ms`));
    }, gatherer.timeoutMs);
  });
  try {
    return await Promise.race([gatherFrom(gatherer, { ...shared, signal: controller.signal, progress }), timeout]);
  } finally {
    clearTimeout(timer);
    runSignal.removeEventListener('abort', abort);
  }
}
