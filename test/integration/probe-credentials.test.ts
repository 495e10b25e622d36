import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, RequestListener } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { stringify } from 'yaml';
import { httpGatherer } from '../../src/gather/http.js';
import { recordExchange } from '../../src/gather/record.js';
import { specGatherer } from '../../src/gather/spec.js';
import { ProbeError } from '../../src/probe/errors.js';
import { Probe, policyFor } from '../../src/probe/probe.js';
import type { Credential } from '../../src/model/credential.js';
import type { System } from '../../src/model/estate.js';
import { runCli } from '../helpers/cli.js';
import { makeSystem, tempWorkspace } from '../helpers/estate.js';
import { gatherWith } from '../helpers/gather.js';
import { startHttpServer, startHttpsServer, testCertificates, type TestServer } from '../helpers/servers.js';

const TOKEN = 'tok_live_real_secret_5f4e3d2c1b0a';
const BEARER: Credential = { type: 'bearer', token: TOKEN };

/** A server that logs every request it receives, with the Authorization header it carried. */
interface LoggingServer extends TestServer {
  seen: { url: string; authorization?: string }[];
  credentialsSeen(): number;
}

async function logging(
  start: (handler: RequestListener) => Promise<TestServer>,
  respond: RequestListener,
): Promise<LoggingServer> {
  const seen: LoggingServer['seen'] = [];
  const server = await start((req: IncomingMessage, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    respond(req, res);
  });
  return {
    ...server,
    seen,
    credentialsSeen: () => seen.filter((entry) => entry.authorization?.includes(TOKEN)).length,
  };
}

const ok: RequestListener = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}');

const SCHEMAS = stringify({ Item: { type: 'object', properties: { id: { type: 'integer' } } } });
const specWithRef = (refHost: string) =>
  stringify({
    openapi: '3.0.3',
    info: { title: 'Orders', version: '1' },
    paths: {
      '/orders': {
        get: {
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: `${refHost}/schemas.yaml#/Item` } } },
            },
          },
        },
      },
    },
  });

let ca: string;
let api: LoggingServer;
let elsewhere: LoggingServer;
let specHost: LoggingServer;
let refHost: LoggingServer;
const servers: TestServer[] = [];

