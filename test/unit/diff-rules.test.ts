import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, it } from 'vitest';
import type { SpecDiffResult } from '../../src/model/artifacts/spec.js';
import { CATALOGUE, defaultLevel, isKnownRule, NOT_APPLICABLE } from '../../src/model/diff-rules.js';
import type { DiffPolicy } from '../../src/model/estate.js';
import { diffSpecs } from '../../src/openapi/diff.js';
import { ingestSpec } from '../../src/openapi/ingest.js';
import { DIFF_RULES_DOC, formattedDiffRulesDoc } from '../../scripts/write-diff-rules-doc.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/diff-rules/', import.meta.url));
const RULES_JSON = fileURLToPath(new URL('../../../shared/corpus/oasdiff/rules.json', import.meta.url));
/** the day sunset dates are judged against */
const TODAY = new Date('2026-01-01T00:00:00Z');

type Json = Record<string, unknown>;
interface SchemaCase {
  name: string;
  base: Json;
  revision: Json;
  rules?: Partial<DiffPolicy>;
  expect: Record<string, string | string[]>;
}
interface OperationCase {
  rule: string;
  level?: string;
  openapi?: string;
  swagger?: string;
  rules?: Partial<DiffPolicy>;
  base: Json;
  revision: Json;
}

const ok = { '200': { description: 'ok' } };
const object = (schema: Json) => ({ type: 'object', properties: { p: schema } });
const requestBody = (schema: Json) => ({
  paths: { '/a': { post: { requestBody: { content: { 'application/json': { schema } } }, responses: ok } } },
});
const responseBody = (schema: Json) => ({
  paths: {
    '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } } },
  },
});
const parameter = (where: 'query' | 'header', name: string, schema: Json) => ({
  paths: { '/a': { get: { parameters: [{ name, in: where, schema }], responses: ok } } },
});
/** Where a fixture's schema is put: the letters of test/fixtures/diff-rules/schemas.yaml. */
const PLACES: Record<string, (schema: Json) => Json> = {
  rb: requestBody,
  rp: (schema) => requestBody(object(schema)),
  sb: responseBody,
  sp: (schema) => responseBody(object(schema)),
  qp: (schema) => parameter('query', 'q', schema),
  qpp: (schema) => parameter('query', 'q', object(schema)),
  hp: (schema) => parameter('header', 'X-Filter', object(schema)),
  sh: (schema) => ({
    paths: { '/a': { get: { responses: { '200': { description: 'ok', headers: { 'X-H': { schema } } } } } } },
  }),
};

const dir = mkdtempSync(join(tmpdir(), 'junction-diff-rules-'));
let written = 0;
async function diff(base: Json, revision: Json, rules?: Partial<DiffPolicy>): Promise<SpecDiffResult> {
  const write = (document: Json) => {
    const file = join(dir, `${written++}.json`);
    writeFileSync(file, JSON.stringify(document));
    return file;
  };
  const [before, after] = await Promise.all(
    [base, revision].map((document) => ingestSpec(write(document), 'spec', { validate: false })),
  );
  return diffSpecs(before, after, { today: TODAY, rules });
}

const readCases = <T>(file: string): T[] => (parse(readFileSync(join(FIXTURES, file), 'utf8')) as { cases: T[] }).cases;
const schemaCases = readCases<SchemaCase>('schemas.yaml');
const operationCases = readCases<OperationCase>('operations.yaml');

/** A fixture pair: the two documents (with their `openapi`/`swagger` and `info`) and junction.yaml's rules. */
interface Proof {
  label: string;
  level?: string;
  base: Json;
  revision: Json;
  rules?: Partial<DiffPolicy>;
}
/** Every rule id a fixture proves, with the pairs that prove it. */
const proofs = new Map<string, Proof[]>();
const prove = (id: string, proof: Proof) => proofs.set(id, [...(proofs.get(id) ?? []), proof]);
const run = (proof: Proof) => diff(proof.base, proof.revision, proof.rules);
for (const fixture of schemaCases)
  for (const [place, expected] of Object.entries(fixture.expect)) {
    const wrap = PLACES[place];
    for (const id of Array.isArray(expected) ? expected : [expected])
      prove(id, {
        label: `${fixture.name} (${place})`,
        base: { openapi: '3.1.0', info: { title: 'base', version: '1' }, ...wrap(fixture.base) },
        revision: { openapi: '3.1.0', info: { title: 'revision', version: '1' }, ...wrap(fixture.revision) },
        rules: fixture.rules,
      });
  }
