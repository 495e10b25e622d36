import { z } from 'zod';
import { urlUserinfoProblem } from './request-path.js';

/** A token endpoint: an http(s) URL with no user name or password in it (the client secret goes in the vault). */
const tokenUrl = z.url({ protocol: /^https?$/ }).refine((url) => urlUserinfoProblem(url) === undefined, {
  message: 'the token URL must not carry a user name or password',
});

/** A credential with its secret material in clear: lives in memory only, for the length of a probe session. */
export const credentialSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
  z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }),
  z.object({ type: z.literal('api-key'), header: z.string().min(1), value: z.string().min(1) }),
  z.object({
    type: z.literal('oauth2-client-credentials'),
    tokenUrl,
    clientId: z.string(),
    clientSecret: z.string().min(1),
    scope: z.string().optional(),
  }),
]);
export type Credential = z.infer<typeof credentialSchema>;
export type CredentialType = Credential['type'];

/** The field of each credential type that is secret; everything else is stored as clear metadata. */
export const SECRET_FIELD = {
  bearer: 'token',
  basic: 'password',
  'api-key': 'value',
  'oauth2-client-credentials': 'clientSecret',
} as const satisfies Record<CredentialType, string>;

/** The secret of a credential: the value of its type's SECRET_FIELD. */
export const secretOf = (credential: Credential): string =>
  (credential as Record<string, string>)[SECRET_FIELD[credential.type]];
