import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { SpecProblem } from '../model/artifacts/spec.js';
import { SpecReadError } from './errors.js';
import { isInsideFolder as inside } from '../util/inside-folder.js';
import { locateLines } from './locate.js';
import { decodeUtf8, joinPointer, parseText, splitPointer } from './parse.js';
import { childKind, keepsReference, siblingsApplyIn, type NodeKind } from './structure.js';
import { isHttpUrl } from '../model/location.js';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** Fetches a URL's bytes (at most maxBytes); the audit passes one that goes through the system's Probe. */
export type Fetcher = (url: string, maxBytes: number) => Promise<Uint8Array>;

/** How the person reading a refusal widens what may be read: the option of the command or field they use. */
export interface RefusalHints {
  /** names the option that sets the spec root */
  root: string;
  /** names the option that allows a remote host */
  remoteRefs: string;
}

export const DEFAULT_HINTS: RefusalHints = {
  root: 'systems[].specRoot (or --root DIR for junction spec)',
  remoteRefs: 'allow.remoteRefs',
};

export interface ReadOptions {
  /** cap on each document and on all documents together (default 50 MB) */
  maxBytes?: number;
  /** hosts remote $refs may name (system.allow.remoteRefs); none by default */
  allowedHosts?: readonly string[];
  /** needed for a URL root or an allowed remote $ref */
  fetch?: Fetcher;
  /** the folder every local file must stay inside (default: the entry's folder); the entry must be inside it */
  root?: string;
  hints?: RefusalHints;
}

export interface SpecDocument {
  /** what errors call it: the path relative to the spec root, or the URL */
  name: string;
  /** absolute path or URL */
  location: string;
  text: string;
  /** the parsed JSON or YAML, or the text itself for a text include (.md, .cs, …) */
  value: unknown;
  bytes: number;
  /** sha256 of the bytes, hex */
  hash: string;
}

export interface Resolved {
  document: SpecDocument;
  pointer: string;
  value: unknown;
}

/** Where a node of the resolved view was written. */
export interface Origin {
  document: SpecDocument;
  pointer: string;
}

/**
 * Referenced files whose text is the value (a description from a .md file, a code sample from a .cs file): every
 * extension other than these is read as text, as Redocly and swagger-parser do.
 */
const PARSED_EXTENSIONS = /\.(?:json|ya?ml)$/i;
const isParsed = (location: string) => {
  const path = isHttpUrl(location) ? new URL(location).pathname : location;
  return PARSED_EXTENSIONS.test(path) || !/\.[^./\\]+$/.test(path);
};

/**
 * Calls `visit` for every JSON Reference (`{ $ref: string }`) in the OpenAPI structure below `root`, which is a node
 * of `kind` (see structure.ts): data such as examples, defaults and most extensions is not searched.
 * `pointer()` builds the reference object's pointer (below `base`), for the few callers that report one.
 */
export function forEachRef(
  root: unknown,
  visit: (ref: string, node: Record<string, unknown>, pointer: () => string, kind: NodeKind) => void,
  { kind = 'document', swagger = false, base = '' }: { kind?: NodeKind; swagger?: boolean; base?: string } = {},
): void {
  const path: (string | number)[] = [];
  const walk = (node: object, kind: NodeKind): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (item === null || typeof item !== 'object') continue;
        const itemKind = childKind(kind, String(i), item, swagger);
        if (itemKind === 'data') continue;
        path.push(i);
        walk(item, itemKind);
        path.pop();
      }
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') {
      const at = [...path];
      visit(record.$ref, record, () => joinPointer(base, ...at), kind);
    }
    for (const key in record) {
      const child = record[key];
      if (child === null || typeof child !== 'object' || key === '$ref') continue;
      const nested = childKind(kind, key, child, swagger);
      if (nested === 'data') continue;
      path.push(key);
      walk(child, nested);
      path.pop();
    }
  };
  if (root !== null && typeof root === 'object' && kind !== 'data') walk(root, kind);
}

