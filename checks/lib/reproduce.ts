import type { System } from '../../src/model/estate.js';
import type { TlsVersion } from '../../src/model/artifacts/tls.js';

/**
 * Copy-paste commands that repeat what Junction did, so the client's engineer can see a finding with their own
 * eyes: curl for an HTTP exchange, openssl s_client for a TLS handshake, autocannon for a load step. A credential
 * is never in them: it becomes an environment-variable placeholder ($ERP_TOKEN) the engineer sets first.
 */

/** What stands for the credential: which header (or -u) carries it, and the variable that holds it. */
export type CredentialPlaceholder =
  { header: string; value: string } | { basic: { username: string; passwordVariable: string } };

const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
const variableOf = (reference: string) => ENV_REFERENCE.exec(reference)?.[1];
/** payments-token → PAYMENTS_TOKEN */
const envName = (id: string) => id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * The placeholder of a system's credential: the very variable its `${env:NAME}` reference names, else a variable
 * named after the vault credential (or the system) that holds the whole header value, since Junction keeps the
 * secret in its vault and never prints it.
 */
export function credentialPlaceholder(system: System): CredentialPlaceholder | undefined {
  if (system.broker) {
    const credential = system.broker.credential;
    return typeof credential === 'string'
      ? { basic: { username: `$${envName(credential)}_USER`, passwordVariable: `${envName(credential)}_PASSWORD` } }
      : { basic: { username: credential.username, passwordVariable: variableOf(credential.password) ?? 'PASSWORD' } };
  }
  const auth = system.auth;
  if (!auth) return undefined;
  if ('credential' in auth) return { header: 'Authorization', value: `$${envName(auth.credential)}` };
  switch (auth.type) {
    case 'bearer':
      return { header: 'Authorization', value: `Bearer $${variableOf(auth.token) ?? 'TOKEN'}` };
    case 'basic':
      return { basic: { username: auth.username, passwordVariable: variableOf(auth.password) ?? 'PASSWORD' } };
    case 'api-key':
      return { header: auth.header, value: `$${variableOf(auth.value) ?? 'API_KEY'}` };
    case 'oauth2-client-credentials':
      // the access token the token URL hands out for the client id and $CLIENT_SECRET
      return { header: 'Authorization', value: `Bearer $${envName(system.id)}_ACCESS_TOKEN` };
  }
}

/** Single quotes for the shell: nothing inside expands. */
const quote = (text: string) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
/** Double quotes where a placeholder must expand; the rest of the text is escaped for them. */
const expanding = (text: string) => `"${text.replace(/["\\`]/g, '\\$&')}"`;

/** A recorded header value that held a secret: the redactor left only this. */
const isRedacted = (value: string) => value.includes('[redacted]');

/** Headers curl sets itself from the URL and the body. */
const CURL_OWN = new Set(['host', 'content-length', 'connection']);

export interface ReproduceTarget {
  /** the workspace-relative CA file of the system (systems[].tls.ca) */
  ca?: string;
  /** the TLS server name when it differs from the URL host (systems[].tls.servername) */
  servername?: string;
}

const targetOf = (system: System): ReproduceTarget => ({ ca: system.tls?.ca, servername: system.tls?.servername });

/** --resolve for a server name the URL does not carry: the request goes to the same address under that name. */
function resolveFlags(url: URL, target: ReproduceTarget): { url: string; flags: string[] } {
  const flags: string[] = [];
  let shown = url.toString();
  if (url.protocol === 'https:' && target.ca) flags.push('--cacert', quote(target.ca));
  if (target.servername && target.servername !== url.hostname) {
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    flags.push('--resolve', quote(`${target.servername}:${port}:${url.hostname.replace(/^\[|\]$/g, '')}`));
    const renamed = new URL(url);
    renamed.hostname = target.servername;
    shown = renamed.toString();
  }
  return { url: shown, flags };
}

