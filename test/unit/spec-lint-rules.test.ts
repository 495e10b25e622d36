import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { LINT_RULE_IDS, type LintRuleId } from '../../src/model/lint-rules.js';
import { ingestSpec } from '../../src/openapi/ingest.js';
import { lintHits } from '../../src/openapi/lint.js';

type Json = Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'junction-lint-rules-'));
let files = 0;

/** The results of one rule (turned on, whatever its default) on a document. */
async function resultsOf(rule: LintRuleId, document: Json) {
  const file = join(dir, `spec-${files++}.json`);
  writeFileSync(file, JSON.stringify(document, null, 2));
  const { hits } = lintHits(await ingestSpec(file, 'spec.json'), { rules: { [rule]: 'warn' } });
  return hits.filter((hit) => hit.rule === rule);
}

const ok = { '200': { description: 'ok' } };
const operation = (extra: Json = {}): Json => ({
  operationId: 'op',
  tags: ['t'],
  description: 'd',
  responses: ok,
  ...extra,
});
const oas3 = (extra: Json = {}, paths: Json = { '/items': { get: operation() } }): Json => ({
  openapi: '3.0.3',
  info: { title: 'T', version: '1', description: 'd', contact: { name: 'n' } },
  servers: [{ url: 'https://api.test/v1' }],
  tags: [{ name: 't', description: 'd' }],
  paths,
  ...extra,
});
const oas31 = (extra: Json = {}, paths?: Json): Json => ({ ...oas3(extra, paths), openapi: '3.1.0' });
const swagger = (extra: Json = {}, paths: Json = { '/items': { get: operation() } }): Json => ({
  swagger: '2.0',
  info: { title: 'T', version: '1', description: 'd', contact: { name: 'n' } },
  host: 'api.test',
  schemes: ['https'],
  tags: [{ name: 't', description: 'd' }],
  paths,
  ...extra,
});
const schemas = (values: Json, make = oas3) => make({ components: { schemas: values } });
const getWith = (extra: Json) => ({ '/items': { get: operation(extra) } });
const json = (schema: Json, extra: Json = {}) => ({ content: { 'application/json': { schema, ...extra } } });