/** The value at a JSON pointer, or undefined. */
export function atPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of splitPointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * A spec's root document and every document its `$ref`s reach, loaded safely: local files only inside the spec root
 * (the entry's folder unless set), remote documents only from allowed hosts, sizes capped. Refused or broken
 * references become problems, and a refused one is never read. A view set (see `ofView`) holds one document, the
 * resolved view, and knows where each of its nodes was written.
 */
export class DocumentSet {
  readonly documents = new Map<string, SpecDocument>();
  readonly problems: SpecProblem[] = [];
  /** true when a resolved view differs from the root: a $ref to another file, or one at a place that takes none */
  needsView = false;
  private totalBytes = 0;

  private constructor(
    readonly root: SpecDocument,
    /** the spec root: a folder, or the URL folder of a remote entry */
    readonly folder: string,
    private readonly options: ReadOptions,
    /** for a view set: the set it was resolved from, and where its inlined nodes were written */
    readonly loaded?: DocumentSet,
    private readonly origins?: ReadonlyMap<string, Origin>,
  ) {
    this.documents.set(root.location, root);
    this.totalBytes = root.bytes;
  }

  static async load(location: string, options: ReadOptions = {}): Promise<DocumentSet> {
    const remote = isHttpUrl(location);
    const absolute = remote
      ? location
      : await realpath(resolve(location)).catch(() => {
          throw new SpecReadError('file not found', location);
        });
    let folder = remote ? new URL('.', absolute).toString() : dirname(absolute);
    if (!remote && options.root !== undefined) {
      const root = options.root;
      folder = await realpath(resolve(root)).catch(() => '');
      if (folder === '' || !(await stat(folder)).isDirectory())
        throw new SpecReadError('the spec root is not a folder that exists', root);
      if (!inside(folder, absolute))
        throw new SpecReadError(`the spec is outside its root ${folder}`, relative(process.cwd(), absolute));
    }
    const name = remote ? absolute : relative(folder, absolute);
    const root = await readDocument(absolute, name, options);
    const set = new DocumentSet(root, folder, options);
    await set.loadReferenced(root);
    return set;
  }

  /** A set holding only `view` (the resolved view of `loaded`, named as its root), for everything after validation. */
  static ofView(loaded: DocumentSet, view: unknown, origins: ReadonlyMap<string, Origin>): DocumentSet {
    const document = { ...loaded.root, value: view };
    return new DocumentSet(document, loaded.folder, loaded.options, loaded, origins);
  }

  /** sha256 of the root document's bytes */
  get hash(): string {
    return this.root.hash;
  }

  /** Where a node of this set's root was written: itself, or for a view, the file and pointer it came from. */
  origin(pointer: string): Origin {
    const written = this.loaded?.root ?? this.root;
    if (!this.origins || this.origins.size === 0) return { document: written, pointer };
    for (let prefix = pointer; ; prefix = prefix.slice(0, prefix.lastIndexOf('/'))) {
      const origin = this.origins.get(prefix);
      if (origin) return { document: origin.document, pointer: origin.pointer + pointer.slice(prefix.length) };
      if (prefix === '') return { document: written, pointer };
    }
  }

  /** The file, pointer and line where each node of the root was written (lines where they can be found). */
  locate(pointers: Iterable<string>): Map<string, { file: string; pointer: string; line?: number }> {
    const byDocument = new Map<SpecDocument, { pointer: string; written: string }[]>();
    for (const pointer of new Set(pointers)) {
      const { document, pointer: written } = this.origin(pointer);
      const list = byDocument.get(document) ?? [];
      list.push({ pointer, written });
      byDocument.set(document, list);
    }
    const found = new Map<string, { file: string; pointer: string; line?: number }>();
    for (const [document, list] of byDocument) {
      const lines = locateLines(
        document.text,
        list.map((entry) => entry.written),
      );
      for (const { pointer, written } of list)
        found.set(pointer, { file: document.name, pointer: written, line: lines.get(written) });
    }
    return found;
  }

  /** per document that writes the reference, per reference */
  private readonly resolved = new Map<SpecDocument, Map<string, Resolved | null>>();

  /** Follows one `$ref` written in `from`; undefined when it cannot be (a problem was recorded at load). Memoised. */
  resolve(ref: string, from: SpecDocument): Resolved | undefined {
    let known = this.resolved.get(from);
    if (!known) this.resolved.set(from, (known = new Map<string, Resolved | null>()));
    let result = known.get(ref);
    if (result === undefined) known.set(ref, (result = this.resolveUncached(ref, from) ?? null));
    return result ?? undefined;
  }

  private resolveUncached(ref: string, from: SpecDocument): Resolved | undefined {
    const hash = ref.indexOf('#');
    const target = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : safeDecode(ref.slice(hash + 1));
    const where = target === '' ? undefined : this.targetOf(target, from);
    if (where && 'refused' in where) return undefined;
    const document = where ? this.documents.get(where.location) : from;
    if (!document) return undefined;
    const value = atPointer(document.value, pointer);
    return value === undefined ? undefined : { document, pointer, value };
  }

  /** A node named as the index names schemas: a pointer in the root document, or `file#pointer` in another file. */
  at(indexPointer: string): Resolved {
    const hash = indexPointer.indexOf('#');
    const named =
      hash === -1
        ? undefined
        : [...this.documents.values()].find((document) => document.name === indexPointer.slice(0, hash));
    const document = named ?? this.root;
    const pointer = named ? indexPointer.slice(hash + 1) : indexPointer;
    return { document, pointer, value: atPointer(document.value, pointer) };
  }

  /** Follows `$ref`s until a non-reference value (bounded, so a ref cycle ends). */
  deref(value: unknown, from: SpecDocument, pointer: string): Resolved | undefined {
    let current: Resolved = { document: from, pointer, value };
    for (let hops = 0; hops < 32; hops++) {
      const ref = (current.value as { $ref?: unknown } | null)?.$ref;
      if (typeof ref !== 'string') return current;
      const next = this.resolve(ref, current.document);
      if (!next) return undefined;
      current = next;
    }
    return undefined;
  }

  private get hints(): RefusalHints {
    return this.options.hints ?? DEFAULT_HINTS;
  }

  /** Where a reference's document part points, or why it may not be read (decided before anything is read). */
  private targetOf(target: string, from: SpecDocument): { location: string } | { location: string; refused: string } {
    if (isHttpUrl(target) || isHttpUrl(from.location)) {
      let url: URL;
      try {
        url = new URL(target, isHttpUrl(from.location) ? from.location : undefined);
      } catch {
        return { location: target, refused: 'not a valid URL' };
      }
      const location = url.toString().replace(/#.*$/, '');
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return { location, refused: `${url.protocol} references are not followed` };
      const sameFolder = isHttpUrl(this.folder) && location.startsWith(this.folder);
      if (!sameFolder && !(this.options.allowedHosts ?? []).includes(url.hostname)) {
        return {
          location,
          refused: `remote reference to ${url.host} is not allowed (add the host to ${this.hints.remoteRefs})`,
        };
      }
      return { location };
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target)) {
      return { location: target, refused: `${target.split(':')[0]}: references are not followed` };
    }
    const path = safeDecode(target);
    if (isAbsolute(path) || /^[a-z]:[\\/]/i.test(path) || path.startsWith('\\\\'))
      return {
        location: path,
        refused: `absolute paths are not followed: write it relative to this file, inside the spec root (${this.hints.root})`,
      };
    const location = resolve(dirname(from.location), path);
    if (!inside(this.folder, location))
      return {
        location,
        refused: `it leaves the spec root ${this.folder} (a root that holds it is set with ${this.hints.root})`,
      };
    return { location };
  }

  /**
   * Reads every document the root's references reach, breadth first. Each referenced node is searched as the kind of
   * node its reference stands for (a `$ref` under `properties` brings a schema), so its data is left alone too.
   */
  private async loadReferenced(start: SpecDocument): Promise<void> {
    const swagger = (start.value as { swagger?: unknown } | null)?.swagger !== undefined;
    const siblingsApply = siblingsApplyIn(start.value);
    const queue: { document: SpecDocument; pointer: string; kind: NodeKind }[] = [
      { document: start, pointer: '', kind: 'document' },
    ];
    // per document and kind, the pointers searched already (a node below one of them is searched too)
    const searched = new Map<string, Set<string>>();
    const isSearched = (document: SpecDocument, pointer: string, kind: NodeKind) => {
      const known = searched.get(`${kind} ${document.location}`);
      if (!known) return false;
      for (let prefix = pointer; ; prefix = prefix.slice(0, prefix.lastIndexOf('/'))) {
        if (known.has(prefix)) return true;
        if (prefix === '') return false;
      }
    };
    while (queue.length > 0) {
      const unit = queue.shift()!;
      if (isSearched(unit.document, unit.pointer, unit.kind)) continue;
      const key = `${unit.kind} ${unit.document.location}`;
      searched.set(key, (searched.get(key) ?? new Set()).add(unit.pointer));
      const document = unit.document;
      const pending: { ref: string; pointer: () => string; kind: NodeKind; kept: boolean }[] = [];
      forEachRef(
        atPointer(document.value, unit.pointer),
        (ref, node, pointer, kind) =>
          pending.push({ ref, pointer, kind, kept: keepsReference(kind, node, siblingsApply) }),
        {
          kind: unit.kind,
          swagger,
          base: unit.pointer,
        },
      );
      // many references name the same target: each is looked up once (by its text)
      const targets = new Map<string, boolean>();
      for (const { ref, pointer, kind, kept } of pending) {
        const hash = ref.indexOf('#');
        const target = hash === -1 ? ref : ref.slice(0, hash);
        let targetDocument = document;
        if (target !== '') {
          const where = this.targetOf(target, document);
          if ('refused' in where) {
            this.problem(`$ref "${ref}" refused: ${where.refused}`, document, pointer);
            continue;
          }
          const known = this.documents.get(where.location);
          if (known) targetDocument = known;
          else {
            try {
              targetDocument = await this.read(where.location);
            } catch (error) {
              this.problem(
                `$ref "${ref}" cannot be read: ${error instanceof SpecReadError ? error.describe() : (error as Error).message}`,
                document,
                pointer,
              );
              continue;
            }
          }
        }
        if (targetDocument !== start || document !== start || !kept) this.needsView = true;
        const fragment = hash === -1 ? '' : ref.slice(hash + 1);
        if (fragment !== '' && !fragment.startsWith('/')) {
          this.problem(`$ref "${ref}": only JSON pointer fragments are supported`, document, pointer);
          continue;
        }
        const decoded = safeDecode(fragment);
        // every ref of this unit is written in one document, so the same text names the same target
        let exists = targets.get(ref);
        if (exists === undefined) targets.set(ref, (exists = atPointer(targetDocument.value, decoded) !== undefined));
        if (!exists) this.problem(`$ref "${ref}" points at nothing`, document, pointer);
        // the root is searched whole; a node of another file is searched as what its reference stands for
        else if (targetDocument !== start) queue.push({ document: targetDocument, pointer: decoded, kind });
      }
    }
  }

  private async read(location: string): Promise<SpecDocument> {
    let real = location;
    if (!isHttpUrl(location)) {
      real = await realpath(location).catch(() => {
        throw new SpecReadError('file not found', relative(this.folder, location));
      });
      // a symbolic link inside the root may still point outside it
      if (!inside(this.folder, real))
        throw new SpecReadError('the file is a link that leaves the spec root', relative(this.folder, location));
    }
    const name = isHttpUrl(real) ? real : relative(this.folder, real);
    const remaining = (this.options.maxBytes ?? DEFAULT_MAX_BYTES) - this.totalBytes;
    const document = await readDocument(real, name, { ...this.options, maxBytes: remaining }, !isParsed(real));
    this.totalBytes += document.bytes;
    this.documents.set(location, document);
    if (real !== location) this.documents.set(real, document);
    return document;
  }

  /** A problem with the reference object at `pointer()`, reported at its `$ref`. */
  private problem(message: string, document: SpecDocument, pointer: () => string): void {
    this.problems.push({ severity: 'error', message, pointer: joinPointer(pointer(), '$ref'), file: document.name });
  }
}

function safeDecode(fragment: string): string {
  // most refs hold no escape (`#/components/schemas/Pet`): decodeURIComponent would give them back unchanged, after a
  // scan of its own, for each of Kubernetes' ~10,000 refs
  if (!fragment.includes('%')) return fragment;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

async function readDocument(
  location: string,
  name: string,
  options: ReadOptions,
  asText = false,
): Promise<SpecDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let bytes: Uint8Array;
  if (isHttpUrl(location)) {
    if (!options.fetch) throw new SpecReadError('reading a spec from a URL needs a fetcher', name);
    bytes = await options.fetch(location, maxBytes);
  } else {
    const info = await stat(location).catch(() => {
      throw new SpecReadError('file not found', name);
    });
    if (!info.isFile()) throw new SpecReadError('not a file', name);
    if (info.size > maxBytes)
      throw new SpecReadError(`larger than the ${formatMb(maxBytes)} cap (${formatMb(info.size)})`, name);
    bytes = await readFile(location);
  }
  if (bytes.length > maxBytes) throw new SpecReadError(`larger than the ${formatMb(maxBytes)} cap`, name);
  const text = decodeUtf8(bytes, name);
  return {
    name,
    location,
    text,
    value: asText ? text : parseText(text, name),
    bytes: bytes.length,
    hash: createHash('sha256').update(bytes).digest('hex'),
  };
}

const formatMb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
