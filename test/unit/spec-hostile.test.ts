import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, it } from 'vitest';
import { SpecReadError } from '../../src/openapi/errors.js';
import { ingestSpec } from '../../src/openapi/ingest.js';

const root = mkdtempSync(join(tmpdir(), 'junction-hostile-'));
const specs = join(root, 'specs');
mkdirSync(specs);
writeFileSync(join(root, 'secret.yaml'), 'password: hunter2\n');

const spec = (paths: object, extra: object = {}) =>
  JSON.stringify({ openapi: '3.0.3', info: { title: 'hostile', version: '1' }, paths, ...extra });
const schemaRef = (ref: string) =>
  spec({
    '/a': {
      get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } } } },
    },
  });

/** A fetcher that records every URL it is asked for: nothing may reach it unless a host is allowed. */
function spyFetch() {
  const urls: string[] = [];
  return { urls, fetch: async (url: string) => (urls.push(url), new TextEncoder().encode('{}')) };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const start = performance.now();
  try {
    return { value: await work(), ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}

describe('hostile specs', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // `tag` is written between the key and the anchor: `a: !!seq &a [...]` is as much an anchor as `a: &a [...]`
  for (const tag of ['', '!!seq ']) {
    it(`refuses a YAML alias bomb quickly with a clear error${tag ? ' (anchors after tags)' : ''}`, async () => {
      const levels = [`a: ${tag}&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
      for (let i = 1; i < 10; i++) {
        const previous = String.fromCharCode(96 + i);
        const name = String.fromCharCode(97 + i);
        levels.push(`${name}: ${tag}&${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
      }
      writeFileSync(
        join(specs, 'bomb.yaml'),
        `openapi: 3.0.3\ninfo: {title: bomb, version: '1'}\npaths: {}\n${levels.join('\n')}\n`,
      );
      const result = await timed(() => ingestSpec(join(specs, 'bomb.yaml'), 'bomb.yaml'));
      assert.ok(result.error instanceof SpecReadError, String(result.error));
      assert.match(result.error.message, /alias bomb|expands to more than/);
      assert.ok(result.ms < 3000, `${result.ms} ms`);
    });
  }

  for (const [label, ref] of [
    ['an absolute path', '/etc/passwd'],
    ['a path climbing out of the folder', '../secret.yaml#/password'],
    ['a file: URL', 'file:///etc/passwd'],
  ] as const) {
    it(`does not read ${label} ($ref: ${ref})`, async () => {
      writeFileSync(join(specs, 'escape.json'), schemaRef(ref));
      const { index } = await ingestSpec(join(specs, 'escape.json'), 'escape.json');
      assert.equal(index.valid, false);
      const problem = index.problems.find((candidate) => candidate.message.includes(ref));
      assert.ok(problem, JSON.stringify(index.problems));
      assert.match(problem.message, /refused/);
      assert.equal(problem.file, 'escape.json');
      assert.equal(problem.pointer, '/paths/~1a/get/responses/200/content/application~1json/schema/$ref');
      assert.ok(problem.line && problem.line >= 1);
      assert.ok(!JSON.stringify(index).includes('hunter2') && !JSON.stringify(index).includes('root:'));
    });
  }

  it('does not read a file through a symbolic link that leaves the folder', async () => {
    symlinkSync(join(root, 'secret.yaml'), join(specs, 'link.yaml'));
    writeFileSync(join(specs, 'linked.json'), schemaRef('link.yaml#/password'));
    const { index } = await ingestSpec(join(specs, 'linked.json'), 'linked.json');
    assert.equal(index.valid, false);
    assert.match(index.problems.map((problem) => problem.message).join('\n'), /leaves the spec root/);
  });

  it('makes no request for a remote $ref (cloud metadata address) unless the host is allowed', async () => {
    writeFileSync(join(specs, 'remote.json'), schemaRef('http://169.254.169.254/latest/meta-data#/x'));
    const spy = spyFetch();
    const { index } = await ingestSpec(join(specs, 'remote.json'), 'remote.json', { fetch: spy.fetch });
    assert.deepEqual(spy.urls, []);
    assert.match(index.problems[0].message, /remote reference to 169\.254\.169\.254 is not allowed/);
    const allowed = spyFetch();
    await ingestSpec(join(specs, 'remote.json'), 'remote.json', {
      fetch: allowed.fetch,
      allowedHosts: ['169.254.169.254'],
    });
    assert.deepEqual(allowed.urls, ['http://169.254.169.254/latest/meta-data']);
  });

  it('refuses a 60 MB document by its size, before reading it', async () => {
    const big = join(specs, 'big.json');
    writeFileSync(big, Buffer.alloc(60 * 1024 * 1024, 0x20));
    const result = await timed(() => ingestSpec(big, 'big.json'));
    assert.ok(result.error instanceof SpecReadError);
    assert.match(result.error.message, /larger than the 50 MB cap/);
    assert.ok(result.ms < 500, `${result.ms} ms`);
    rmSync(big);
  });

  it('refuses absurd nesting in JSON and YAML', async () => {
    writeFileSync(
      join(specs, 'deep.json'),
      `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"x-deep":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    );
    const json = await timed(() => ingestSpec(join(specs, 'deep.json'), 'deep.json'));
    assert.ok(json.error instanceof SpecReadError, String(json.error));
    assert.match(json.error.message, /nesting deeper than/);
    writeFileSync(join(specs, 'deep.yaml'), `openapi: 3.0.3\nx-deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const yaml = await timed(() => ingestSpec(join(specs, 'deep.yaml'), 'deep.yaml'));
    assert.ok(yaml.error instanceof SpecReadError, String(yaml.error));
    assert.ok(json.ms < 1000 && yaml.ms < 1000);
  });

  it('refuses invalid UTF-8 and names the line', async () => {
    writeFileSync(
      join(specs, 'latin1.yaml'),
      Buffer.concat([
        Buffer.from('openapi: 3.0.3\ninfo:\n  title: caf'),
        Buffer.from([0xe9]),
        Buffer.from('\n  version: "1"\npaths: {}\n'),
      ]),
    );
    const result = await timed(() => ingestSpec(join(specs, 'latin1.yaml'), 'latin1.yaml'));
    assert.ok(result.error instanceof SpecReadError);
    assert.equal(result.error.message, 'not valid UTF-8');
    assert.equal(result.error.line, 3);
  });

  it('handles circular schemas and multi-file specs inside the folder', async () => {
    mkdirSync(join(specs, 'parts'), { recursive: true });
    writeFileSync(
      join(specs, 'parts', 'node.yaml'),
      'Node:\n  type: object\n  properties:\n    children:\n      type: array\n      items: { $ref: "#/Node" }\n',
    );
    writeFileSync(join(specs, 'tree.json'), schemaRef('parts/node.yaml#/Node'));
    const { index } = await ingestSpec(join(specs, 'tree.json'), 'tree.json');
    assert.equal(index.valid, true, JSON.stringify(index.problems));
    assert.equal(index.files, 2);
    // the index points into the resolved view, where the schema was inlined; the view knows where it was written
    const pointer = index.operations[0].responses[0].content[0].schema!.pointer;
    assert.equal(pointer, '/paths/~1a/get/responses/200/content/application~1json/schema');
    const { documents } = await ingestSpec(join(specs, 'tree.json'), 'tree.json');
    assert.deepEqual(
      (documents.at(pointer).value as { properties: { children: { items: unknown } } }).properties.children.items,
      { $ref: `#${pointer}` },
    );
    const origin = documents.origin(`${pointer}/properties/children`);
    assert.equal(origin.document.name, join('parts', 'node.yaml'));
    assert.equal(origin.pointer, '/Node/properties/children');
  });
});
