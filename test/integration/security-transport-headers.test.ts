import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, test } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { securityHttps } from '../../checks/security-https.js';
import { securityTransportHeaders } from '../../checks/security-transport-headers.js';
import { systemSchema } from '../../src/model/estate.js';
import { httpGatherer } from '../../src/gather/http.js';
import { transportGatherer } from '../../src/gather/transport.js';
import { Probe, policyFor } from '../../src/probe/probe.js';
import { gatherWith } from '../helpers/gather.js';
import { startNginx, type RunningNginx } from '../helpers/nginx.js';
import { OpensslCa } from '../helpers/openssl-certs.js';
import { startHttpServer, startHttpsServer, testCertificates, type TestServer } from '../helpers/servers.js';

const servers: TestServer[] = [];
let nginx: RunningNginx;
let ca: OpensslCa;

async function audit(baseUrl: string, plainHttpUrl: string | undefined, caPem: string) {
  const system = systemSchema.parse({
    id: 'svc',
    name: 'Service',
    baseUrl,
    plainHttpUrl,
    healthPath: '/health',
    limits: { maxRps: 1000 },
  });
  const probe = new Probe(system, { policy: policyFor(system), ca: caPem });
  const [http, transport] = await Promise.all([
    gatherWith(httpGatherer, system, probe),
    gatherWith(transportGatherer, system, probe),
  ]);
  return {
    verdict: securityTransportHeaders.judge({ http, transport }, system, DEFAULT_SETTINGS),
    https: securityHttps.judge({ http }, system, DEFAULT_SETTINGS),
    http,
  };
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void, secure = true): Promise<TestServer> {
  const server = secure ? await startHttpsServer(handler) : await startHttpServer(handler);
  servers.push(server);
  return server;
}

beforeAll(async () => {
  ca = OpensslCa.create();
  const leaf = ca.issue({ name: 'nginx' });
  // Debian nginx as it ships: server_tokens on (Server: nginx/1.22.1), plus a credentialed wildcard CORS and a short HSTS.
  nginx = await startNginx(2, ([secure, plain]) =>
    [
      `  server {\n    listen 127.0.0.1:${secure} ssl;\n    ssl_certificate ${leaf.certPath};\n    ssl_certificate_key ${leaf.keyPath};`,
      '    add_header Strict-Transport-Security "max-age=600" always;',
      '    add_header Access-Control-Allow-Origin "*" always;',
      '    add_header Access-Control-Allow-Credentials "true" always;',
      '    location / { return 200 "ok"; }\n  }',
      `  server {\n    listen 127.0.0.1:${plain};\n    location / { return 200 "ok"; }\n  }`,
    ].join('\n'),
  );
});
afterAll(async () => {
  await Promise.all([...servers.map((server) => server.close()), nginx?.stop()]);
  ca?.remove();
});

test('HSTS for a year, plain HTTP redirecting, strict CORS, no banners: pass', async () => {
  const secure = await serve((_req, res) => {
    res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
    res.setHeader('server', 'gateway');
    res.end('ok');
  });
  const plain = await serve((req, res) => {
    res.writeHead(308, { location: `${secure.url}${req.url}` });
    res.end();
  }, false);
  const { verdict, https } = await audit(secure.url, plain.url, (await testCertificates()).caCert);
  assert.equal(verdict.status, 'pass', verdict.summary);
  assert.equal(https.status, 'pass', https.summary);
  assert.match(https.summary, /plain HTTP redirects \(308\) to https:/);
});

test('real nginx: version banner, wildcard CORS with credentials, short HSTS, plain HTTP serving: fail', async () => {
  const [secure, plain] = nginx.ports;
  const { verdict, https } = await audit(`https://127.0.0.1:${secure}`, `http://127.0.0.1:${plain}`, ca.cert);
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.summary, /CORS allows any origin \(\*\) together with credentials/);
  assert.match(verdict.summary, /version banners: server: nginx\/1\.\d+\.\d+/);
  // HSTS and plain HTTP have one owner, security.https: each problem costs one fail, not two.
  assert.doesNotMatch(verdict.summary, /HSTS|plain HTTP/);
  assert.equal(https.status, 'fail');
  assert.match(https.summary, /HSTS max-age 600 s is under one year/);
  assert.match(
    https.summary,
    /plain HTTP serves content \(status 200\) to a request carrying an Authorization header: credentials are accepted in clear text/,
  );
});

test('a reflected origin with credentials fails; the decoy credential never appears in evidence', async () => {
  const secure = await serve((req, res) => {
    res.setHeader('strict-transport-security', 'max-age=31536000');
    if (req.headers.origin) {
      res.setHeader('access-control-allow-origin', req.headers.origin);
      res.setHeader('access-control-allow-credentials', 'true');
    }
    res.end('ok');
  });
  const plain = await serve((_req, res) => res.end('served in clear'), false);
  const { verdict, http } = await audit(secure.url, plain.url, (await testCertificates()).caCert);
  assert.equal(verdict.status, 'fail');
  assert.match(
    verdict.summary,
    /CORS reflects an arbitrary origin \(https:\/\/junction-probe\.invalid\) and allows credentials/,
  );
  assert.equal(http.plain.url !== undefined && http.plain.sample.requestHeaders.authorization, '[redacted]');
});

test('missing HSTS fails security.https alone; a versioned X-Powered-By alone only warns', async () => {
  const noHsts = await serve((_req, res) => res.end('ok'));
  const banner = await serve((_req, res) => {
    res.setHeader('strict-transport-security', 'max-age=31536000');
    res.setHeader('x-powered-by', 'Express 4.18.2');
    res.end('ok');
  });
  const caPem = (await testCertificates()).caCert;
  const [missing, warned] = await Promise.all([
    audit(noHsts.url, undefined, caPem),
    audit(banner.url, undefined, caPem),
  ]);
  assert.equal(missing.https.status, 'fail');
  assert.match(missing.https.summary, /no Strict-Transport-Security header/);
  assert.equal(missing.verdict.status, 'pass', missing.verdict.summary);
  assert.equal(warned.verdict.status, 'warn');
  assert.match(warned.verdict.summary, /x-powered-by: Express 4\.18\.2/);
});
