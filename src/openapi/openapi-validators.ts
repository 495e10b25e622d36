import type { ValidateFunction } from 'ajv';

export const SPEC_FAMILIES = ['2.0', '3.0', '3.1'] as const;
export type SpecFamily = (typeof SPEC_FAMILIES)[number];

/** first-error: the verdict, cheap enough for 4 MB documents; all-errors: what a person needs to fix a failure */
export const VALIDATOR_MODES = ['first-error', 'all-errors'] as const;
export type ValidatorMode = (typeof VALIDATOR_MODES)[number];

export interface OpenApiValidators {
  document: ValidateFunction;
  /** one Path Item Object */
  pathItem: ValidateFunction;
}

/** What each generated module exports: JSON pointers into the family's schema. */
export const VALIDATOR_EXPORTS = (family: SpecFamily): Record<keyof OpenApiValidators, string> => ({
  document: '',
  pathItem: { '2.0': '/definitions/pathItem', '3.0': '/definitions/PathItem', '3.1': '/$defs/path-item' }[family],
});

/** The generated module of a family and mode, relative to this folder (written by scripts/write-openapi-validators.ts). */
export const validatorFile = (family: SpecFamily, mode: ValidatorMode) => `generated/openapi-${family}-${mode}.mjs`;

// Literal paths, so that a bundler (the desktop build) finds and includes every module; a test checks them against
// validatorFile().
const MODULES: Record<SpecFamily, Record<ValidatorMode, () => Promise<OpenApiValidators>>> = {
  '2.0': {
    'first-error': () => import('./generated/openapi-2.0-first-error.mjs'),
    'all-errors': () => import('./generated/openapi-2.0-all-errors.mjs'),
  },
  '3.0': {
    'first-error': () => import('./generated/openapi-3.0-first-error.mjs'),
    'all-errors': () => import('./generated/openapi-3.0-all-errors.mjs'),
  },
  '3.1': {
    'first-error': () => import('./generated/openapi-3.1-first-error.mjs'),
    'all-errors': () => import('./generated/openapi-3.1-all-errors.mjs'),
  },
};

/**
 * The official OpenAPI schemas, compiled to standalone code at development time: compiling them with Ajv cost
 * ~300 ms per family and process, loading the generated module costs ~10 ms. Loaded on first use, so a process
 * meeting only valid 3.0 specs loads one module.
 */
export function loadValidators(family: SpecFamily, mode: ValidatorMode): Promise<OpenApiValidators> {
  return MODULES[family][mode]();
}
