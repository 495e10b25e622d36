import { EventEmitter } from 'node:events';
import type { AuditEvent } from '../audit/events.js';

/** One latency sample of a monitor: phases in ms, as the monitor store keeps them. */
export interface MonitorSampleEvent {
  monitorId: string;
  systemId: string;
  t: number;
  ok: boolean;
  status?: number;
  phases: { dns?: number; connect?: number; tls?: number; firstByte?: number; total?: number };
  error?: string;
}

export interface AlertEvent {
  monitorId?: string;
  systemId?: string;
  severity: 'warning' | 'critical' | 'resolved';
  message: string;
  t: number;
}

/** Everything the hosts push to the renderer on the event stream (SSE in the browser, IPC in the desktop app). */
export type ApiEvent =
  | { type: 'audit'; event: AuditEvent }
  | { type: 'monitor-sample'; sample: MonitorSampleEvent }
  | { type: 'alert'; alert: AlertEvent }
  | { type: 'import-progress'; importId: string; message: string; done: boolean; error?: string }
  | { type: 'estate-changed' };

/** In-process publish/subscribe for ApiEvents: each host forwards them to its own transport. */
export class ApiEventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: ApiEvent): void {
    this.emitter.emit('event', event);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
