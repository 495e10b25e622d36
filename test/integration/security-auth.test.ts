import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import Provider from 'oidc-provider';
import { stringify } from 'yaml';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { securityAuth } from '../../checks/security-auth.js';
import type { Credential } from '../../src/model/credential.js';
import type { AuthArtifact } from '../../src/model/artifacts/security.js';
import { systemSchema } from '../../src/model/estate.js';
import { authGatherer } from '../../src/gather/auth.js';
import { Probe, policyFor } from '../../src/probe/probe.js';
import { listenOnLoopback, closeServer } from '../../assets/demo/listen.js';
import { gatherWith } from '../helpers/gather.js';
import { startHttpsServer, startTcpServer, testCertificates, type TestServer } from '../helpers/servers.js';

const CLIENT_SECRET = 'client-secret-for-the-junction-test-0123456789';
let provider: Provider;
let issuer: string;
let tokenRequests = 0;
const tokensSeen = new Set<string>();
let oauthServer: https.Server;
const apis: TestServer[] = [];
let dir: string;

/** An OpenAPI document with the given schemes and operations (path → security, undefined = document default). */
function writeSpec(
  name: string,
  schemes: object,
  operations: Record<string, object[] | undefined>,
  documentSecurity: object[],
): string {
  const paths = Object.fromEntries(
    Object.entries(operations).map(([path, security]) => [
      path,
      { get: { responses: { '200': { description: 'ok' } }, ...(security ? { security } : {}) } },
    ]),
  );
  const spec = {
    openapi: '3.0.3',
    info: { title: name, version: '1' },
    paths,
    components: { securitySchemes: schemes },
    security: documentSecurity,
  };
  writeFileSync(join(dir, `${name}.yaml`), stringify(spec));
  return `${name}.yaml`;
}

/** A protected API: tokens are checked against the provider's own store; `anonymousOk` makes it forget to check. */
async function startApi(options: { anonymousOk?: boolean } = {}): Promise<TestServer> {
  const api = await startHttpsServer(async (req, res) => {
    if (req.url === '/open') return res.end('{}');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token) tokensSeen.add(token);
    const valid = token ? await provider.ClientCredentials.find(token) : undefined;
    res.writeHead(valid || options.anonymousOk ? 200 : 401, { 'content-type': 'application/json' });
    res.end(valid || options.anonymousOk ? '{"items":[]}' : '{"error":"unauthorized"}');
  });
  apis.push(api);
  return api;
}

async function audit(api: TestServer, spec: string, credential?: Credential, tags: string[] = []) {
  const system = systemSchema.parse({ id: 'api', name: 'API', baseUrl: api.url, spec, tags });
  const probe = new Probe(system, { policy: policyFor(system), credential, ca: (await testCertificates()).caCert });
  const artifact = await gatherWith(authGatherer, system, probe, dir);
  return { artifact, verdict: securityAuth.judge({ auth: artifact }, system, DEFAULT_SETTINGS) };
}

const oauth = (secret = CLIENT_SECRET, clientId = 'junction'): Credential => ({
  type: 'oauth2-client-credentials',
  tokenUrl: `${issuer}/token`,
  clientId,
  clientSecret: secret,
  scope: 'items:read',
});
const OAUTH_SCHEME = {
  oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/token', scopes: { 'items:read': 'read' } } } },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'junction-auth-'));
  let handler: http.RequestListener = (_req, res) => res.end();
  // over HTTPS: Junction never sends a client secret to a plain-HTTP token URL
  const { cert, key } = await testCertificates();
  oauthServer = https.createServer({ cert, key }, (req, res) => {
    if (req.method === 'POST' && req.url === '/token') tokenRequests++;
    handler(req, res);
  });
  issuer = `https://127.0.0.1:${await listenOnLoopback(oauthServer)}`;
  provider = new Provider(issuer, {
    clients: ['junction', 'short-lived'].map((clientId) => ({
      client_id: clientId,
      client_secret: CLIENT_SECRET,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope: 'items:read',
    })),
    scopes: ['items:read'],
    // 'short-lived' gets 2-second tokens, to see the probe fetch a new one once the cached one is about to expire
    ttl: { ClientCredentials: (_ctx, _token, client) => (client.clientId === 'short-lived' ? 2 : 600) },
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
  });
  const callback = provider.callback();
  handler = (req, res) => void callback(req, res);
});
afterAll(async () => {
  await Promise.all([...apis.map((api) => api.close()), closeServer(oauthServer)]);
  rmSync(dir, { recursive: true, force: true });
});