for (const fixture of operationCases) {
  const header = fixture.swagger ? { swagger: fixture.swagger } : { openapi: fixture.openapi ?? '3.1.0' };
  prove(fixture.rule, {
    label: `${fixture.rule}${fixture.level ? ` at ${fixture.level}` : ''}`,
    level: fixture.level,
    base: { ...header, info: { title: 'base', version: '1' }, ...fixture.base },
    revision: { ...header, info: { title: 'revision', version: '1' }, ...fixture.revision },
    rules: fixture.rules,
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every rule Junction implements, on its own base/revision fixtures', () => {
  it.each([...proofs.keys()].sort())('%s', async (id) => {
    for (const proof of proofs.get(id)!) {
      const result = await run(proof);
      const change = result.changes.find((candidate) => candidate.id === id);
      assert.ok(
        change,
        `${proof.label}: ${id} not reported; got ${result.changes.map((c) => c.id).join(', ') || 'nothing'}`,
      );
      const level = proof.level ?? defaultLevel(id);
      assert.equal(change.level, level, `${proof.label}: ${id} reported at ${change.level}, not ${level}`);
      assert.equal(change.breaking, level !== 'INFO');
    }
  });
});

/** The same document with its Path Items under `webhooks` (OAS 3.1), each webhook named by the path it had. */
function asWebhooks({ paths, ...document }: Json): Json {
  return paths === undefined ? document : { ...document, webhooks: paths };
}
/** A whole webhook added or removed is one document-level change, not a change of its operations. */
const WHOLE_CONTAINER = /^api-path-(removed-|sunset-parse)/;
const webhookProofs = [...proofs].flatMap(([id, list]) =>
  list
    .filter(
      ({ base, revision }) =>
        base.openapi === '3.1.0' &&
        (base.paths ?? revision.paths) !== undefined &&
        (base.webhooks ?? revision.webhooks) === undefined,
    )
    .map((proof) => [id, proof] as const),
);

describe('every operation-level rule, on the same fixtures with their paths as webhooks (oasdiff: webhook:<name>)', () => {
  it.each(webhookProofs.map(([id, proof]) => [`${id}: ${proof.label}`, id, proof] as const))(
    '%s',
    async (_, id, proof) => {
      const asPaths = (await run(proof)).changes.find((candidate) => candidate.id === id)!;
      const webhooks = await diff(asWebhooks(proof.base), asWebhooks(proof.revision), proof.rules);
      if (!asPaths.operation) {
        // a document-level change (global security, schemes, components) stays one, whatever holds the operations
        assert.ok(
          webhooks.changes.some((candidate) => candidate.id === id && !candidate.operation),
          `${id}: ${webhooks.changes.map((c) => c.id).join(', ')}`,
        );
        return;
      }
      if (WHOLE_CONTAINER.test(id)) {
        assert.deepEqual(
          webhooks.changes.map((change) => [change.id, change.operation]),
          [['webhook-removed', undefined]],
        );
        return;
      }
      const change = webhooks.changes.find((candidate) => candidate.id === id);
      assert.ok(change, `${id} not reported for a webhook; got ${webhooks.changes.map((c) => c.id).join(', ')}`);
      assert.deepEqual(change.operation, {
        method: asPaths.operation.method,
        path: `webhook:${asPaths.operation.path}`,
      });
      assert.equal(change.level, asPaths.level);
      assert.match(change.message, new RegExp(`^${asPaths.operation.method} webhook:`));
      assert.match(change.old?.pointer ?? change.new?.pointer ?? '', /^\/(webhooks|components)\//);
    },
  );

  it('holds most of the operation rules', () => {
    // a guard against the filter above quietly dropping the cases: the fixtures hold over 200 OAS 3.1 path pairs
    assert.ok(webhookProofs.length > 200, `${webhookProofs.length} webhook variants`);
  });
});

describe("oasdiff's catalogue", () => {
  const catalogue = existsSync(RULES_JSON)
    ? (JSON.parse(readFileSync(RULES_JSON, 'utf8')) as { rules: { id: string; level: string }[] }).rules
    : undefined;

  it('Junction carries every id of ../shared/corpus/oasdiff/rules.json at its level', () => {
    assert.ok(catalogue, `../shared/corpus/oasdiff/rules.json is missing (${RULES_JSON})`);
    assert.equal(catalogue.length, 509);
    assert.deepEqual([...CATALOGUE].sort(), catalogue.map((rule) => [rule.id, rule.level] as const).sort());
  });

  it('every ERR and WARN id is implemented (a fixture above proves it) or listed as not applicable, with a reason', () => {
    assert.ok(catalogue, `../shared/corpus/oasdiff/rules.json is missing (${RULES_JSON})`);
    const missing = catalogue
      .filter((rule) => rule.level !== 'INFO')
      .filter((rule) => !proofs.has(rule.id) && !NOT_APPLICABLE[rule.id]);
    assert.deepEqual(
      missing.map((rule) => rule.id),
      [],
    );
    for (const [id, reason] of Object.entries(NOT_APPLICABLE)) {
      assert.equal(CATALOGUE.get(id), 'ERR', `${id} is listed as not applicable but is no ERR rule`);
      assert.ok(reason.length > 20, `${id}: say why it does not apply`);
      assert.ok(!proofs.has(id), `${id} is listed as not applicable but a fixture proves it`);
    }
  });

  it('docs/diff-rules.md is generated from the rules the diff applies', async () => {
    assert.equal(
      readFileSync(DIFF_RULES_DOC, 'utf8'),
      await formattedDiffRulesDoc(),
      'run: npx tsx scripts/write-diff-rules-doc.ts',
    );
  });

  it('the fixtures name only rules Junction knows', () => {
    assert.deepEqual(
      [...proofs.keys()].filter((id) => !isKnownRule(id)),
      [],
    );
  });
});
