import { setTimeout as sleep } from 'node:timers/promises';
import { httpRequest } from '../probe/http.js';
import type { AlertRepository } from '../store/alert-repository.js';

export interface RetryPolicy {
  attempts: number;
  /** the first retry waits this long, each next one twice as long (±20 % jitter) */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000 };

export interface AlertTransition {
  alertId: number;
  transition: 'raised' | 'cleared';
  monitorId: string;
  systemId: string;
  rule: string;
  message: string;
  at: number;
}

/** A body Slack's incoming webhooks accept (`text` plus a mrkdwn block); other receivers read the `junction` field. */
export function slackBody(event: AlertTransition): { text: string; blocks: unknown[]; junction: AlertTransition } {
  const icon = event.transition === 'raised' ? ':red_circle:' : ':large_green_circle:';
  const text = `${icon} Junction: ${event.monitorId} (${event.systemId}) ${event.transition === 'raised' ? 'ALERT' : 'RESOLVED'}: ${event.message}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }], junction: event };
}

/**
 * POSTs the alert to a webhook, retrying network errors and non-2xx answers with exponential backoff.
 * Every attempt is logged in the store, failed ones with their reason; returns whether one succeeded.
 */
export async function deliverWebhook(
  url: string,
  event: AlertTransition,
  alerts: AlertRepository,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<boolean> {
  const body = JSON.stringify(slackBody(event));
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    let status: number | undefined;
    let error: string | undefined;
    try {
      const response = await httpRequest({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        body,
        maxBytes: 64 * 1024,
        onTooLarge: 'truncate',
      });
      status = response.status;
      if (status < 200 || status >= 300) error = `answered ${status}`;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    alerts.logDelivery({
      alertId: event.alertId,
      transition: event.transition,
      target: url,
      attempt,
      at: Date.now(),
      ok: error === undefined,
      status,
      error,
    });
    if (error === undefined) return true;
    if (attempt < retry.attempts) await sleep(retry.baseDelayMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4));
  }
  return false;
}
