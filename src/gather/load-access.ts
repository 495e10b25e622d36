import { LoadBudget, loadBudgetFor, LoadRefused } from '../probe/load.js';
import type { HttpSystem } from '../model/estate.js';
import { planRequest } from './conformance.js';
import type { GatherContext } from './gatherer.js';
import type { NotRun } from '../model/artifacts/resilience.js';

/** load is GETs of one URL: an operation is a target only when GET is allowed */
const LOAD_METHODS: ReadonlySet<string> = new Set(['GET']);

export interface LoadAccess {
  budget: LoadBudget;
  url: string;
  headers: Record<string, string>;
  ca?: string;
  servername?: string;
  /** why the credential does not go with the load (plain HTTP without allow.plaintextCredentials) */
  credentialWithheld?: string;
  /** why this URL: allow.load.path, the spec's operation that documents 429, or the health path */
  target: string;
}

/**
 * Where the burst and the spike send their load: allow.load.path when the user chose; else the first GET the spec
 * documents a 429 for (where a limit is promised, so where enforcement is worth seeing) that can be called without
 * inventing parameters; else the health path (the base URL when it is unset).
 */
async function loadTarget({
  system,
  probe,
  loadSpec,
}: GatherContext<HttpSystem>): Promise<{ url: string; headers: Record<string, string>; target: string }> {
  const chosen = system.allow.load?.path;
  if (chosen !== undefined) return { url: probe.url(chosen), headers: {}, target: 'allow.load.path' };
  if (system.spec && system.allow.methods.includes('GET')) {
    const spec = await loadSpec();
    const limited = 'error' in spec ? [] : spec.index.operations.filter((operation) => operation.method === 'GET');
    for (const operation of limited.filter((candidate) => candidate.responses.some((r) => r.status === '429'))) {
      const plan = planRequest(system, operation, LOAD_METHODS);
      if ('url' in plan)
        return {
          url: plan.url,
          headers: plan.headers,
          target: `${operation.method} ${operation.path}: the spec documents 429 for it`,
        };
    }
  }
  return {
    url: probe.url(system.healthPath),
    headers: {},
    target: system.healthPath === undefined ? 'the base URL (no healthPath)' : 'the health path',
  };
}

/** What a load gatherer needs to run, or why it must not: no allow.load, or its budget is spent. */
export async function loadAccess(context: GatherContext<HttpSystem>): Promise<LoadAccess | NotRun> {
  const { system, probe, signal } = context;
  let budget: LoadBudget;
  try {
    budget = loadBudgetFor(probe, system.allow.load);
  } catch (error) {
    if (error instanceof LoadRefused) return { ran: false, reason: error.message };
    throw error;
  }
  if (budget.remainingRequests === 0 || budget.remainingSeconds === 0)
    return { ran: false, reason: 'the allow.load budget is spent' };
  const { url, headers, target } = await loadTarget(context);
  const access = await probe.loadAccess(url, signal);
  return { budget, ...access, headers: { ...headers, ...access.headers }, target };
}

/** Enough connections for the rate at a pessimistic 100 ms per request, within reason. */
export const connectionsFor = (rps: number): number => Math.min(64, Math.max(2, Math.ceil(rps / 10)));
