import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Estate } from '../../src/model/estate.js';
import { loadVaultKey, Vault } from '../../src/estate/vault.js';
import { STATE_DIR, WORKSPACE_FILE } from '../../src/estate/workspace.js';
import { openStore } from '../../src/store/store.js';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';
import { demoAttestations } from './attestations.js';
import { demoBrokerAbsence, startDemoBroker, type DemoBroker } from './broker.js';
import { makeDemoCertificates } from './certificates.js';
import { startCommerce } from './commerce.js';
import { startErp } from './erp.js';
import { startPayments } from './payments.js';
import type { RunningService } from './service.js';
import { startDemoTelemetry, type DemoTelemetry } from './telemetry.js';
import { driveDemoTraffic } from './traffic.js';

/** The demo's specs, read from Junction's own folder (from the sources and from the compiled CLI alike). */
const DEMO_ASSETS = join(PACKAGE_ROOT, 'assets', 'demo');

export interface DemoEstate {
  dir: string;
  services: Record<'erp' | 'commerce' | 'payments', RunningService>;
  telemetry: DemoTelemetry;
  /** the message broker, when asked for and RabbitMQ is installed */
  broker?: DemoBroker;
  /** why the demo has no broker although one was asked for */
  brokerAbsence?: string;
  /** the services call each other: an access log and OTLP traces to import */
  traffic(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the demo services on 127.0.0.1 and writes a workspace describing them into `dir` (a new temp folder by default). */
export async function startDemoEstate(options: { dir?: string; broker?: boolean } = {}): Promise<DemoEstate> {
  const dir = resolve(options.dir ?? mkdtempSync(join(tmpdir(), 'junction-demo-')));
  const certificates = await makeDemoCertificates();
  const paymentsToken = `demo_${randomBytes(18).toString('hex')}`;
  const telemetry = await startDemoTelemetry({ traces: join(dir, 'logs', 'traces.otlp.jsonl') });
  const services = {
    erp: await startErp(certificates),
    commerce: await startCommerce(certificates),
    payments: await startPayments(
      certificates,
      paymentsToken,
      telemetry.observe('payments', join(dir, 'logs', 'payments-access.log')),
    ),
  };
  const brokerAbsence = options.broker ? demoBrokerAbsence() : undefined;
  const broker = options.broker && !brokerAbsence ? await startDemoBroker(certificates) : undefined;
  mkdirSync(join(dir, 'certs'), { recursive: true });
  mkdirSync(join(dir, 'specs'), { recursive: true });
  writeFileSync(join(dir, 'certs', 'ca.pem'), certificates.caCert);
  copyFileSync(join(DEMO_ASSETS, 'payments-openapi.yaml'), join(dir, 'specs', 'payments.yaml'));
  // commerce 1.5.0 dropped GET /v1/categories and Product.sku without a major version: versioning checks catch it
  copyFileSync(join(DEMO_ASSETS, 'commerce-openapi.yaml'), join(dir, 'specs', 'commerce.yaml'));
  copyFileSync(join(DEMO_ASSETS, 'commerce-openapi-previous.yaml'), join(dir, 'specs', 'commerce-1.4.yaml'));

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
        spec: 'specs/commerce.yaml',
        specPrevious: 'specs/commerce-1.4.yaml',
        tls: { ca: 'certs/ca.pem' },
        allow: { methods: ['GET', 'HEAD', 'OPTIONS'], load: { maxRps: 200, maxRequests: 3000, maxSeconds: 20 } },
        expectedPeakRps: 8,
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
        allow: {
          methods: ['GET', 'HEAD', 'OPTIONS', 'POST'],
          load: { maxRps: 100, maxRequests: 2000, maxSeconds: 20 },
        },
        expectedPeakRps: 10,
        owner: 'payments-team',
        tags: ['pci'],
        aliases: [],
        attestations: attestations.payments,
      },
      ...(broker ? [broker.system] : []),
    ],
    flows: [
      { from: 'commerce', to: 'payments', protocol: 'http', description: 'take payment at checkout' },
      { from: 'commerce', to: 'erp', protocol: 'http', description: 'stock levels' },
      ...(broker?.flows ?? []),
    ],
    logSources: [
      {
        id: 'payments-access',
        type: 'nginx-combined',
        path: 'logs/payments-access.log',
        system: 'payments',
        clientIdentity: 'user-agent',
      },
      { id: 'traces', type: 'otlp-json', path: 'logs/traces.otlp.jsonl' },
    ],
    monitors: [
      {
        system: 'erp',
        path: '/health',
        interval: 30_000,
        thresholds: { p95Ms: 500, down: 2, window: 300_000 },
        alerts: [{ webhook: telemetry.webhookUrl }],
      },
      { system: 'commerce', path: '/health', interval: 30_000 },
      { system: 'payments', path: '/health', interval: 30_000, alerts: [{ webhook: telemetry.webhookUrl }] },
      ...(broker ? [broker.monitor] : []),
    ],
    waivers: [],
  };
  writeFileSync(
    join(dir, WORKSPACE_FILE),
    `# Written by "junction demo": services on 127.0.0.1 that live only while the demo runs.\n${stringify(estate)}`,
  );

  const stateDir = join(dir, STATE_DIR);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const store = openStore(stateDir);
  try {
    const vault = new Vault(store.vault, loadVaultKey(stateDir));
    vault.set('payments-token', { type: 'bearer', token: paymentsToken });
    if (broker) vault.set('broker-monitor', { type: 'basic', ...broker.monitoring });
  } finally {
    store.close();
  }

  return {
    dir,
    services,
    telemetry,
    ...(broker ? { broker } : {}),
    ...(brokerAbsence ? { brokerAbsence } : {}),
    traffic: async () => {
      await driveDemoTraffic({
        telemetry,
        paymentsUrl: services.payments.baseUrl,
        token: paymentsToken,
        ca: certificates.caCert,
      });
      await broker?.traffic();
    },
    stop: async () => {
      await Promise.all(Object.values(services).map((service) => service.stop()));
      await telemetry.stop();
      await broker?.stop();
    },
  };
}
