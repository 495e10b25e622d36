import type { WorkspaceContext } from '../estate/context.js';
import type { Workspace } from '../estate/workspace.js';
import type { SpecRoutes } from '../flows/operation-aggregate.js';
import { loadSpecRoutes, unreadSpecText } from '../gather/spec-routes.js';
import type { System } from '../model/estate.js';
import { Redactor } from '../probe/redact.js';
import { createProbe } from '../probe/system-probe.js';

interface Loaded {
  ready: Promise<SpecRoutes>;
  /** set once `ready` has settled */
  value?: SpecRoutes;
}

/** One read per workspace load: a reload of junction.yaml gives a new Workspace, and so a new read. */
const LOADED = new WeakMap<Workspace, Loaded>();

/**
 * The spec operations the OTLP receiver matches traced calls to, read the first time traces arrive after the
 * workspace was (re)loaded and then reused by every export: exporters send every few seconds, and a spec read costs
 * milliseconds to seconds (a remote spec goes through the system's probe, as `flows import` reads it). The operations
 * are stored as the systems' documented ones, so the operations nobody called are judged against the same specs. A
 * spec that cannot be read is told on stderr; its system's calls keep inferred templates.
 */
export function otlpSpecs(ctx: WorkspaceContext, warn: (message: string) => void): Promise<SpecRoutes> {
  const workspace = ctx.workspace;
  const known = LOADED.get(workspace);
  if (known) return known.ready;
  const probeOf = (system: System) => createProbe(workspace, system, { vault: ctx.vault }, new Redactor());
  const entry: Loaded = {
    ready: loadSpecRoutes(workspace.estate.systems, workspace.resolvePath, probeOf, AbortSignal.timeout(60_000)).then(
      ({ specs, unread }) => {
        for (const spec of unread) warn(unreadSpecText(spec));
        ctx.store.flows.saveSpecRoutes(specs);
        entry.value = specs;
        return specs;
      },
      (error: Error) => {
        warn(`the specs could not be read (${error.message}): traced calls get inferred templates`);
        entry.value = new Map();
        return entry.value;
      },
    ),
  };
  LOADED.set(workspace, entry);
  return entry.ready;
}

/** The spec operations already read for this workspace load, if any: what the span settling timer matches with. */
export const loadedOtlpSpecs = (workspace: Workspace): SpecRoutes | undefined => LOADED.get(workspace)?.value;
