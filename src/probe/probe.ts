import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { addressOf, SAFE_METHODS, type System } from '../model/estate.js';
import type { Credential, CredentialType } from '../model/credential.js';
import { ProbeError } from './errors.js';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUTS,
  httpRequest,
  type HttpRequest,
  type HttpResponse,
  type PhaseTimeouts,
} from './http.js';
import { fetchClientCredentialsToken, type AccessToken } from './oauth2.js';
import { Redactor } from './redact.js';

export interface ProbePolicy {
  allowedMethods: ReadonlySet<string>;
  requestBudget: number;
  maxRps: number;
  timeouts: PhaseTimeouts;
  maxBytes: number;
}

export function policyFor(system: System): ProbePolicy {
  const limits = system.limits;
  return {
    allowedMethods: new Set<string>([...SAFE_METHODS, ...(system.allow?.methods ?? [])]),
    requestBudget: limits?.requestBudget ?? 200,
    maxRps: limits?.maxRps ?? 20,
    timeouts: { ...DEFAULT_TIMEOUTS, ...(limits?.timeouts ?? {}) },
    maxBytes: limits?.maxBytes ?? DEFAULT_MAX_BYTES,
  };
}

export interface ProbeOptions {
  policy: ProbePolicy;
  credential?: Credential;
  /** PEM of an extra trust anchor (system.tls.ca, already read) */
  ca?: string;
  servername?: string;
  redactor?: Redactor;
}

export type ProbeCall = Omit<HttpRequest, 'ca' | 'servername' | 'timeouts' | 'maxBytes'> & {
  /** false to send the request without the system's credential (to see what an anonymous client gets) */
  authenticate?: boolean;
  timeouts?: Partial<PhaseTimeouts>;
};

/**
 * A system's gate to the network: every request a gatherer makes passes here, so the system's
 * safety policy (methods, budget, rate), credentials and redaction apply to all of them.
 */
export class Probe {
  readonly redactor: Redactor;
  private sent = 0;
  private nextSlot = 0;
  private token?: AccessToken;

  constructor(
    readonly system: System,
    private readonly options: ProbeOptions,
  ) {
    this.redactor = options.redactor ?? new Redactor();
    const credential = options.credential;
    if (credential?.type === 'bearer') this.redactor.addSecret(credential.token);
    if (credential?.type === 'basic') {
      this.redactor.addSecret(credential.password);
      this.redactor.addSecret(Buffer.from(`${credential.username}:${credential.password}`).toString('base64'));
    }
    if (credential?.type === 'api-key') {
      this.redactor.addSecret(credential.value);
      this.redactor.addSecretHeader(credential.header);
    }
    if (credential?.type === 'oauth2-client-credentials') this.redactor.addSecret(credential.clientSecret);
  }

  get requestsSent(): number {
    return this.sent;
  }

  get policy(): ProbePolicy {
    return this.options.policy;
  }

  get hasCredential(): boolean {
    return this.options.credential !== undefined;
  }

  /** The kind of credential the probe sends (never its secret), or undefined for an anonymous probe. */
  get credentialType(): CredentialType | undefined {
    return this.options.credential?.type;
  }

  /** The system's extra trust anchor and SNI name, for probes that open their own TLS connections. */
  get tls(): { ca?: string; servername?: string } {
    return { ca: this.options.ca, servername: this.options.servername };
  }

  /** A URL on the system: a path resolved against its base URL (a broker's management API), or an absolute URL. */
  url(pathOrUrl: string): string {
    return new URL(pathOrUrl, addressOf(this.system)).toString();
  }

  async request(call: ProbeCall): Promise<HttpResponse> {
    const policy = this.options.policy;
    const method = call.method.toUpperCase();
    if (!policy.allowedMethods.has(method)) {
      throw new ProbeError('policy-method', `${method} is not allowed for ${this.system.id} (allow.methods)`, 'policy');
    }
    if (this.sent >= policy.requestBudget) {
      throw new ProbeError(
        'policy-budget',
        `request budget of ${policy.requestBudget} for ${this.system.id} is spent`,
        'policy',
      );
    }
    this.sent++;
    await this.waitForSlot(call.signal);
    const headers = { ...call.headers };
    if (call.authenticate !== false) Object.assign(headers, await this.authHeaders(call.signal));
    return httpRequest({
      ...call,
      method,
      headers,
      ca: this.options.ca,
      servername: this.options.servername,
      timeouts: { ...policy.timeouts, ...call.timeouts },
      maxBytes: policy.maxBytes,
    });
  }

  /**
   * What the load generator needs to open its own connection pool to the system: its credential's headers and
   * TLS trust. The load generator bypasses request() and enforces the system's allow.load caps itself.
   */
  async loadAccess(
    signal?: AbortSignal,
  ): Promise<{ headers: Record<string, string>; ca?: string; servername?: string }> {
    return { headers: await this.authHeaders(signal), ca: this.options.ca, servername: this.options.servername };
  }

  /** Spaces request starts at least 1/maxRps apart. */
  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    const interval = 1000 / this.options.policy.maxRps;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now)
      await sleep(slot - now, undefined, { signal }).catch(() => {
        throw new ProbeError('aborted', 'aborted while waiting for the rate cap', 'policy');
      });
  }

  private async authHeaders(signal?: AbortSignal): Promise<Record<string, string>> {
    const credential = this.options.credential;
    switch (credential?.type) {
      case undefined:
        return {};
      case 'bearer':
        return { authorization: `Bearer ${credential.token}` };
      case 'basic':
        return {
          authorization: `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`,
        };
      case 'api-key':
        return { [credential.header.toLowerCase()]: credential.value };
      case 'oauth2-client-credentials': {
        if (!this.token || this.token.expiresAt <= Date.now()) {
          this.token = await fetchClientCredentialsToken(credential, { ca: this.options.ca, signal });
          this.redactor.addSecret(this.token.accessToken);
        }
        return { authorization: `Bearer ${this.token.accessToken}` };
      }
    }
  }
}
