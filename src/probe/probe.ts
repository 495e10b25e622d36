import { addressOf, SAFE_METHODS, type System } from '../model/estate.js';
import { secretOf, type Credential, type CredentialType } from '../model/credential.js';
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
import { RateGate } from './rate-gate.js';
import { Redactor } from './redact.js';
import { plainHttpTarget, systemUrl } from './targets.js';

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
  /** the rate cap to wait on, when it is shared with other probes of the system (monitors); default: the probe's own */
  gate?: RateGate;
}

export type ProbeCall = Omit<HttpRequest, 'ca' | 'servername' | 'timeouts' | 'maxBytes'> & {
  /** false to send the request without the system's credential (to see what an anonymous client gets) */
  authenticate?: boolean;
  /**
   * 'system' (default): the request must stay on the system's origin (or its plain-HTTP twin). 'document': a spec or
   * a remote $ref, which the spec reader has already allowed; it goes anonymous unless auth.origins names its origin.
   */
  target?: 'system' | 'document';
  timeouts?: Partial<PhaseTimeouts>;
};

/**
 * What the probe answered, and why the credential did not go with it when it was asked for but withheld, or the
 * names of the headers it went in (never their values) when it did.
 */
export type ProbeResponse = HttpResponse & { credentialWithheld?: string; credentialHeaders?: string[] };

/**
 * A system's gate to the network: every request a gatherer makes passes here, so the system's
 * safety policy (methods, budget, rate), credentials and redaction apply to all of them.
 */
export class Probe {
  readonly redactor: Redactor;
  private sent = 0;
  private token?: AccessToken;
  private readonly gate: RateGate;
  /** the system's own origin: the scheme, host and port of its base URL (a broker's management API) */
  private readonly origin: string;
  /** where a request of the system may go: its origin and its plain-HTTP twin */
  private readonly reachable: Set<string>;
  /** origins the user named for the credential beyond the system's own (auth.origins) */
  private readonly namedOrigins: ReadonlySet<string>;

