import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse } from 'yaml';
import { countStatuses, worstStatus, type Status } from '../../model/finding.js';
import type { Credential } from '../../model/credential.js';
import { ConfigError } from '../../estate/errors.js';
import { addressOf, kindOf, monitorIdOf, systemSchema, type SystemKind, type System } from '../../model/estate.js';
import type { VaultEntry } from '../../estate/vault.js';
import type { ApiContext } from '../context.js';
import { editEstateFile, indexOfSystem, removeSystemNode, upsertSystem } from '../estate-file.js';
import { ApiError } from '../errors.js';
import { ProbeError } from '../../probe/errors.js';
import { httpRequest } from '../../probe/http.js';
import { requestTarget, systemUrl } from '../../probe/targets.js';
import { scalarText } from '../../util/scalar-text.js';

export interface SystemSummary {
  id: string;
  name: string;
  kind: SystemKind;
  environment?: string;
  /** where Junction reaches it: the base URL, or a broker's management API */
  address: string;
  /** a broker's kind (rabbitmq) and where clients connect */
  broker?: { kind: string; amqpUrl?: string; vhost: string };
  owner?: string;
  tags: string[];
  spec?: string;
  /** info.version of the system's spec, when it is a readable local file */
  specVersion?: string;
  auth?: string;
  lastAudit?: { runId: string; at: string; worst: Status; counts: Record<Status, number> };
}

export interface EstateView {
  name: string;
  dir: string;
  file: string;
  systems: SystemSummary[];
  flows: { from: string; to: string; protocol: string; description?: string }[];
  monitors: { id: string; system: string; path: string; intervalMs: number }[];
  logSources: { id: string; type: string; path?: string; url?: string }[];
}

function specVersionOf(ctx: ApiContext, spec: string | undefined): string | undefined {
  if (!spec || /^https?:/.test(spec)) return undefined;
  try {
    const document = parse(readFileSync(ctx.workspace.resolvePath(spec), 'utf8')) as {
      info?: { version?: unknown };
    };
    return document?.info?.version === undefined ? undefined : scalarText(document.info.version);
  } catch {
    return undefined;
  }
}

function authLabel(system: System): string | undefined {
  const auth = system.broker
    ? typeof system.broker.credential === 'string'
      ? { credential: system.broker.credential }
      : system.broker.credential
    : system.auth;
  if (!auth) return undefined;
  return 'credential' in auth ? `vault: ${auth.credential}` : `${auth.type} (env)`;
}

export async function getEstate(ctx: ApiContext): Promise<EstateView> {
  const { workspace, store } = ctx;
  const latest = store.runs.latest();
  const findings = latest ? store.runs.findings(latest.id) : [];
  const estate = workspace.estate;
  return {
    name: estate.name,
    dir: workspace.dir,
    file: workspace.file,
    systems: estate.systems.map((system) => {
      const own = findings.filter((finding) => finding.systemId === system.id);
      const counts = countStatuses(own);
      const worst = worstStatus(own) ?? 'skip';
      return {
        id: system.id,
        name: system.name,
        kind: kindOf(system),
        environment: system.environment,
        address: addressOf(system),
        broker: system.broker && {
          kind: system.broker.kind,
          amqpUrl: system.broker.amqpUrl,
          vhost: system.broker.vhost,
        },
        owner: system.owner,
        tags: system.tags,
        spec: system.spec,
        specVersion: specVersionOf(ctx, system.spec),
        auth: authLabel(system),
        lastAudit: latest && own.length > 0 ? { runId: latest.id, at: latest.startedAt, worst, counts } : undefined,
      };
    }),
    flows: estate.flows.map(({ from, to, protocol, description }) => ({ from, to, protocol, description })),
    monitors: estate.monitors.map((monitor) => ({
      id: monitorIdOf(monitor),
      system: monitor.system,
      path: requestTarget(
        estate.systems.find((system) => system.id === monitor.system)!,
        monitor.path,
      ),
      intervalMs: monitor.interval,
    })),
    logSources: estate.logSources.map((source) => ({
      id: source.id,
      type: source.type,
      path: 'path' in source ? source.path : undefined,
      url: 'url' in source ? source.url : undefined,
    })),
  };
}

/** The system exactly as junction.yaml writes it (durations unconverted, defaults not filled in), for the edit form. */
export async function getSystem(ctx: ApiContext, input: { id: string }): Promise<{ system: Record<string, unknown> }> {
  const raw = parse(readFileSync(ctx.workspace.file, 'utf8')) as { systems?: Record<string, unknown>[] };
  const system = raw.systems?.find((item) => item.id === input.id);
  if (!system) throw new ApiError(404, `no system "${input.id}"`);
  return { system };
}

function writeEstate(ctx: ApiContext, edit: Parameters<typeof editEstateFile>[1]): void {
  commitEstateEdit(ctx, (file) => editEstateFile(file, edit));
}

