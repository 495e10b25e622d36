import { OTHER_OPERATION_PATH } from '../model/artifacts/operations.js';
import { CallSlots } from './call-slots.js';
import { HOUR_MS } from './edge-hour.js';
import { packSortedRanges } from './histogram.js';
import { OperationMatcher, type MatchedOperation, type SpecRoute } from './operation-match.js';
import { OPERATION_STAT, OPERATION_STAT_FIELDS, type PackedOperationHour } from './operation-hour.js';
import { inferTemplate } from './path-template.js';

/** Each system's spec operations, by system id: what calls to it are matched against. */
export type SpecRoutes = ReadonlyMap<string, readonly SpecRoute[]>;

/** Undocumented templates kept per called system; past them, calls count under OTHER_OPERATION_PATH. */
export const TEMPLATE_CAP = 2_000;
/** Distinct called method-and-paths remembered before starting over (ids in paths make them endless). */
const RAW_LIMIT = 100_000;
/** Keys pair two name ids below 2^26 in one exact double. */
const KEY_SPACE = 2 ** 26;

/**
 * Folds calls into operation-hours: a called method and path is interned once (`operation`), matched once per
 * called system (its spec's operation, else an inferred template), and each (operation, consumer, via) keeps the
 * hour it last saw, as the edge aggregator keeps minutes; latencies are logged as (slot, bucket) pairs and sorted
 * into histograms only when the hours are taken. Names are the edge aggregator's name ids.
 */
export class OperationFolder {
  /** bumped whenever the interned method-and-paths are forgotten (see CallSink.operation) */
  generation = 0;
  private rawIds = new Map<string, number>();
  private rawMethod: string[] = [];
  private rawPath: string[] = [];
  /** per target name: raw id → operation */
  private matched: number[][] = [];
  private readonly matchers = new Map<number, OperationMatcher | null>();
  /** per target name: `METHOD path` → operation */
  private readonly operationIds: Map<string, number>[] = [];
  private readonly operations: (MatchedOperation & { target: number })[] = [];
  /** per target name: undocumented templates held */
  private readonly templates: number[] = [];
  /** target names whose templates overflowed the cap */
  readonly overflowed = new Set<string>();
  /** per operation: consumer × KEY_SPACE + via + 1 → folded (operation, consumer, via) */
  private readonly foldIds: Map<number, number>[] = [];
  private readonly foldKeys: { operation: number; consumer: number; via: number }[] = [];
  private readonly foldHour: number[] = [];
  private readonly foldSlot: number[] = [];
  private readonly foldSlots: Map<number, number>[] = [];
  /** operation-hours: the key is the fold, the period the hour */
  private readonly slots = new CallSlots();

  constructor(
    private readonly specs: SpecRoutes,
    private readonly nameOf: (name: number) => string,
  ) {}

  /** Interns a called method and path (see CallSink.operation). */
  operation(method: string, path: string): number {
    const upper = method.toUpperCase();
    const key = `${upper} ${path}`;
    let id = this.rawIds.get(key);
    if (id === undefined) {
      if (this.rawMethod.length >= RAW_LIMIT) this.forgetRaw();
      id = this.rawMethod.length;
      this.rawIds.set(key, id);
      this.rawMethod.push(upper);
      this.rawPath.push(path);
    }
    return id;
  }

  private forgetRaw(): void {
    this.rawIds = new Map();
    this.rawMethod = [];
    this.rawPath = [];
    this.matched = [];
    this.generation++;
  }

  /** One call of `raw` to `target` for `consumer`, relayed by `via` (a name, or -1); `kind` is its STATUS_CLASS. */
  add(
    consumer: number,
    via: number,
    target: number,
    raw: number,
    ts: number,
    kind: number,
    serverMs: number,
    clientMs: number,
  ): void {
    const byTarget = this.matched[target] ?? (this.matched[target] = []);
    let operation = byTarget[raw];
    if (operation === undefined) operation = byTarget[raw] = this.operationOf(target, raw);
    const folds = this.foldIds[operation];
    const key = consumer * KEY_SPACE + via + 1;
    let fold = folds.get(key);
    if (fold === undefined) {
      fold = this.foldKeys.length;
      folds.set(key, fold);
      this.foldKeys.push({ operation, consumer, via });
      this.foldHour.push(Number.NaN);
      this.foldSlot.push(-1);
      this.foldSlots.push(new Map());
    }
    const hour = ts - (ts % HOUR_MS);
    let slot = this.foldSlot[fold];
    if (this.foldHour[fold] !== hour) {
      slot = this.slotOf(fold, hour, ts);
      this.foldHour[fold] = hour;
      this.foldSlot[fold] = slot;
    }
    this.slots.add(slot, kind, ts, serverMs, clientMs);
  }

