import { HOUR_MS, MINUTE_MS, MINUTES, STAT, STAT_FIELDS, type PackedEdgeHour } from './edge-hour.js';
import { bucketOf, packSortedRanges, sortGroups, valueOf } from './histogram.js';
import type { PatternHits, PeerMap } from './peers.js';
import { STATUS_CLASS, statusClass, type CallSink, type FlowRecord } from './record.js';

/** Keys pair two numbers below 2^26 (name ids; minute and hour numbers until 2097) in one exact double. */
const KEY_SPACE = 2 ** 26;

/** A growable column of numbers: typed-array speed without knowing the length up front. */
class Column {
  values: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.values = new Float64Array(capacity);
  }

  /** Appends a value and returns its index. */
  push(value: number): number {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    return this.length++;
  }
}

/**
 * Folds calls into edge-minutes: peers are interned to numbers once and mapped to systems once, each edge remembers
 * the minute it last saw (logs are mostly in time order), minutes keep their counters in columns, and latencies are
 * logged as (slot, bucket) pairs and only sorted into histograms when the edge-hours are taken. This is the inner
 * loop of every import, hence the numbers instead of objects.
 */
export class EdgeAggregator implements CallSink {
  private readonly peerIds = new Map<string, number>();
  /** peer id → index in `names` (the system id, or the raw peer when unknown) */
  private readonly peerNames: number[] = [];
  /** peer id → whether it maps to a system of the estate */
  private readonly peerKnown: boolean[] = [];
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private readonly protocolIds = new Map<string, number>();
  private readonly protocols: string[] = [];
  /** per protocol, per source name: target name → edge */
  private readonly edgeIds: Map<number, number>[][] = [];
  private readonly edgeKeys: { source: number; target: number; protocol: number }[] = [];
  private readonly edgeMinute: number[] = [];
  private readonly edgeSlot: number[] = [];
  /** per edge: minute number → slot */
  private readonly edgeSlots: Map<number, number>[] = [];
  private readonly slotEdge = new Column();
  private readonly slotMinute = new Column();
  private readonly slotCount = new Column();
  private readonly slotErrors = new Column();
  private readonly slotClientErrors = new Column();
  private readonly slotRateLimited = new Column();
  private readonly slotBytes = new Column();
  private readonly slotFirst = new Column();
  private readonly slotLast = new Column();
  /** slot × 2 (+1 for the client side), and the latency bucket: one entry per measured latency */
  private readonly latencyGroup = new Column(4096);
  private readonly latencyBucket = new Column(4096);
  records = 0;

  constructor(private readonly peers: PeerMap) {}

  /** Distinct edge-minutes held. */
  get size(): number {
    return this.slotEdge.length;
  }

  /** Latencies held (each costs 16 bytes until the hours are taken). */
  get latencies(): number {
    return this.latencyGroup.length;
  }

  peer(raw: string): number {
    let id = this.peerIds.get(raw);
    if (id === undefined) {
      id = this.peerNames.length;
      this.peerIds.set(raw, id);
      const name = this.peers.resolve(raw);
      this.peerNames.push(this.nameId(name));
      this.peerKnown.push(this.peers.isSystem(name));
    }
    return id;
  }

  known(peer: number): boolean {
    return this.peerKnown[peer] ?? false;
  }

  same(a: number, b: number): boolean {
    return this.peerNames[a] === this.peerNames[b];
  }

  /** The pattern aliases that named peers since the last call (see PeerMap.takePatternHits). */
  patternHits(): PatternHits[] {
    return this.peers.takePatternHits();
  }

  protocol(name: string): number {
    let id = this.protocolIds.get(name);
    if (id === undefined) {
      id = this.protocols.length;
      this.protocolIds.set(name, id);
      this.protocols.push(name);
      this.edgeIds.push([]);
    }
    return id;
  }

  private nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.nameIds.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** One call; a latency that was not measured is NaN. */
  call(
    sourcePeer: number,
    targetPeer: number,
    protocol: number,
    ts: number,
    status: number,
    bytes: number,
    serverMs: number,
    clientMs: number,
  ): void {
    this.records++;
    const source = this.peerNames[sourcePeer];
    const target = this.peerNames[targetPeer];
    const bySource = this.edgeIds[protocol];
    const targets = bySource[source] ?? (bySource[source] = new Map());
    let edge = targets.get(target);
    if (edge === undefined) {
      edge = this.edgeKeys.length;
      targets.set(target, edge);
      this.edgeKeys.push({ source, target, protocol });
      this.edgeMinute.push(Number.NaN);
      this.edgeSlot.push(-1);
      this.edgeSlots.push(new Map());
    }
    const minute = ts - (ts % MINUTE_MS);
    let slot = this.edgeSlot[edge];
    if (this.edgeMinute[edge] !== minute) {
      slot = this.slotOf(edge, minute, ts);
      this.edgeMinute[edge] = minute;
      this.edgeSlot[edge] = slot;
    }
    this.slotCount.values[slot]++;
    const kind = statusClass(status);
    if (kind === STATUS_CLASS.server) this.slotErrors.values[slot]++;
    else if (kind === STATUS_CLASS.client) this.slotClientErrors.values[slot]++;
    else if (kind === STATUS_CLASS.rateLimited) this.slotRateLimited.values[slot]++;
    this.slotBytes.values[slot] += bytes;
    if (ts < this.slotFirst.values[slot]) this.slotFirst.values[slot] = ts;
    if (ts > this.slotLast.values[slot]) this.slotLast.values[slot] = ts;
    if (serverMs === serverMs) {
      this.latencyGroup.push(slot * 2);
      this.latencyBucket.push(bucketOf(serverMs));
    }
    if (clientMs === clientMs) {
      this.latencyGroup.push(slot * 2 + 1);
      this.latencyBucket.push(bucketOf(clientMs));
    }
  }

