import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ProbeError } from '../../src/probe/errors.js';
import { httpRequest } from '../../src/probe/http.js';
import {
  startHttpServer,
  startHttpsServer,
  startTcpServer,
  testCertificates,
  type TestServer,
} from '../helpers/servers.js';

async function expectProbeError(promise: Promise<unknown>, code: string, withinMs: number): Promise<ProbeError> {
  const started = Date.now();
  const error = await promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ProbeError, `expected a ProbeError, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.ok(Date.now() - started < withinMs, `took ${Date.now() - started} ms, limit ${withinMs}`);
  return error;
}

describe('probe toolkit against hostile servers', () => {
  const servers: TestServer[] = [];
  let silent: TestServer;
  let drip: TestServer;
  let endless: TestServer;
  let reset: TestServer;
  let healthy: TestServer;
  let tlsSilent: TestServer;

  beforeAll(async () => {
    // Accepts the connection, reads the request, never answers.
    silent = await startTcpServer((socket) => socket.resume());
    // Sends a valid status line, then one byte of headers a second, forever.
    drip = await startTcpServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      const timer = setInterval(() => socket.write('X'), 1000);
      socket.on('close', () => clearInterval(timer));
    });
    endless = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (res.write(chunk)) {
          /* keep the socket full */
        }
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    });
    reset = await startTcpServer((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial');
        setTimeout(() => socket.resetAndDestroy(), 20);
      });
    });
    healthy = await startHttpsServer((_req, res) => res.end('ok'));
    // A TCP port that never speaks TLS.
    tlsSilent = await startTcpServer((socket) => socket.resume());
    servers.push(silent, drip, endless, reset, healthy, tlsSilent);
  });
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  it('times out waiting for a response that never comes', async () => {
    const error = await expectProbeError(
      httpRequest({
        method: 'GET',
        url: `http://127.0.0.1:${silent.port}/`,
        timeouts: { firstByte: 300, total: 5000 },
      }),
      'timeout-first-byte',
      2000,
    );
    assert.equal(error.phase, 'first-byte');
  });

  it('gives up on a server that drips its headers one byte a second', async () => {
    await expectProbeError(
      httpRequest({ method: 'GET', url: `http://127.0.0.1:${drip.port}/`, timeouts: { firstByte: 600, total: 1500 } }),
      'timeout-first-byte',
      2500,
    );
  });

  it('stops reading an endless body at the byte cap', async () => {
    await expectProbeError(
      httpRequest({ method: 'GET', url: `${endless.url}/`, maxBytes: 256 * 1024 }),
      'body-too-large',
      3000,
    );
  });

  it('keeps the first bytes of an endless body when asked to truncate', async () => {
    const response = await httpRequest({
      method: 'GET',
      url: `${endless.url}/`,
      maxBytes: 1000,
      onTooLarge: 'truncate',
    });
    assert.equal(response.truncated, true);
    assert.equal(response.body.length, 1000);
  });

  it('reports a reset in the middle of a response', async () => {
    const error = await expectProbeError(
      httpRequest({ method: 'GET', url: `http://127.0.0.1:${reset.port}/` }),
      'connection-reset',
      3000,
    );
    assert.equal(error.phase, 'body');
  });

  it('rejects a certificate from an unknown CA', async () => {
    const error = await expectProbeError(
      httpRequest({ method: 'GET', url: `${healthy.url}/` }),
      'tls-certificate',
      3000,
    );
    assert.match(error.message, /certificate/);
  });

  it('rejects a certificate whose name does not match', async () => {
    const { caCert } = await testCertificates();
    // The leaf names 127.0.0.1, ::1 and localhost; asking for another name must fail.
    await expectProbeError(
      httpRequest({ method: 'GET', url: `${healthy.url}/`, ca: caCert, servername: 'erp.example' }),
      'tls-certificate',
      3000,
    );
  });

  it('times out a TLS handshake with a port that never speaks TLS', async () => {
    await expectProbeError(
      httpRequest({ method: 'GET', url: `https://127.0.0.1:${tlsSilent.port}/`, timeouts: { tls: 300 } }),
      'timeout-tls',
      2000,
    );
  });

  it('reports a refused connection', async () => {
    const closed = await startHttpServer(() => {});
    await closed.close();
    await expectProbeError(httpRequest({ method: 'GET', url: `${closed.url}/` }), 'connection-refused', 2000);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expectProbeError(
      httpRequest({ method: 'GET', url: `http://127.0.0.1:${silent.port}/`, signal: controller.signal }),
      'aborted',
      1000,
    );
  });

  it('times every phase of a healthy HTTPS exchange', async () => {
    const { caCert } = await testCertificates();
    const response = await httpRequest({ method: 'GET', url: `${healthy.url}/`, ca: caCert });
    assert.equal(response.status, 200);
    assert.equal(response.body.toString(), 'ok');
    const t = response.timings;
    assert.ok(t.connect >= 0 && t.tls > 0 && t.firstByte >= 0, JSON.stringify(t));
    const sum = t.dns + t.connect + t.tls + t.firstByte + t.download;
    assert.ok(Math.abs(sum - t.total) < 1, `phases ${sum} should add up to total ${t.total}`);
    assert.ok(response.tls?.authorized);
  });
});
