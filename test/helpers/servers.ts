import http, { type RequestListener } from 'node:http';
import https from 'node:https';
import net, { type Server } from 'node:net';
import { closeServer, listenOnLoopback } from '../../assets/demo/listen.js';
import { makeDemoCertificates, type DemoCertificates } from '../../assets/demo/certificates.js';

let certificates: Promise<DemoCertificates> | undefined;
/** One CA + localhost leaf per test process (made in-process, like the demo). */
export const testCertificates = (): Promise<DemoCertificates> => (certificates ??= makeDemoCertificates());

export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function started(server: Server, scheme: string): Promise<TestServer> {
  const port = await listenOnLoopback(server);
  return { url: `${scheme}://127.0.0.1:${port}`, port, close: () => closeServer(server) };
}

export function startHttpServer(handler: RequestListener): Promise<TestServer> {
  return started(http.createServer(handler), 'http');
}

export async function startHttpsServer(
  handler: RequestListener,
  options: https.ServerOptions = {},
): Promise<TestServer> {
  const { cert, key } = await testCertificates();
  return started(https.createServer({ cert, key, ...options }, handler), 'https');
}

/** A raw TCP server, for peers that misbehave below HTTP. */
export function startTcpServer(onConnection: (socket: net.Socket) => void): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  return started(server, 'tcp').then((s) => ({
    ...s,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return s.close();
    },
  }));
}