  constructor(
    readonly system: System,
    private readonly options: ProbeOptions,
  ) {
    this.gate = options.gate ?? new RateGate(options.policy.maxRps);
    this.origin = new URL(addressOf(system)).origin;
    const plain = plainHttpTarget(system);
    this.reachable = new Set([this.origin, ...('url' in plain ? [new URL(plain.url).origin] : [])]);
    this.namedOrigins = new Set((system.auth?.origins ?? []).map((named) => new URL(named).origin));
    this.redactor = options.redactor ?? new Redactor();
    const credential = options.credential;
    if (credential) {
      // the vault's table of secret fields, plus what each type derives from its secret on the wire
      this.redactor.addSecret(secretOf(credential));
      if (credential.type === 'basic')
        this.redactor.addSecret(Buffer.from(`${credential.username}:${credential.password}`).toString('base64'));
      if (credential.type === 'api-key') this.redactor.addSecretHeader(credential.header);
    }
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

  /**
   * A plain-HTTP twin learnt at run time: a broker's own listener list names its plain management port. Only http,
   * only the system's own host; like every plain-HTTP twin it never gets the credential (see credentialRefusal).
   */
  addPlainTwin(url: string): void {
    const twin = new URL(url);
    if (twin.protocol !== 'http:' || twin.hostname !== new URL(this.origin).hostname)
      throw new ProbeError('policy-origin', `${twin.origin} is no plain-HTTP twin of ${this.origin}`, 'policy');
    this.reachable.add(twin.origin);
  }

  /** A URL on the system: the path appended to its base URL's path (a broker's management API), or that URL itself. */
  url(path?: string): string {
    return systemUrl(this.system, path);
  }

  /**
   * Why the system's credential must not go with a request to `url`, or undefined when it may: only to the system's
   * own origin or one named in auth.origins (a document only to a named one), and over plain HTTP only where
   * allow.plaintextCredentials says so.
   */
  credentialRefusal(url: string, target: ProbeCall['target'] = 'system'): string | undefined {
    if (!this.options.credential) return undefined;
    const parsed = new URL(url);
    const named = this.namedOrigins.has(parsed.origin);
    if (target === 'document' && !named)
      return `specs and $refs are fetched anonymously (name ${parsed.origin} in auth.origins to send the credential)`;
    if (!named && parsed.origin !== this.origin)
      return `${parsed.origin} is not ${this.system.id}'s origin ${this.origin} (auth.origins)`;
    if (parsed.protocol === 'http:' && this.system.allow.plaintextCredentials !== true)
      return 'Junction does not send the credential over plain HTTP (set allow.plaintextCredentials: true for a lab)';
    return undefined;
  }

  async request(call: ProbeCall): Promise<ProbeResponse> {
    const policy = this.options.policy;
    const method = call.method.toUpperCase();
    if (!policy.allowedMethods.has(method)) {
      throw new ProbeError('policy-method', `${method} is not allowed for ${this.system.id} (allow.methods)`, 'policy');
    }
    const target = this.checkTarget(call);
    if (this.sent >= policy.requestBudget) {
      throw new ProbeError(
        'policy-budget',
        `request budget of ${policy.requestBudget} for ${this.system.id} is spent`,
        'policy',
      );
    }
    this.sent++;
    await this.gate.wait(call.signal);
    const headers = { ...call.headers };
    let credentialWithheld: string | undefined;
    let credentialHeaders: string[] | undefined;
    if (call.authenticate !== false && this.options.credential) {
      credentialWithheld = this.credentialRefusal(target.href, call.target);
      if (!credentialWithheld) {
        const auth = await this.authHeaders(call.signal);
        credentialHeaders = Object.keys(auth);
        Object.assign(headers, auth);
      }
    }
    const { authenticate: _authenticate, target: _target, ...exchange } = call;
    const response = await httpRequest({
      ...exchange,
      url: target.href,
      method,
      headers,
      ca: this.options.ca,
      servername: this.options.servername,
      timeouts: { ...policy.timeouts, ...call.timeouts },
      maxBytes: policy.maxBytes,
    });
    return credentialWithheld
      ? { ...response, credentialWithheld }
      : credentialHeaders
        ? { ...response, credentialHeaders }
        : response;
  }

  /** The request's URL, checked before any socket opens: http(s), and on the system unless it is a document. */
  private checkTarget(call: ProbeCall): URL {
    let url: URL;
    try {
      url = new URL(call.url);
    } catch {
      throw new ProbeError('policy-origin', `not a URL: ${this.redactor.text(call.url)}`, 'policy');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ProbeError('policy-origin', `${url.protocol} is not http or https`, 'policy');
    if (url.username || url.password)
      throw new ProbeError('policy-origin', 'a URL with a user name or password is never requested', 'policy');
    if ((call.target ?? 'system') === 'system' && !this.reachable.has(url.origin))
      throw new ProbeError(
        'policy-origin',
        `${url.origin} is not ${this.system.id}'s origin (${[...this.reachable].join(' or ')}): Junction stays on the system`,
        'policy',
      );
    return url;
  }

  /**
   * What the load generator needs to open its own connection pool to the system: its credential's headers and
   * TLS trust. The load generator bypasses request() and enforces the system's allow.load caps itself.
   */
  async loadAccess(
    url: string,
    signal?: AbortSignal,
  ): Promise<{
    url: string;
    headers: Record<string, string>;
    ca?: string;
    servername?: string;
    credentialWithheld?: string;
  }> {
    const target = this.checkTarget({ method: 'GET', url });
    const credentialWithheld = this.credentialRefusal(target.href);
    const headers = credentialWithheld ? {} : await this.authHeaders(signal);
    return { url: target.href, headers, ca: this.options.ca, servername: this.options.servername, credentialWithheld };
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
          if (new URL(credential.tokenUrl).protocol === 'http:' && this.system.allow.plaintextCredentials !== true)
            throw new ProbeError(
              'policy-plaintext',
              'the OAuth 2.0 token URL is plain HTTP: Junction does not send the client secret in clear text (allow.plaintextCredentials)',
              'policy',
            );
          this.token = await fetchClientCredentialsToken(credential, { ca: this.options.ca, signal });
          this.redactor.addSecret(this.token.accessToken);
        }
        return { authorization: `Bearer ${this.token.accessToken}` };
      }
    }
  }
}
