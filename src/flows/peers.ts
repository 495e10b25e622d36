import type { System } from '../model/estate.js';

/**
 * host:port (lower-case, default ports made explicit) of a URL-ish peer: `https://a:8443/x`, `a:8443/x`, `a`. A name
 * with a slash but no port before it (`svc/crm`, a User-Agent product) is a name, not a host and path: kept whole.
 */
export function normalizePeer(raw: string): string {
  let value = raw.trim().toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(value);
  if (scheme) {
    try {
      const url = new URL(value);
      const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
      return port ? `${url.hostname}:${port}` : url.hostname;
    } catch {
      value = value.slice(scheme[0].length);
    }
  }
  const slash = value.indexOf('/');
  return slash >= 0 && (scheme || value.lastIndexOf(':', slash) >= 0) ? value.slice(0, slash) : value;
}

/** An alias with `*` (any run of characters) or `?` (one character) is a pattern over the whole normalised peer. */
const isPattern = (alias: string) => /[*?]/.test(alias);

function patternOf(alias: string): RegExp {
  const source = normalizePeer(alias)
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.+()[\]{}|]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** A pattern alias and the distinct raw peers it matched. */
export interface PatternHits {
  alias: string;
  system: string;
  peers: string[];
}

/**
 * Names the system behind a peer seen in logs or traces: by `aliases` (service names, hosts, addresses, User-Agent
 * products; exact, or patterns with `*`), then by id, name and base-URL host:port. A bare host maps only when a single
 * system lives there (every demo service is 127.0.0.1, so the address alone says nothing). Unknown peers keep their
 * raw name: an unknown system is a finding.
 */
export class PeerMap {
  private readonly exact = new Map<string, string>();
  private readonly patterns: { alias: string; system: string; pattern: RegExp; hits: Set<string> }[] = [];
  private readonly cache = new Map<string, string>();
  private readonly systemIds: ReadonlySet<string>;

  constructor(systems: readonly System[]) {
    this.systemIds = new Set(systems.map((system) => system.id));
    const hosts = new Map<string, Set<string>>();
    const add = (key: string, systemId: string) => {
      if (key && !this.exact.has(key)) this.exact.set(key, systemId);
    };
    for (const system of systems) {
      for (const alias of system.aliases) {
        if (isPattern(alias))
          this.patterns.push({ alias, system: system.id, pattern: patternOf(alias), hits: new Set() });
        else add(normalizePeer(alias), system.id);
      }
    }
    for (const system of systems) {
      add(system.id, system.id);
      add(system.name.toLowerCase(), system.id);
      const urls = system.broker
        ? [system.broker.managementUrl, system.broker.amqpUrl]
        : [system.baseUrl, system.plainHttpUrl];
      for (const url of urls) {
        if (!url) continue;
        const hostPort = normalizePeer(url);
        add(hostPort, system.id);
        const host = hostPort.replace(/:\d+$/, '');
        if (!hosts.has(host)) hosts.set(host, new Set());
        hosts.get(host)!.add(system.id);
      }
    }
    for (const [host, ids] of hosts) if (ids.size === 1) add(host, [...ids][0]);
  }

  /** The system id for a peer, or undefined when no system matches. Exact names win over patterns. */
  lookup(raw: string): string | undefined {
    const key = normalizePeer(raw);
    const hit = this.exact.get(key) ?? (key.includes(':') ? this.exact.get(key.replace(/:\d+$/, '')) : undefined);
    if (hit !== undefined) return hit;
    for (const entry of this.patterns) {
      if (!entry.pattern.test(key)) continue;
      entry.hits.add(raw.trim());
      return entry.system;
    }
    return undefined;
  }

  /** The system id, or the raw peer name when unknown; cached, as a log repeats the same few peers. */
  resolve(raw: string): string {
    let name = this.cache.get(raw);
    if (name === undefined) {
      name = this.lookup(raw) ?? raw.trim();
      this.cache.set(raw, name);
    }
    return name;
  }

  /** Is this resolved name a system of the estate? */
  isSystem(name: string): boolean {
    return this.systemIds.has(name);
  }

  /** The pattern aliases that matched peers since the last take, with those peers. */
  takePatternHits(): PatternHits[] {
    const taken = this.patterns
      .filter((entry) => entry.hits.size > 0)
      .map((entry) => ({ alias: entry.alias, system: entry.system, peers: [...entry.hits].sort() }));
    for (const entry of this.patterns) entry.hits.clear();
    return taken;
  }
}
