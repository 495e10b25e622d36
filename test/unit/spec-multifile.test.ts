import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ingestFor } from '../../src/gather/spec.js';
import { parseEstate } from '../../src/estate/workspace.js';
import { ingestSpec } from '../../src/openapi/ingest.js';
import { lintSpec } from '../../src/openapi/lint.js';
import { countingServer, type CountingServer } from '../helpers/counting-server.js';
import { corpusPath } from '../helpers/corpus.js';

const CAFE_DIR = corpusPath('openapi/multifile/redocly-cafe/');
const CAFE = join(CAFE_DIR, 'openapi.yaml');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dir = mkdtempSync(join(tmpdir(), 'junction-multifile-'));
/** Writes files below `base` (folders made as needed). */
function write(base: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(base, name)), { recursive: true });
    writeFileSync(join(base, name), text);
  }
}

describe('multi-file specs: Redocly Cafe (the split layout `redocly split` writes)', () => {
  it('is valid with its 12 operations and its webhook, every operation seen behind the refs', async () => {
    const spec = await ingestSpec(CAFE, 'openapi.yaml');
    const { index } = spec;
    assert.equal(index.valid, true, JSON.stringify(index.problems));
    assert.equal(index.operations.length, 12);
    assert.equal(index.webhooks, 1);
    assert.equal(index.paths, 8);
    // the entry, 8 path files, a webhook, components and two code samples: every file the refs name was read
    assert.equal(index.files, 42);
    for (const operation of index.operations) {
      assert.ok(operation.operationId, `${operation.method} ${operation.path} has an operationId`);
      assert.ok(operation.description, `${operation.method} ${operation.path} has its description`);
      assert.ok(operation.tags.length > 0);
      assert.ok(operation.responses.some((response) => response.status.startsWith('2')));
    }
    const list = index.operations.find((operation) => operation.operationId === 'listMenuItems')!;
    assert.deepEqual(
      list.parameters.map((parameter) => parameter.name),
      ['after', 'before', 'sort', 'filter', 'search', 'limit'],
    );
    assert.equal(list.responses.find((response) => response.status === '400')?.description !== undefined, true);
    // `{ $ref: Filter.yaml, required: true }`: OpenAPI 3.1 applies what is written beside the $ref
    const items = index.operations.find((operation) => operation.operationId === 'listOrderItems')!;
    assert.equal(items.parameters.find((parameter) => parameter.name === 'filter')?.required, true);
    assert.equal(list.parameters.find((parameter) => parameter.name === 'filter')?.required, false);
  });

  it("inlines the code samples' text and says where each node was written", async () => {
    const { documents } = await ingestSpec(CAFE, 'openapi.yaml');
    const view = documents.root.value as Json;
    const samples = view.paths['/menu'].get['x-codeSamples'] as { lang: string; source: string }[];
    assert.equal(samples[0].source, readFileSync(join(CAFE_DIR, 'code_samples/C_sharp/menu/get.cs'), 'utf8'));
    assert.equal(samples[1].source, readFileSync(join(CAFE_DIR, 'code_samples/PHP/menu/get.php'), 'utf8'));
    const origin = documents.origin('/paths/~1menu/get/responses/200/content');
    assert.equal(origin.document.name, 'paths/menu.yaml');
    assert.equal(origin.pointer, '/get/responses/200/content');
    const place = documents.locate(['/paths/~1orders/post/requestBody']).get('/paths/~1orders/post/requestBody')!;
    assert.equal(place.file, 'paths/orders.yaml');
    const lines = readFileSync(join(CAFE_DIR, 'paths/orders.yaml'), 'utf8').split('\n');
    assert.equal(lines[place.line! - 1].trim(), 'requestBody:');
    // a file referenced twice is inlined once; the second place refers to the first
    assert.match(String(view.paths['/orders'].get.responses['400'].$ref), /^#\/paths\//);
  });

  it('lint places name the file and line where the operation was written', async () => {
    const spec = await ingestSpec(CAFE, 'openapi.yaml');
    const idempotency = lintSpec(spec).lint.find((result) => result.rule === 'junction-idempotency')!;
    const first = idempotency.examples[0];
    assert.equal(first.pointer, '/paths/~1menu/post');
    assert.equal(first.file, 'paths/menu.yaml');
    const lines = readFileSync(join(CAFE_DIR, 'paths/menu.yaml'), 'utf8').split('\n');
    assert.equal(lines[first.line! - 1], 'post:');
  });

  it('points an error in a referenced file at that file and line', async () => {
    const copy = join(dir, 'cafe');
    cpSync(CAFE_DIR, copy, { recursive: true });
    const orders = join(copy, 'paths/orders.yaml');
    const text = readFileSync(orders, 'utf8').replace(/\n {2}responses:\n/, '\n  colour: blue\n  responses:\n');
    writeFileSync(orders, text);
    const { index } = await ingestSpec(join(copy, 'openapi.yaml'), 'openapi.yaml');
    assert.equal(index.valid, false);
    const problem = index.problems.find((candidate) => candidate.message.includes('colour'));
    assert.ok(problem, JSON.stringify(index.problems));
    // an unexpected property is reported at the object that holds it: the operation, in the file it was written in
    assert.equal(problem.file, 'paths/orders.yaml');
    assert.equal(problem.pointer, '/get');
    assert.equal(text.split('\n')[problem.line! - 1], 'get:');
  });
});

describe('multi-file specs: named schemas wherever they are written', () => {
  it('counts components.schemas and each schema written in another file once, however often it is used', async () => {
    const base = join(dir, 'schema-count');
    const ok = (ref: string) => ({ description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } });
    write(base, {
      'openapi.yaml': JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Orders', version: '1' },
        paths: {
          '/orders': { get: { responses: { '200': ok('schemas.yaml#/Order'), '400': ok('schemas.yaml#/Problem') } } },
          '/items': {
            get: {
              parameters: [{ name: 'limit', in: 'query', schema: { $ref: 'limit.yaml' } }],
              responses: { '200': ok('schemas.yaml#/Item'), '400': ok('schemas.yaml#/Problem') },
            },
          },
        },
        components: { schemas: { Order: { $ref: 'schemas.yaml#/Order' }, Local: { type: 'string' } } },
      }),
      'schemas.yaml': [
        'Order:',
        '  type: object',
        '  properties:',
        '    items: { type: array, items: { $ref: "#/Item" } }',
        'Item: { type: object }',
        'Problem: { type: object }',
        '',
      ].join('\n'),
      'limit.yaml': 'type: integer\nmaximum: 100\n',
    });
    const { index } = await ingestSpec(join(base, 'openapi.yaml'), 'openapi.yaml');
    assert.equal(index.valid, true, JSON.stringify(index.problems));
    // Order and Local as components; Item, Problem and the limit's schema from the other files
    assert.equal(index.schemas, 5);
    const cafe = await ingestSpec(CAFE, 'openapi.yaml', { validate: false });
    assert.equal(cafe.index.schemas, 15, 'the 15 files of components/schemas');
  });
});

