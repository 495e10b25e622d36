import type { z } from 'zod';
import { attestationSchema, type Attestation } from '../../model/attestation.js';
import { waiverSchema, waiverUses, type Waiver, type WaiverUse } from '../../model/waiver.js';
import type { ApiContext } from '../context.js';
import { editEstateText } from '../estate-file.js';
import { commitEstateEdit } from './estate.js';
import { ApiError } from '../errors.js';
import { appendEntry, removeEntry, replaceEntry, type ListPath } from '../yaml-list-edit.js';

/**
 * Accepted risks and attestations, edited from the UI: each is one entry of a junction.yaml list, validated by the
 * same schema as the file and spliced in so every other byte of the file stays as the user wrote it.
 */

function valid<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ApiError(
    422,
    `the ${what} is not valid`,
    parsed.error.issues.map((issue) => ({
      path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
      message: issue.message,
    })),
  );
}

const writeList = (ctx: ApiContext, edit: (text: string) => string) =>
  commitEstateEdit(ctx, (file) => editEstateText(file, edit));

/** Only the fields a person wrote: no defaults or undefined keys land in the file. */
const written = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined));

function saveEntry(ctx: ApiContext, path: ListPath, length: number, index: number | undefined, entry: object): number {
  if (index !== undefined && (index < 0 || index >= length)) throw new ApiError(404, `no entry ${index}`);
  writeList(ctx, (text) =>
    index === undefined ? appendEntry(text, path, written(entry)) : replaceEntry(text, path, index, written(entry)),
  );
  return index ?? length;
}

export interface WaiverView extends WaiverUse {
  index: number;
}

/** The estate's waivers, each with how many findings of the latest run it covers and whether it has expired. */
export async function listWaivers(ctx: ApiContext): Promise<{ waivers: WaiverView[] }> {
  const { store, workspace } = ctx;
  const latest = store.runs.latest();
  const findings = latest ? store.runs.findings(latest.id) : [];
  return { waivers: waiverUses(findings, workspace.estate.waivers).map((use, index) => ({ ...use, index })) };
}

/** Adds a waiver (no index) or replaces waiver `index`. */
export async function saveWaiver(
  ctx: ApiContext,
  input: { index?: number; waiver: unknown },
): Promise<{ index: number }> {
  const waiver: Waiver = valid(waiverSchema, input.waiver, 'waiver');
  const estate = ctx.workspace.estate;
  if (waiver.system && !estate.systems.some((system) => system.id === waiver.system))
    throw new ApiError(422, `no system "${waiver.system}"`, [{ path: ['system'], message: 'no such system' }]);
  return { index: saveEntry(ctx, ['waivers'], estate.waivers.length, input.index, waiver) };
}

export async function removeWaiver(ctx: ApiContext, input: { index: number }): Promise<{ removed: true }> {
  if (!ctx.workspace.estate.waivers[input.index]) throw new ApiError(404, `no waiver ${input.index}`);
  writeList(ctx, (text) => removeEntry(text, ['waivers'], input.index));
  return { removed: true };
}

function systemIndex(ctx: ApiContext, systemId: string): number {
  const index = ctx.workspace.estate.systems.findIndex((system) => system.id === systemId);
  if (index < 0) throw new ApiError(404, `no system "${systemId}"`);
  return index;
}

/** Adds an attestation to a system (no index) or replaces attestation `index` of it. */
export async function saveAttestation(
  ctx: ApiContext,
  input: { systemId: string; index?: number; attestation: unknown },
): Promise<{ index: number }> {
  const attestation: Attestation = valid(attestationSchema, input.attestation, 'attestation');
  const at = systemIndex(ctx, input.systemId);
  const length = ctx.workspace.estate.systems[at].attestations?.length ?? 0;
  return { index: saveEntry(ctx, ['systems', at, 'attestations'], length, input.index, attestation) };
}

export async function removeAttestation(
  ctx: ApiContext,
  input: { systemId: string; index: number },
): Promise<{ removed: true }> {
  const at = systemIndex(ctx, input.systemId);
  if (!ctx.workspace.estate.systems[at].attestations?.[input.index])
    throw new ApiError(404, `no attestation ${input.index} of "${input.systemId}"`);
  writeList(ctx, (text) => removeEntry(text, ['systems', at, 'attestations'], input.index));
  return { removed: true };
}
