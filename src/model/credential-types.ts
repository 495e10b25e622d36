import type { CredentialType } from './credential.js';

/** The credential types, apart from their zod schema (credential.ts), so that `junction --help` lists them without loading zod. */
export const CREDENTIAL_TYPES = [
  'bearer',
  'basic',
  'api-key',
  'oauth2-client-credentials',
] as const satisfies readonly CredentialType[];
