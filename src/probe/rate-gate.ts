import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProbeError } from './errors.js';

/** Spaces request starts at least 1/maxRps apart, whichever caller asks. */
export class RateGate {
  private nextSlot = 0;

  constructor(readonly maxRps: number) {}

  async wait(signal?: AbortSignal): Promise<void> {
    const interval = 1000 / this.maxRps;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now)
      await sleep(slot - now, undefined, { signal }).catch(() => {
        throw new ProbeError('aborted', 'aborted while waiting for the rate cap', 'policy');
      });
  }
}

const gates = new Map<string, RateGate>();

/**
 * The one gate of a system in this process: the audit's probes and every monitor check of the system wait on it,
 * so together they never exceed its limits.maxRps (a fresh Probe per monitor check would otherwise start afresh).
 */
export function sharedRateGate(key: string, maxRps: number): RateGate {
  const name = `${key}\u0000${maxRps}`;
  let gate = gates.get(name);
  if (!gate) gates.set(name, (gate = new RateGate(maxRps)));
  return gate;
}
