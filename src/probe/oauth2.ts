import { z } from 'zod';
import type { Credential } from '../model/credential.js';
import { ProbeError } from './errors.js';
import { httpRequest } from './http.js';

export interface AccessToken {
  accessToken: string;
  /** epoch ms; refreshed 30 s early so a token never expires mid-request */
  expiresAt: number;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.coerce.number().optional(),
});

/** RFC 6749 §4.4 client credentials grant, client authenticated with HTTP basic (client_secret_basic). */
export async function fetchClientCredentialsToken(
  credential: Extract<Credential, { type: 'oauth2-client-credentials' }>,
  options: { ca?: string; signal?: AbortSignal },
): Promise<AccessToken> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (credential.scope) form.set('scope', credential.scope);
  const basic = Buffer.from(
    `${encodeURIComponent(credential.clientId)}:${encodeURIComponent(credential.clientSecret)}`,
  ).toString('base64');
  const response = await httpRequest({
    method: 'POST',
    url: credential.tokenUrl,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: `Basic ${basic}`,
    },
    body: form.toString(),
    ca: options.ca,
    signal: options.signal,
  });
  if (response.status !== 200) {
    throw new ProbeError('network', `token endpoint answered ${response.status}`, 'first-byte');
  }
  let parsed: z.infer<typeof tokenResponse>;
  try {
    parsed = tokenResponse.parse(JSON.parse(response.body.toString('utf8')));
  } catch {
    throw new ProbeError('protocol', 'token endpoint did not answer with an OAuth 2.0 token response', 'body');
  }
  const lifetime = (parsed.expires_in ?? 300) * 1000;
  return { accessToken: parsed.access_token, expiresAt: Date.now() + Math.max(lifetime - 30_000, lifetime / 2) };
}
