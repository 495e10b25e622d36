import type { BrokerGuestArtifact } from '../model/artifacts/broker.js';
import type { BrokerGatherer } from './gatherer.js';

/** RabbitMQ's well-known default account: public knowledge, so asking with it discloses nothing. */
const GUEST = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

/** One GET of /api/whoami as guest/guest (never the system's own credential, never a write). */
export const brokerGuestGatherer: BrokerGatherer<'brokerGuest'> = {
  artifact: 'brokerGuest',
  serves: 'broker',
  timeoutMs: 20_000,
  async gather({ system, probe, signal }): Promise<BrokerGuestArtifact> {
    const url = `${system.broker.managementUrl.replace(/\/+$/, '')}/api/whoami`;
    try {
      const response = await probe.request({
        method: 'GET',
        url,
        headers: { authorization: GUEST },
        authenticate: false,
        signal,
      });
      let tags: string[] | undefined;
      if (response.status === 200) {
        try {
          const body = JSON.parse(response.body.toString('utf8')) as { tags?: string[] | string };
          // a list since RabbitMQ 3.9, a comma-separated string before
          tags = typeof body.tags === 'string' ? body.tags.split(',').filter(Boolean) : (body.tags ?? []);
        } catch {
          tags = [];
        }
      }
      return { url, status: response.status, tags };
    } catch (error) {
      return { url, error: error instanceof Error ? error.message : String(error) };
    }
  },
};