test('OAuth 2.0 client credentials from a real oidc-provider: anonymous 401, token accepted, fetched once, never in evidence', async () => {
  const api = await startApi();
  const spec = writeSpec('oauth', OAUTH_SCHEME, { '/items': undefined, '/orders': undefined }, [
    { oauth: ['items:read'] },
  ]);
  const before = tokenRequests;
  const { artifact, verdict } = await audit(api, spec, oauth());
  assert.equal(verdict.status, 'pass', verdict.summary);
  assert.match(verdict.summary, /oauth: OAuth 2\.0 \(clientCredentials\)/);
  assert.match(verdict.summary, /GET \/items refuses anonymous calls \(401\)/);
  assert.match(verdict.summary, /GET \/orders accepts the configured credential \(200\)/);
  assert.equal(tokenRequests - before, 1, 'one token for both authenticated calls');
  const json = JSON.stringify(artifact);
  assert.ok(!json.includes(CLIENT_SECRET));
  const probes = 'probes' in artifact.live ? artifact.live.probes : [];
  assert.equal(probes.length, 2);
  assert.equal(tokensSeen.size, 1);
  for (const token of tokensSeen) assert.ok(!json.includes(token), 'the access token is not in the artifact');
});

test('a cached token is reused until it is about to expire, then fetched again', async () => {
  const api = await startApi();
  const system = systemSchema.parse({ id: 'api', name: 'API', baseUrl: api.url });
  const probe = new Probe(system, {
    policy: policyFor(system),
    credential: oauth(CLIENT_SECRET, 'short-lived'),
    ca: (await testCertificates()).caCert,
  });
  const start = tokenRequests;
  const statuses = [
    (await probe.request({ method: 'GET', url: `${api.url}/items` })).status,
    (await probe.request({ method: 'GET', url: `${api.url}/items` })).status,
  ];
  assert.equal(tokenRequests - start, 1);
  // a 2 s token is kept for half its life (the probe refreshes early so a token never expires mid-request)
  await new Promise((resolve) => setTimeout(resolve, 1100));
  statuses.push((await probe.request({ method: 'GET', url: `${api.url}/items` })).status);
  assert.equal(tokenRequests - start, 2);
  assert.deepEqual(statuses, [200, 200, 200]);
});

test('a protected operation answering 200 to an anonymous call fails with the exchange as evidence', async () => {
  const api = await startApi({ anonymousOk: true });
  const spec = writeSpec('leaky', OAUTH_SCHEME, { '/items': undefined }, [{ oauth: [] }]);
  const { verdict } = await audit(api, spec, oauth());
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.summary, /GET \/items answered 200 without credentials/);
  assert.ok(
    verdict.evidence.some(
      (item) => item.kind === 'http' && item.response?.status === 200 && /without credentials/.test(item.title ?? ''),
    ),
  );
});

test('a wrong client secret: the token endpoint refuses and the check fails without leaking the secret', async () => {
  const api = await startApi();
  const spec = writeSpec('badsecret', OAUTH_SCHEME, { '/items': undefined }, [{ oauth: [] }]);
  const { artifact, verdict } = await audit(api, spec, oauth('wrong-secret-value-0000'));
  assert.equal(verdict.status, 'fail');
  assert.match(verdict.summary, /with the credential failed: .*token endpoint answered 401/);
  assert.ok(!JSON.stringify(artifact).includes('wrong-secret-value-0000'));
});