  /** The operation a raw method and path is of the target: its spec's, else an inferred template, else "other". */
  private operationOf(target: number, raw: number): number {
    const method = this.rawMethod[raw];
    const path = this.rawPath[raw];
    let matcher = this.matchers.get(target);
    if (matcher === undefined) {
      const routes = this.specs.get(this.nameOf(target));
      matcher = routes ? new OperationMatcher(routes) : null;
      this.matchers.set(target, matcher);
    }
    let matched: MatchedOperation =
      // `OPTIONS *` asks the server as a whole: no endpoint
      path === '*'
        ? { method, path, documented: false }
        : matcher
          ? matcher.match(method, path)
          : { method, path: inferTemplate(path), documented: false };
    const ids = this.operationIds[target] ?? (this.operationIds[target] = new Map());
    let key = `${matched.method} ${matched.path}`;
    const known = ids.get(key);
    if (known !== undefined) return known;
    if (!matched.documented) {
      if ((this.templates[target] ?? 0) >= TEMPLATE_CAP) {
        this.overflowed.add(this.nameOf(target));
        matched = { method: matched.method, path: OTHER_OPERATION_PATH, documented: false };
        key = `${matched.method} ${matched.path}`;
        const other = ids.get(key);
        if (other !== undefined) return other;
      } else {
        this.templates[target] = (this.templates[target] ?? 0) + 1;
      }
    }
    const id = this.operations.length;
    ids.set(key, id);
    this.operations.push({ ...matched, target });
    this.foldIds.push(new Map());
    return id;
  }

  private slotOf(fold: number, hour: number, ts: number): number {
    const slots = this.foldSlots[fold];
    let slot = slots.get(hour);
    if (slot === undefined) {
      slot = this.slots.open(fold, hour, ts);
      slots.set(hour, slot);
    }
    return slot;
  }

  /** Everything folded since the last take, as operation-hours; interned operations stay. */
  take(): PackedOperationHour[] {
    const slots = this.slots.size;
    const { sorted, starts } = this.slots.sortedLatencies();
    const taken: PackedOperationHour[] = [];
    for (let slot = 0; slot < slots; slot++) {
      const { operation, consumer, via } = this.foldKeys[this.slots.key.values[slot]];
      const matched = this.operations[operation];
      const stats = new Float64Array(OPERATION_STAT_FIELDS);
      stats[OPERATION_STAT.count] = this.slots.count.values[slot];
      stats[OPERATION_STAT.errors] = this.slots.errors.values[slot];
      stats[OPERATION_STAT.clientErrors] = this.slots.clientErrors.values[slot];
      stats[OPERATION_STAT.rateLimited] = this.slots.rateLimited.values[slot];
      stats[OPERATION_STAT.firstSeen] = this.slots.first.values[slot];
      stats[OPERATION_STAT.lastSeen] = this.slots.last.values[slot];
      taken.push({
        consumer: this.nameOf(consumer),
        via: via < 0 ? '' : this.nameOf(via),
        target: this.nameOf(matched.target),
        method: matched.method,
        path: matched.path,
        documented: matched.documented,
        operationId: matched.operationId ?? '',
        hour: this.slots.period.values[slot],
        stats,
        histograms: packSortedRanges(
          sorted,
          Int32Array.of(starts[2 * slot], starts[2 * slot + 1], starts[2 * slot + 1], starts[2 * slot + 2]),
        ),
      });
    }
    for (const hours of this.foldSlots) hours.clear();
    this.foldHour.fill(Number.NaN);
    this.slots.clear();
    return taken;
  }
}
