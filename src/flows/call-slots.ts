import { Column } from './column.js';
import { bucketOf, sortLatencyLog } from './histogram.js';
import { STATUS_CLASS } from './record.js';

/**
 * The counters of calls folded by slot (an edge-minute, an operation-hour): each slot is the `key` it belongs to
 * and its `period`, and keeps its counts in columns; latencies are logged as (slot × 2, + 1 for the client side;
 * bucket) pairs, sorted into histograms only when the slots are taken. Shared by the edge and the operation folds,
 * which differ in what a key is and how long a period lasts.
 */
export class CallSlots {
  readonly key = new Column();
  readonly period = new Column();
  readonly count = new Column();
  /** the callee's errors: 5xx, no answer */
  readonly errors = new Column();
  /** 4xx but 429 */
  readonly clientErrors = new Column();
  readonly rateLimited = new Column();
  readonly first = new Column();
  readonly last = new Column();
  private readonly latencyGroup = new Column(4096);
  private readonly latencyBucket = new Column(4096);

  get size(): number {
    return this.key.length;
  }

  /** Latencies logged (each costs 16 bytes until the slots are taken). */
  get latencies(): number {
    return this.latencyGroup.length;
  }

  /** A new slot for `key` over `period`, first seen at `ts`. */
  open(key: number, period: number, ts: number): number {
    const slot = this.key.push(key);
    this.period.push(period);
    this.count.push(0);
    this.errors.push(0);
    this.clientErrors.push(0);
    this.rateLimited.push(0);
    this.first.push(ts);
    this.last.push(ts);
    return slot;
  }

  /** One call in `slot`: `kind` is its STATUS_CLASS; a latency that was not measured is NaN. */
  add(slot: number, kind: number, ts: number, serverMs: number, clientMs: number): void {
    this.count.values[slot]++;
    if (kind === STATUS_CLASS.server) this.errors.values[slot]++;
    else if (kind === STATUS_CLASS.client) this.clientErrors.values[slot]++;
    else if (kind === STATUS_CLASS.rateLimited) this.rateLimited.values[slot]++;
    if (ts < this.first.values[slot]) this.first.values[slot] = ts;
    if (ts > this.last.values[slot]) this.last.values[slot] = ts;
    if (serverMs === serverMs) {
      this.latencyGroup.push(slot * 2);
      this.latencyBucket.push(bucketOf(serverMs));
    }
    if (clientMs === clientMs) {
      this.latencyGroup.push(slot * 2 + 1);
      this.latencyBucket.push(bucketOf(clientMs));
    }
  }

  /** The logged latencies' buckets by group: slot s's server side is sorted[starts[2s], starts[2s + 1]). */
  sortedLatencies(): { sorted: Uint16Array; starts: Int32Array } {
    return sortLatencyLog(this.latencyGroup, this.latencyBucket, this.size * 2);
  }

  /** Forgets every slot (once taken). */
  clear(): void {
    for (const column of [
      this.key,
      this.period,
      this.count,
      this.errors,
      this.clientErrors,
      this.rateLimited,
      this.first,
      this.last,
      this.latencyGroup,
      this.latencyBucket,
    ])
      column.length = 0;
  }
}