/** Writes junction.yaml with `write`, answers a configuration error as 422, then reloads and tells the UI. */
export function commitEstateEdit(ctx: ApiContext, write: (file: string) => void): void {
  try {
    write(ctx.workspace.file);
  } catch (error) {
    if (error instanceof ConfigError) throw new ApiError(422, error.describe());
    throw error;
  }
  ctx.reload();
  ctx.events.publish({ type: 'estate-changed' });
}

export async function saveSystem(
  ctx: ApiContext,
  input: { system: Record<string, unknown>; replaces?: string },
): Promise<{ id: string }> {
  const parsed = systemSchema.safeParse(input.system);
  if (!parsed.success) {
    throw new ApiError(
      422,
      'the system is not valid',
      parsed.error.issues.map((issue) => ({
        path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
        message: issue.message,
      })),
    );
  }
  const id = parsed.data.id;
  const estate = ctx.workspace.estate;
  if (id !== input.replaces && estate.systems.some((system) => system.id === id)) {
    throw new ApiError(409, `a system with id "${id}" already exists`, [{ path: ['id'], message: 'this id is taken' }]);
  }
  if (input.replaces && !estate.systems.some((system) => system.id === input.replaces))
    throw new ApiError(404, `no system "${input.replaces}"`);
  writeEstate(ctx, (doc) => upsertSystem(doc, input.system, input.replaces));
  return { id };
}

export async function removeSystem(ctx: ApiContext, input: { id: string }): Promise<{ removed: boolean }> {
  let removed = false;
  writeEstate(ctx, (doc) => {
    removed = removeSystemNode(doc, input.id);
  });
  if (!removed) throw new ApiError(404, `no system "${input.id}"`);
  return { removed };
}

/** Metadata only: a secret, once in the vault, is never sent back. */
export async function listCredentials(ctx: ApiContext): Promise<VaultEntry[]> {
  return ctx.vault().list();
}

export async function setCredential(
  ctx: ApiContext,
  input: { id: string; credential: Credential },
): Promise<{ id: string; type: string }> {
  ctx.vault().set(input.id, input.credential);
  return { id: input.id, type: input.credential.type };
}

const MAX_SPEC_BYTES = 10_000_000;

/** A spec the user asked for by URL: fetched by the probe toolkit, so its timeouts and byte cap apply. */
async function download(url: string): Promise<string> {
  try {
    const response = await httpRequest({ method: 'GET', url, maxBytes: MAX_SPEC_BYTES, timeouts: { total: 15_000 } });
    if (response.status !== 200) throw new ApiError(422, `${url} answered ${response.status}`);
    return response.body.toString('utf8');
  } catch (error) {
    if (error instanceof ProbeError) throw new ApiError(422, `cannot download ${url}: ${error.message}`);
    throw error;
  }
}

/** Stores a spec under specs/<system>.<ext> and points the system at it; a spec that does not parse is refused. */
export async function importSpec(
  ctx: ApiContext,
  input: { systemId: string; fileName: string; content: string } | { systemId: string; url: string },
): Promise<{ importId: string; path: string; version?: string }> {
  const importId = randomUUID();
  const progress = (message: string, done = false, error?: string) =>
    ctx.events.publish({ type: 'import-progress', importId, message, done, error });
  const workspace = ctx.workspace;
  if (indexOfSystemId(ctx, input.systemId) < 0) throw new ApiError(404, `no system "${input.systemId}"`);
  try {
    let content: string;
    let extension: string;
    if ('url' in input) {
      const system = workspace.estate.systems[indexOfSystemId(ctx, input.systemId)];
      const url = input.url.startsWith('/') ? systemUrl(system, input.url) : input.url;
      progress(`downloading ${url}`);
      content = await download(url);
      extension = extname(new URL(url).pathname) || '.yaml';
    } else {
      content = input.content;
      extension = extname(input.fileName) || '.yaml';
    }
    if (!['.yaml', '.yml', '.json'].includes(extension)) extension = '.yaml';
    let document: { openapi?: unknown; swagger?: unknown; info?: { version?: unknown } };
    try {
      document = parse(content, { maxAliasCount: 100 }) as typeof document;
    } catch (error) {
      throw new ApiError(422, `the spec does not parse: ${(error as Error).message.split('\n')[0]}`);
    }
    if (!document || typeof document !== 'object' || !(document.openapi || document.swagger)) {
      throw new ApiError(422, 'not an OpenAPI or Swagger document (no "openapi" or "swagger" field)');
    }
    const relative = `specs/${input.systemId}${extension}`;
    mkdirSync(join(workspace.dir, 'specs'), { recursive: true });
    if (existsSync(workspace.resolvePath(relative))) progress(`replacing ${relative}`);
    writeFileSync(workspace.resolvePath(relative), content);
    writeEstate(ctx, (doc) => doc.setIn(['systems', indexOfSystem(doc, input.systemId), 'spec'], relative));
    progress(`imported ${relative}`, true);
    return {
      importId,
      path: relative,
      version: document.info?.version === undefined ? undefined : scalarText(document.info.version),
    };
  } catch (error) {
    progress('import failed', true, (error as Error).message);
    throw error;
  }
}

const indexOfSystemId = (ctx: ApiContext, id: string) =>
  ctx.workspace.estate.systems.findIndex((system) => system.id === id);
