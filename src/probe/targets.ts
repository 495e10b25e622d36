import { appendPath } from '../model/request-path.js';
import { addressOf, type System } from '../model/estate.js';

/**
 * The URL of a path on the system: appended to the base URL's path (a broker's management API), or that URL itself
 * when there is no path.
 */
export const systemUrl = (system: System, path?: string): string => appendPath(addressOf(system), path);

/** What a request of `path` asks the system's host for (path and query), for people: /api/v2/items/health. */
export function requestTarget(system: System, path?: string): string {
  const url = new URL(systemUrl(system, path));
  return url.pathname + url.search;
}

/**
 * Where plain HTTP should be tried, or why it is not: the health path on plainHttpUrl (its own path, or the base
 * URL's when it names none), on the base URL when that is plain HTTP, or on port 80 of an https base URL on 443.
 */
export function plainHttpTarget(system: System): { url: string } | { reason: string } {
  if (system.broker) return { reason: 'a broker is read through its management API only' };
  const base = new URL(system.baseUrl);
  if (base.protocol === 'http:') return { url: systemUrl(system, system.healthPath) };
  let plain: URL;
  if (system.plainHttpUrl) plain = new URL(system.plainHttpUrl);
  else if (base.port === '' || base.port === '443') plain = new URL(`http://${base.hostname}`);
  else return { reason: `baseUrl uses port ${base.port}; set plainHttpUrl to say where plain HTTP listens` };
  if (plain.pathname === '/') plain.pathname = base.pathname;
  return { url: appendPath(plain.toString(), system.healthPath) };
}