beforeAll(async () => {
  ca = (await testCertificates()).caCert;
  api = await logging(startHttpsServer, ok);
  elsewhere = await logging(startHttpServer, ok);
  refHost = await logging(startHttpsServer, (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/yaml' }).end(SCHEMAS),
  );
  specHost = await logging(startHttpsServer, (_req, res) =>
    res.writeHead(200, { 'content-type': 'application/yaml' }).end(specWithRef(refHost.url)),
  );
  servers.push(api, elsewhere, specHost, refHost);
});
afterAll(() => Promise.all(servers.map((server) => server.close())));

const probeFor = (system: System, credential: Credential = BEARER) =>
  new Probe(system, { policy: policyFor(system), credential, ca });

describe('a credential goes only to its system', () => {
  it('fetches a spec on another host and its remote $ref anonymously', async () => {
    const system = makeSystem({
      baseUrl: api.url,
      spec: `${specHost.url}/openapi.yaml`,
      allow: { remoteRefs: ['127.0.0.1'] },
    });
    const spec = await gatherWith(specGatherer, system, probeFor(system));
    assert.equal(spec.valid, true, JSON.stringify(spec.problems));
    assert.equal(specHost.seen.length, 1, 'the spec was fetched');
    assert.equal(refHost.seen.length, 1, 'the remote $ref was followed');
    assert.equal(specHost.credentialsSeen() + refHost.credentialsSeen(), 0, 'no credential left the system');
    assert.ok([...specHost.seen, ...refHost.seen].every((entry) => entry.authorization === undefined));
  });

  it('sends it to a spec host only when auth.origins names that origin', async () => {
    const before = { spec: specHost.credentialsSeen(), ref: refHost.credentialsSeen() };
    const system = makeSystem({
      baseUrl: api.url,
      spec: `${specHost.url}/openapi.yaml`,
      auth: { credential: 'orders-token', origins: [specHost.url] },
      allow: { remoteRefs: ['127.0.0.1'] },
    });
    await gatherWith(specGatherer, system, probeFor(system));
    assert.equal(specHost.credentialsSeen() - before.spec, 1, 'the named origin gets the credential');
    assert.equal(refHost.credentialsSeen() - before.ref, 0, 'an origin not named does not');
  });

  it('refuses a URL on another origin before a socket opens, even past the schema', async () => {
    const system = makeSystem({ baseUrl: api.url });
    const probe = probeFor(system);
    for (const url of [`${elsewhere.url}/x`, `http://user:pw@127.0.0.1:${api.port}/`, 'file:///etc/passwd']) {
      await assert.rejects(
        probe.request({ method: 'GET', url }),
        (error: unknown) => error instanceof ProbeError && error.code === 'policy-origin',
        url,
      );
    }
    // a health path the schema would refuse, set on an already-parsed system (as a UI bug or a plugin could)
    const sneaky = { ...system, healthPath: `//127.0.0.1:${elsewhere.port}/x` };
    await assert.rejects(gatherWith(httpGatherer, sneaky, probeFor(sneaky)), /names another host/);
    assert.equal(elsewhere.seen.length, 0, 'the other host saw nothing');
    assert.equal(probe.requestsSent, 0, 'refusals spend no budget');
  });

  it('never sends the credential over plain HTTP unless allow.plaintextCredentials says so, and says why', async () => {
    const system = makeSystem({ baseUrl: elsewhere.url, healthPath: '/health' });
    const artifact = await gatherWith(httpGatherer, system, probeFor(system));
    assert.equal(elsewhere.credentialsSeen(), 0, 'the token never travelled in clear text');
    assert.ok(elsewhere.seen.length >= 5, 'the baseline still ran, anonymously');
    assert.match(
      artifact.samples[0].credentialWithheld ?? '',
      /not send the credential over plain HTTP.*allow\.plaintextCredentials/,
    );
    const lab = makeSystem({ baseUrl: elsewhere.url, healthPath: '/health', allow: { plaintextCredentials: true } });
    const sample = await recordExchange(probeFor(lab), { method: 'GET', url: `${elsewhere.url}/health` });
    assert.equal(elsewhere.credentialsSeen(), 1, 'a lab may allow it');
    assert.equal(sample.credentialWithheld, undefined);
    assert.ok(!JSON.stringify(sample).includes(TOKEN));
  });

  it('never sends an OAuth 2.0 client secret to a plain-HTTP token URL', async () => {
    const tokenServer = await logging(startHttpServer, ok);
    servers.push(tokenServer);
    const system = makeSystem({ baseUrl: api.url });
    const probe = probeFor(system, {
      type: 'oauth2-client-credentials',
      tokenUrl: `${tokenServer.url}/token`,
      clientId: 'junction',
      clientSecret: 'client-secret-never-in-clear',
    });
    const sample = await recordExchange(probe, { method: 'GET', url: `${api.url}/orders` });
    assert.equal(sample.error?.code, 'policy-plaintext');
    assert.equal(tokenServer.seen.length, 0);
  });
});

/** Every file under a folder. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the CLI refuses what would leave the system, with file:line', () => {
  it('a password in baseUrl: exit 2 pointing to the vault, nothing sent, nothing stored', async () => {
    const password = 'pa55-w0rd-in-the-url';
    const before = api.seen.length;
    const dir = tempWorkspace(
      `version: 1\nname: Leak\nsystems:\n  - id: crm\n    name: CRM\n    baseUrl: https://alice:${password}@127.0.0.1:${api.port}\n`,
    );
    const audit = await runCli(['audit', dir, '--format', 'json,md,html', '--out', join(dir, 'out')]);
    assert.equal(audit.code, 2, audit.stderr);
    assert.match(audit.stderr, /junction\.yaml:6 systems\[0\]\.baseUrl: a URL must not carry a user name or password/);
    assert.match(audit.stderr, /junction secret set/);
    for (const text of [audit.stdout, audit.stderr]) assert.ok(!text.includes(password));
    assert.equal(api.seen.length, before, 'nothing was sent');
    const stored = filesUnder(dir).filter((file) => !file.endsWith('junction.yaml'));
    for (const file of stored) assert.ok(!readFileSync(file).includes(password), `password in ${file}`);
  });

  it('a health path or monitor path naming another host: exit 2 with its line, the host sees nothing', async () => {
    for (const [field, line, yaml] of [
      ['systems[0].healthPath', 7, `    healthPath: //127.0.0.1:${elsewhere.port}/x\n`],
      ['monitors[0].path', 8, `monitors:\n  - { system: crm, path: "//127.0.0.1:${elsewhere.port}/y" }\n`],
    ] as const) {
      const dir = tempWorkspace(
        `version: 1\nname: X\nsystems:\n  - id: crm\n    name: CRM\n    baseUrl: ${api.url}\n${yaml}`,
      );
      const command = field.startsWith('monitors') ? ['monitor', dir, '--rounds', '1'] : ['audit', dir];
      const result = await runCli(command);
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`junction\\.yaml:${line} ${field.replace(/[[\].]/g, '\\$&')}: .*names another host`),
      );
    }
    assert.equal(elsewhere.seen.filter((entry) => entry.url === '/x' || entry.url === '/y').length, 0);
  });

  it('an empty junction.yaml and one over 5 MB: exit 2 with a line', async () => {
    const empty = tempWorkspace('');
    const result = await runCli(['audit', empty]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /junction\.yaml:1 the file is empty/);
    const huge = tempWorkspace('version: 1\nname: Huge\n');
    writeFileSync(join(huge, 'junction.yaml'), `version: 1\nname: Huge\n# ${'x'.repeat(6 * 1024 * 1024)}\n`);
    const big = await runCli(['audit', huge]);
    assert.equal(big.code, 2);
    assert.match(big.stderr, /junction\.yaml:1 6\.0 MB is larger than the 5 MB a junction\.yaml may be/);
  });
});
