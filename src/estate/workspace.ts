import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { isAlias, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { isInsideFolder as inside } from '../util/inside-folder.js';
import { estateSchema, type Estate } from '../model/estate.js';
import { isHttpUrl } from '../model/location.js';

import { WORKSPACE_FILE } from './workspace-file.js';

export { WORKSPACE_FILE };
export const STATE_DIR = '.junction';
/** A junction.yaml larger than this is refused before it is read: no estate needs it, a YAML parser chokes on it. */
export const MAX_WORKSPACE_BYTES = 5 * 1024 * 1024;

/**
 * What a host does with files the estate names (specs, CA files, logs) outside the workspace folder: refuse them
 * (the default), allow absolute paths outside it (--allow-outside-workspace), or not look, for commands that never
 * read those files (report, secret, flows show). A relative path that climbs out of the folder is always refused.
 */
export type OutsideFiles = 'refuse' | 'allow' | 'not-read';

export interface Workspace {
  dir: string;
  file: string;
  estate: Estate;
  /** Absolute path of a file the estate names relative to the workspace (specs, CA files). */
  resolvePath: (path: string) => string;
  stateDir(): string;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  // Walk up until a node exists: a missing field is reported at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The line of the first alias in the document: where an alias bomb starts. */
function firstAliasLine(doc: Document, lines: LineCounter): number | undefined {
  let line: number | undefined;
  visit(doc, (_key, node) => {
    if (isAlias(node) && node.range) {
      line = lines.linePos(node.range[0]).line;
      return visit.BREAK;
    }
  });
  return line;
}

interface ParsedEstate {
  estate: Estate;
  /** the line of a field, or of its nearest parent that exists */
  lineOf: (path: readonly PropertyKey[]) => number | undefined;
}

/**
 * Parses a YAML configuration file and validates it with `schema`; every error names the file, line and field.
 * `emptyHint` says what to write when the file is empty.
 */
export function parseConfigYaml<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  emptyHint: string,
): { value: T; lineOf: (path: readonly PropertyKey[]) => number | undefined } {
  if (text.length > MAX_WORKSPACE_BYTES)
    throw new ConfigError(
      `larger than ${MAX_WORKSPACE_BYTES / 1024 / 1024} MB: not a configuration Junction reads`,
      file,
      1,
    );
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = error.linePos?.[0]?.line;
    throw new ConfigError(`invalid YAML: ${error.message.split('\n')[0]}`, file, line);
  }
  if (doc.contents === null) throw new ConfigError(`the file is empty: ${emptyHint}`, file, 1);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError(`invalid YAML: ${(error as Error).message}`, file, firstAliasLine(doc, lines) ?? 1);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue: z.core.$ZodIssue = result.error.issues[0];
    throw new ConfigError(
      issue.message,
      file,
      lineOf(doc, lines, issue.path) ?? 1,
      formatPath(issue.path) || undefined,
    );
  }
  return { value: result.data, lineOf: (path) => lineOf(doc, lines, path) };
}

function parseWithLines(text: string, file: string): ParsedEstate {
  const { value, lineOf } = parseConfigYaml(
    text,
    file,
    estateSchema,
    'start from "junction init" (version: 1, name, systems)',
  );
  return { estate: value, lineOf };
}

/** Parses and validates the text of a junction.yaml; every error names the file, line and field. */
export function parseEstate(text: string, file: string): Estate {
  return parseWithLines(text, file).estate;
}

/** Every file the estate names, with the field that names it: specs that are not URLs, CA files, log files. */
function namedFiles(estate: Estate): { path: (string | number)[]; value: string }[] {
  const files: { path: (string | number)[]; value: string }[] = [];
  estate.systems.forEach((system, index) => {
    for (const field of ['spec', 'specPrevious', 'specRoot'] as const) {
      const value = system[field];
      if (value && !isHttpUrl(value)) files.push({ path: ['systems', index, field], value });
    }
    if (system.tls?.ca) files.push({ path: ['systems', index, 'tls', 'ca'], value: system.tls.ca });
  });
  estate.logSources.forEach((source, index) => {
    if ('path' in source) files.push({ path: ['logSources', index, 'path'], value: source.path });
  });
  return files;
}

/** Why a file the estate names may not be read, or undefined: it resolves inside the workspace, or may be outside. */
function outsideProblem(dir: string, value: string, outside: OutsideFiles): string | undefined {
  const target = isAbsolute(value) ? value : resolve(dir, value);
  if (!isAbsolute(value) && !inside(dir, target))
    return `${value} resolves outside the workspace: name files inside ${dir}, or give an absolute path on purpose`;
  if (outside === 'allow') return undefined;
  if (!inside(dir, target)) return `${value} is outside the workspace: pass --allow-outside-workspace to read it`;
  // a link inside the folder that leads out of it is outside too
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return undefined; // a missing file is reported where it is read
  }
  return inside(realpathSync(dir), real)
    ? undefined
    : `${value} is a link to ${real}, outside the workspace: pass --allow-outside-workspace to read it`;
}

