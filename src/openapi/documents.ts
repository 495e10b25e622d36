import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type { SpecProblem } from '../model/artifacts/spec.js';
import { SpecReadError } from './errors.js';
import { decodeUtf8, joinPointer, parseText, splitPointer } from './parse.js';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** Fetches a URL's bytes (at most maxBytes); the audit passes one that goes through the system's Probe. */
export type Fetcher = (url: string, maxBytes: number) => Promise<Uint8Array>;

export interface ReadOptions {
  /** cap on each document and on all documents together (default 50 MB) */
  maxBytes?: number;
  /** hosts remote $refs may name (system.allow.remoteRefs); none by default */
  allowedHosts?: readonly string[];
  /** needed for a URL root or an allowed remote $ref */
  fetch?: Fetcher;
}

export interface SpecDocument {
  /** what errors call it: the path relative to the spec's folder, or the URL */
  name: string;
  /** absolute path or URL */
  location: string;
  text: string;
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

const isUrl = (location: string) => /^https?:\/\//i.test(location);

/** Keys whose values are data, not OpenAPI structure: a `$ref` inside an example payload is not a reference. */
const DATA_KEYS = new Set(['example', 'default', 'enum', 'const']);

/**
 * Calls `visit` for every reference object (`{ $ref: string }`) in a document, skipping example and extension data.
 * `pointer()` builds the reference object's pointer, for the few callers that report one.
 */
export function forEachRef(
  root: unknown,
  visit: (ref: string, node: Record<string, unknown>, pointer: () => string) => void,
): void {
  const path: (string | number)[] = [];
  const walk = (node: object, inExamples: boolean): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (item === null || typeof item !== 'object') continue;
        path.push(i);
        walk(item, false);
        path.pop();
      }
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') {
      const at = [...path];
      visit(record.$ref, record, () => joinPointer('', ...at));
    }
    for (const key in record) {
      const child = record[key];
      if (child === null || typeof child !== 'object' || key === '$ref' || DATA_KEYS.has(key) || key.startsWith('x-'))
        continue;
      // `examples` is data (an array: JSON Schema) or a map of Example Objects whose `value` is data
      if (key === 'examples' && Array.isArray(child)) continue;
      if (inExamples && (key === 'value' || key === 'externalValue')) continue;
      path.push(key);
      if (key === 'examples') {
        for (const name in child) {
          const example: unknown = (child as Record<string, unknown>)[name];
          if (example === null || typeof example !== 'object') continue;
          path.push(name);
          walk(example, true);
          path.pop();
        }
      } else {
        walk(child, false);
      }
      path.pop();
    }
  };
  if (root !== null && typeof root === 'object') walk(root, false);
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
 * A spec's root document and every document its `$ref`s reach, loaded safely: local files only inside the root's
 * folder, remote documents only from allowed hosts, sizes capped. Refused or broken references become problems.
 */
export class DocumentSet {
  readonly documents = new Map<string, SpecDocument>();
  readonly problems: SpecProblem[] = [];
  private totalBytes = 0;

  private constructor(
    readonly root: SpecDocument,
    private readonly folder: string,
    private readonly options: ReadOptions,
  ) {
    this.documents.set(root.location, root);
    this.totalBytes = root.bytes;
  }

  static async load(location: string, options: ReadOptions = {}): Promise<DocumentSet> {
    const remote = isUrl(location);
    const absolute = remote
      ? location
      : await realpath(resolve(location)).catch(() => {
          throw new SpecReadError('file not found', location);
        });
    const folder = remote ? new URL('.', absolute).toString() : dirname(absolute);
    const name = remote ? absolute : absolute.slice(folder.length + 1);
    const root = await readDocument(absolute, name, options);
    const set = new DocumentSet(root, folder, options);
    await set.loadReferenced(root);
    return set;
  }

  /** sha256 of the root document's bytes */
  get hash(): string {
    return this.root.hash;
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
    const pointer = hash === -1 ? '' : decodeURIComponent(ref.slice(hash + 1));
    const document = target === '' ? from : this.documents.get(this.locate(target, from).location);
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

  /** Where a reference's document part points, or why it may not be read. */
  private locate(target: string, from: SpecDocument): { location: string } | { location: string; refused: string } {
    if (isUrl(target) || isUrl(from.location)) {
      let url: URL;
      try {
        url = new URL(target, isUrl(from.location) ? from.location : undefined);
      } catch {
        return { location: target, refused: 'not a valid URL' };
      }
      const location = url.toString().replace(/#.*$/, '');
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return { location, refused: `${url.protocol} references are not followed` };
      const sameFolder = isUrl(this.folder) && location.startsWith(this.folder);
      if (!sameFolder && !(this.options.allowedHosts ?? []).includes(url.hostname)) {
        return {
          location,
          refused: `remote reference to ${url.host} is not allowed (add the host to allow.remoteRefs)`,
        };
      }
      return { location };
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target)) {
      return { location: target, refused: `${target.split(':')[0]}: references are not followed` };
    }
    const location = resolve(dirname(from.location), decodeURIComponent(target));
    if (!inside(this.folder, location)) return { location, refused: "the reference leaves the spec's folder" };
    return { location };
  }

  private async loadReferenced(start: SpecDocument): Promise<void> {
    const queue = [start];
    while (queue.length > 0) {
      const document = queue.shift()!;
      const pending: { ref: string; pointer: () => string }[] = [];
      forEachRef(document.value, (ref, _node, pointer) => pending.push({ ref, pointer }));
      // many references name the same target: each is looked up once
      const targets = new Map<string, boolean>();
      for (const { ref, pointer } of pending) {
        const hash = ref.indexOf('#');
        const target = hash === -1 ? ref : ref.slice(0, hash);
        let targetDocument = document;
        if (target !== '') {
          const where = this.locate(target, document);
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
            queue.push(targetDocument);
          }
        }
        const fragment = hash === -1 ? '' : ref.slice(hash + 1);
        if (fragment !== '' && !fragment.startsWith('/')) {
          this.problem(`$ref "${ref}": only JSON pointer fragments are supported`, document, pointer);
          continue;
        }
        const key = `${targetDocument.location}#${fragment}`;
        let exists = targets.get(key);
        if (exists === undefined)
          targets.set(key, (exists = atPointer(targetDocument.value, safeDecode(fragment)) !== undefined));
        if (!exists) this.problem(`$ref "${ref}" points at nothing`, document, pointer);
      }
    }
  }

  private async read(location: string): Promise<SpecDocument> {
    let real = location;
    if (!isUrl(location)) {
      real = await realpath(location).catch(() => {
        throw new SpecReadError('file not found', relative(this.folder, location));
      });
      // a symbolic link inside the folder may still point outside it
      if (!inside(this.folder, real))
        throw new SpecReadError("the file is a link that leaves the spec's folder", relative(this.folder, location));
    }
    const name = isUrl(real) ? real : relative(this.folder, real);
    const remaining = (this.options.maxBytes ?? DEFAULT_MAX_BYTES) - this.totalBytes;
    const document = await readDocument(real, name, { ...this.options, maxBytes: remaining });
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
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function inside(folder: string, location: string): boolean {
  return location === folder || location.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

async function readDocument(location: string, name: string, options: ReadOptions): Promise<SpecDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let bytes: Uint8Array;
  if (isUrl(location)) {
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
    value: parseText(text, name),
    bytes: bytes.length,
    hash: createHash('sha256').update(bytes).digest('hex'),
  };
}

const formatMb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