  /** A call as a record with peer names (traces, tests). */
  readonly add = (record: FlowRecord): void => {
    this.call(
      this.peer(record.source),
      this.peer(record.target),
      this.protocol(record.protocol),
      record.ts,
      record.status,
      record.bytes,
      record.serverMs ?? Number.NaN,
      record.clientMs ?? Number.NaN,
    );
  };

  private slotOf(edge: number, minute: number, ts: number): number {
    const slots = this.edgeSlots[edge];
    let slot = slots.get(minute / MINUTE_MS);
    if (slot === undefined) {
      slot = this.slotEdge.push(edge);
      slots.set(minute / MINUTE_MS, slot);
      this.slotMinute.push(minute);
      this.slotCount.push(0);
      this.slotErrors.push(0);
      this.slotClientErrors.push(0);
      this.slotRateLimited.push(0);
      this.slotBytes.push(0);
      this.slotFirst.push(ts);
      this.slotLast.push(ts);
    }
    return slot;
  }

  /** Everything gathered since the last take, as packed edge-hours; interned peers and edges stay. */
  take(): PackedEdgeHour[] {
    const { sorted, starts } = this.sortLatencies();
    const hours = new Map<number, { edge: number; hour: number; slots: Int32Array }>();
    for (let slot = 0; slot < this.size; slot++) {
      const edge = this.slotEdge.values[slot];
      const minute = this.slotMinute.values[slot];
      const hour = minute - (minute % HOUR_MS);
      const key = edge * KEY_SPACE + hour / HOUR_MS;
      let entry = hours.get(key);
      if (!entry) hours.set(key, (entry = { edge, hour, slots: new Int32Array(MINUTES).fill(-1) }));
      entry.slots[(minute - hour) / MINUTE_MS] = slot;
    }
    const taken: PackedEdgeHour[] = [];
    for (const { edge, hour, slots } of hours.values()) {
      const stats = new Float64Array(MINUTES * STAT_FIELDS);
      // histogram ranges in `sorted`: server side minute by minute, then client side
      const ranges = new Int32Array(4 * MINUTES);
      for (let minute = 0; minute < MINUTES; minute++) {
        const slot = slots[minute];
        if (slot < 0) continue;
        const at = minute * STAT_FIELDS;
        stats[at + STAT.count] = this.slotCount.values[slot]!;
        stats[at + STAT.errors] = this.slotErrors.values[slot]!;
        stats[at + STAT.clientErrors] = this.slotClientErrors.values[slot]!;
        stats[at + STAT.rateLimited] = this.slotRateLimited.values[slot]!;
        stats[at + STAT.bytes] = this.slotBytes.values[slot]!;
        stats[at + STAT.firstSeen] = this.slotFirst.values[slot]!;
        stats[at + STAT.lastSeen] = this.slotLast.values[slot]!;
        stats[at + STAT.serverP95] = p95(sorted, starts[2 * slot], starts[2 * slot + 1]);
        stats[at + STAT.clientP95] = p95(sorted, starts[2 * slot + 1], starts[2 * slot + 2]);
        ranges.set([starts[2 * slot], starts[2 * slot + 1]], 2 * minute);
        ranges.set([starts[2 * slot + 1], starts[2 * slot + 2]], 2 * (MINUTES + minute));
      }
      const { source, target, protocol } = this.edgeKeys[edge];
      taken.push({
        source: this.names[source],
        target: this.names[target],
        protocol: this.protocols[protocol],
        hour,
        stats,
        histograms: packSortedRanges(sorted, ranges),
      });
    }
    this.clearMinutes();
    return taken;
  }

  private clearMinutes(): void {
    for (const slots of this.edgeSlots) slots.clear();
    this.edgeMinute.fill(Number.NaN);
    for (const column of [
      this.slotEdge,
      this.slotMinute,
      this.slotCount,
      this.slotErrors,
      this.slotClientErrors,
      this.slotRateLimited,
      this.slotBytes,
      this.slotFirst,
      this.slotLast,
      this.latencyGroup,
      this.latencyBucket,
    ]) {
      column.length = 0;
    }
  }

  /** Counting sort of the latency log by group (slot × 2, + 1 for the client side), each group then sorted. */
  private sortLatencies(): { sorted: Uint16Array; starts: Int32Array } {
    const groups = this.size * 2;
    const starts = new Int32Array(groups + 1);
    const count = this.latencies;
    const group = this.latencyGroup.values;
    for (let i = 0; i < count; i++) starts[group[i] + 1]++;
    for (let g = 0; g < groups; g++) starts[g + 1] += starts[g];
    const sorted = new Uint16Array(count);
    const fill = starts.slice(0, groups);
    const bucket = this.latencyBucket.values;
    for (let i = 0; i < count; i++) sorted[fill[group[i]]++] = bucket[i]!;
    sortGroups(sorted, starts);
    return { sorted, starts };
  }
}

/** Nearest-rank p95 of sorted bucket indices (as LatencyHistogram.percentile), NaN when there are none. */
const p95 = (sorted: Uint16Array, start: number, end: number): number =>
  end > start ? valueOf(sorted[start + Math.max(1, Math.ceil(0.95 * (end - start))) - 1]) : Number.NaN;
