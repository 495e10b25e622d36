// Regenerates src/spec/generated/ (the official OpenAPI schemas as standalone Ajv code; a test checks it is current).
import { writeFileSync } from 'node:fs';
import { GENERATED_VALIDATORS, validatorCode, validatorDeclaration } from '../src/spec/openapi-validator-code.js';

for (const { family, mode, file, declarationFile } of GENERATED_VALIDATORS) {
  writeFileSync(new URL(`../src/spec/${file}`, import.meta.url), validatorCode(family, mode));
  writeFileSync(new URL(`../src/spec/${declarationFile}`, import.meta.url), validatorDeclaration(family, mode));
}
