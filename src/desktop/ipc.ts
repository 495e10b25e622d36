import type { ApiContext } from '../api/context.js';
import { API } from '../api/contract.js';
import type { ApiEvent } from '../api/events.js';
import { invoke, type InvokeResult } from '../api/invoke.js';
import { API_CHANNEL_PREFIX } from './channels.js';
import { isTrustedSender, type IpcSenderLike } from './policy.js';

export { API_CHANNEL_PREFIX, EVENT_CHANNEL } from './channels.js';

/** One IPC channel per api operation, named from the contract: there is no second list of methods. */
export function apiChannels(): { name: string; channel: string }[] {
  return Object.keys(API).map((name) => ({ name, channel: `${API_CHANNEL_PREFIX}${name}` }));
}

/**
 * The handler behind every api channel: refuses untrusted senders and calls made before a workspace is open,
 * then runs the same dispatcher as the HTTP server (input validated by the operation's zod schema).
 */
export function createIpcHandler(context: () => ApiContext | undefined) {
  return async (name: string, event: IpcSenderLike, input: unknown): Promise<InvokeResult> => {
    if (!isTrustedSender(event))
      return { ok: false, status: 403, error: 'IPC refused: the sender is not the Junction app' };
    const ctx = context();
    if (!ctx) return { ok: false, status: 409, error: 'no workspace is open: use File › Open workspace…' };
    return invoke(ctx, name, input);
  };
}

/** What a desktop notification says for an event, if anything: alerts only, so audits do not spam the desktop. */
export function notificationFor(event: ApiEvent): { title: string; body: string; urgent: boolean } | undefined {
  if (event.type !== 'alert') return undefined;
  const { alert } = event;
  const where = alert.systemId ?? alert.monitorId ?? 'Junction';
  const title =
    alert.severity === 'resolved'
      ? `Resolved: ${where}`
      : `${alert.severity === 'critical' ? 'Critical' : 'Warning'}: ${where}`;
  return { title, body: alert.message, urgent: alert.severity === 'critical' };
}
