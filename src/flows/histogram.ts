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
/**
 * The encoded form is a run of (uint16 bucket, uint32 count) pairs, little-endian, in ascending bucket order.
 * The functions after the class work on it directly, so an import's hot path never builds a Map per minute.
 */
const PAIR_BYTES = 6;

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

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
    const encoded = Buffer.allocUnsafe(indices.length * PAIR_BYTES);
    const percentiles: (number | undefined)[] = ps.map(() => undefined);
    const ranks = ps.map((p) => Math.max(1, Math.ceil((p / 100) * this.total)));
    let seen = 0;
    let next = 0;
    indices.forEach((index, at) => {
      const count = this.counts.get(index)!;
      encoded.writeUInt16LE(index, at * PAIR_BYTES);
      encoded.writeUInt32LE(count, at * PAIR_BYTES + 2);
      seen += count;
      while (next < ranks.length && seen >= ranks[next]!) percentiles[next++] = valueOf(index);
    });
    return { encoded, percentiles };
  }

  /** Adds an encoded histogram (the sparse pairs of `snapshot`) to this one. */
  addEncoded(encoded: Uint8Array | null | undefined): this {
    if (!encoded) return this;
    const view = asBuffer(encoded);
    for (let offset = 0; offset + PAIR_BYTES <= view.length; offset += PAIR_BYTES) {
      const count = view.readUInt32LE(offset + 2);
      const index = view.readUInt16LE(offset);
      this.counts.set(index, (this.counts.get(index) ?? 0) + count);
      this.total += count;
    }
    return this;
  }

  static decode(encoded: Uint8Array | null | undefined): LatencyHistogram {
    return new LatencyHistogram().addEncoded(encoded);
  }
}

/** Bucket indices, sorted ascending with repeats (one per recorded value), encoded as counted pairs. */
export function encodeSortedIndices(sorted: ArrayLike<number>): Buffer {
  let runs = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) runs++;
  const encoded = Buffer.allocUnsafe(runs * PAIR_BYTES);
  let offset = -PAIR_BYTES;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      offset += PAIR_BYTES;
      encoded.writeUInt16LE(sorted[i]!, offset);
      encoded.writeUInt32LE(1, offset + 2);
    } else {
      encoded.writeUInt32LE(encoded.readUInt32LE(offset + 2) + 1, offset + 2);
    }
  }
  return encoded;
}

/** The sum of two encoded histograms (a merge of two sorted runs). */
export function mergeEncoded(a: Uint8Array, b: Uint8Array): Buffer {
  const left = asBuffer(a);
  const right = asBuffer(b);
  const merged = Buffer.allocUnsafe(left.length + right.length);
  let i = 0;
  let j = 0;
  let out = 0;
  while (i < left.length || j < right.length) {
    const li = i < left.length ? left.readUInt16LE(i) : Infinity;
    const ri = j < right.length ? right.readUInt16LE(j) : Infinity;
    const index = Math.min(li, ri);
    let count = 0;
    if (li === index) {
      count += left.readUInt32LE(i + 2);
      i += PAIR_BYTES;
    }
    if (ri === index) {
      count += right.readUInt32LE(j + 2);
      j += PAIR_BYTES;
    }
    merged.writeUInt16LE(index, out);
    merged.writeUInt32LE(count, out + 2);
    out += PAIR_BYTES;
  }
  return merged.subarray(0, out);
}

/** Nearest-rank quantile (p in 0..100) of an encoded histogram; undefined when empty. */
export function encodedPercentile(encoded: Uint8Array, p: number): number | undefined {
  const view = asBuffer(encoded);
  let total = 0;
  for (let offset = 0; offset < view.length; offset += PAIR_BYTES) total += view.readUInt32LE(offset + 2);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let offset = 0; offset < view.length; offset += PAIR_BYTES) {
    seen += view.readUInt32LE(offset + 2);
    if (seen >= rank) return valueOf(view.readUInt16LE(offset));
  }
  return undefined;
}

/** Several encoded histograms in one blob: a header of their pair counts (uint16 each), then their pairs in order. */
export function packHistograms(list: readonly (Uint8Array | undefined)[]): Buffer {
  const header = Buffer.alloc(list.length * 2);
  list.forEach((encoded, index) => header.writeUInt16LE((encoded?.length ?? 0) / PAIR_BYTES, index * 2));
  return Buffer.concat([header, ...list.filter((encoded): encoded is Uint8Array => encoded !== undefined)]);
}

/** The `count` histograms of a packed blob (views into it), undefined where one is empty. */
export function unpackHistograms(blob: Buffer, count: number): (Buffer | undefined)[] {
  const list: (Buffer | undefined)[] = [];
  let offset = count * 2;
  for (let index = 0; index < count; index++) {
    const bytes = blob.readUInt16LE(index * 2) * PAIR_BYTES;
    list.push(bytes === 0 ? undefined : blob.subarray(offset, offset + bytes));
    offset += bytes;
  }
  return list;
}
