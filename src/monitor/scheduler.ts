import { importBrokerFlows } from '../broker/flows.js';
import { ManagementApi } from '../broker/management.js';
import { watchedQueues } from '../broker/queue-selection.js';
import { createProbe } from '../probe/system-probe.js';
import { monitorIdOf, type BrokerSystem, type Monitor } from '../model/estate.js';
import type { Probe } from '../probe/probe.js';
import type { QueueSample } from '../store/queue-sample-repository.js';
import type { Vault } from '../estate/vault.js';
import type { Workspace } from '../estate/workspace.js';
import { recordExchange } from '../gather/record.js';
import { Redactor } from '../probe/redact.js';
import { DEFAULT_RETENTION, type MonitorSample, type Retention } from '../store/sample-repository.js';
import type { Store } from '../store/store.js';
import { expectedText, isExpectedStatus } from './expected-status.js';
import { evaluateQueueThresholds, evaluateThresholds } from './thresholds.js';
import { DEFAULT_RETRY, deliverWebhook, type AlertTransition, type RetryPolicy } from './webhook.js';

export interface SchedulerOptions {
  concurrency?: number;
  /** each wait is the interval ± this fraction, so monitors of the same interval spread out */
  jitter?: number;
  /** samples are written when this many are waiting… */
  batchSize?: number;
  /** …or this long after the first of them */
  flushMs?: number;
  retention?: Retention;
  retry?: RetryPolicy;
  onSample?(sample: MonitorSample): void;
  onFlush?(count: number, total: number): void;
  /** something a check could not do that is not the target being down (a broker's flows import failing) */
  onWarning?(monitorId: string, message: string): void;
  onTransition?(event: AlertTransition): void;
  /** resolves when a delivery (with its retries) is over */
  onDelivered?(event: AlertTransition, url: string, ok: boolean): void;
}

interface Entry {
  id: string;
  monitor: Monitor;
  timer?: NodeJS.Timeout;
}

/**
 * Runs the workspace's monitors headless (the desktop host runs the same): each on its interval with jitter, at most
 * `concurrency` checks at once, through the system's Probe (its timeouts, TLS trust and credentials apply).
 * Samples are written in batches, each batch in one transaction with its rollups; thresholds are judged after each
 * batch, and every raise or clear is stored and sent to the monitor's webhooks.
 */
