/**
 * What a call was to, from what logs and traces write of it: the method and the path of the request target, never
 * its query (which can hold secrets and is dropped here, before anything is kept).
 */

/** RFC 9110 `tchar`: what a method token may hold. */
const TOKEN_CHARS = new Uint8Array(128);
for (const char of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
  TOKEN_CHARS[char.charCodeAt(0)] = 1;
const isTokenChar = (code: number): boolean => code < 128 && TOKEN_CHARS[code] === 1;

/** Whether the characters [start, end) read through `codeAt` are a method token (`GET`, `PROPFIND`, `M-SEARCH`). */
export function isMethodToken(codeAt: (i: number) => number, start: number, end: number): boolean {
  if (end <= start || end - start > 32) return false;
  for (let i = start; i < end; i++) if (!isTokenChar(codeAt(i))) return false;
  return true;
}

const SLASH = 0x2f;
const STAR = 0x2a;
const QUESTION = 0x3f;
const HASH = 0x23;
const COLON = 0x3a;

/**
 * Where the path of the request target in [start, end) starts, read through `codeAt` (bytes or a string): origin
 * form (`/a/b?q`), absolute form (`http://host/a/b?q`; where its authority ends when it has no path: the root),
 * asterisk form (`*`).
 * -1 when the target has no path (CONNECT's authority form, garbage). Its end is `pathEnd`.
 */
export function pathStart(codeAt: (i: number) => number, start: number, end: number): number {
  if (end <= start) return -1;
  const first = codeAt(start);
  if (first === SLASH) return start;
  if (first === STAR) return end === start + 1 ? start : -1;
  // absolute form: scheme "://" authority, then the path (or nothing: the root)
  let at = start;
  while (at < end && codeAt(at) !== COLON) {
    const code = codeAt(at) | 0x20;
    if (!((code >= 0x61 && code <= 0x7a) || (at > start && (code === 0x2b || code === 0x2d || code === 0x2e))))
      return -1;
    at++;
  }
  if (at === start || at + 2 >= end || codeAt(at + 1) !== SLASH || codeAt(at + 2) !== SLASH) return -1;
  // the authority ends at the path, or at a query or fragment (then the path is empty: the root)
  for (at += 3; at < end; at++) {
    const code = codeAt(at);
    if (code === SLASH || code === QUESTION || code === HASH) return at;
  }
  return end;
}

/** The end of the path that starts at `from` (see pathStart): its query or fragment, or `end`. */
export function pathEnd(codeAt: (i: number) => number, from: number, end: number): number {
  for (let at = from; at < end; at++) {
    const code = codeAt(at);
    if (code === QUESTION || code === HASH) return at;
  }
  return end;
}

/** The path of a request target as text, without its query: `/`, for an absolute form with no path; or undefined. */
export function requestTargetPath(target: string): string | undefined {
  const codeAt = (i: number) => target.charCodeAt(i);
  const start = pathStart(codeAt, 0, target.length);
  if (start < 0) return undefined;
  return target.slice(start, pathEnd(codeAt, start, target.length)) || '/';
}

/** `GET /a?b HTTP/1.1` (nginx's $request) → method and path; undefined for a line that is not a request. */
export function requestLine(line: string): { method: string; path: string } | undefined {
  const space = line.indexOf(' ');
  if (space <= 0 || !isMethodToken((i) => line.charCodeAt(i), 0, space)) return undefined;
  const targetEnd = line.indexOf(' ', space + 1);
  const path = requestTargetPath(line.slice(space + 1, targetEnd < 0 ? line.length : targetEnd));
  return path === undefined ? undefined : { method: line.slice(0, space), path };
}
