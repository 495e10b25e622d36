import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const MAX_RECENT = 8;
const recentSchema = z.array(z.object({ dir: z.string().min(1), openedAt: z.iso.datetime() })).catch([]);
export type RecentWorkspaces = z.infer<typeof recentSchema>;

/** The list of recently opened workspaces, newest first, without duplicates, capped. */
export function addRecent(list: RecentWorkspaces, dir: string, now: Date): RecentWorkspaces {
  const absolute = resolve(dir);
  return [{ dir: absolute, openedAt: now.toISOString() }, ...list.filter((entry) => entry.dir !== absolute)].slice(
    0,
    MAX_RECENT,
  );
}

/** Reads the recent list from the app's user-data file; a missing or damaged file reads as empty. */
export function loadRecent(file: string): RecentWorkspaces {
  if (!existsSync(file)) return [];
  try {
    return recentSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return [];
  }
}

export function saveRecent(file: string, list: RecentWorkspaces): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(list, null, 2) + '\n', { mode: 0o600 });
}
