import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemSchema, type HttpSystem, type System } from '../../src/model/estate.js';

/** A system with schema defaults applied, as the workspace loader would produce it. */
export function makeSystem(fields: Partial<Record<keyof System, unknown>> & { baseUrl: string }): HttpSystem {
  return systemSchema.parse({ id: 'sys', name: 'System', ...fields }) as HttpSystem;
}

/** A temp workspace folder holding the given junction.yaml text. */
export function tempWorkspace(yamlText: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-test-'));
  writeFileSync(join(dir, 'junction.yaml'), yamlText);
  return dir;
}