test('API key in the query string fails; HTTP basic warns; unprotected operations fail unless the system is public', async () => {
  const api = await startApi();
  const querySpec = writeSpec(
    'query-key',
    { key: { type: 'apiKey', in: 'query', name: 'api_key' } },
    { '/items': undefined },
    [{ key: [] }],
  );
  const basicSpec = writeSpec('basic', { basic: { type: 'http', scheme: 'basic' } }, { '/items': undefined }, [
    { basic: [] },
  ]);
  const openSpec = writeSpec('open', OAUTH_SCHEME, { '/items': undefined, '/open': [] }, [{ oauth: [] }]);
  const [query, basic, open, openPublic] = await Promise.all([
    audit(api, querySpec),
    audit(api, basicSpec),
    audit(api, openSpec, oauth()),
    audit(api, openSpec, oauth(), ['public']),
  ]);
  assert.equal(query.verdict.status, 'fail');
  assert.match(query.verdict.summary, /API key in the query string \("api_key"\)/);
  assert.equal(basic.verdict.status, 'warn');
  assert.match(basic.verdict.summary, /HTTP basic/);
  assert.equal(open.verdict.status, 'fail');
  assert.match(open.verdict.summary, /1 of 2 operations without security \(GET \/open\)/);
  assert.equal(openPublic.verdict.status, 'pass', openPublic.verdict.summary);
});

/** The verdict on a system with no spec: its base URL is what the live check calls. */
async function auditBare(baseUrl: string, credential?: Credential, tags: string[] = []) {
  const system = systemSchema.parse({ id: 'bare', name: 'Bare', baseUrl, tags });
  const probe = new Probe(system, { policy: policyFor(system), credential, ca: (await testCertificates()).caCert });
  const artifact = await gatherWith(authGatherer, system, probe, dir);
  return { artifact, verdict: securityAuth.judge({ auth: artifact }, system, DEFAULT_SETTINGS) };
}

test('no spec and no credential warns: nothing says how the system authenticates', async () => {
  const api = await startApi();
  const { verdict } = await auditBare(api.url);
  assert.equal(verdict.status, 'warn');
  assert.match(verdict.summary, /no spec and no credential/);
  assert.ok(verdict.evidence.some((item) => item.kind === 'http' && item.response?.status === 401));
});

test('no spec: a base URL answering 200 to anyone fails (unless public); refused, reset or silent is not judged', async () => {
  const open = await startApi({ anonymousOk: true });
  const opened = await auditBare(open.url, oauth());
  assert.equal(opened.verdict.status, 'fail', opened.verdict.summary);
  assert.match(
    opened.verdict.summary,
    /GET https:\/\/127\.0\.0\.1:\d+\/ \(the base URL\) answered 200 without credentials/,
  );
  const anonymous = opened.artifact.live;
  assert.ok('probes' in anonymous && anonymous.probes[0].anonymous.requestHeaders.authorization === undefined);
  assert.equal((await auditBare(open.url, oauth(), ['public'])).verdict.status, 'pass');

  const protectedApi = await startApi();
  const guarded = await auditBare(protectedApi.url, oauth());
  assert.equal(guarded.verdict.status, 'pass', guarded.verdict.summary);
  assert.match(guarded.verdict.summary, /refuses anonymous calls \(401\).*accepts the configured credential \(200\)/);

  // a port nobody listens on, one that resets every connection, one that accepts and never answers
  const closed = await startTcpServer(() => {});
  const closedUrl = `https://127.0.0.1:${closed.port}`;
  await closed.close();
  const reset = await startTcpServer((socket) => socket.resetAndDestroy());
  const silent = await startTcpServer(() => {});
  apis.push(reset, silent);
  for (const [what, url] of [
    ['refused', closedUrl],
    ['reset', `https://127.0.0.1:${reset.port}`],
    ['silent', `https://127.0.0.1:${silent.port}`],
  ]) {
    const system = systemSchema.parse({
      id: 'gone',
      name: 'Gone',
      baseUrl: url,
      limits: { timeouts: { total: '1s' } },
    });
    const probe = new Probe(system, {
      policy: policyFor(system),
      credential: oauth(),
      ca: (await testCertificates()).caCert,
    });
    const artifact = await gatherWith(authGatherer, system, probe, dir);
    const verdict = securityAuth.judge({ auth: artifact }, system, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'error', `${what}: ${verdict.summary}`);
    assert.match(verdict.summary, /^Not judged: no spec and https:\/\/127\.0\.0\.1:\d+\/ did not answer/, what);
  }
});