describe('multi-file specs: $ref wherever it stands, data left alone', () => {
  const base = join(dir, 'fixture');
  beforeAll(() =>
    write(base, {
      'openapi.yaml': [
        'openapi: 3.0.3',
        'info:',
        '  title: Pets',
        "  version: '1'",
        '  description: { $ref: docs/intro.md }',
        'tags:',
        '  - $ref: tags/pets.yaml',
        'paths:',
        '  /pets:',
        '    get: { $ref: operations/list-pets.yaml }',
        '  /pets/{id}:',
        '    $ref: paths/pet.yaml',
        'components:',
        '  schemas:',
        '    Pet: { $ref: schemas/pet.yaml }',
        '',
      ].join('\n'),
      'docs/intro.md': '# Pets\n\nEverything about *pets*.\n',
      'docs/list-pets.md': 'Lists the pets, **newest first**.\n',
      'tags/pets.yaml': 'name: pets\ndescription: { $ref: ../docs/intro.md }\n',
      'operations/list-pets.yaml': [
        'operationId: listPets',
        'tags: [pets]',
        'summary: List pets',
        'description: { $ref: ../docs/list-pets.md }',
        'parameters:',
        '  - $ref: ../parameters/limit.yaml',
        'responses:',
        "  '200':",
        '    description: the pets',
        '    content:',
        '      application/json:',
        '        schema: { type: array, items: { $ref: ../schemas/pet.yaml } }',
        // payloads are data: these $refs are never followed (the files do not exist)
        '        examples:',
        '          one: { value: { $ref: nowhere.yaml } }',
        '  default:',
        '    $ref: ../responses/error.yaml',
        'x-codeSamples:',
        '  - lang: shell',
        '    source: { $ref: ../samples/list.sh }',
        'x-internal: { $ref: missing.yaml }',
        '',
      ].join('\n'),
      // a $ref in a payload that would leave the folder is not refused either: it is not a reference
      'parameters/limit.yaml':
        'name: limit\nin: query\nexample: { $ref: ../../../outside.yaml }\nschema: { type: integer, default: { $ref: nope.yaml } }\n',
      'responses/error.yaml':
        'description: an error\ncontent:\n  application/json:\n    schema: { $ref: ../schemas/error.yaml }\n',
      'schemas/pet.yaml': [
        'type: object',
        'properties:',
        // a property named `default` or `example` is a schema, not a keyword
        '  default: { $ref: ./name.yaml }',
        '  example: { type: string, enum: [{ $ref: gone.yaml }] }',
        '',
      ].join('\n'),
      'schemas/name.yaml': 'type: string\n',
      'schemas/error.yaml': 'type: object\nproperties:\n  message: { type: string }\n',
      'samples/list.sh': 'curl https://pets.example/pets\n',
      'paths/pet.yaml': [
        'get:',
        '  operationId: getPet',
        '  parameters:',
        '    - { name: id, in: path, required: true, schema: { type: string } }',
        '  responses:',
        "    '200':",
        '      description: a pet',
        '      content:',
        '        application/json:',
        '          schema: { $ref: ../schemas/pet.yaml }',
        '',
      ].join('\n'),
    }),
  );

  it('follows Operation, description, tag, code-sample and `default` refs; reads no data ref', async () => {
    const { index, documents } = await ingestSpec(join(base, 'openapi.yaml'), 'openapi.yaml');
    assert.equal(index.valid, true, JSON.stringify(index.problems));
    assert.deepEqual(
      index.operations.map((operation) => `${operation.method} ${operation.path} ${operation.operationId}`),
      ['GET /pets listPets', 'GET /pets/{id} getPet'],
    );
    const list = index.operations[0];
    assert.equal(list.description, 'Lists the pets, **newest first**.\n');
    assert.deepEqual(list.tags, ['pets']);
    assert.deepEqual(
      list.parameters.map((parameter) => parameter.name),
      ['limit'],
    );
    assert.equal(list.responses.find((response) => response.status === 'default')?.description, 'an error');
    // openapi.yaml, 2 .md, the tag, the operation, the parameter, the error response, 3 schemas, the sample, the path
    assert.equal(index.files, 12);
    const view = documents.root.value as Json;
    assert.equal(view.info.description, '# Pets\n\nEverything about *pets*.\n');
    assert.deepEqual(view.tags, [{ name: 'pets', description: '# Pets\n\nEverything about *pets*.\n' }]);
    const operation = view.paths['/pets'].get;
    assert.equal(operation['x-codeSamples'][0].source, 'curl https://pets.example/pets\n');
    // data stays as written
    const media = operation.responses['200'].content['application/json'];
    assert.deepEqual(media.examples.one.value, { $ref: 'nowhere.yaml' });
    assert.deepEqual(operation['x-internal'], { $ref: 'missing.yaml' });
    assert.deepEqual(operation.parameters[0].schema.default, { $ref: 'nope.yaml' });
    assert.deepEqual(operation.parameters[0].example, { $ref: '../../../outside.yaml' });
    const pet = view.components.schemas.Pet;
    assert.deepEqual(pet.properties.default, { type: 'string' });
    assert.deepEqual(pet.properties.example.enum, [{ $ref: 'gone.yaml' }]);
  });

  it('points a structural error inside a referenced Operation at its file and line', async () => {
    const broken = join(dir, 'broken');
    cpSync(base, broken, { recursive: true });
    const file = join(broken, 'operations/list-pets.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    description: the pets', '    descripton: the pets'));
    const { index } = await ingestSpec(join(broken, 'openapi.yaml'), 'openapi.yaml');
    assert.equal(index.valid, false);
    const problem = index.problems.find((candidate) => /descripton/.test(candidate.message));
    assert.ok(problem, JSON.stringify(index.problems));
    assert.equal(problem.file, 'operations/list-pets.yaml');
    assert.equal(problem.pointer, '/responses/200');
    assert.equal(problem.line, 8);
  });
});