export function openWorkspace(dir: string, options: { outsideFiles?: OutsideFiles } = {}): Workspace {
  const absolute = resolve(dir);
  const file = join(absolute, WORKSPACE_FILE);
  if (!existsSync(file)) {
    throw new ConfigError(`no ${WORKSPACE_FILE} here (run "junction init" to create one)`, file);
  }
  const size = statSync(file).size;
  if (size > MAX_WORKSPACE_BYTES)
    throw new ConfigError(
      `${(size / 1024 / 1024).toFixed(1)} MB is larger than the ${MAX_WORKSPACE_BYTES / 1024 / 1024} MB a junction.yaml may be`,
      file,
      1,
    );
  const { estate, lineOf: lineAt } = parseWithLines(readFileSync(file, 'utf8'), file);
  const outside = options.outsideFiles ?? 'refuse';
  if (outside !== 'not-read') {
    for (const named of namedFiles(estate)) {
      const problem = outsideProblem(absolute, named.value, outside);
      if (problem) throw new ConfigError(problem, file, lineAt(named.path), formatPath(named.path));
    }
  }
  return {
    dir: absolute,
    file,
    estate,
    resolvePath: (path) => (isAbsolute(path) ? path : join(absolute, path)),
    stateDir: () => {
      const state = join(absolute, STATE_DIR);
      mkdirSync(state, { recursive: true, mode: 0o700 });
      return state;
    },
  };
}

/**
 * The commented starter junction.yaml. `schema` is where editors find the file's JSON Schema (yaml-language-server
 * reads the first comment); `today` dates the example attestation, so the line uncommented is a current answer.
 * Valid as written, and still valid with every example line uncommented (a test holds both).
 */
export function starterEstate(schema: string | undefined, today: string): string {
  const editorComment = schema === undefined ? '' : `# yaml-language-server: $schema=${schema}\n`;
  return `${editorComment}# Junction workspace: the estate to audit and monitor. Every field is in the README ("junction.yaml reference").
# Safe to commit: secrets live in the vault ("junction secret set ID") or in \${env:NAME} references.
version: 1
name: My estate

systems:
  # One entry per system. ids use lower-case letters, digits and dashes.
  - id: orders
    name: Orders API
    baseUrl: https://127.0.0.1:8443
    # healthPath: /health          # appended to the base URL's path (default: the base URL itself)
    # spec: specs/orders.yaml      # OpenAPI document, relative to this folder, or a URL
    # tls: { ca: certs/ca.pem }    # an extra trust anchor for private CAs
    # auth: { credential: orders-token }   # a vault credential
    # allow:                       # default: GET, HEAD and OPTIONS only, no load
    #   methods: [GET, HEAD, OPTIONS]
    #   load: { maxRps: 50, maxRequests: 2000, maxSeconds: 20 }
    # expectedPeakRps: 20          # the spike probe steps up to this rate
    # sloMs: 300                   # the p95 latency objective, in ms
    # owner: team-orders           # a label in the reports; the attested.owner check reads the attestation below
    # attestations:                # what a person answers and no probe can see (the attested.* checks)
    #   - { item: owner, answer: yes, by: "A. Lead, orders team lead", date: ${today}, note: "team-orders, on call 24/7" }
  # - id: billing
  #   name: Billing API
  #   baseUrl: https://billing.internal:8443

flows: []
  # - { from: orders, to: billing, protocol: http, description: invoice on order }

logSources: []
  # - { id: gateway-log, type: nginx-combined, path: logs/access.log, system: orders }

monitors: []
  # - { system: orders, path: /health, interval: 30s, thresholds: { p95Ms: 500 } }

# Accepted risks: a finding a waiver covers keeps its status but stops failing --fail-on until the waiver expires.
waivers: []
  # - { check: security.tls-version, system: orders, reason: "retired in Q3", owner: "K. Olsen", expires: 2027-03-31 }
`;
}

/**
 * Writes a commented starter junction.yaml; refuses to overwrite an existing one. `schema`: the path or URL of
 * junction.yaml's JSON Schema for the editor comment (junction init names Junction's own copy).
 */
export function initWorkspace(dir: string, options: { schema?: string; today?: string } = {}): string {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  const file = join(absolute, WORKSPACE_FILE);
  if (existsSync(file)) throw new ConfigError(`${WORKSPACE_FILE} already exists`, file);
  writeFileSync(file, starterEstate(options.schema, options.today ?? new Date().toISOString().slice(0, 10)));
  return file;
}
