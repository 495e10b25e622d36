// Regenerates src/openapi/generated/ (the official OpenAPI schemas as standalone Ajv code; a test checks it is current).
import { writeFileSync } from 'node:fs';
import { GENERATED_VALIDATORS, validatorCode, validatorDeclaration } from '../src/openapi/openapi-validator-code.js';

for (const { family, mode, file, declarationFile } of GENERATED_VALIDATORS) {
  writeFileSync(new URL(`../src/openapi/${file}`, import.meta.url), validatorCode(family, mode));
  writeFileSync(new URL(`../src/openapi/${declarationFile}`, import.meta.url), validatorDeclaration(family, mode));
}
