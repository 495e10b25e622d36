/**
 * A mergeable latency histogram with logarithmic buckets (the DDSketch layout): every value lands in the bucket
 * `ceil(log_γ(v))`, so any quantile is known within ±2.5 % whatever the range, histograms of different minutes
 * and edges merge by adding counts, and a sparse encoding stays a few bytes per minute.
 */
const RELATIVE_ACCURACY = 0.025;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** values at or below this (ms) share bucket 0 */
const MIN_MS = 0.01;
const OFFSET = -Math.ceil(Math.log(MIN_MS) / LOG_GAMMA) + 1;
const MAX_INDEX = 0xffff;

export function bucketOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  return Math.min(MAX_INDEX, Math.ceil(Math.log(ms) / LOG_GAMMA) + OFFSET);
}

/** The value a bucket stands for: the point of least relative error inside it. */
export function valueOf(index: number): number {
  if (index === 0) return 0;
  return (2 * Math.pow(GAMMA, index - OFFSET)) / (GAMMA + 1);
}

export class LatencyHistogram {
  readonly counts = new Map<number, number>();
  total = 0;

  record(ms: number, times = 1): void {
    const index = bucketOf(ms);
    this.counts.set(index, (this.counts.get(index) ?? 0) + times);
    this.total += times;
  }

  merge(other: LatencyHistogram): this {
    for (const [index, count] of other.counts) this.counts.set(index, (this.counts.get(index) ?? 0) + count);
    this.total += other.total;
    return this;
  }

  /** Nearest-rank quantile (p in 0..100), within the relative accuracy; undefined when empty. */
  percentile(p: number): number | undefined {
    return this.percentiles([p])[0];
  }

  /** Several quantiles (ascending p) in one walk over the buckets. */
  percentiles(ps: readonly number[]): (number | undefined)[] {
    if (this.total === 0) return ps.map(() => undefined);
    const indices = [...this.counts.keys()].sort((a, b) => a - b);
    const result: (number | undefined)[] = [];
    let seen = 0;
    let at = 0;
    for (const p of ps) {
      const rank = Math.max(1, Math.ceil((p / 100) * this.total));
      while (seen < rank && at < indices.length) seen += this.counts.get(indices[at++]!)!;
      result.push(valueOf(indices[at - 1]!));
    }
    return result;
  }

  /** The encoded form and some quantiles (ascending p) from one sort of the buckets: what a rollup row stores. */
  snapshot(ps: readonly number[]): { encoded: Buffer; percentiles: (number | undefined)[] } {
    const indices = [...this.counts.keys()].sort((a, b) => a - b);
    const encoded = Buffer.allocUnsafe(indices.length * 6);
    const percentiles: (number | undefined)[] = ps.map(() => undefined);
    const ranks = ps.map((p) => Math.max(1, Math.ceil((p / 100) * this.total)));
    let seen = 0;
    let next = 0;
    indices.forEach((index, at) => {
      const count = this.counts.get(index)!;
      encoded.writeUInt16LE(index, at * 6);
      encoded.writeUInt32LE(count, at * 6 + 2);
      seen += count;
      while (next < ranks.length && seen >= ranks[next]!) percentiles[next++] = valueOf(index);
    });
    return { encoded, percentiles };
  }

  /** Sparse binary form: (uint16 bucket, uint32 count) pairs. */
  encode(): Buffer {
    const buffer = Buffer.allocUnsafe(this.counts.size * 6);
    let offset = 0;
    for (const [index, count] of this.counts) {
      buffer.writeUInt16LE(index, offset);
      buffer.writeUInt32LE(count, offset + 2);
      offset += 6;
    }
    return buffer;
  }

  static decode(buffer: Uint8Array | null | undefined): LatencyHistogram {
    const histogram = new LatencyHistogram();
    if (!buffer) return histogram;
    const view = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    for (let offset = 0; offset + 6 <= view.length; offset += 6) {
      const count = view.readUInt32LE(offset + 2);
      const index = view.readUInt16LE(offset);
      histogram.counts.set(index, (histogram.counts.get(index) ?? 0) + count);
      histogram.total += count;
    }
    return histogram;
  }
}
