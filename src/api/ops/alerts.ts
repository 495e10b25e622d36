import { monitorIdOf } from '../../model/estate.js';
import type { AlertRecord, DeliveryRecord } from '../../store/alert-repository.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';

/**
 * One webhook delivery attempt, as the Monitoring page lists it. Its `target` is the webhook's origin only: a
 * webhook's path is often its secret (Slack, Teams), so it never leaves the host.
 */
export type AlertDelivery = Omit<DeliveryRecord, 'alertId'>;

export interface AlertEntry {
  id: number;
  monitorId: string;
  /** the monitor's system and its name; absent when the monitor is no longer in junction.yaml */
  systemId?: string;
  systemName?: string;
  rule: string;
  message: string;
  value?: number;
  raisedAt: number;
  clearedAt?: number;
  clearMessage?: string;
  deliveries: AlertDelivery[];
}

export interface AlertHistory {
  /** every open alert of every monitor, whichever monitor the page shows */
  open: AlertEntry[];
  /** the newest alerts of the monitor asked for (every monitor without one), open and cleared */
  history: AlertEntry[];
}

/** A webhook URL without its path, query or credentials: what a delivery went to, safe to show. */
export function webhookOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname === '/' && !parsed.search ? parsed.origin : `${parsed.origin}/…`;
  } catch {
    return '(invalid URL)';
  }
}

/** Alerts raised and cleared, each with every webhook delivery attempt (status or error, attempt number). */
export async function listAlerts(
  ctx: ApiContext,
  input: { monitorId?: string; limit?: number },
): Promise<AlertHistory> {
  const { workspace, store } = ctx;
  const monitors = new Map(workspace.estate.monitors.map((monitor) => [monitorIdOf(monitor), monitor]));
  if (input.monitorId !== undefined && !monitors.has(input.monitorId))
    throw new ApiError(404, `no monitor "${input.monitorId}"`);
  const entry = (alert: AlertRecord): AlertEntry => {
    const systemId = monitors.get(alert.monitorId)?.system;
    const system = workspace.estate.systems.find((candidate) => candidate.id === systemId);
    return {
      id: alert.id,
      monitorId: alert.monitorId,
      ...(system ? { systemId: system.id, systemName: system.name } : {}),
      rule: alert.rule,
      message: alert.message,
      value: alert.value,
      raisedAt: alert.openedAt,
      clearedAt: alert.closedAt,
      clearMessage: alert.clearMessage,
      deliveries: store.alerts.deliveries(alert.id).map((delivery) => ({
        transition: delivery.transition,
        target: webhookOrigin(delivery.target),
        attempt: delivery.attempt,
        at: delivery.at,
        ok: delivery.ok,
        status: delivery.status,
        // an error message may quote the URL it failed on
        error: delivery.error?.split(delivery.target).join(webhookOrigin(delivery.target)),
      })),
    };
  };
  return {
    open: store.alerts.allOpen().map(entry),
    history: store.alerts.history(input.monitorId, input.limit ?? 50).map(entry),
  };
}