describe('multi-file specs: a Path Item $ref in every version', () => {
  const base = join(dir, 'versions');
  const headers = {
    '2.0': "swagger: '2.0'\ninfo: { title: v, version: '1' }\n",
    '3.0': "openapi: 3.0.3\ninfo: { title: v, version: '1' }\n",
    '3.1': "openapi: 3.1.0\ninfo: { title: v, version: '1' }\n",
  };
  for (const [family, header] of Object.entries(headers)) {
    it(`OpenAPI ${family}: the item's operations are indexed and validated where they are written`, async () => {
      const folder = join(base, family);
      write(folder, {
        'openapi.yaml': `${header}paths:\n  /things:\n    $ref: paths/things.yaml\n`,
        'paths/things.yaml': "get:\n  operationId: listThings\n  responses:\n    '200': { description: ok }\n",
        'broken.yaml': `${header}paths:\n  /things:\n    $ref: paths/broken.yaml\n`,
        'paths/broken.yaml': "get:\n  operationId: listThings\n  responses:\n    '200': { descripton: ok }\n",
      });
      const { index } = await ingestSpec(join(folder, 'openapi.yaml'), 'openapi.yaml');
      assert.equal(index.valid, true, JSON.stringify(index.problems));
      assert.deepEqual(
        index.operations.map((operation) => `${operation.method} ${operation.path} ${operation.operationId}`),
        ['GET /things listThings'],
      );
      const broken = await ingestSpec(join(folder, 'broken.yaml'), 'broken.yaml');
      assert.equal(broken.index.valid, false);
      assert.ok(
        broken.index.problems.every((problem) => problem.file === 'paths/broken.yaml' && problem.line === 4),
        JSON.stringify(broken.index.problems),
      );
    });
  }

  it('OpenAPI 3.1: a Path Item from components.pathItems (an internal ref) and webhooks', async () => {
    write(join(base, 'internal'), {
      'openapi.yaml': [
        headers['3.1'] + 'paths:',
        "  /things: { $ref: '#/components/pathItems/Things' }",
        'webhooks:',
        "  changed: { $ref: '#/components/pathItems/Things' }",
        'components:',
        '  pathItems:',
        '    Things:',
        "      get: { operationId: listThings, responses: { '200': { description: ok } } }",
        '',
      ].join('\n'),
    });
    const { index } = await ingestSpec(join(base, 'internal', 'openapi.yaml'), 'openapi.yaml');
    assert.equal(index.valid, true, JSON.stringify(index.problems));
    assert.equal(index.operations.length, 1);
    assert.equal(index.webhooks, 1);
  });
});

