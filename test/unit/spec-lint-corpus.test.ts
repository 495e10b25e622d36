import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { ingestSpec } from '../../src/openapi/ingest.js';
import { lintHits } from '../../src/openapi/lint.js';
import { corpusPath } from '../helpers/corpus.js';

const SPECS = corpusPath('openapi/specs/');

/**
 * Per-rule counts of `spectral lint -r ruleset.yaml -f json` (Spectral CLI 6.16.3, spectral-rulesets 1.23.1, ruleset
 * `extends: ["spectral:oas"]`), recorded once by hand from real runs on these corpus files: Junction's spectral:oas
 * results must count the same, rule by rule, except where Spectral is shown wrong (`differences`).
 */
const SPECTRAL: Record<
  string,
  { counts: Record<string, number>; differences?: Record<string, { junction: number; why: string }> }
> = {
  'okta-legacy-v1.v2.0.yaml': {
    counts: {
      'operation-tag-defined': 341,
      'operation-description': 9,
      'operation-operationId': 3,
      'path-not-include-query': 2,
      'oas2-unused-definition': 35,
      'no-$ref-siblings': 41,
      'oas2-discriminator': 1,
      'oas2-oneOf': 3,
      'oas2-valid-schema-example': 1,
      'typed-enum': 6,
    },
  },
  'twilio-api-v2010.v3.0.yaml': {
    counts: {
      'oas3-unused-component': 10,
      'oas3-valid-media-example': 238,
      'operation-description': 47,
    },
    differences: {
      'oas3-valid-media-example': {
        junction: 231,
        why:
          'Spectral counts 9 valid examples whose schema holds `nullable` without `type` (Ajv refuses to compile it: ' +
          '"nullable" cannot be used without "type"), and misses 2 invalid date-times without a time zone (Calls.json ' +
          "StartTime< example readEmptyDateFunDateFormats '2019-06-11 22:05:25.000'): its ajv-formats 2 does not " +
          'require the offset RFC 3339 date-time has',
      },
    },
  },
  'stripe-2023-09.v3.0.yaml': {
    counts: { 'oas3-server-trailing-slash': 1, 'operation-description': 5, 'operation-tags': 468 },
  },
  'discord-v10.v3.1.json': {
    counts: { 'info-contact': 1, 'operation-description': 225, 'operation-tags': 242 },
  },
  'openai.v3.1.yaml': {
    counts: {
      'operation-description': 266,
      'operation-tag-defined': 163,
      'oas3-unused-component': 85,
      'operation-tags': 31,
      'oas3-valid-schema-example': 22,
      // Schema Objects against the 3.1 dialect (JSON Schema 2020-12): 7 boolean exclusiveMinimum (3.0 style), a
      // `required` naming a property twice (ContainerResource), 2 boolean $recursiveAnchor (CompoundFilter)
      'oas3-schema': 10,
      'path-not-include-query': 6,
      'oas3-valid-media-example': 1,
    },
    differences: {
      'oas3-valid-schema-example': {
        junction: 24,
        why:
          'Spectral does not check a default written beside a $ref (its resolved document replaces the Reference ' +
          'Object with its target; OpenAPI 3.1 applies both): Response and BetaResponse ' +
          'allOf/2/properties/conversation/anyOf/0 is `{ default: null, $ref: ResponseConversation }`, an object ' +
          "schema null does not match. (Both count CompactResource's and BetaCompactResource's examples, Spectral " +
          "as its Ajv's refusal of the schema over CompoundFilter's $recursiveAnchor, Junction at output/0, which " +
          'lacks the required id.)',
      },
      'oas3-valid-media-example': {
        junction: 0,
        why:
          'Spectral reports its Ajv\'s refusal, \'"nullable" cannot be used without "type"\', for the multipart_edit ' +
          'example of POST /images/edits: CreateImageEditRequest.properties.model has anyOf and nullable: true but ' +
          'no type. nullable is no keyword in OpenAPI 3.1 (JSON Schema 2020-12 ignores it), and the example is valid',
      },
    },
  },
};

describe('spec lint agrees with Spectral on the corpus', () => {
  for (const [file, { counts, differences = {} }] of Object.entries(SPECTRAL)) {
    it(`${file}: every spectral:oas rule counts what Spectral counted`, async () => {
      assert.ok(existsSync(SPECS + file), `the corpus is missing: ${SPECS + file} (../shared/corpus)`);
      const spec = await ingestSpec(SPECS + file, file);
      const ours: Record<string, number> = {};
      for (const hit of lintHits(spec, { rulesets: ['spectral:oas'] }).hits) ours[hit.rule] = (ours[hit.rule] ?? 0) + 1;
      // a rule Junction rightly never reports has no entry, as in Spectral's own counts
      const expected = Object.fromEntries(
        Object.entries(counts)
          .map(([rule, count]) => [rule, differences[rule]?.junction ?? count] as const)
          .filter(([, count]) => count > 0),
      );
      assert.deepEqual(ours, expected);
    });
  }
});
