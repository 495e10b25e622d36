import { HOUR_MS, MINUTE_MS, MINUTES, STAT, STAT_FIELDS, type PackedEdgeHour } from './edge-hour.js';
import { Column } from './column.js';
import { CallSlots } from './call-slots.js';
import { packSortedRanges, valueOf } from './histogram.js';
import { OperationFolder, type SpecRoutes } from './operation-aggregate.js';
import type { PackedOperationHour } from './operation-hour.js';
import type { PatternHits, PeerMap } from './peers.js';
import { NO_OPERATION, NO_PEER, statusClass, type CallSink, type FlowRecord } from './record.js';

/** Keys pair two numbers below 2^26 (name ids; minute and hour numbers until 2097) in one exact double. */
const KEY_SPACE = 2 ** 26;

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
  /** edge-minutes: the key is the edge, the period the minute */
  private readonly slots = new CallSlots();
  private readonly slotBytes = new Column();
  records = 0;
  /** the same calls by operation (what was called, for whom) */
  private readonly operations: OperationFolder;

  /** `specs`: the spec operations of the systems that have one, which their calls are matched to */
  constructor(
    private readonly peers: PeerMap,
    specs: SpecRoutes = new Map(),
  ) {
    this.operations = new OperationFolder(specs, (name) => this.names[name]);
  }

  /** Distinct edge-minutes held. */
  get size(): number {
    return this.slots.size;
  }

  /** Latencies held (each costs 16 bytes until the hours are taken). */
  get latencies(): number {
    return this.slots.latencies;
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

  operation(method: string, path: string): number {
    return this.operations.operation(method, path);
  }

  get operationGeneration(): number {
    return this.operations.generation;
  }

  /** The systems (or raw peers) whose undocumented templates overflowed the cap, so far. */
  get overflowed(): ReadonlySet<string> {
    return this.operations.overflowed;
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
    operation = NO_OPERATION,
    consumer = NO_PEER,
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
    const kind = statusClass(status);
    this.slots.add(slot, kind, ts, serverMs, clientMs);
    this.slotBytes.values[slot] += bytes;
    if (operation !== NO_OPERATION) {
      // relayed by a gateway, the call was made for the gateway's client: the operation's consumer
      const relayed = consumer !== NO_PEER;
      this.operations.add(
        relayed ? this.peerNames[consumer] : source,
        relayed ? source : -1,
        target,
        operation,
        ts,
        kind,
        serverMs,
        clientMs,
      );
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
      record.method !== undefined && record.path !== undefined
        ? this.operation(record.method, record.path)
        : NO_OPERATION,
    );
  };

  /** The operation-hours folded since the last take. */
  takeOperations(): PackedOperationHour[] {
    return this.operations.take();
  }

  private slotOf(edge: number, minute: number, ts: number): number {
    const slots = this.edgeSlots[edge];
    let slot = slots.get(minute / MINUTE_MS);
    if (slot === undefined) {
      slot = this.slots.open(edge, minute, ts);
      slots.set(minute / MINUTE_MS, slot);
      this.slotBytes.push(0);
    }
    return slot;
  }

  /** Everything gathered since the last take, as packed edge-hours; interned peers and edges stay. */
  take(): PackedEdgeHour[] {
    const { sorted, starts } = this.slots.sortedLatencies();
    const hours = new Map<number, { edge: number; hour: number; slots: Int32Array }>();
    for (let slot = 0; slot < this.size; slot++) {
      const edge = this.slots.key.values[slot];
      const minute = this.slots.period.values[slot];
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
        stats[at + STAT.count] = this.slots.count.values[slot]!;
        stats[at + STAT.errors] = this.slots.errors.values[slot]!;
        stats[at + STAT.clientErrors] = this.slots.clientErrors.values[slot]!;
        stats[at + STAT.rateLimited] = this.slots.rateLimited.values[slot]!;
        stats[at + STAT.bytes] = this.slotBytes.values[slot]!;
        stats[at + STAT.firstSeen] = this.slots.first.values[slot]!;
        stats[at + STAT.lastSeen] = this.slots.last.values[slot]!;
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
    this.slots.clear();
    this.slotBytes.length = 0;
  }
}

/** Nearest-rank p95 of sorted bucket indices (as LatencyHistogram.percentile), NaN when there are none. */
const p95 = (sorted: Uint16Array, start: number, end: number): number =>
  end > start ? valueOf(sorted[start + Math.max(1, Math.ceil(0.95 * (end - start))) - 1]) : Number.NaN;
