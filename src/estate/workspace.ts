import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { estateSchema, type Estate } from '../model/estate.js';

export const WORKSPACE_FILE = 'junction.yaml';
export const STATE_DIR = '.junction';

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

/** Parses and validates the text of a junction.yaml; every error names the file, line and field. */
export function parseEstate(text: string, file: string): Estate {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = error.linePos?.[0]?.line;
    throw new ConfigError(`invalid YAML: ${error.message.split('\n')[0]}`, file, line);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError(`invalid YAML: ${(error as Error).message}`, file);
  }
  const result = estateSchema.safeParse(data);
  if (!result.success) {
    const issue: z.core.$ZodIssue = result.error.issues[0];
    throw new ConfigError(issue.message, file, lineOf(doc, lines, issue.path), formatPath(issue.path) || undefined);
  }
  return result.data;
}

export function openWorkspace(dir: string): Workspace {
  const absolute = resolve(dir);
  const file = join(absolute, WORKSPACE_FILE);
  if (!existsSync(file)) {
    throw new ConfigError(`no ${WORKSPACE_FILE} here (run "junction init" to create one)`, file);
  }
  const estate = parseEstate(readFileSync(file, 'utf8'), file);
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

export const STARTER_ESTATE = `# Junction workspace: the estate to audit and monitor.
# Safe to commit: secrets live in the vault ("junction secret set ID") or in \${env:NAME} references.
version: 1
name: My estate

systems:
  # One entry per system. ids use lower-case letters, digits and dashes.
  - id: orders
    name: Orders API
    baseUrl: https://127.0.0.1:8443
    # healthPath: /health          # what the baseline probes request (default /)
    # spec: specs/orders.yaml      # OpenAPI document, relative to this folder, or a URL
    # tls: { ca: certs/ca.pem }    # an extra trust anchor for private CAs
    # auth: { credential: orders-token }   # a vault credential
    # allow:                       # default: GET, HEAD and OPTIONS only, no load
    #   methods: [GET, HEAD, OPTIONS]
    #   load: { maxRps: 50, maxRequests: 2000, maxSeconds: 20 }
    # expectedPeakRps: 20
    # owner: team-orders

flows: []
  # - { from: orders, to: billing, protocol: http, description: invoice on order }

logSources: []

monitors: []
  # - { system: orders, path: /health, interval: 30s }
`;

/** Writes a commented starter junction.yaml; refuses to overwrite an existing one. */
export function initWorkspace(dir: string): string {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  const file = join(absolute, WORKSPACE_FILE);
  if (existsSync(file)) throw new ConfigError(`${WORKSPACE_FILE} already exists`, file);
  writeFileSync(file, STARTER_ESTATE);
  return file;
}
