import { LoadBudget, loadBudgetFor, LoadRefused } from '../probe/load.js';
import type { GatherContext } from './gatherer.js';
import type { NotRun } from '../model/artifacts/resilience.js';

export interface LoadAccess {
  budget: LoadBudget;
  url: string;
  headers: Record<string, string>;
  ca?: string;
  servername?: string;
  /** why the credential does not go with the load (plain HTTP without allow.plaintextCredentials) */
  credentialWithheld?: string;
}

/** What a load gatherer needs to run, or why it must not: no allow.load, or its budget is spent. */
export async function loadAccess({ system, probe, signal }: GatherContext): Promise<LoadAccess | NotRun> {
  let budget: LoadBudget;
  try {
    budget = loadBudgetFor(probe, system.allow.load);
  } catch (error) {
    if (error instanceof LoadRefused) return { ran: false, reason: error.message };
    throw error;
  }
  if (budget.remainingRequests === 0 || budget.remainingSeconds === 0)
    return { ran: false, reason: 'the allow.load budget is spent' };
  return { budget, ...(await probe.loadAccess(probe.url(system.allow.load?.path ?? system.healthPath), signal)) };
}

/** Enough connections for the rate at a pessimistic 100 ms per request, within reason. */
export const connectionsFor = (rps: number): number => Math.min(64, Math.max(2, Math.ceil(rps / 10)));