describe('multi-file specs: the spec root', () => {
  const base = join(dir, 'roots');
  let server: CountingServer;
  beforeAll(async () => {
    server = await countingServer((_req, res) => res.end('{}'));
    write(base, {
      // Azure's layout: a service's spec names common types several folders up
      'specification/service/stable/openapi.yaml': [
        'openapi: 3.0.3',
        "info: { title: service, version: '1' }",
        'paths:',
        '  /things:',
        '    get:',
        '      responses:',
        "        '200': { description: ok }",
        '        default:',
        "          $ref: '../../../common-types/v5/types.yaml#/responses/Error'",
        '',
      ].join('\n'),
      'common-types/v5/types.yaml':
        'responses:\n  Error:\n    description: error\n    content:\n      application/json:\n        schema: { type: object }\n',
      'specification/hostile/openapi.yaml': [
        'openapi: 3.0.3',
        "info: { title: hostile, version: '1' }",
        'paths:',
        '  /a:',
        '    get:',
        '      responses:',
        "        '200': { $ref: '../../../fifo.yaml' }",
        `        '201': { $ref: '${join(base, 'fifo-inside.yaml')}' }`,
        `        '202': { $ref: '${server.server.url}/remote.yaml' }`,
        '',
      ].join('\n'),
    });
    // FIFOs: opening one for reading blocks until a writer comes, so a test that ends proves nothing was read
    execFileSync('mkfifo', [join(dir, 'fifo.yaml'), join(base, 'fifo-inside.yaml')]);
  });
  afterAll(async () => {
    await server?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const service = join(base, 'specification/service/stable/openapi.yaml');

  it('refuses a ref above the entry by default, naming the ref, the file, the line and the option', async () => {
    const { index } = await ingestSpec(service, 'openapi.yaml', {
      hints: { root: '--root DIR', remoteRefs: '--allow-remote-ref HOST' },
    });
    assert.equal(index.valid, false);
    const problem = index.problems.find((candidate) => /refused/.test(candidate.message));
    assert.ok(problem, JSON.stringify(index.problems));
    assert.match(problem.message, /\$ref "\.\.\/\.\.\/\.\.\/common-types\/v5\/types\.yaml#\/responses\/Error" refused/);
    assert.match(problem.message, /leaves the spec root .*--root DIR/);
    assert.equal(problem.file, 'openapi.yaml');
    assert.equal(problem.line, 9);
  });

  it('follows it under a root that holds it', async () => {
    const { index } = await ingestSpec(service, 'openapi.yaml', { root: base });
    assert.equal(index.valid, true, JSON.stringify(index.problems));
    assert.equal(index.files, 2);
    assert.equal(index.operations[0].responses.find((response) => response.status === 'default')?.description, 'error');
  });

  it('refuses an entry outside the root', async () => {
    await assert.rejects(
      ingestSpec(service, 'openapi.yaml', { root: join(base, 'common-types') }),
      /the spec is outside its root/,
    );
    for (const root of [join(base, 'nowhere'), service])
      await assert.rejects(ingestSpec(service, 'openapi.yaml', { root }), /the spec root is not a folder that exists/);
  });

  it('refuses ../ beyond the root, absolute paths and URLs without reading a byte', async () => {
    const spy: string[] = [];
    const { index } = await ingestSpec(join(base, 'specification/hostile/openapi.yaml'), 'openapi.yaml', {
      root: base,
      fetch: async (url) => (spy.push(url), new TextEncoder().encode('{}')),
    });
    const messages = index.problems.map((problem) => `${problem.file}:${problem.line} ${problem.message}`);
    assert.equal(messages.length, 3, messages.join('\n'));
    assert.match(
      messages[0],
      /^specification\/hostile\/openapi\.yaml:7 .*fifo\.yaml" refused: it leaves the spec root/,
    );
    assert.match(messages[1], /:8 .*fifo-inside\.yaml" refused: absolute paths are not followed/);
    assert.match(messages[2], /:9 .*remote\.yaml" refused: remote reference to 127\.0\.0\.1:\d+ is not allowed/);
    assert.match(messages[2], /allow\.remoteRefs/);
    assert.deepEqual(spy, []);
    assert.equal(server.arrivals.length, 0);
  });

  it('a workspace spec may reach the whole workspace by default, and no further than systems[].specRoot', async () => {
    const estate = (specRoot?: string) =>
      parseEstate(
        [
          'version: 1',
          'name: roots',
          'systems:',
          '  - id: service',
          '    name: Service',
          '    baseUrl: https://127.0.0.1:9',
          '    spec: specification/service/stable/openapi.yaml',
          ...(specRoot ? [`    specRoot: ${specRoot}`] : []),
          '',
        ].join('\n'),
        join(base, 'junction.yaml'),
      ).systems[0];
    const resolvePath = (path: string) => join(base, path);
    const fetch = () => Promise.reject(new Error('no fetch expected'));
    const whole = await ingestFor(estate(), estate().spec!, resolvePath, fetch);
    assert.ok(!('error' in whole));
    assert.equal(whole.index.valid, true, JSON.stringify(whole.index.problems));
    const narrow = await ingestFor(estate('specification/service'), estate().spec!, resolvePath, fetch);
    assert.ok(!('error' in narrow));
    assert.equal(narrow.index.valid, false);
    assert.match(narrow.index.problems[0].message, /leaves the spec root .*systems\[\]\.specRoot/);
    assert.equal(narrow.index.problems[0].file, 'stable/openapi.yaml');
  });
});
