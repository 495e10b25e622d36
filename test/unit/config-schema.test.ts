import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { findCheck } from '../../checks/index.js';
import { CONFIG_SCHEMA_PATH, configJsonSchema, configReference } from '../../src/estate/config-schema.js';
import { parseEstate, starterEstate } from '../../src/estate/workspace.js';
import { attestationsArtifact } from '../../src/gather/attestations.js';
import { REFERENCE_END, REFERENCE_START } from '../../scripts/write-config-docs.js';

const REGENERATE = 'run: npx tsx scripts/write-config-docs.ts';
const root = new URL('../../', import.meta.url);
const validator = () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL(CONFIG_SCHEMA_PATH, root), 'utf8')) as object);
};

/** The starter with every example line uncommented, as a user filling it in would (prose comments stay). */
function uncommented(starter: string): string {
  return starter.replace(/^( +)# (?=[ ]*(?:- |[A-Za-z]+: ))/gm, '$1').replace(/^(\w+): \[\]\n(?= +- )/gm, '$1:\n');
}

describe('junction.yaml as JSON Schema, and its README reference', () => {
  it('docs/junction.schema.json is generated from the zod schema Junction reads the file with', () => {
    const committed = JSON.parse(readFileSync(new URL(CONFIG_SCHEMA_PATH, root), 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(configJsonSchema())), REGENERATE);
  });

  it("the README's reference is generated from that schema and names every field of the file", () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const section = readme.slice(
      readme.indexOf(REFERENCE_START) + REFERENCE_START.length,
      readme.indexOf(REFERENCE_END),
    );
    assert.equal(section.trim(), configReference(), REGENERATE);
    // the fields a new user had to find by trial and error
    for (const heading of ['systems[]', 'monitors[].thresholds', 'monitors[].alerts[]', 'logSources[] (type: jsonl)'])
      assert.ok(section.includes(`#### \`${heading}\``), heading);
    for (const field of ['p95Ms', 'webhook', 'sloMs', 'tags', 'environment', 'kind', 'clientIdentity', 'fields'])
      assert.match(section, new RegExp(`^\\| \`${field}\`(?: \\(required\\))? \\| [^|]+ \\|[^|]*\\| \\S`, 'm'), field);
  });

  it('the starter junction init writes is valid as written, for Junction and for the JSON Schema', () => {
    const starter = starterEstate('../docs/junction.schema.json', '2026-11-20');
    assert.match(starter, /^# yaml-language-server: \$schema=\.\.\/docs\/junction\.schema\.json\n/);
    const estate = parseEstate(starter, 'junction.yaml');
    assert.deepEqual(
      estate.systems.map((system) => system.id),
      ['orders'],
    );
    const validate = validator();
    assert.equal(validate(parse(starter)), true, JSON.stringify(validate.errors));
  });

  it('stays valid with every example uncommented, and its owner lines satisfy attested.owner', () => {
    const filled = uncommented(starterEstate(undefined, '2026-11-20'));
    const estate = parseEstate(filled, 'junction.yaml');
    const validate = validator();
    assert.equal(validate(parse(filled)), true, JSON.stringify(validate.errors));
    const orders = estate.systems[0];
    assert.equal(orders.spec, 'specs/orders.yaml', 'the example lines were uncommented');
    assert.equal(orders.owner, 'team-orders');
    assert.deepEqual(
      [estate.systems.length, estate.flows.length, estate.logSources.length, estate.monitors.length],
      [2, 1, 1, 1],
    );
    assert.equal(estate.monitors[0].thresholds?.p95Ms, 500);
    const check = findCheck('attested.owner')!;
    const verdict = check.judge(
      { attestations: attestationsArtifact(orders.attestations ?? [], new Date('2026-11-26T12:00:00Z')) } as never,
      orders,
      DEFAULT_SETTINGS,
    );
    assert.equal(verdict.status, 'pass', verdict.summary);
    assert.match(verdict.summary, /^Yes, attested by .+ on 2026-11-20 \(team-orders, on call 24\/7\)$/);
  });

  it('refuses in an editor what Junction refuses: unknown fields, wrong enums, literal secrets', () => {
    const validate = validator();
    const base = { version: 1, name: 'E', systems: [{ id: 'a', name: 'A', baseUrl: 'https://a.test' }] };
    assert.equal(validate(base), true, JSON.stringify(validate.errors));
    const system = base.systems[0];
    for (const wrong of [
      { ...base, sytems: [] },
      { ...base, systems: [{ ...system, kind: 'mainframe' }] },
      { ...base, systems: [{ ...system, auth: { type: 'bearer', token: 'plain-secret' } }] },
      { ...base, systems: [{ ...system, id: 'Not An Id' }] },
      { ...base, monitors: [{ system: 'a', thresholds: { p95: 300 } }] },
    ])
      assert.equal(validate(wrong), false, JSON.stringify(wrong));
  });
});