/** One document where the rule reports, one close to it where it does not. */
const CASES: { rule: LintRuleId; hit: Json; miss: Json }[] = [
  { rule: 'info-contact', hit: oas3({ info: { title: 'T', version: '1', description: 'd' } }), miss: oas3() },
  { rule: 'info-description', hit: oas3({ info: { title: 'T', version: '1', contact: {} } }), miss: oas3() },
  {
    rule: 'info-license',
    hit: oas3(),
    miss: oas3({ info: { title: 'T', version: '1', license: { name: 'MIT', url: 'https://l' } } }),
  },
  {
    rule: 'license-url',
    hit: oas3({ info: { title: 'T', version: '1', license: { name: 'MIT' } } }),
    miss: oas3({ info: { title: 'T', version: '1', license: { name: 'MIT', url: 'https://l' } } }),
  },
  {
    rule: 'contact-properties',
    hit: oas3(),
    miss: oas3({ info: { title: 'T', version: '1', contact: { name: 'n', url: 'https://u', email: 'e@x.test' } } }),
  },
  { rule: 'openapi-tags', hit: oas3({ tags: [] }), miss: oas3() },
  {
    rule: 'openapi-tags-alphabetical',
    hit: oas3({ tags: [{ name: 'z' }, { name: 't' }] }),
    miss: oas3({ tags: [{ name: 't' }, { name: 'z' }] }),
  },
  { rule: 'openapi-tags-uniqueness', hit: oas3({ tags: [{ name: 't' }, { name: 't' }] }), miss: oas3() },
  { rule: 'tag-description', hit: oas3({ tags: [{ name: 't' }] }), miss: oas3() },
  { rule: 'operation-description', hit: oas3({}, getWith({ description: '' })), miss: oas3() },
  { rule: 'operation-operationId', hit: oas3({}, getWith({ operationId: undefined })), miss: oas3() },
  { rule: 'operation-operationId-valid-in-url', hit: oas3({}, getWith({ operationId: 'list items' })), miss: oas3() },
  {
    rule: 'operation-operationId-unique',
    hit: oas3({}, { '/a': { get: operation() }, '/b': { get: operation() } }),
    miss: oas3({}, { '/a': { get: operation() }, '/b': { get: operation({ operationId: 'other' }) } }),
  },
  { rule: 'operation-tags', hit: oas3({}, getWith({ tags: [] })), miss: oas3() },
  {
    rule: 'operation-singular-tag',
    hit: oas3({ tags: [{ name: 't' }, { name: 'u' }] }, getWith({ tags: ['t', 'u'] })),
    miss: oas3(),
  },
  { rule: 'operation-tag-defined', hit: oas3({}, getWith({ tags: ['undeclared'] })), miss: oas3() },
  {
    rule: 'operation-success-response',
    hit: oas3({}, getWith({ responses: { '404': { description: 'no' } } })),
    miss: oas3({}, getWith({ responses: { '2XX': { description: 'ok' } } })),
  },
  {
    rule: 'operation-parameters',
    hit: oas3(
      {},
      getWith({
        parameters: [
          { name: 'a', in: 'query' },
          { name: 'a', in: 'query' },
        ],
      }),
    ),
    miss: oas3(
      {},
      getWith({
        parameters: [
          { name: 'a', in: 'query' },
          { name: 'a', in: 'header' },
        ],
      }),
    ),
  },
  {
    rule: 'path-params',
    hit: oas3({}, { '/items/{id}': { get: operation() } }),
    miss: oas3(
      {},
      {
        '/items/{id}': {
          get: operation({ parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] }),
        },
      },
    ),
  },
  { rule: 'path-declarations-must-exist', hit: oas3({}, { '/items/{}': { get: operation() } }), miss: oas3() },
  {
    rule: 'path-keys-no-trailing-slash',
    hit: oas3({}, { '/items/': { get: operation() } }),
    miss: oas3({}, { '/': { get: operation() } }),
  },
  { rule: 'path-not-include-query', hit: oas3({}, { '/items?x=1': { get: operation() } }), miss: oas3() },
  {
    rule: 'duplicated-entry-in-enum',
    hit: schemas({ S: { type: 'string', enum: ['a', 'a'] } }),
    miss: schemas({ S: { type: 'string', enum: ['a', 'b'] } }),
  },
  {
    rule: 'typed-enum',
    hit: schemas({ S: { type: 'integer', enum: [1, 'two'] } }),
    miss: schemas({ S: { type: 'integer', nullable: true, enum: [1, null] } }),
  },
  {
    rule: 'array-items',
    hit: schemas({ S: { type: 'array' } }),
    miss: schemas({ S: { type: 'array', items: { type: 'string' } } }),
  },
  {
    rule: 'no-eval-in-markdown',
    hit: oas3({}, getWith({ description: 'run eval(x)' })),
    miss: oas3({}, getWith({ description: 'evaluate x' })),
  },
  {
    rule: 'no-script-tags-in-markdown',
    hit: oas3({}, getWith({ description: '<script>x</script>' })),
    miss: oas3({}, getWith({ description: 'a <b>script</b>' })),
  },
  {
    rule: 'no-$ref-siblings',
    hit: schemas({ A: { type: 'string' }, B: { $ref: '#/components/schemas/A', description: 'x' } }),
    miss: schemas({ A: { type: 'string' }, B: { $ref: '#/components/schemas/A', description: 'x' } }, oas31),
  },
  { rule: 'oas3-api-servers', hit: oas3({ servers: [] }), miss: oas3() },
  {
    rule: 'oas3-server-trailing-slash',
    hit: oas3({ servers: [{ url: 'https://api.test/' }] }),
    miss: oas3({ servers: [{ url: '/' }] }),
  },
  { rule: 'oas3-server-not-example.com', hit: oas3({ servers: [{ url: 'https://example.com' }] }), miss: oas3() },
  {
    rule: 'oas3-server-variables',
    hit: oas3({ servers: [{ url: 'https://{region}.api.test' }] }),
    miss: oas3({ servers: [{ url: 'https://{region}.api.test', variables: { region: { default: 'eu' } } }] }),
  },
  {
    rule: 'oas3-operation-security-defined',
    hit: oas3({ security: [{ missing: [] }] }),
    miss: oas3({
      security: [{ key: [] }],
      components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'k' } } },
    }),
  },
  {
    rule: 'oas3-examples-value-or-externalValue',
    hit: oas3(
      {},
      getWith({
        responses: { '200': { description: 'ok', ...json({ type: 'string' }, { examples: { a: { summary: 's' } } }) } },
      }),
    ),
    miss: oas3(
      {},
      getWith({
        responses: { '200': { description: 'ok', ...json({ type: 'string' }, { examples: { a: { value: 'x' } } }) } },
      }),
    ),
  },
  {
    rule: 'oas3-valid-media-example',
    hit: oas3(
      {},
      getWith({ responses: { '200': { description: 'ok', ...json({ type: 'integer' }, { example: 'one' }) } } }),
    ),
    miss: oas3(
      {},
      getWith({ responses: { '200': { description: 'ok', ...json({ type: 'integer' }, { example: 1 }) } } }),
    ),
  },
  {
    rule: 'oas3-valid-schema-example',
    hit: schemas({ S: { type: 'integer', default: 'x' } }),
    miss: schemas({ S: { type: 'integer', default: 1 } }),
  },
  {
    rule: 'oas3-unused-component',
    hit: schemas({ Unused: { type: 'string' } }),
    miss: oas3(
      { components: { schemas: { Used: { type: 'string' } } } },
      getWith({ responses: { '200': { description: 'ok', ...json({ $ref: '#/components/schemas/Used' }) } } }),
    ),
  },
  {
    rule: 'oas3-parameter-description',
    hit: oas3({}, getWith({ parameters: [{ name: 'a', in: 'query' }] })),
    miss: oas3({}, getWith({ parameters: [{ name: 'a', in: 'query', description: 'd' }] })),
  },
  {
    rule: 'oas3-callbacks-in-callbacks',
    hit: oas3({}, getWith({ callbacks: { c: { '{$url}': { post: operation({ callbacks: {} }) } } } })),
    miss: oas3({}, getWith({ callbacks: { c: { '{$url}': { post: operation() } } } })),
  },
  {
    rule: 'oas3_1-servers-in-webhook',
    hit: oas31({ webhooks: { w: { post: operation({ servers: [] }) } } }),
    miss: oas31({ webhooks: { w: { post: operation() } } }),
  },
  {
    rule: 'oas3_1-callbacks-in-webhook',
    hit: oas31({ webhooks: { w: { post: operation({ callbacks: {} }) } } }),
    miss: oas31({ webhooks: { w: { post: operation() } } }),
  },
  { rule: 'oas3-schema', hit: oas3({ paths: { '/a': { get: { responses: 'no' } } } }), miss: oas3() },
  // a 3.1 Schema Object against the 3.1 dialect (JSON Schema 2020-12): exclusiveMinimum is a number there
  {
    rule: 'oas3-schema',
    hit: schemas({ S: { type: 'number', exclusiveMinimum: true, minimum: 0 } }, oas31),
    miss: schemas({ S: { type: 'number', exclusiveMinimum: 0 } }, oas31),
  },
  { rule: 'oas2-schema', hit: swagger({}, { '/a': { get: { responses: 'no' } } }), miss: swagger() },
  { rule: 'oas2-api-host', hit: swagger({ host: undefined }), miss: swagger() },
  { rule: 'oas2-api-schemes', hit: swagger({ schemes: [] }), miss: swagger() },
  { rule: 'oas2-host-trailing-slash', hit: swagger({ host: 'api.test/' }), miss: swagger() },
  { rule: 'oas2-host-not-example', hit: swagger({ host: 'example.com' }), miss: swagger() },
  {
    rule: 'oas2-anyOf',
    hit: swagger({ definitions: { S: { anyOf: [{ type: 'string' }] } } }),
    miss: swagger({ definitions: { S: { type: 'string' } } }),
  },
  {
    rule: 'oas2-oneOf',
    hit: swagger({ definitions: { S: { oneOf: [{ type: 'string' }] } } }),
    miss: swagger({ definitions: { S: { type: 'string' } } }),
  },
  {
    rule: 'oas2-discriminator',
    hit: swagger({
      definitions: { S: { type: 'object', discriminator: 'kind', properties: { kind: { type: 'string' } } } },
    }),
    miss: swagger({
      definitions: {
        S: { type: 'object', discriminator: 'kind', required: ['kind'], properties: { kind: { type: 'string' } } },
      },
    }),
  },
  { rule: 'oas2-unused-definition', hit: swagger({ definitions: { S: { type: 'string' } } }), miss: swagger() },
  {
    rule: 'oas2-valid-schema-example',
    hit: swagger({ definitions: { S: { type: 'integer', example: 'x' } } }),
    miss: swagger({ definitions: { S: { type: 'integer', example: 2 } } }),
  },
  {
    rule: 'oas2-valid-media-example',
    hit: swagger(
      {},
      getWith({
        responses: { '200': { description: 'ok', schema: { type: 'integer' }, examples: { 'application/json': 'x' } } },
      }),
    ),
    miss: swagger(
      {},
      getWith({
        responses: { '200': { description: 'ok', schema: { type: 'integer' }, examples: { 'application/json': 3 } } },
      }),
    ),
  },
  {
    rule: 'oas2-operation-formData-consume-check',
    hit: swagger(
      {},
      {
        '/a': {
          post: operation({
            consumes: ['application/json'],
            parameters: [{ name: 'f', in: 'formData', type: 'string' }],
          }),
        },
      },
    ),
    miss: swagger(
      {},
      {
        '/a': {
          post: operation({
            consumes: ['multipart/form-data'],
            parameters: [{ name: 'f', in: 'formData', type: 'string' }],
          }),
        },
      },
    ),
  },
  {
    rule: 'oas2-operation-security-defined',
    hit: swagger({ security: [{ missing: [] }] }),
    miss: swagger({ security: [{ k: [] }], securityDefinitions: { k: { type: 'apiKey', in: 'header', name: 'k' } } }),
  },
  {
    rule: 'oas2-parameter-description',
    hit: swagger({}, getWith({ parameters: [{ name: 'a', in: 'query', type: 'string' }] })),
    miss: swagger({}, getWith({ parameters: [{ name: 'a', in: 'query', type: 'string', description: 'd' }] })),
  },

  // OWASP API Security Top 10
  {
    rule: 'owasp:api1:2023-no-numeric-ids',
    hit: oas3(
      {},
      {
        '/items/{id}': {
          get: operation({ parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }] }),
        },
      },
    ),
    miss: oas3(
      {},
      {
        '/items/{id}': {
          get: operation({
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          }),
        },
      },
    ),
  },
  {
    rule: 'owasp:api2:2023-no-http-basic',
    hit: oas3({ components: { securitySchemes: { b: { type: 'http', scheme: 'basic' } } } }),
    miss: oas3({ components: { securitySchemes: { b: { type: 'http', scheme: 'bearer' } } } }),
  },
  {
    rule: 'owasp:api2:2023-no-api-keys-in-url',
    hit: oas3({ components: { securitySchemes: { k: { type: 'apiKey', in: 'query', name: 'k' } } } }),
    miss: oas3({ components: { securitySchemes: { k: { type: 'apiKey', in: 'header', name: 'k' } } } }),
  },
  {
    rule: 'owasp:api2:2023-no-credentials-in-url',
    hit: oas3({}, getWith({ parameters: [{ name: 'access_token', in: 'query' }] })),
    miss: oas3({}, getWith({ parameters: [{ name: 'access_token', in: 'header' }] })),
  },
  {
    rule: 'owasp:api2:2023-auth-insecure-schemes',
    hit: oas3({ components: { securitySchemes: { n: { type: 'http', scheme: 'negotiate' } } } }),
    miss: oas3({ components: { securitySchemes: { n: { type: 'http', scheme: 'bearer' } } } }),
  },
  {
    rule: 'owasp:api2:2023-jwt-best-practices',
    hit: oas3({
      components: {
        securitySchemes: { j: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'a token' } },
      },
    }),
    miss: oas3({
      components: {
        securitySchemes: { j: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'follows RFC8725' } },
      },
    }),
  },
  {
    rule: 'owasp:api2:2023-short-lived-access-tokens',
    hit: oas3({
      components: {
        securitySchemes: {
          o: {
            type: 'oauth2',
            flows: { authorizationCode: { authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {} } },
          },
        },
      },
    }),
    miss: oas3({
      components: {
        securitySchemes: { o: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://t', scopes: {} } } } },
      },
    }),
  },
  {
    rule: 'owasp:api2:2023-write-restricted',
    hit: oas3({}, { '/a': { post: operation() } }),
    miss: oas3({ security: [{ k: [] }] }, { '/a': { post: operation() } }),
  },
  { rule: 'owasp:api2:2023-read-restricted', hit: oas3(), miss: oas3({ security: [{ k: [] }] }) },
  {
    rule: 'owasp:api3:2023-no-additionalProperties',
    hit: schemas({ S: { type: 'object', additionalProperties: true } }),
    miss: schemas({ S: { type: 'object', additionalProperties: false } }),
  },
  {
    rule: 'owasp:api3:2023-constrained-additionalProperties',
    hit: schemas({ S: { type: 'object', additionalProperties: { type: 'string' } } }),
    miss: schemas({ S: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 5 } }),
  },
  {
    rule: 'owasp:api3:2023-no-unevaluatedProperties',
    hit: schemas({ S: { type: 'object', unevaluatedProperties: true } }, oas31),
    miss: schemas({ S: { type: 'object', unevaluatedProperties: false } }, oas31),
  },
  {
    rule: 'owasp:api3:2023-constrained-unevaluatedProperties',
    hit: schemas({ S: { type: 'object', unevaluatedProperties: { type: 'string' } } }, oas31),
    miss: schemas({ S: { type: 'object', unevaluatedProperties: { type: 'string' }, maxProperties: 5 } }, oas31),
  },
  {
    rule: 'owasp:api4:2023-rate-limit',
    hit: oas3(),
    miss: oas3(
      {},
      getWith({ responses: { '200': { description: 'ok', headers: { RateLimit: { schema: { type: 'string' } } } } } }),
    ),
  },
  {
    rule: 'owasp:api4:2023-rate-limit-retry-after',
    hit: oas3(
      {},
      getWith({
        responses: { ...ok, '429': { description: 'slow', headers: { 'X-Other': { schema: { type: 'string' } } } } },
      }),
    ),
    miss: oas3(
      {},
      getWith({
        responses: {
          ...ok,
          '429': { description: 'slow', headers: { 'Retry-After': { schema: { type: 'integer' } } } },
        },
      }),
    ),
  },
  {
    rule: 'owasp:api4:2023-rate-limit-responses-429',
    hit: oas3(),
    miss: oas3({}, getWith({ responses: { ...ok, '429': { description: 'slow', ...json({ type: 'object' }) } } })),
  },
  {
    rule: 'owasp:api4:2023-array-limit',
    hit: schemas({ S: { type: 'array', items: {} } }),
    miss: schemas({ S: { type: 'array', items: {}, maxItems: 10 } }),
  },
  {
    rule: 'owasp:api4:2023-string-limit',
    hit: schemas({ S: { type: 'string' } }),
    miss: schemas({ S: { type: 'string', maxLength: 10 } }),
  },
  {
    rule: 'owasp:api4:2023-string-restricted',
    hit: schemas({ S: { type: 'string' } }),
    miss: schemas({ S: { type: 'string', format: 'uuid' } }),
  },
  {
    rule: 'owasp:api4:2023-integer-limit',
    hit: schemas({ S: { type: 'integer', minimum: 0 } }, oas31),
    miss: schemas({ S: { type: 'integer', minimum: 0, exclusiveMaximum: 9 } }, oas31),
  },
  {
    rule: 'owasp:api4:2023-integer-limit-legacy',
    hit: schemas({ S: { type: 'integer', minimum: 0 } }),
    miss: schemas({ S: { type: 'integer', minimum: 0, maximum: 9 } }),
  },
  {
    rule: 'owasp:api4:2023-integer-format',
    hit: schemas({ S: { type: 'integer' } }),
    miss: schemas({ S: { type: 'integer', format: 'int32' } }),
  },
  {
    rule: 'owasp:api5:2023-admin-security-unique',
    hit: oas3(
      {},
      {
        '/admin/users': { get: operation({ security: [{ k: [] }] }) },
        '/users': { get: operation({ operationId: 'u', security: [{ k: [] }] }) },
      },
    ),
    miss: oas3(
      {},
      {
        '/admin/users': { get: operation({ security: [{ k: ['admin'] }] }) },
        '/users': { get: operation({ operationId: 'u', security: [{ k: [] }] }) },
      },
    ),
  },
  {
    rule: 'owasp:api7:2023-concerning-url-parameter',
    hit: oas3({}, getWith({ parameters: [{ name: 'callback_url', in: 'query' }] })),
    miss: oas3({}, getWith({ parameters: [{ name: 'urls', in: 'query' }] })),
  },
  {
    rule: 'owasp:api8:2023-define-cors-origin',
    hit: oas3(
      {},
      getWith({ responses: { '200': { description: 'ok', headers: { 'X-A': { schema: { type: 'string' } } } } } }),
    ),
    miss: oas3(
      {},
      getWith({
        responses: {
          '200': { description: 'ok', headers: { 'Access-Control-Allow-Origin': { schema: { type: 'string' } } } },
        },
      }),
    ),
  },
  { rule: 'owasp:api8:2023-no-scheme-http', hit: swagger({ schemes: ['http'] }), miss: swagger() },
  { rule: 'owasp:api8:2023-no-server-http', hit: oas3({ servers: [{ url: 'http://api.test' }] }), miss: oas3() },
  {
    rule: 'owasp:api8:2023-define-error-validation',
    hit: oas3(),
    miss: oas3({}, getWith({ responses: { ...ok, '422': { description: 'bad' } } })),
  },
  {
    rule: 'owasp:api8:2023-define-error-responses-401',
    hit: oas3(),
    miss: oas3({}, getWith({ responses: { ...ok, '401': { description: 'no', ...json({ type: 'object' }) } } })),
  },
  {
    rule: 'owasp:api8:2023-define-error-responses-500',
    hit: oas3(),
    miss: oas3({}, getWith({ responses: { ...ok, '500': { description: 'no', ...json({ type: 'object' }) } } })),
  },
  {
    rule: 'owasp:api9:2023-inventory-access',
    hit: oas3(),
    miss: oas3({ servers: [{ url: 'https://api.test', 'x-internal': false }] }),
  },
  {
    rule: 'owasp:api9:2023-inventory-environment',
    hit: oas3({ servers: [{ url: 'https://api.test', description: 'the API' }] }),
    miss: oas3({ servers: [{ url: 'https://api.test', description: 'production' }] }),
  },

  // Junction's integration rules
  {
    rule: 'junction-error-responses',
    hit: oas3(),
    miss: oas3({}, getWith({ responses: { ...ok, default: { description: 'error' } } })),
  },
  {
    rule: 'junction-rate-limit-response',
    hit: oas3(),
    miss: oas3({}, getWith({ responses: { ...ok, '429': { description: 'slow' } } })),
  },
  { rule: 'junction-operation-security', hit: oas3(), miss: oas3({}, getWith({ security: [] })) },
  {
    rule: 'junction-pagination',
    hit: oas3({}, getWith({ responses: { '200': { description: 'ok', ...json({ type: 'array', items: {} }) } } })),
    miss: oas3(
      {},
      getWith({
        parameters: [{ name: 'cursor', in: 'query' }],
        responses: { '200': { description: 'ok', ...json({ type: 'array', items: {} }) } },
      }),
    ),
  },
  {
    rule: 'junction-idempotency',
    hit: oas3({}, { '/a': { post: operation() } }),
    miss: oas3(
      {},
      {
        '/a': {
          post: operation({ parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }] }),
        },
      },
    ),
  },
];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every lint rule: a hit and a near-miss', () => {
  it('has a case for every rule the linter knows', () => {
    assert.deepEqual(
      LINT_RULE_IDS.filter((rule) => !CASES.some((entry) => entry.rule === rule)),
      [],
    );
  });
  for (const [index, { rule, hit, miss }] of CASES.entries())
    it(CASES.findIndex((entry) => entry.rule === rule) === index ? rule : `${rule} (case ${index})`, async () => {
      const found = await resultsOf(rule, hit);
      assert.ok(found.length > 0, `${rule} reports nothing on its hit`);
      assert.ok(
        found.every((result) => result.line !== undefined && result.line > 0),
        `${rule}: a result without a line`,
      );
      assert.deepEqual(await resultsOf(rule, miss), [], `${rule} reports on its near-miss`);
    });
});

