import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { Estate } from '../../src/estate/schema.js';
import { loadVaultKey, Vault } from '../../src/estate/vault.js';
import { STATE_DIR, WORKSPACE_FILE } from '../../src/estate/workspace.js';
import { openStore } from '../../src/store/store.js';
import { demoAttestations } from './attestations.js';
import { makeDemoCertificates } from './certificates.js';
import { startCommerce } from './commerce.js';
import { startErp } from './erp.js';
import { startPayments } from './payments.js';
import type { RunningService } from './service.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface DemoEstate {
  dir: string;
  services: Record<'erp' | 'commerce' | 'payments', RunningService>;
  stop(): Promise<void>;
}

/** Starts the demo services on 127.0.0.1 and writes a workspace describing them into `dir` (a new temp folder by default). */
export async function startDemoEstate(options: { dir?: string } = {}): Promise<DemoEstate> {
  const dir = resolve(options.dir ?? mkdtempSync(join(tmpdir(), 'junction-demo-')));
  const certificates = await makeDemoCertificates();
  const paymentsToken = `demo_${randomBytes(18).toString('hex')}`;
  const services = {
    erp: await startErp(certificates),
    commerce: await startCommerce(certificates),
    payments: await startPayments(certificates, paymentsToken),
  };
  mkdirSync(join(dir, 'certs'), { recursive: true });
  mkdirSync(join(dir, 'specs'), { recursive: true });
  writeFileSync(join(dir, 'certs', 'ca.pem'), certificates.caCert);
  copyFileSync(join(HERE, 'payments-openapi.yaml'), join(dir, 'specs', 'payments.yaml'));

  const attestations = demoAttestations();
  const estate: Estate = {
    version: 1,
    name: 'Demo estate',
    systems: [
      {
        id: 'erp',
        name: 'Legacy ERP',
        kind: 'http-api',
        baseUrl: services.erp.baseUrl,
        plainHttpUrl: services.erp.plainHttpUrl,
        healthPath: '/health',
        tls: { ca: 'certs/ca.pem' },
        allow: { methods: ['GET', 'HEAD', 'OPTIONS'] },
        expectedPeakRps: 5,
        owner: 'erp-team',
        tags: ['legacy'],
        aliases: [],
        attestations: attestations.erp,
      },
      {
        id: 'commerce',
        name: 'Commerce API',
        kind: 'http-api',
        baseUrl: services.commerce.baseUrl,
        plainHttpUrl: services.commerce.plainHttpUrl,
        healthPath: '/health',
        tls: { ca: 'certs/ca.pem' },
        allow: { methods: ['GET', 'HEAD', 'OPTIONS'], load: { maxRps: 200, maxRequests: 3000, maxSeconds: 20 } },
        expectedPeakRps: 20,
        owner: 'web-team',
        tags: [],
        aliases: [],
        attestations: attestations.commerce,
      },
      {
        id: 'payments',
        name: 'Payments API',
        kind: 'http-api',
        baseUrl: services.payments.baseUrl,
        plainHttpUrl: services.payments.plainHttpUrl,
        healthPath: '/health',
        spec: 'specs/payments.yaml',
        tls: { ca: 'certs/ca.pem' },
        auth: { credential: 'payments-token' },
        allow: { methods: ['GET', 'HEAD', 'OPTIONS', 'POST'], load: { maxRps: 100, maxRequests: 2000, maxSeconds: 20 } },
        expectedPeakRps: 10,
        owner: 'payments-team',
        tags: ['pci'],
        aliases: [],
        attestations: attestations.payments,
      },
    ],
    flows: [
      { from: 'commerce', to: 'payments', protocol: 'http', description: 'take payment at checkout' },
      { from: 'commerce', to: 'erp', protocol: 'http', description: 'stock levels' },
    ],
    logSources: [],
    monitors: [
      { system: 'erp', path: '/health', interval: 30_000 },
      { system: 'commerce', path: '/health', interval: 30_000 },
      { system: 'payments', path: '/health', interval: 30_000 },
    ],
  };
  writeFileSync(join(dir, WORKSPACE_FILE), `# Written by "junction demo": services on 127.0.0.1 that live only while the demo runs.\n${stringify(estate)}`);

  const stateDir = join(dir, STATE_DIR);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const store = openStore(stateDir);
  try {
    new Vault(store.vault, loadVaultKey(stateDir)).set('payments-token', { type: 'bearer', token: paymentsToken });
  } finally {
    store.close();
  }

  return {
    dir,
    services,
    stop: async () => {
      await Promise.all(Object.values(services).map((service) => service.stop()));
    },
  };
}
