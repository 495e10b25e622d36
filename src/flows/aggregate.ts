import { LatencyHistogram } from './histogram.js';
import type { PeerMap } from './peers.js';
import type { FlowRecord } from './record.js';

export const MINUTE_MS = 60_000;

/** One edge in one minute: the unit stored, merged and rolled up. */
export interface EdgeBucket {
  source: string;
  target: string;
  protocol: string;
  /** epoch ms of the minute's start */
  bucket: number;
  count: number;
  errors: number;
  bytes: number;
  firstSeen: number;
  lastSeen: number;
  server: LatencyHistogram;
  client: LatencyHistogram;
}

export function emptyBucket(source: string, target: string, protocol: string, bucket: number, ts: number): EdgeBucket {
  return { source, target, protocol, bucket, count: 0, errors: 0, bytes: 0, firstSeen: ts, lastSeen: ts, server: new LatencyHistogram(), client: new LatencyHistogram() };
}

/** Adds `from` into `into` (same edge, any minute): everything here is a sum, a min/max or a histogram merge. */
export function mergeBucket(into: EdgeBucket, from: EdgeBucket): EdgeBucket {
  into.count += from.count;
  into.errors += from.errors;
  into.bytes += from.bytes;
  into.firstSeen = Math.min(into.firstSeen, from.firstSeen);
  into.lastSeen = Math.max(into.lastSeen, from.lastSeen);
  into.server.merge(from.server);
  into.client.merge(from.client);
  return into;
}

/** Maps each record's peers to systems and folds it into its edge-minute. */
export class EdgeAggregator {
  // source → target → protocol → minute: nested maps on the (interned) peer names, no key string per record
  private readonly edges = new Map<string, Map<string, Map<string, Map<number, EdgeBucket>>>>();
  records = 0;
  size = 0;

  constructor(private readonly peers: PeerMap) {}

  readonly add = (record: FlowRecord): void => {
    this.records++;
    const source = this.peers.resolve(record.source);
    const target = this.peers.resolve(record.target);
    const minute = record.ts - (record.ts % MINUTE_MS);
    let targets = this.edges.get(source);
    if (!targets) this.edges.set(source, (targets = new Map()));
    let protocols = targets.get(target);
    if (!protocols) targets.set(target, (protocols = new Map()));
    let minutes = protocols.get(record.protocol);
    if (!minutes) protocols.set(record.protocol, (minutes = new Map()));
    let bucket = minutes.get(minute);
    if (!bucket) {
      minutes.set(minute, (bucket = emptyBucket(source, target, record.protocol, minute, record.ts)));
      this.size++;
    }
    bucket.count++;
    if (record.error) bucket.errors++;
    bucket.bytes += record.bytes;
    if (record.ts < bucket.firstSeen) bucket.firstSeen = record.ts;
    if (record.ts > bucket.lastSeen) bucket.lastSeen = record.ts;
    if (record.serverMs !== undefined) bucket.server.record(record.serverMs);
    if (record.clientMs !== undefined) bucket.client.record(record.clientMs);
  };

  *buckets(): Generator<EdgeBucket> {
    for (const targets of this.edges.values()) for (const protocols of targets.values()) for (const minutes of protocols.values()) yield* minutes.values();
  }
}
