import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { contentTypeOf } from '../util/content-types.js';

/**
 * The desktop shell's web security policy, kept out of electron/ so it is tested under Node: the renderer is served
 * from a privileged custom scheme, and only pages of that origin may navigate, open, or talk to the main process.
 */
export const APP_SCHEME = 'junction';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Styles may be inline (React style attributes, the flow graph); scripts, frames, plugins and forms may not. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
].join('; ');

/** True only for a URL of the app's own origin: the one place the window may show and the one sender IPC accepts. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` &&
      parsed.host === APP_HOST &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

/** The part of an Electron IPC event the sender check reads. */
export interface IpcSenderLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/** An IPC message is accepted only from the app's top-level frame: never from an iframe or a page it navigated to. */
export function isTrustedSender(event: IpcSenderLike): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Maps an app URL to a file of the built renderer, or undefined (404) for anything outside it: other origins,
 * `..` escapes, encoded separators, folders. Paths the single-page app routes itself fall back to index.html.
 */
export function resolveAppFile(root: string, url: string): { file: string; type: string } | undefined {
  if (!isAppUrl(url)) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const base = normalize(root);
  const file = normalize(join(base, pathname));
  if (file !== base && !file.startsWith(base + sep)) return undefined;
  const candidate =
    existsSync(file) && statSync(file).isFile()
      ? file
      : extname(pathname) === ''
        ? join(base, 'index.html')
        : undefined;
  if (!candidate || !existsSync(candidate)) return undefined;
  return { file: candidate, type: contentTypeOf(candidate) };
}

/** Response headers for every file the app scheme serves. */
export function appResponseHeaders(type: string): Record<string, string> {
  return {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
  };
}
