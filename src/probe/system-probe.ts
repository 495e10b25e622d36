import { readFileSync } from 'node:fs';
import type { Credential } from '../model/credential.js';
import type { Auth, Broker, System } from '../model/estate.js';
import { ConfigError } from '../estate/errors.js';
import { resolveAuth, type Vault } from '../estate/vault.js';
import type { Workspace } from '../estate/workspace.js';
import { Probe, policyFor } from './probe.js';
import { sharedRateGate } from './rate-gate.js';
import type { Redactor } from './redact.js';

/**
 * The Probe for one system of a workspace: its policy, its credential from the vault and its trust anchor. Every
 * probe of the system in this process (the audit's, each monitor check's) waits on the system's one rate gate.
 */
export function createProbe(
  workspace: Workspace,
  system: System,
  deps: { vault: () => Vault; env?: NodeJS.ProcessEnv },
  redactor: Redactor,
): Probe {
  let ca: string | undefined;
  if (system.tls?.ca) {
    const file = workspace.resolvePath(system.tls.ca);
    try {
      ca = readFileSync(file, 'utf8');
    } catch {
      throw new ConfigError(`cannot read the CA file ${file} (systems.${system.id}.tls.ca)`);
    }
  }
  const auth = system.broker ? brokerAuth(system.broker) : system.auth;
  const credential: Credential | undefined = auth ? resolveAuth(auth, deps.vault, deps.env) : undefined;
  const policy = policyFor(system);
  return new Probe(system, {
    policy,
    credential,
    ca,
    servername: system.tls?.servername,
    redactor,
    gate: sharedRateGate(`${workspace.dir}#${system.id}`, policy.maxRps),
  });
}

/** A broker's credential as the vault resolves it: a vault id, or basic auth from the environment. */
const brokerAuth = (broker: Broker): Auth =>
  typeof broker.credential === 'string' ? { credential: broker.credential } : broker.credential;