describe('oas3-schema on OpenAPI 3.1 Schema Objects: the 3.1 dialect', () => {
  it('names the keyword and the place, at any depth, as Spectral does', async () => {
    const document = schemas(
      {
        Range: { type: 'object', properties: { low: { oneOf: [{ type: 'null' }, { exclusiveMinimum: true }] } } },
        Pair: { type: 'object', required: ['a', 'b', 'a'] },
        Tree: { $recursiveAnchor: true, type: 'object' },
        Pet: { type: 'object', discriminator: { mapping: { cat: '#/components/schemas/Cat' } } },
        Odd: { type: 'strin' },
      },
      oas31,
    );
    const found = (await resultsOf('oas3-schema', document)).map((hit) => [hit.pointer, hit.message]);
    assert.deepEqual(found.sort(), [
      [
        '/components/schemas/Odd/type',
        '"type" property must be equal to one of the allowed values: "array", "boolean", "integer", "null", "number", "object", "string".',
      ],
      [
        '/components/schemas/Pair/required',
        '"required" property must not have duplicate items (items ## 2 and 0 are identical).',
      ],
      ['/components/schemas/Pet/discriminator', '"discriminator" property must have required property "propertyName".'],
      [
        '/components/schemas/Range/properties/low/oneOf/1/exclusiveMinimum',
        '"exclusiveMinimum" property must be number.',
      ],
      ['/components/schemas/Tree/$recursiveAnchor', '"$recursiveAnchor" property must be string.'],
    ]);
  });

  it('leaves 3.0 schemas to the 3.0 schema (boolean exclusiveMinimum is right there) and examples alone', async () => {
    assert.deepEqual(
      await resultsOf('oas3-schema', schemas({ S: { type: 'number', exclusiveMinimum: true, minimum: 0 } })),
      [],
    );
    const example = oas31(
      {},
      getWith({
        responses: {
          '200': { description: 'ok', ...json({ type: 'object' }, { example: { exclusiveMinimum: true } }) },
        },
      }),
    );
    assert.deepEqual(await resultsOf('oas3-schema', example), []);
  });
});
