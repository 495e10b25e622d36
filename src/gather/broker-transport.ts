import { probeAmqp } from '../broker/amqp-probe.js';
import { ManagementApi } from '../broker/management.js';
import type { BrokerListener, BrokerTlsEndpoint, BrokerTransportArtifact } from '../model/artifacts/broker.js';
import { scanTls } from '../probe/tls/scan.js';
import { recordExchange } from './record.js';
import type { BrokerGatherer } from './gatherer.js';

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/**
 * How the broker's clients and operators reach it: every plain AMQP port (from the broker's own listener list and
 * amqpUrl) asked for the protocol header without credentials, AMQPS and an https management API scanned as HTTPS
 * endpoints are, and a plain-HTTP management listener beside an https one asked anonymously.
 */
export const brokerTransportGatherer: BrokerGatherer<'brokerTransport'> = {
  artifact: 'brokerTransport',
  serves: 'broker',
  timeoutMs: 120_000,
  async gather({ system, probe, signal, progress }): Promise<BrokerTransportArtifact> {
    const { managementUrl, amqpUrl } = system.broker;
    const management = new URL(managementUrl);
    const amqp = amqpUrl ? new URL(amqpUrl) : undefined;
    const host = hostOf(amqp ?? management);
    let listeners: BrokerListener[] | undefined;
    let listenersError: string | undefined;
    try {
      listeners = (await new ManagementApi(probe, system, signal).overview()).listeners;
    } catch (error) {
      // the broker's listener list is a help, not a need: amqpUrl and the defaults are probed without it
      listenersError = error instanceof Error ? error.message : String(error);
    }
    const ports = (protocol: string) => (listeners ?? []).filter((l) => l.protocol === protocol).map((l) => l.port);
    const plainPorts = new Set(ports('amqp'));
    const tlsPorts = new Set(ports('amqp/ssl'));
    if (amqp?.protocol === 'amqp:') plainPorts.add(Number(amqp.port || 5672));
    if (amqp?.protocol === 'amqps:') tlsPorts.add(Number(amqp.port || 5671));
    // without the broker's own list, the standard plain port is where clients would find AMQP in clear text
    if (!listeners) plainPorts.add(5672);

    const { connect, tls: tlsTimeout } = probe.policy.timeouts;
    progress(`AMQP protocol header to ${[...plainPorts].join(', ') || 'no plain port'}`);
    const plainAmqp = await Promise.all(
      [...plainPorts].map((port) => probeAmqp(host, port, connect + tlsTimeout, signal)),
    );

    const scan = async (
      what: BrokerTlsEndpoint['what'],
      scanHost: string,
      port: number,
    ): Promise<BrokerTlsEndpoint> => {
      progress(`TLS scan of ${what} ${scanHost}:${port}`);
      try {
        return {
          what,
          host: scanHost,
          port,
          scan: await scanTls({ host: scanHost, port, ...probe.tls, timeoutMs: connect + tlsTimeout, signal }),
        };
      } catch (error) {
        return { what, host: scanHost, port, error: error instanceof Error ? error.message : String(error) };
      }
    };
    const tls: BrokerTlsEndpoint[] = [];
    for (const port of tlsPorts) tls.push(await scan('amqps', host, port));
    if (management.protocol === 'https:')
      tls.push(await scan('management', hostOf(management), Number(management.port || 443)));

    let plainManagement: BrokerTransportArtifact['plainManagement'];
    const plainHttp = ports('http')[0];
    if (management.protocol === 'https:' && plainHttp !== undefined) {
      const url = `http://${management.host.replace(/:\d+$/, '')}:${plainHttp}/api/overview`;
      progress('plain-HTTP management listener');
      probe.addPlainTwin(url);
      // anonymous: a credential never travels in clear text; a 401 already proves the API answers there
      const sample = await recordExchange(probe, { method: 'GET', url, authenticate: false, signal });
      plainManagement = {
        url,
        status: sample.status,
        error: sample.error && `${sample.error.code}: ${sample.error.message}`,
      };
    }
    return { managementUrl, amqpUrl, listeners: listeners ?? [], listenersError, plainAmqp, tls, plainManagement };
  },
};
