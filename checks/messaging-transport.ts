import type { BrokerTlsEndpoint } from '../src/model/artifacts/broker.js';
import { defineCheck } from './contract.js';
import { table } from './lib/evidence.js';
import { acceptedVersions, mozillaProfile, sslLabsGrade, VERSION_LABEL } from './lib/tls.js';
import { Problems } from './lib/verdict.js';

const DAY_MS = 86_400_000;
const EXPIRY_WARN_DAYS = 30;

const REFERENCES = [
  { title: 'RabbitMQ: TLS support', url: 'https://www.rabbitmq.com/docs/ssl' },
  {
    title: 'RabbitMQ: management plugin over HTTPS',
    url: 'https://www.rabbitmq.com/docs/management#single-listener-https',
  },
  { title: 'Mozilla server-side TLS guidelines', url: 'https://wiki.mozilla.org/Security/Server_Side_TLS' },
];

const LABEL = { amqps: 'AMQPS', management: 'management API' } as const;

/** The HTTPS checks' judgement, on one endpoint: the SSL Labs-style grade (versions, suites, chain, name) and expiry. */
function judgeTls(endpoint: BrokerTlsEndpoint, problems: Problems): void {
  const where = `${LABEL[endpoint.what]} ${endpoint.host}:${endpoint.port}`;
  if (!endpoint.scan) {
    problems.fail(`${where}: no TLS handshake (${endpoint.error ?? 'unknown error'})`);
    return;
  }
  const grade = sslLabsGrade(endpoint.scan);
  if (grade.grade === 'A') {
    // fine
  } else if (grade.grade === 'B') problems.warn(`${where} grades B (${grade.caps.join('; ')})`);
  else problems.fail(`${where} grades ${grade.grade} (${grade.caps.join('; ')})`);
  const leaf = endpoint.scan.chain[0];
  if (leaf) {
    const days = Math.floor((Date.parse(leaf.validTo) - Date.parse(endpoint.scan.scannedAt)) / DAY_MS);
    if (days >= 0 && days < EXPIRY_WARN_DAYS) problems.warn(`${where}: the certificate expires in ${days} days`);
  }
}

export const messagingTransport = defineCheck({
  id: 'messaging.transport',
  category: 'Security',
  basis: 'observed',
  title: 'Clients and operators reach the broker only over TLS',
  failureTitle: 'The broker can be reached in clear text',
  description:
    'Plain AMQP (the protocol header answered on a port without TLS) carries credentials and messages in clear text, as ' +
    'does a management API on plain HTTP. AMQPS and an https management API get the same judgement as HTTPS endpoints: ' +
    'TLS versions, suites, chain, host name and expiry. ' +
    'Learn more: https://www.rabbitmq.com/docs/ssl',
  requires: ['brokerTransport'],
  owasp: ['API8:2023'],
  appliesTo: () => true,
  judge({ brokerTransport: transport }) {
    const problems = new Problems();
    for (const probe of transport.plainAmqp.filter((p) => p.answered)) {
      const server = [probe.server?.product, probe.server?.version].filter(Boolean).join(' ');
      problems.fail(`plain AMQP answers on ${probe.host}:${probe.port}${server ? ` (${server})` : ''}`);
    }
    if (transport.managementUrl.startsWith('http:'))
      problems.fail(`the management API is plain HTTP (${transport.managementUrl})`);
    if (transport.plainManagement?.status !== undefined)
      problems.fail(
        `the management API also answers plain HTTP at ${transport.plainManagement.url} (HTTP ${transport.plainManagement.status})`,
      );
    const amqps = transport.tls.filter((endpoint) => endpoint.what === 'amqps');
    if (amqps.length === 0) problems.fail('no AMQPS listener: clients have no way to connect with TLS');
    for (const endpoint of transport.tls) judgeTls(endpoint, problems);

    const evidence = [
      table(
        'Plain AMQP ports (protocol header, no credentials)',
        [
          { key: 'port', label: 'Port', type: 'code' },
          { key: 'answered', label: 'Speaks AMQP', type: 'text' },
          { key: 'server', label: 'Server', type: 'text' },
          { key: 'mechanisms', label: 'Login mechanisms', type: 'text' },
          { key: 'detail', label: 'Detail', type: 'text' },
        ],
        transport.plainAmqp.map((probe) => ({
          port: `${probe.host}:${probe.port}`,
          answered: probe.answered ? 'yes' : 'no',
          server: [probe.server?.product, probe.server?.version].filter(Boolean).join(' ') || null,
          mechanisms: probe.server?.mechanisms.join(' ') || null,
          detail: probe.detail,
        })),
      ),
      table(
        'TLS endpoints',
        [
          { key: 'endpoint', label: 'Endpoint', type: 'text' },
          { key: 'grade', label: 'Grade', type: 'text' },
          { key: 'versions', label: 'Versions', type: 'text' },
          { key: 'profile', label: 'Mozilla profile', type: 'text' },
          { key: 'validTo', label: 'Certificate valid until', type: 'date' },
          { key: 'trusted', label: 'Trusted', type: 'text' },
        ],
        transport.tls.map((endpoint) => ({
          endpoint: `${LABEL[endpoint.what]} ${endpoint.host}:${endpoint.port}`,
          grade: endpoint.scan ? sslLabsGrade(endpoint.scan).grade : (endpoint.error ?? null),
          versions: endpoint.scan
            ? acceptedVersions(endpoint.scan)
                .map((v) => VERSION_LABEL[v])
                .join(', ')
            : null,
          profile: endpoint.scan ? mozillaProfile(endpoint.scan) : null,
          validTo: endpoint.scan?.chain[0]?.validTo,
          trusted: endpoint.scan ? (endpoint.scan.trust.trusted ? 'yes' : `no (${endpoint.scan.trust.error})`) : null,
        })),
      ),
      table(
        transport.listenersError
          ? `Listeners (not read: ${transport.listenersError})`
          : "The broker's listeners (GET /api/overview)",
        [
          { key: 'protocol', label: 'Protocol', type: 'code' },
          { key: 'port', label: 'Port', type: 'number' },
          { key: 'ip', label: 'Address', type: 'code' },
        ],
        transport.listeners.filter((listener) => listener.protocol !== 'clustering'),
      ),
    ];
    const tlsOnly = transport.tls.map((endpoint) => `${LABEL[endpoint.what]} ${endpoint.port}`).join(', ');
    return problems.verdict({
      pass: `TLS only: ${tlsOnly}; no plain AMQP or HTTP listener answers`,
      evidence,
      remediation:
        'Turn plain listeners off (rabbitmq.conf: listeners.tcp = none, and no management.tcp.* once management.ssl.* ' +
        'is set), serve AMQPS (listeners.ssl.default = 5671) and the management API over HTTPS with TLS 1.2+ only ' +
        '(ssl_options.versions.1 = tlsv1.2, ssl_options.versions.2 = tlsv1.3), from a certificate clients trust.',
      references: REFERENCES,
    });
  },
});