/** The curl command for one recorded exchange: method, URL, the headers sent, with the credential as a placeholder. */
export function curlCommand(
  request: { method: string; url: string; headers: Record<string, string> },
  system: System,
): string {
  const url = new URL(request.url);
  const { url: shown, flags } = resolveFlags(url, targetOf(system));
  const parts = ['curl', '-sS', '-i'];
  if (request.method === 'HEAD') parts.push('-I');
  else if (request.method !== 'GET') parts.push('-X', request.method);
  parts.push(...flags);
  const placeholder = credentialPlaceholder(system);
  for (const [name, value] of Object.entries(request.headers)) {
    if (CURL_OWN.has(name.toLowerCase())) continue;
    if (!isRedacted(value)) {
      parts.push('-H', quote(`${name}: ${value}`));
    } else if (placeholder && 'basic' in placeholder && name.toLowerCase() === 'authorization') {
      parts.push('-u', expanding(`${placeholder.basic.username}:$${placeholder.basic.passwordVariable}`));
    } else if (placeholder && 'header' in placeholder && placeholder.header.toLowerCase() === name.toLowerCase()) {
      parts.push('-H', expanding(`${name}: ${placeholder.value}`));
    } else {
      // a secret header of another kind (a cookie): named, never filled in
      parts.push('-H', expanding(`${name}: $${envName(name)}`));
    }
  }
  // a secret that was part of the URL itself (a query key) stays a placeholder too
  const withSecrets = shown.replace(/(%5B|\[)redacted(%5D|\])/gi, '$SECRET');
  parts.push(withSecrets === shown ? quote(shown) : expanding(withSecrets));
  return parts.join(' ');
}

const OPENSSL_VERSION: Record<TlsVersion, string> = {
  TLSv1: '-tls1',
  'TLSv1.1': '-tls1_1',
  'TLSv1.2': '-tls1_2',
  'TLSv1.3': '-tls1_3',
};

/**
 * The openssl s_client command for one handshake pinned to a version (and a suite): -cipher below TLS 1.3,
 * -ciphersuites for it; a legacy version needs security level 0 before OpenSSL 3 even offers it.
 */
export function opensslCommand(
  endpoint: { host: string; port: number; servername?: string },
  version: TlsVersion,
  options: { suite?: string; ca?: string } = {},
): string {
  const legacy = version === 'TLSv1' || version === 'TLSv1.1';
  const parts = [
    'openssl',
    's_client',
    '-connect',
    quote(`${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`),
  ];
  if (endpoint.servername) parts.push('-servername', quote(endpoint.servername));
  parts.push(OPENSSL_VERSION[version]);
  if (version === 'TLSv1.3') {
    if (options.suite) parts.push('-ciphersuites', quote(options.suite));
  } else if (options.suite || legacy) {
    parts.push('-cipher', quote(`${options.suite ?? 'DEFAULT'}${legacy ? ':@SECLEVEL=0' : ''}`));
  }
  if (options.ca) parts.push('-CAfile', quote(options.ca), '-verify_return_error');
  return `${parts.join(' ')} </dev/null`;
}

/**
 * The autocannon line for one load step: the same URL, rate, connections and duration (an open-loop rate cap,
 * so the hand-run step never sends more than Junction's did), the credential as a placeholder.
 */
export function autocannonCommand(
  load: { url: string; targetRps: number | null; connections: number; durationMs: number },
  system: System,
): string {
  const parts: string[] = [];
  const ca = system.tls?.ca;
  if (ca && load.url.startsWith('https:')) parts.push(`NODE_EXTRA_CA_CERTS=${quote(ca)}`);
  parts.push(
    'npx',
    'autocannon',
    '-c',
    String(load.connections),
    '-d',
    String(Math.max(1, Math.round(load.durationMs / 1000))),
  );
  if (load.targetRps !== null) parts.push('--overallRate', String(Math.round(load.targetRps)));
  const placeholder = credentialPlaceholder(system);
  if (placeholder && 'header' in placeholder) parts.push('-H', expanding(`${placeholder.header}=${placeholder.value}`));
  // autocannon takes the header as sent: the variable holds base64 of user:password
  else if (placeholder)
    parts.push('-H', expanding(`Authorization=Basic $${placeholder.basic.passwordVariable}_BASIC64`));
  parts.push(quote(load.url));
  return parts.join(' ');
}
