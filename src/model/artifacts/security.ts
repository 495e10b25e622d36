/**
 * The `transport` and `auth` artifacts: the extra exchanges the transport-header (CORS) and authentication checks
 * judge, beside the `http` baseline (which also holds the plain-HTTP exchange).
 */
import type { CredentialType } from '../credential.js';
import type { HttpSample } from './http.js';
import type { HttpMethod, SpecSecurityRequirement, SpecSecurityScheme } from './spec.js';

export interface TransportArtifact {
  /** the made-up origin sent in Origin headers */
  origin: string;
  /** GET of the health path with an Origin header */
  cors: HttpSample;
  /** CORS preflight for a credentialed GET */
  preflight: HttpSample;
}

export interface AuthOperation {
  method: HttpMethod;
  path: string;
  operationId?: string;
  /** effective requirements; [] means public, a `{}` entry means authentication is optional */
  security: SpecSecurityRequirement[];
}

/** One protected operation called without and with the system's credential. */
export interface AuthProbe {
  method: HttpMethod;
  path: string;
  url: string;
  anonymous: HttpSample;
  /** absent when the system has no credential */
  authenticated?: HttpSample;
  /** the base URL, called because there is no spec to name an operation (none declared, unreadable, or without operations) */
  baseUrl?: true;
}

export interface AuthArtifact {
  /** the kind of credential the estate configures (never its value) */
  credentialType?: CredentialType;
  /** what the system's spec declares, when it names one */
  spec?:
    { source: string; schemes: SpecSecurityScheme[]; operations: AuthOperation[] } | { source: string; error: string };
  /** live calls of protected safe operations, or why none was made */
  live: { probes: AuthProbe[] } | { reason: string };
}

/** Protected means at least one requirement and none of them empty (`{}` makes authentication optional). */
export const isProtected = (operation: Pick<AuthOperation, 'security'>): boolean =>
  operation.security.length > 0 && operation.security.every((requirement) => Object.keys(requirement).length > 0);
