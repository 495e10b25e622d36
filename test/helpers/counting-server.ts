import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestServer } from './servers.js';

export interface CountingServer {
  server: TestServer;
  arrivals: { at: number; method: string }[];
}

/** A server that records the arrival time and method of every request. */
export async function countingServer(
  handle: (req: IncomingMessage, res: ServerResponse, count: number) => void,
): Promise<CountingServer> {
  const arrivals: { at: number; method: string }[] = [];
  const server = await startHttpServer((req, res) => {
    arrivals.push({ at: performance.now(), method: req.method ?? '' });
    handle(req, res, arrivals.length);
  });
  return { server, arrivals };
}

/** the most requests that arrived within any one second */
export function busiestSecond(arrivals: { at: number }[]): number {
  let best = 0;
  for (let start = 0, end = 0; end < arrivals.length; end++) {
    while (arrivals[end].at - arrivals[start].at >= 1000) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