export class MonitorScheduler {
  private readonly entries: Entry[];
  private readonly pending: MonitorSample[] = [];
  private readonly pendingQueues: QueueSample[] = [];
  private flushTimer?: NodeJS.Timeout;
  private running = 0;
  private readonly queue: (() => void)[] = [];
  private readonly deliveries = new Set<Promise<unknown>>();
  private written = 0;
  private stopped = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly store: Store,
    private readonly vault: () => Vault,
    private readonly options: SchedulerOptions = {},
  ) {
    this.entries = workspace.estate.monitors.map((monitor) => ({ id: monitorIdOf(monitor), monitor }));
  }

  get samplesWritten(): number {
    return this.written;
  }

  /** Starts every monitor, the first check of each spread over its first interval. */
  start(): void {
    this.stopped = false;
    for (const entry of this.entries) this.schedule(entry, Math.random() * Math.min(entry.monitor.interval, 1000));
  }

  /** Checks every monitor once, writes the samples and judges thresholds (the demo and tests run rounds). */
  async runRound(): Promise<void> {
    await Promise.all(this.entries.map((entry) => this.limited(() => this.check(entry))));
    this.flush();
    await this.settled();
  }

  /** Stops the timers, writes what is waiting and waits for webhook deliveries in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const entry of this.entries) clearTimeout(entry.timer);
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    this.flush();
    await this.settled();
  }

  async settled(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.all([...this.deliveries]);
  }

  private isBroker(entry: Entry): boolean {
    return this.workspace.estate.systems.some((system) => system.id === entry.monitor.system && system.broker);
  }

  private schedule(entry: Entry, delay: number): void {
    if (this.stopped) return;
    entry.timer = setTimeout(() => {
      void this.limited(() => this.check(entry)).finally(() => {
        const jitter = this.options.jitter ?? 0.1;
        this.schedule(entry, entry.monitor.interval * (1 + jitter * (Math.random() * 2 - 1)));
      });
    }, delay);
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= (this.options.concurrency ?? 4)) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  private async check(entry: Entry): Promise<void> {
    const system = this.workspace.estate.systems.find((candidate) => candidate.id === entry.monitor.system)!;
    const ts = Date.now();
    let sample: MonitorSample;
    try {
      // A fresh probe per check: a monitor runs for weeks, a probe's request budget is for one audit.
      const probe = createProbe(this.workspace, system, { vault: this.vault }, new Redactor());
      if (system.broker) {
        this.enqueue(await this.checkBroker(entry, system, probe, ts));
        return;
      }
      const exchange = await recordExchange(probe, { method: 'GET', url: probe.url(entry.monitor.path) });
      const { expectStatus } = entry.monitor;
      const ok =
        exchange.error === undefined &&
        exchange.status !== undefined &&
        isExpectedStatus(exchange.status, expectStatus);
      sample = {
        monitorId: entry.id,
        ts,
        ok,
        status: exchange.status,
        timings: exchange.timings,
        error: exchange.error
          ? `${exchange.error.code}: ${exchange.error.message}`
          : ok
            ? undefined
            : `HTTP ${exchange.status}, expected ${expectedText(expectStatus)}`,
      };
    } catch (error) {
      sample = { monitorId: entry.id, ts, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    this.enqueue(sample);
  }

  private enqueue(sample: MonitorSample): void {
    this.options.onSample?.(sample);
    this.pending.push(sample);
    if (this.pending.length >= (this.options.batchSize ?? 100)) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.options.flushMs ?? 5000);
  }

  /**
   * A broker monitor lists the queues (up when the management API answers it; its latency is the sample's), keeps
   * the watched queues' depth, consumers, rates and age, and reads the broker's flows as `junction flows import`
   * does, so the graph follows the broker on the monitor's schedule.
   */
  private async checkBroker(entry: Entry, system: BrokerSystem, probe: Probe, ts: number): Promise<MonitorSample> {
    let listing: Awaited<ReturnType<ManagementApi['timedQueues']>>;
    try {
      listing = await new ManagementApi(probe, system).timedQueues();
    } catch (error) {
      const status = (error as { status?: number }).status;
      return {
        monitorId: entry.id,
        ts,
        ok: false,
        status,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    for (const queue of watchedQueues(listing.queues, entry.monitor.queues))
      this.pendingQueues.push({
        monitorId: entry.id,
        queue: queue.name,
        ts,
        messages: queue.messages,
        ready: queue.ready,
        unacked: queue.unacked,
        consumers: queue.consumers,
        publishRate: queue.publishRate,
        deliverRate: queue.deliverRate,
        ...(queue.headTimestamp === undefined ? {} : { oldestAgeMs: Math.max(0, ts - queue.headTimestamp) }),
      });
    try {
      const flows = await importBrokerFlows(this.store, this.workspace.estate, system, probe, {
        queues: listing.queues,
      });
      for (const warning of flows.warnings) this.options.onWarning?.(entry.id, warning);
    } catch (error) {
      this.options.onWarning?.(
        entry.id,
        `the broker's flows were not read: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return { monitorId: entry.id, ts, ok: true, status: listing.status, timings: listing.timings };
  }

  /** Writes the waiting samples as one batch, applies retention, then judges the thresholds of the monitors in it. */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0);
    const now = Date.now();
    const retention = this.options.retention ?? DEFAULT_RETENTION;
    this.store.samples.insertBatch(batch);
    this.store.queues.insertBatch(this.pendingQueues.splice(0));
    this.written += batch.length;
    this.store.samples.applyRetention(retention, now);
    this.store.queues.applyRetention(retention, now);
    this.options.onFlush?.(batch.length, this.written);
    for (const id of new Set(batch.map((sample) => sample.monitorId)))
      this.judge(
        this.entries.find((entry) => entry.id === id)!,
        now,
      );
  }

  private judge(entry: Entry, now: number): void {
    const states = evaluateThresholds(entry.monitor, entry.id, this.store.samples, now);
    if (this.isBroker(entry))
      states.push(...evaluateQueueThresholds(entry.monitor, this.store.queues.latest(entry.id)));
    for (const state of states) {
      const open = this.store.alerts.open(entry.id, state.rule);
      let event: AlertTransition | undefined;
      if (state.breached && !open) {
        const alert = this.store.alerts.raise(entry.id, state.rule, state.message, state.value, now);
        event = {
          alertId: alert.id,
          transition: 'raised',
          monitorId: entry.id,
          systemId: entry.monitor.system,
          rule: state.rule,
          message: state.message,
          at: now,
        };
      } else if (!state.breached && open) {
        this.store.alerts.clear(open.id, now, state.message);
        event = {
          alertId: open.id,
          transition: 'cleared',
          monitorId: entry.id,
          systemId: entry.monitor.system,
          rule: state.rule,
          message: state.message,
          at: now,
        };
      }
      if (!event) continue;
      this.options.onTransition?.(event);
      for (const target of entry.monitor.alerts ?? []) {
        const delivery = deliverWebhook(
          target.webhook,
          event,
          this.store.alerts,
          this.options.retry ?? DEFAULT_RETRY,
        ).then((ok) => this.options.onDelivered?.(event, target.webhook, ok));
        this.deliveries.add(delivery);
        void delivery.finally(() => this.deliveries.delete(delivery));
      }
    }
  }
}
