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

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const computeBucket = (ms: number): number =>
  ms > MIN_MS ? Math.min(MAX_INDEX, Math.ceil(Math.log(ms) / LOG_GAMMA) + OFFSET) : 0;
/** Buckets of whole milliseconds, looked up: logs mostly record whole milliseconds, and a logarithm per call counts. */
const WHOLE_MS = Uint16Array.from({ length: 1 << 16 }, (_, ms) => computeBucket(ms));

export function bucketOf(ms: number): number {
  return ms >= 0 && ms < WHOLE_MS.length && (ms | 0) === ms ? WHOLE_MS[ms] : computeBucket(ms);
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
      while (seen < rank && at < indices.length) seen += this.counts.get(indices[at++])!;
      result.push(valueOf(indices[at - 1]));
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
      while (next < ranks.length && seen >= ranks[next]) percentiles[next++] = valueOf(index);
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

/** Sorts each group of bucket indices in place: short groups (the common case) by insertion, long ones natively. */
export function sortGroups(indices: Uint16Array, starts: Int32Array): void {
  for (let g = 0; g + 1 < starts.length; g++) {
    const start = starts[g];
    const end = starts[g + 1];
    if (end - start > 32) {
      indices.subarray(start, end).sort();
      continue;
    }
    for (let i = start + 1; i < end; i++) {
      const value = indices[i];
      let j = i - 1;
      for (; j >= start && indices[j] > value; j--) indices[j + 1] = indices[j]!;
      indices[j + 1] = value;
    }
  }
}

/**
 * A latency log (entry i: its group and its bucket index) sorted by group with a counting sort, each group then
 * sorted: group g's buckets are sorted[starts[g], starts[g + 1]).
 */
export function sortLatencyLog(
  group: { values: Float64Array; length: number },
  bucket: { values: Float64Array },
  groups: number,
): { sorted: Uint16Array; starts: Int32Array } {
  const starts = new Int32Array(groups + 1);
  const count = group.length;
  const groupOf = group.values;
  for (let i = 0; i < count; i++) starts[groupOf[i] + 1]++;
  for (let g = 0; g < groups; g++) starts[g + 1] += starts[g];
  const sorted = new Uint16Array(count);
  const fill = starts.slice(0, groups);
  const buckets = bucket.values;
  for (let i = 0; i < count; i++) sorted[fill[groupOf[i]]++] = buckets[i]!;
  sortGroups(sorted, starts);
  return { sorted, starts };
}

/**
 * Histograms straight from sorted bucket indices (one entry per recorded value), packed as `packHistograms` packs
 * their encodings: histogram i is sorted[ranges[2i], ranges[2i + 1]). No Map, no intermediate buffer.
 */
export function packSortedRanges(sorted: Uint16Array, ranges: Int32Array): Buffer {
  const count = ranges.length / 2;
  const runs = new Int32Array(count);
  let pairs = 0;
  for (let h = 0; h < count; h++) {
    const end = ranges[2 * h + 1];
    for (let i = ranges[2 * h]; i < end; i++) if (i === ranges[2 * h] || sorted[i] !== sorted[i - 1]) runs[h]++;
    pairs += runs[h];
  }
  const blob = Buffer.allocUnsafe(count * 2 + pairs * PAIR_BYTES);
  let offset = count * 2;
  for (let h = 0; h < count; h++) {
    blob[2 * h] = runs[h] & 0xff;
    blob[2 * h + 1] = runs[h] >>> 8;
    const end = ranges[2 * h + 1];
    for (let i = ranges[2 * h]; i < end;) {
      const index = sorted[i];
      let run = i + 1;
      while (run < end && sorted[run] === index) run++;
      const times = run - i;
      blob[offset] = index & 0xff;
      blob[offset + 1] = index >>> 8;
      blob[offset + 2] = times & 0xff;
      blob[offset + 3] = (times >>> 8) & 0xff;
      blob[offset + 4] = (times >>> 16) & 0xff;
      blob[offset + 5] = times >>> 24;
      offset += PAIR_BYTES;
      i = run;
    }
  }
  return blob;
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
