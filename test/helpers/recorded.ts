import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ArtifactMap } from '../../src/model/artifacts/map.js';

/**
 * Artifacts recorded from real runs: the integration tests that gather from real servers (nginx, express-rate-limit,
 * Node servers, Prism) hand what each gatherer returned to `recordArtifact`; run with JUNCTION_RECORD_ARTIFACTS=1, it
 * writes them to test/fixtures/artifacts/<kind>/<name>.json with the test that recorded them. Unit tests judge these
 * files (`recordedArtifact`), so a check's every branch is tested on shapes a gatherer really produced, without the
 * servers. Re-record after a gatherer changes what it records:
 *   JUNCTION_RECORD_ARTIFACTS=1 npx vitest run --maxWorkers=1 <the integration files that record>
 */
const ARTIFACTS = fileURLToPath(new URL('../fixtures/artifacts/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface RecordedFile<K extends keyof ArtifactMap> {
  kind: K;
  recordedBy: string;
  artifact: ArtifactMap[K];
}

/** Returns the artifact unchanged; writes it down when JUNCTION_RECORD_ARTIFACTS=1. */
export function recordArtifact<K extends keyof ArtifactMap>(
  kind: K,
  name: string,
  artifact: ArtifactMap[K],
): ArtifactMap[K] {
  if (process.env.JUNCTION_RECORD_ARTIFACTS !== '1') return artifact;
  const state = expect.getState();
  const file = join(ARTIFACTS, kind, `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const recorded: RecordedFile<K> = {
    kind,
    recordedBy: `${relative(ROOT, state.testPath ?? '')} > ${state.currentTestName ?? ''}`,
    artifact,
  };
  writeFileSync(file, JSON.stringify(recorded, null, 2) + '\n');
  return artifact;
}

/** A recorded artifact, as a fresh copy (a test may narrow it without touching the next test's). */
export function recordedArtifact<K extends keyof ArtifactMap>(kind: K, name: string): ArtifactMap[K] {
  const file = join(ARTIFACTS, kind, `${name}.json`);
  if (!existsSync(file))
    throw new Error(
      `${relative(ROOT, file)} is missing: record it with JUNCTION_RECORD_ARTIFACTS=1 and the integration test that ` +
        `calls recordArtifact('${kind}', '${name}', …)`,
    );
  const recorded = JSON.parse(readFileSync(file, 'utf8')) as RecordedFile<K>;
  if (recorded.kind !== kind) throw new Error(`${relative(ROOT, file)} holds a ${recorded.kind} artifact, not ${kind}`);
  return recorded.artifact;
}
