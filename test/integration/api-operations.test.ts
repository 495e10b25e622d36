import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { createApiContext } from '../../src/api/context.js';
import { invoke } from '../../src/api/invoke.js';
import { initWorkspace } from '../../src/estate/workspace.js';
import { tempWorkspace } from '../helpers/estate.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

const SPEC = 'openapi: 3.0.3\ninfo: { title: Billing, version: 2.1.0 }\npaths: {}\n';

describe('api operations on a workspace', () => {
  let dir: string;
  let ctx: ReturnType<typeof createApiContext>;
  let specServer: TestServer;

  beforeAll(async () => {
    dir = tempWorkspace('');
    rmSync(`${dir}/junction.yaml`);
    initWorkspace(dir);
    ctx = createApiContext(dir);
    specServer = await startHttpServer((req, res) => {
      res.writeHead(req.url === '/openapi.yaml' ? 200 : 404, { 'content-type': 'application/yaml' });
      res.end(req.url === '/openapi.yaml' ? SPEC : 'no');
    });
  });

  afterAll(async () => {
    await specServer.close();
    ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('saveSystem edits one key of junction.yaml and keeps every comment', async () => {
    const before = readFileSync(ctx.workspace.file, 'utf8');
    const { system } = (await invoke(ctx, 'getSystem', { id: 'orders' }).then((result) =>
      result.ok ? result.value : assert.fail(result.error),
    )) as { system: Record<string, unknown> };
    const result = await invoke(ctx, 'saveSystem', { system: { ...system, owner: 'team-orders' }, replaces: 'orders' });
    assert.deepEqual(result, { ok: true, value: { id: 'orders' } });
    const after = readFileSync(ctx.workspace.file, 'utf8');
    for (const comment of before.split('\n').filter((line) => line.trim().startsWith('#')))
      assert.ok(after.includes(comment.trim()), `kept: ${comment}`);
    assert.match(after, /owner: team-orders/);
    assert.equal(ctx.workspace.estate.systems[0].owner, 'team-orders', 'the context reloaded');
  });

  test('an invalid system is refused with the schema issues, and nothing is written', async () => {
    const before = readFileSync(ctx.workspace.file, 'utf8');
    const result = await invoke(ctx, 'saveSystem', { system: { id: 'Bad Id', name: 'x', baseUrl: 'ftp://x' } });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.status === 422);
    const paths = !result.ok ? (result.issues ?? []).map((issue) => issue.path.join('.')) : [];
    assert.deepEqual(paths.sort(), ['baseUrl', 'id']);
    assert.equal(readFileSync(ctx.workspace.file, 'utf8'), before);
  });

  test('a new system is appended, a taken id is a conflict, a removed system is gone', async () => {
    const billing = { id: 'billing', name: 'Billing', baseUrl: 'https://127.0.0.1:9443' };
    assert.deepEqual(await invoke(ctx, 'saveSystem', { system: billing }), { ok: true, value: { id: 'billing' } });
    const again = await invoke(ctx, 'saveSystem', { system: billing });
    assert.ok(!again.ok && again.status === 409);
    assert.deepEqual(
      ctx.workspace.estate.systems.map((system) => system.id),
      ['orders', 'billing'],
    );
    const removed = await invoke(ctx, 'removeSystem', { id: 'billing' });
    assert.deepEqual(removed, { ok: true, value: { removed: true } });
    const missing = await invoke(ctx, 'removeSystem', { id: 'billing' });
    assert.ok(!missing.ok && missing.status === 404);
  });

  test('importSpec stores a spec from a URL and from file content, and refuses what is not OpenAPI', async () => {
    const fromUrl = await invoke(ctx, 'importSpec', { systemId: 'orders', url: `${specServer.url}/openapi.yaml` });
    assert.deepEqual(fromUrl, {
      ok: true,
      value: {
        importId: (fromUrl as { value: { importId: string } }).value.importId,
        path: 'specs/orders.yaml',
        version: '2.1.0',
      },
    });
    assert.equal(readFileSync(`${dir}/specs/orders.yaml`, 'utf8'), SPEC);
    assert.equal(ctx.workspace.estate.systems[0].spec, 'specs/orders.yaml');
    const estate = await invoke(ctx, 'getEstate', {});
    assert.ok(
      estate.ok && (estate.value as { systems: { specVersion?: string }[] }).systems[0].specVersion === '2.1.0',
    );
    const notSpec = await invoke(ctx, 'importSpec', {
      systemId: 'orders',
      fileName: 'x.json',
      content: '{"hello": 1}',
    });
    assert.ok(!notSpec.ok && notSpec.status === 422 && /not an OpenAPI/.test(notSpec.error));
    const gone = await invoke(ctx, 'importSpec', { systemId: 'orders', url: `${specServer.url}/missing.yaml` });
    assert.ok(!gone.ok && /answered 404/.test(gone.error));
  });

  test('credentials go into the vault and only their metadata comes back', async () => {
    const stored = await invoke(ctx, 'setCredential', {
      id: 'orders-key',
      credential: { type: 'api-key', header: 'X-Key', value: 'k-123456' },
    });
    assert.ok(stored.ok);
    const listed = await invoke(ctx, 'listCredentials', {});
    assert.ok(listed.ok);
    assert.ok(!JSON.stringify(listed.value).includes('k-123456'));
    assert.deepEqual(
      (listed.value as { id: string; meta: unknown }[]).map(({ id, meta }) => ({ id, meta })),
      [{ id: 'orders-key', meta: { header: 'X-Key' } }],
    );
  });

  test('getOperations asks for one system or one edge, over the flows window the graph reads', async () => {
    for (const input of [{}, { system: 'orders', edge: { from: 'shop', to: 'orders' } }]) {
      const refused = await invoke(ctx, 'getOperations', input);
      assert.ok(!refused.ok && refused.status === 400, JSON.stringify(refused));
      assert.deepEqual(!refused.ok && refused.issues?.map((issue) => [issue.path.join('.'), issue.message]), [
        ['system', 'give either system or edge'],
      ]);
    }
    const badEdge = await invoke(ctx, 'getOperations', { edge: { from: 'shop' } });
    assert.ok(!badEdge.ok && badEdge.issues?.some((issue) => issue.path.join('.') === 'edge.to'));

    // nothing imported: the system asked for is still answered, with nothing to list, over the graph's window
    const graph = await invoke(ctx, 'getFlowGraph', { windowMs: 3_600_000 });
    const window = graph.ok ? (graph.value as { window: { from: number; until: number } }).window : assert.fail();
    const orders = await invoke(ctx, 'getOperations', { from: window.from, until: window.until, system: 'orders' });
    assert.ok(orders.ok);
    const value = orders.value as { window: { from: number; until: number }; systems: unknown[] };
    assert.deepEqual([value.window.from, value.window.until], [window.from, window.until]);
    assert.deepEqual(value.systems, [
      {
        system: 'orders',
        name: ctx.workspace.estate.systems[0].name,
        specified: true,
        observed: false,
        overflowed: false,
        operations: [],
        unused: [],
      },
    ]);
    const edge = await invoke(ctx, 'getOperations', { edge: { from: 'shop', to: 'orders' } });
    assert.ok(edge.ok);
    assert.deepEqual((edge.value as { systems: unknown[] }).systems, [], 'no call travelled the edge');
  });

  test('reading before any audit: no run, and the report explains why', async () => {
    assert.deepEqual(await invoke(ctx, 'getRun', {}), { ok: true, value: null });
    const report = await invoke(ctx, 'getReport', { format: 'md' });
    assert.ok(!report.ok && report.status === 404 && /no finished audit/.test(report.error));
    const unknown = await invoke(ctx, 'runAudit', { systems: ['nope'] });
    assert.ok(!unknown.ok && unknown.status === 400 && /unknown system/.test(unknown.error));
  });
});
