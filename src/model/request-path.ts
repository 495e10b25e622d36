/**
 * Paths Junction requests on a system (health path, monitor paths, the load target) are appended to the system's
 * base URL, as OpenAPI appends operation paths to a server URL. These rules keep every such path on the system: a
 * path that a URL parser or a server could read as another host, or that climbs out of the base path, is refused.
 */

/** Percent-decodes until nothing changes (a few rounds: `%252F` is `%2F` is `/`); undefined when malformed. */
function decodeFully(text: string): string | undefined {
  let current = text;
  for (let round = 0; round < 4; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (decoded === current) return current;
    current = decoded;
  }
  return current;
}

/** Why `path` cannot be requested on a system, or undefined when it stays on the system's origin and base path. */
export function pathProblem(path: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return `"${path}" is a URL: give a path on the system, such as /health`;
  if (!path.startsWith('/')) return `"${path}" must start with /`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u0020\u007f#]/.test(path)) return `"${path}" holds a space, a control character or a #`;
  const decoded = decodeFully(path);
  if (decoded === undefined) return `"${path}" has malformed percent-encoding`;
  for (const form of new Set([path, decoded])) {
    if (form.includes('\\')) return `"${path}" holds a backslash, which some clients read as /`;
    if (/^\/\//.test(form)) return `"${path}" starts with //, which names another host`;
    // eslint-disable-next-line no-control-regex -- an encoded control character is refused like a literal one
    if (/[\u0000-\u001f\u007f]/.test(form)) return `"${path}" holds an encoded control character`;
    const segments = form.split('?')[0].split('/');
    if (segments.some((segment) => segment === '.' || segment === '..'))
      return `"${path}" has a . or .. segment, which would leave the base URL's path`;
  }
  return undefined;
}

/**
 * The URL of `path` on a system: the base URL's path with `path` appended (its query kept), or the base URL itself
 * when there is no path. Throws when the result would leave the base URL's origin (a path the schema let through
 * by mistake must still not reach another host).
 */
export function appendPath(baseUrl: string, path?: string): string {
  const base = new URL(baseUrl);
  const url = new URL(base.href);
  url.hash = '';
  if (path !== undefined && path !== '') {
    const problem = pathProblem(path);
    if (problem) throw new Error(problem);
    const query = path.indexOf('?');
    url.pathname = base.pathname.replace(/\/$/, '') + (query < 0 ? path : path.slice(0, query));
    url.search = query < 0 ? '' : path.slice(query);
  }
  if (url.origin !== base.origin) throw new Error(`${path} would leave ${base.origin}`);
  return url.toString();
}

/** Why a configured URL is unsafe to keep in junction.yaml, or undefined: a user name or password never goes there. */
export function urlUserinfoProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // the URL type reports it
  }
  if (parsed.username === '' && parsed.password === '') return undefined;
  return (
    'a URL must not carry a user name or password (it would be sent, logged and reported): ' +
    'store the secret with "junction secret set ID" and name it in auth: { credential: ID }'
  );
}
