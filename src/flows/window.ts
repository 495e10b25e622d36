import { DEFAULT_FLOW_WINDOW_MS, type FlowWindow } from '../model/artifacts/flows.js';
import type { Store } from '../store/store.js';
import { MINUTE_MS } from './edge-hour.js';

export interface FlowWindowRequest {
  /** how long (default 7 days) */
  windowMs?: number;
  /** epoch ms: the window starts here (and lasts windowMs unless `until` is given too) */
  from?: number;
  /** epoch ms: the window ends here */
  until?: number;
  /** the clock, when there is no traffic to anchor to */
  now?: number;
}

/** The first and last call stored by any source, or undefined when there is none. */
export function trafficExtent(store: Store): { first: number; last: number } | undefined {
  const extents = store.flows
    .extents()
    .filter((extent) => Number.isFinite(extent.first) && Number.isFinite(extent.last));
  if (extents.length === 0) return undefined;
  return {
    first: Math.min(...extents.map((extent) => extent.first)),
    last: Math.max(...extents.map((extent) => extent.last)),
  };
}

/**
 * Which window flows are read over: the one asked for, or by default the `windowMs` up to the end of the latest
 * minute of stored traffic (an auditor imports last month's logs more often than this morning's), or up to the
 * clock when nothing was imported yet. Monitor samples keep the clock's window: they are live by nature.
 */
export function flowWindow(store: Store, request: FlowWindowRequest = {}): FlowWindow {
  const windowMs = request.windowMs ?? DEFAULT_FLOW_WINDOW_MS;
  if (request.from !== undefined && request.until !== undefined)
    return { from: request.from, until: request.until, anchor: 'explicit' };
  if (request.until !== undefined) return { from: request.until - windowMs, until: request.until, anchor: 'explicit' };
  if (request.from !== undefined) return { from: request.from, until: request.from + windowMs, anchor: 'explicit' };
  const last = trafficExtent(store)?.last;
  if (last === undefined) {
    const now = request.now ?? Date.now();
    return { from: now - windowMs, until: now, anchor: 'clock' };
  }
  const until = last - (last % MINUTE_MS) + MINUTE_MS;
  return { from: until - windowMs, until, anchor: 'traffic' };
}
