import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { GENERATED_VALIDATORS, validatorCode, validatorDeclaration } from '../../src/openapi/openapi-validator-code.js';
import { loadValidators } from '../../src/openapi/openapi-validators.js';

const SPEC = new URL('../../src/openapi/', import.meta.url);

describe('generated OpenAPI schema validators', () => {
  for (const { family, mode, file, declarationFile } of GENERATED_VALIDATORS) {
    it(`src/openapi/${file} is generated from the installed schema and Ajv, and is the module loaded for ${family} ${mode}`, async () => {
      const committed = (name: string) => readFileSync(new URL(name, SPEC), 'utf8');
      assert.ok(committed(file) === validatorCode(family, mode), 'run: npx tsx scripts/write-openapi-validators.ts');
      assert.equal(committed(declarationFile), validatorDeclaration(family, mode));
      const loaded = await loadValidators(family, mode);
      assert.equal(loaded.document, ((await import(new URL(file, SPEC).href)) as typeof loaded).document);
    });
  }

  it('checks no formats, as before (the schemas use them only for URLs and emails in metadata)', async () => {
    const { document } = await loadValidators('3.0', 'first-error');
    assert.equal(
      document({ openapi: '3.0.3', info: { title: 't', version: '1', contact: { email: 'not an email' } }, paths: {} }),
      true,
    );
    assert.equal(document({ openapi: '3.0.3', info: { title: 't' }, paths: {} }), false);
  });
});