/** A spec with the given paths as written (operation objects by method), bearer-protected where they say so. */
function writeOperations(name: string, paths: object): string {
  const spec = {
    openapi: '3.0.3',
    info: { title: name, version: '1' },
    paths,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
  writeFileSync(join(dir, `${name}.yaml`), stringify(spec));
  return `${name}.yaml`;
}
const OK = { responses: { '200': { description: 'ok' } } };
const ID_PARAMETER = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const liveReason = (live: AuthArtifact['live']) => ('reason' in live ? live.reason : undefined);

test('the live check says the true reason it called nothing, for each reason there is', async () => {
  const api = await startApi();
  // the orders service: two parameterless GETs and an {id} with an example, none of them protected
  const open = writeOperations('nothing-protected', {
    '/orders': { get: OK },
    '/health': { get: OK },
    '/orders/{id}': { get: { ...OK, parameters: [{ ...ID_PARAMETER, example: 'o-1' }] } },
  });
  const optional = writeOperations('optional', { '/items': { get: { ...OK, security: [{}, { bearer: [] }] } } });
  const writesOnly = writeOperations('writes-only', {
    '/orders': { post: { ...OK, security: [{ bearer: [] }] }, delete: { ...OK, security: [{ bearer: [] }] } },
    '/health': { get: { ...OK, security: [] } },
  });
  const noExample = writeOperations('no-example', {
    '/orders/{id}': { get: { ...OK, security: [{ bearer: [] }], parameters: [ID_PARAMETER] } },
    '/search': {
      get: {
        ...OK,
        security: [{ bearer: [] }],
        parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }],
      },
    },
  });
  const [nothing, optionally, writes, unplanned] = await Promise.all(
    [open, optional, writesOnly, noExample].map((spec) => audit(api, spec)),
  );

  assert.equal(
    liveReason(nothing.artifact.live),
    'the spec protects none of its 3 operation(s): there is no protected operation to call',
  );
  assert.equal(nothing.verdict.status, 'fail');
  assert.match(nothing.verdict.summary, /^3 of 3 operations without security \(GET \/orders, GET \/health, GET/);
  assert.doesNotMatch(JSON.stringify(nothing.verdict), /example|parameter/);

  assert.equal(
    liveReason(optionally.artifact.live),
    'the spec protects none of its 1 operation(s) (authentication is optional on GET /items): there is no protected operation to call',
  );
  assert.equal(
    liveReason(writes.artifact.live),
    "the spec's protected operations are not reads (POST /orders, DELETE /orders): the live check calls only a protected GET or HEAD",
  );
  assert.equal(
    liveReason(unplanned.artifact.live),
    'no protected read can be called (GET /orders/{id}: required path parameter "id" has no example; ' +
      'GET /search: required query parameter "q" has no example)',
  );
  // every operation protected, none callable: a pass that says what the spec holds and what was not confirmed
  assert.equal(unplanned.verdict.status, 'pass', unplanned.verdict.summary);
  assert.match(
    unplanned.verdict.summary,
    /^All 2 operations of the spec require authentication; not confirmed live: no protected read can be called/,
  );
});

test('a public system passes on what it is, never on "every operation requires authentication"', async () => {
  const api = await startApi();
  const spec = writeOperations('public', { '/orders': { get: OK }, '/health': { get: OK } });
  const { verdict } = await audit(api, spec, undefined, ['public']);
  assert.equal(verdict.status, 'pass', verdict.summary);
  assert.match(verdict.summary, /^2 of 2 operations without security \(GET \/orders, GET \/health\): tagged public/);
  assert.doesNotMatch(verdict.summary, /requires? authentication/);
});

test('a spec without operations names nothing to call: the base URL is asked, as with no spec', async () => {
  const open = await startApi({ anonymousOk: true });
  const spec = writeOperations('empty', {});
  const { artifact, verdict } = await audit(open, spec, oauth());
  assert.ok('probes' in artifact.live && artifact.live.probes[0].baseUrl);
  assert.equal(verdict.status, 'fail', verdict.summary);
  assert.match(verdict.summary, /\(the base URL\) answered 200 without credentials/);
});
