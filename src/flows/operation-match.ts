/**
 * Matches a called method and path to the operation a system's spec documents for it. Spec paths are relative to
 * the spec's servers, so each server URL's path (`/v1` of `https://api.example.com/v1`, Swagger's basePath) is put
 * in front of them. When several templates match, the most specific wins as OpenAPI asks: reading left to right, the
 * first segment where they differ decides, a literal beating a partly templated segment (`{Sid}.json`) beating a
 * whole parameter — `/customers/search` is not `/customers/{customer}`. A path no template matches is reduced to an
 * inferred template (path-template.ts), its base path removed so that it reads like the spec's own paths.
 */
import type { SpecOperation } from '../model/artifacts/spec.js';
import { inferTemplate, pathSegments } from './path-template.js';

/** What matching needs of a spec operation (plain data: it crosses to an import's worker threads). */
export type SpecRoute = Pick<SpecOperation, 'method' | 'path' | 'operationId' | 'servers'>;

/** What a call was to: the spec's operation, or an endpoint template the spec does not document. */
export interface MatchedOperation {
  /** upper case, as called: a log may hold methods no spec knows (PROPFIND) */
  method: string;
  /** the spec's path template as written under `paths`, or the inferred template of an undocumented call */
  path: string;
  documented: boolean;
  operationId?: string;
}

interface TemplateNode {
  literals: Map<string, TemplateNode>;
  /** segments such as `{Sid}.json` or `v{version}`, tried after literals */
  partial: { pattern: RegExp; node: TemplateNode }[];
  /** a whole-segment parameter `{id}`, tried last */
  parameter?: TemplateNode;
  operations: Map<string, SpecRoute>;
}

const newNode = (): TemplateNode => ({ literals: new Map(), partial: [], operations: new Map() });
const WHOLE_PARAMETER = /^\{[^{}]+\}$/;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `{Sid}.json` → /^[^/]+?\.json$/ : each parameter matches at least one character. */
const partialPattern = (segment: string) =>
  new RegExp(
    '^' +
      segment
        .split(/\{[^{}]+\}/)
        .map(escapeRegExp)
        .join('.+?') +
      '$',
  );

/** The path of a server URL (absolute, relative or just a path), without its trailing slash: '' for the root. */
export function serverBasePath(server: string): string {
  const withoutOrigin = server.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/^\/\/[^/]*/, '');
  return '/' + pathSegments(withoutOrigin).join('/');
}

const decodeSegment = (segment: string) => {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** At most this many distinct called paths keep their match in memory; a log repeats its paths, a scan does not. */
const CACHE_LIMIT = 10_000;

export class OperationMatcher {
  private readonly root = newNode();
  /** base paths longest first, to strip from undocumented paths */
  private readonly basePaths: string[][];
  private readonly cache = new Map<string, MatchedOperation>();

  constructor(operations: readonly SpecRoute[]) {
    const bases = new Map<string, string[]>();
    for (const operation of operations) {
      const servers = operation.servers.length > 0 ? operation.servers : ['/'];
      for (const server of new Set(servers.map(serverBasePath))) {
        const base = pathSegments(server);
        bases.set(base.join('/'), base);
        this.insert([...base, ...pathSegments(operation.path)], operation);
      }
    }
    this.basePaths = [...bases.values()].sort((a, b) => b.length - a.length);
  }

  private insert(segments: string[], operation: SpecRoute): void {
    let node = this.root;
    for (const segment of segments) {
      if (WHOLE_PARAMETER.test(segment)) {
        node = node.parameter ??= newNode();
      } else if (segment.includes('{')) {
        let entry = node.partial.find((candidate) => candidate.pattern.source === partialPattern(segment).source);
        if (!entry) node.partial.push((entry = { pattern: partialPattern(segment), node: newNode() }));
        node = entry.node;
      } else {
        let next = node.literals.get(segment);
        if (!next) node.literals.set(segment, (next = newNode()));
        node = next;
      }
    }
    // the first server's operation stays when two servers put the same template at one place
    if (!node.operations.has(operation.method)) node.operations.set(operation.method, operation);
  }

  /** The operation a call was to; `method` in any case, `path` a request target (its query is dropped). */
  match(method: string, path: string): MatchedOperation {
    const upper = method.toUpperCase();
    const key = `${upper} ${path}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const segments = pathSegments(path).map(decodeSegment);
    const operation =
      this.find(this.root, segments, 0, upper) ??
      // a server answers HEAD wherever it answers GET (RFC 9110 §9.3.2), so a HEAD call is to the GET operation
      (upper === 'HEAD' ? this.find(this.root, segments, 0, 'GET') : undefined);
    // a documented path called with a method it does not document is undocumented, under the spec's own template
    const pathOnly = operation ? undefined : this.find(this.root, segments, 0, undefined);
    const matched: MatchedOperation = operation
      ? { method: upper, path: operation.path, documented: true, operationId: operation.operationId }
      : {
          method: upper,
          path: pathOnly?.path ?? inferTemplate('/' + this.withoutBasePath(segments).join('/')),
          documented: false,
        };
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, matched);
    return matched;
  }

  /**
   * Depth first, literal children before partial before parameter: the first full match is the most specific.
   * Without a method, any operation at the path will do.
   */
  private find(node: TemplateNode, segments: string[], at: number, method: string | undefined): SpecRoute | undefined {
    if (at === segments.length)
      return method === undefined ? node.operations.values().next().value : node.operations.get(method);
    const segment = segments[at];
    const literal = node.literals.get(segment);
    const viaLiteral = literal && this.find(literal, segments, at + 1, method);
    if (viaLiteral) return viaLiteral;
    for (const { pattern, node: next } of node.partial) {
      if (!pattern.test(segment)) continue;
      const viaPartial = this.find(next, segments, at + 1, method);
      if (viaPartial) return viaPartial;
    }
    return node.parameter && this.find(node.parameter, segments, at + 1, method);
  }

  private withoutBasePath(segments: string[]): string[] {
    const base = this.basePaths.find(
      (candidate) => candidate.length < segments.length && candidate.every((part, i) => part === segments[i]),
    );
    return base ? segments.slice(base.length) : segments;
  }
}
