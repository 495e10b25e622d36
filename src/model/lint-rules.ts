import type { OwaspRisk } from './owasp.js';

/** The OpenAPI families as src/openapi names them (the model imports nothing of ours). */
type SpecFamily = '2.0' | '3.0' | '3.1';

export const LINT_RULESETS = ['spectral:oas', 'owasp', 'junction'] as const;
export type LintRuleset = (typeof LINT_RULESETS)[number];
export type LintSeverity = 'error' | 'warn' | 'info';

export interface LintRule {
  ruleset: LintRuleset;
  /** the default severity (Spectral's, for its rules) */
  severity: LintSeverity;
  /** on unless configured: Spectral's `recommended` for spectral:oas (its default), every OWASP and Junction rule */
  recommended: boolean;
  /** the spec families it applies to; all when absent */
  formats?: readonly SpecFamily[];
  /** what a result says when the rule has no more precise message (Spectral's message or description) */
  message: string;
  fix: string;
  owasp?: OwaspRisk;
}

const OAS2 = ['2.0'] as const;
const OAS3 = ['3.0', '3.1'] as const;
const OAS3_0 = ['3.0'] as const;
const OAS3_1 = ['3.1'] as const;
const OAS2_3_0 = ['2.0', '3.0'] as const;

const spectral = (
  severity: LintSeverity,
  message: string,
  fix: string,
  extra: { recommended?: boolean; formats?: readonly SpecFamily[] } = {},
): LintRule => ({ ruleset: 'spectral:oas', severity, recommended: extra.recommended ?? true, message, fix, ...extra });

const owasp = (
  risk: OwaspRisk,
  severity: LintSeverity,
  message: string,
  fix: string,
  formats?: readonly SpecFamily[],
): LintRule => ({ ruleset: 'owasp', severity, recommended: true, message, fix, owasp: risk, formats });

const junction = (severity: LintSeverity, message: string, fix: string): LintRule => ({
  ruleset: 'junction',
  severity,
  recommended: true,
  message,
  fix,
});

const SCHEMA_EXAMPLE_FIX = 'Correct the example (or default) or the schema: examples are what client developers copy.';

/**
 * Every rule the linter knows. spectral:oas rules carry Spectral's ids, default severities and whether Spectral turns
 * them on by default (`recommended`); OWASP rules carry the ids of @stoplight/spectral-owasp-ruleset (read, not
 * depended on) and the risk they address; Junction's integration rules are its own.
 */
export const LINT_RULES = {
  // spectral:oas, both families
  'operation-success-response': spectral(
    'warn',
    'Operation must define at least a single 2xx or 3xx response',
    'Document at least one success response.',
  ),
  'operation-operationId-unique': spectral(
    'error',
    'operationId must be unique.',
    'Rename the duplicate operationIds: generated clients name their methods after them.',
  ),
  'operation-parameters': spectral(
    'warn',
    'A parameter in this operation already exposes the same combination of "name" and "in" values.',
    'Declare each parameter (name + in) once per operation, and at most one body parameter.',
  ),
  'operation-tag-defined': spectral(
    'warn',
    'Operation tags must be defined in global tags.',
    'Declare each tag under the top-level `tags` with a description.',
  ),
  'path-params': spectral(
    'error',
    'Path parameters must be defined and valid.',
    'Declare every {placeholder} of the path as a required `in: path` parameter, and no others.',
  ),
  'contact-properties': spectral(
    'warn',
    'Contact object must have "name", "url" and "email".',
    'Fill in info.contact name, url and email.',
    { recommended: false },
  ),
  'duplicated-entry-in-enum': spectral(
    'warn',
    'Enum values must not have duplicate entry.',
    'Remove the repeated enum values.',
  ),
  'info-contact': spectral(
    'warn',
    'Info object must have "contact" object.',
    'Name who owns the API in info.contact (name, email or url).',
  ),
  'info-description': spectral(
    'warn',
    'Info "description" must be present and non-empty string.',
    'Describe the API in info.description.',
  ),
  'info-license': spectral('warn', 'Info object must have "license" object.', 'Name the licence in info.license.', {
    recommended: false,
  }),
  'license-url': spectral('warn', 'License object must include "url".', 'Link the licence text in info.license.url.', {
    recommended: false,
  }),
  'no-eval-in-markdown': spectral(
    'warn',
    'Markdown descriptions must not have "eval(".',
    'Remove script from descriptions: documentation renderers may run it.',
  ),
  'no-script-tags-in-markdown': spectral(
    'warn',
    'Markdown descriptions must not have "<script>" tags.',
    'Remove <script> tags from descriptions: documentation renderers may run them.',
  ),
  'openapi-tags-alphabetical': spectral(
    'warn',
    'OpenAPI object must have alphabetical "tags".',
    'Sort the top-level tags by name.',
    { recommended: false },
  ),
  'openapi-tags-uniqueness': spectral('error', 'Each tag must have a unique name.', 'Declare each top-level tag once.'),
  'openapi-tags': spectral(
    'warn',
    'OpenAPI object must have non-empty "tags" array.',
    'Declare the tags at the top level.',
    { recommended: false },
  ),
  'operation-description': spectral(
    'warn',
    'Operation "description" must be present and non-empty string.',
    'Describe what the operation does, its side effects and its errors.',
  ),
  'operation-operationId': spectral(
    'warn',
    'Operation must have "operationId".',
    'Give every operation a unique operationId: generated clients name their methods after it.',
  ),
  'operation-operationId-valid-in-url': spectral(
    'warn',
    'operationId must not contain characters that are invalid when used in URL.',
    'Use only URL-safe characters in operationIds (letters, digits, - . _ ~ and reserved characters).',
  ),
  'operation-singular-tag': spectral(
    'warn',
    'Operation must not have more than a single tag.',
    'Give each operation one tag.',
    { recommended: false },
  ),
  'operation-tags': spectral(
    'warn',
    'Operation must have non-empty "tags" array.',
    'Tag every operation so documentation can group it.',
  ),
  'path-declarations-must-exist': spectral(
    'warn',
    'Path parameter declarations must not be empty, ex."/given/{}" is invalid.',
    'Name every path placeholder.',
  ),
  'path-keys-no-trailing-slash': spectral(
    'warn',
    'Path must not end with slash.',
    'Remove the trailing slash from the path.',
  ),
  'path-not-include-query': spectral(
    'warn',
    'Path must not include query string.',
    'Move the query string out of the path key into `in: query` parameters.',
  ),
  'tag-description': spectral('warn', 'Tag object must have "description".', 'Describe every top-level tag.', {
    recommended: false,
  }),
  'no-$ref-siblings': spectral(
    'error',
    '$ref must not be placed next to any other properties',
    'Before OpenAPI 3.1, keywords next to $ref are ignored: wrap them in allOf or move them into the referenced schema.',
    { formats: OAS2_3_0 },
  ),
  'array-items': spectral(
    'error',
    'Schemas with "type: array", require a sibling "items" field',
    'Say what an array holds with `items`.',
  ),
  'typed-enum': spectral(
    'warn',
    'Enum values must respect the specified type.',
    'Make every enum value of the declared type (or widen the type).',
  ),
  // spectral:oas, Swagger 2.0
  'oas2-operation-formData-consume-check': spectral(
    'warn',
    'Consumes must include urlencoded, multipart, or form-data media type when using formData parameter.',
    'List application/x-www-form-urlencoded or multipart/form-data in `consumes`.',
    { formats: OAS2 },
  ),
  'oas2-api-host': spectral(
    'warn',
    'OpenAPI "host" must be present and non-empty string.',
    'Declare the host (with basePath and schemes).',
    { formats: OAS2 },
  ),
  'oas2-api-schemes': spectral(
    'warn',
    'OpenAPI host "schemes" must be present and non-empty array.',
    'Declare the schemes (https).',
    { formats: OAS2 },
  ),
  'oas2-discriminator': spectral(
    'error',
    'discriminator property must be defined and required',
    'Declare the discriminator property in `properties` and list it in `required`.',
    { formats: OAS2 },
  ),
  'oas2-host-not-example': spectral('warn', 'Host URL must not point at example.com.', 'Declare the real host.', {
    recommended: false,
    formats: OAS2,
  }),
  'oas2-host-trailing-slash': spectral(
    'warn',
    'Server URL must not have trailing slash.',
    'Remove the trailing slash from the host.',
    { formats: OAS2 },
  ),
  'oas2-parameter-description': spectral(
    'warn',
    'Parameter objects must have "description".',
    'Describe every parameter.',
    { recommended: false, formats: OAS2 },
  ),
  'oas2-operation-security-defined': spectral(
    'warn',
    'Operation "security" values must match a scheme defined in the "securityDefinitions" object.',
    'Declare every scheme (and scope) a security requirement names under securityDefinitions.',
    { formats: OAS2 },
  ),
  'oas2-valid-schema-example': spectral(
    'error',
    'Examples must be valid against their defined schema.',
    SCHEMA_EXAMPLE_FIX,
    {
      formats: OAS2,
    },
  ),
  'oas2-valid-media-example': spectral(
    'error',
    'Examples must be valid against their defined schema.',
    SCHEMA_EXAMPLE_FIX,
    {
      formats: OAS2,
    },
  ),
  'oas2-anyOf': spectral(
    'warn',
    '"anyOf" keyword must not be used in OpenAPI v2 document.',
    'Swagger 2.0 has no anyOf: tools ignore it; move to OpenAPI 3 or drop it.',
    { formats: OAS2 },
  ),
  'oas2-oneOf': spectral(
    'warn',
    '"oneOf" keyword must not be used in OpenAPI v2 document.',
    'Swagger 2.0 has no oneOf: tools ignore it; move to OpenAPI 3 or use a discriminator.',
    { formats: OAS2 },
  ),
  'oas2-schema': spectral(
    'error',
    'Validate structure of OpenAPI v2 specification.',
    'Make the document valid against the Swagger 2.0 schema.',
    { formats: OAS2 },
  ),
  'oas2-unused-definition': spectral(
    'warn',
    'Potentially unused definition has been detected.',
    'Remove the definition or reference it.',
    { formats: OAS2 },
  ),
  // spectral:oas, OpenAPI 3
  'oas3-api-servers': spectral(
    'warn',
    'OpenAPI "servers" must be present and non-empty array.',
    'Declare the base URL(s) under `servers`.',
    { formats: OAS3 },
  ),
  'oas3-examples-value-or-externalValue': spectral(
    'warn',
    'Examples must have either "value" or "externalValue" field.',
    'Give each Example Object exactly one of value or externalValue.',
    { formats: OAS3 },
  ),
  'oas3-operation-security-defined': spectral(
    'warn',
    'Operation "security" values must match a scheme defined in the "components.securitySchemes" object.',
    'Declare every scheme (and scope) a security requirement names under components.securitySchemes.',
    { formats: OAS3 },
  ),
  'oas3-parameter-description': spectral(
    'warn',
    'Parameter objects must have "description".',
    'Describe every parameter.',
    { recommended: false, formats: OAS3 },
  ),
  'oas3-server-not-example.com': spectral(
    'warn',
    'Server URL must not point at example.com.',
    'Declare the real server URL.',
    { recommended: false, formats: OAS3 },
  ),
  'oas3-server-trailing-slash': spectral(
    'warn',
    'Server URL must not have trailing slash.',
    'Remove the trailing slash from the server URL.',
    { formats: OAS3 },
  ),
  'oas3-valid-media-example': spectral(
    'error',
    'Examples must be valid against their defined schema.',
    SCHEMA_EXAMPLE_FIX,
    {
      formats: OAS3,
    },
  ),
  'oas3-valid-schema-example': spectral(
    'error',
    'Examples must be valid against their defined schema.',
    SCHEMA_EXAMPLE_FIX,
    {
      formats: OAS3,
    },
  ),
  'oas3-schema': spectral(
    'error',
    'Validate structure of OpenAPI v3 specification.',
    'Make the document valid against the OpenAPI 3 schema.',
    { formats: OAS3 },
  ),
  'oas3-unused-component': spectral(
    'warn',
    'Potentially unused component has been detected.',
    'Remove the component or reference it.',
    { formats: OAS3 },
  ),
  'oas3-server-variables': spectral(
    'error',
    'Server variables must be defined and valid and there must be no unused variables.',
    'Declare each {variable} of a server URL with a default (in its enum), and no unused ones.',
    { formats: OAS3 },
  ),
  'oas3-callbacks-in-callbacks': spectral(
    'warn',
    'Callbacks should not be defined within a callback',
    'Move nested callbacks up to the operation.',
    { formats: OAS3 },
  ),
  'oas3_1-servers-in-webhook': spectral(
    'warn',
    'Servers should not be defined in a webhook.',
    'Remove servers from webhooks: the receiver is the consumer.',
    { formats: OAS3_1 },
  ),
  'oas3_1-callbacks-in-webhook': spectral(
    'warn',
    'Callbacks should not be defined in a webhook.',
    'Remove callbacks from webhooks.',
    { formats: OAS3_1 },
  ),

  // OWASP API Security Top 10 2023
  'owasp:api1:2023-no-numeric-ids': owasp(
    'API1:2023',
    'error',
    'Use random IDs that cannot be guessed. UUIDs are preferred but any other random string will do.',
    'Identify resources by UUIDs or other random strings (type: string, format: uuid), so ids cannot be enumerated.',
  ),
  'owasp:api2:2023-no-http-basic': owasp(
    'API2:2023',
    'error',
    'Security scheme uses HTTP Basic. Use a more secure authentication method, like OAuth 2, or OpenID.',
    'Replace HTTP Basic with OAuth 2, OpenID Connect or signed tokens.',
  ),
  'owasp:api2:2023-no-api-keys-in-url': owasp(
    'API2:2023',
    'error',
    'API Key passed in URL.',
    'Send API keys in a header, never in the path or query (URLs end up in logs and browser history).',
    OAS3,
  ),
  'owasp:api2:2023-no-credentials-in-url': owasp(
    'API2:2023',
    'error',
    'Security credentials detected in path parameter.',
    'Move secrets, tokens and passwords out of path and query parameters into headers or the body.',
    OAS3,
  ),
  'owasp:api2:2023-auth-insecure-schemes': owasp(
    'API2:2023',
    'error',
    'Authentication scheme is considered outdated or insecure.',
    'Replace negotiate (NTLM) and OAuth 1 schemes with OAuth 2 or bearer tokens.',
    OAS3,
  ),
  'owasp:api2:2023-jwt-best-practices': owasp(
    'API2:2023',
    'error',
    'Security schemes using JWTs must explicitly declare support for RFC8725 in the description.',
    'State in the scheme description that tokens follow RFC 8725 (JWT best current practices).',
  ),
  'owasp:api2:2023-short-lived-access-tokens': owasp(
    'API2:2023',
    'error',
    'Authentication scheme does not appear to support refresh tokens, meaning access tokens likely do not expire.',
    'Declare a refreshUrl on OAuth 2 flows that issue user tokens, so access tokens can be short-lived.',
  ),
  'owasp:api2:2023-write-restricted': owasp(
    'API2:2023',
    'error',
    'This write operation is not protected by any security scheme.',
    'Require a security scheme on every POST, PUT, PATCH and DELETE.',
  ),
  'owasp:api2:2023-read-restricted': owasp(
    'API2:2023',
    'warn',
    'This read operation is not protected by any security scheme.',
    'Require a security scheme on reads, or mark public ones with an explicit empty requirement.',
  ),
  'owasp:api3:2023-no-additionalProperties': owasp(
    'API3:2023',
    'warn',
    'If the additionalProperties keyword is used it must be set to false.',
    'Set additionalProperties: false (or bound the object with maxProperties) against mass assignment.',
    OAS3_0,
  ),
  'owasp:api3:2023-constrained-additionalProperties': owasp(
    'API3:2023',
    'warn',
    'Objects should not allow unconstrained additionalProperties.',
    'Bound objects with open additionalProperties by maxProperties.',
    OAS3_0,
  ),
  'owasp:api3:2023-no-unevaluatedProperties': owasp(
    'API3:2023',
    'warn',
    'If the unevaluatedProperties keyword is used it must be set to false.',
    'Set unevaluatedProperties: false (or bound the object with maxProperties) against mass assignment.',
    OAS3_1,
  ),
  'owasp:api3:2023-constrained-unevaluatedProperties': owasp(
    'API3:2023',
    'warn',
    'Objects should not allow unconstrained unevaluatedProperties.',
    'Bound objects with open unevaluatedProperties by maxProperties.',
    OAS3_1,
  ),
  'owasp:api4:2023-rate-limit': owasp(
    'API4:2023',
    'error',
    'All 2XX and 4XX responses should define rate limiting headers.',
    'Document RateLimit (or RateLimit-Limit and RateLimit-Reset, or X-RateLimit-Limit) headers on 2xx and 4xx responses.',
    OAS3,
  ),
  'owasp:api4:2023-rate-limit-retry-after': owasp(
    'API4:2023',
    'error',
    'A 429 response should define a Retry-After header.',
    'Document Retry-After on 429 responses, so clients know when to come back.',
    OAS3,
  ),
  'owasp:api4:2023-rate-limit-responses-429': owasp(
    'API4:2023',
    'warn',
    'Operation is missing rate limiting response in 429.',
    'Document 429 Too Many Requests (with a body schema) on every operation.',
  ),
  'owasp:api4:2023-array-limit': owasp(
    'API4:2023',
    'error',
    'Schema of type array must specify maxItems.',
    'Bound arrays with maxItems.',
  ),
  'owasp:api4:2023-string-limit': owasp(
    'API4:2023',
    'error',
    'Schema of type string must specify maxLength, enum, or const.',
    'Bound strings with maxLength (or enum/const).',
  ),
  'owasp:api4:2023-string-restricted': owasp(
    'API4:2023',
    'warn',
    'Schema of type string should specify a format, pattern, enum, or const.',
    'Restrict strings with a format, pattern, enum or const.',
  ),
  'owasp:api4:2023-integer-limit': owasp(
    'API4:2023',
    'error',
    'Schema of type integer must specify minimum and maximum.',
    'Bound integers with minimum/exclusiveMinimum and maximum/exclusiveMaximum.',
    OAS3_1,
  ),
  'owasp:api4:2023-integer-limit-legacy': owasp(
    'API4:2023',
    'error',
    'Schema of type integer must specify minimum and maximum.',
    'Bound integers with minimum and maximum.',
    OAS2_3_0,
  ),
  'owasp:api4:2023-integer-format': owasp(
    'API4:2023',
    'error',
    'Schema of type integer must specify format (int32 or int64).',
    'Say whether integers are int32 or int64 with `format`.',
  ),
  'owasp:api5:2023-admin-security-unique': owasp(
    'API5:2023',
    'error',
    'Admin endpoint has the same security requirement as a non-admin endpoint.',
    'Protect /admin operations with their own scheme or scopes, distinct from ordinary operations.',
  ),
  'owasp:api7:2023-concerning-url-parameter': owasp(
    'API7:2023',
    'info',
    'Make sure to review the way this URL is handled to protect against Server Side Request Forgery.',
    'Validate URLs clients send (allow-list hosts, no internal addresses, no redirects) before fetching them.',
  ),
  'owasp:api8:2023-define-cors-origin': owasp(
    'API8:2023',
    'error',
    'Header `Access-Control-Allow-Origin` should be defined on all responses.',
    'Document Access-Control-Allow-Origin on responses that declare headers.',
  ),
  'owasp:api8:2023-no-scheme-http': owasp(
    'API8:2023',
    'error',
    'Server schemes must not use http. Use https or wss instead.',
    'Serve the API over https only.',
    OAS2,
  ),
  'owasp:api8:2023-no-server-http': owasp(
    'API8:2023',
    'error',
    'Server URLs must not use http://. Use https:// or wss:// instead.',
    'Serve the API over https only.',
    OAS3,
  ),
  'owasp:api8:2023-define-error-validation': owasp(
    'API8:2023',
    'warn',
    'Missing error response of either 400, 422 or 4XX.',
    'Document how invalid requests are answered (400, 422 or 4XX with an error schema).',
  ),
  'owasp:api8:2023-define-error-responses-401': owasp(
    'API8:2023',
    'warn',
    'Operation is missing 401.',
    'Document 401 Unauthorized with an error body schema.',
  ),
  'owasp:api8:2023-define-error-responses-500': owasp(
    'API8:2023',
    'warn',
    'Operation is missing 500.',
    'Document 500 with an error body schema, so failures do not leak stack traces.',
  ),
  'owasp:api9:2023-inventory-access': owasp(
    'API9:2023',
    'error',
    'Declare intended audience of every server by defining servers.x-internal as true/false.',
    'Mark every server x-internal: true or false.',
    OAS3,
  ),
  'owasp:api9:2023-inventory-environment': owasp(
    'API9:2023',
    'error',
    'Declare intended environment in server descriptions using terms like local, staging, production.',
    'Say in each server description which environment it is (production, staging, sandbox, …).',
    OAS3,
  ),

  // Junction's integration rules
  'junction-error-responses': junction(
    'warn',
    'No error response documented',
    'Document the 4xx responses (or `default`) with an error schema, so clients can handle failures.',
  ),
  'junction-rate-limit-response': junction(
    'warn',
    'No 429 response documented',
    'Document 429 Too Many Requests with a Retry-After header, so clients know to back off.',
  ),
  'junction-operation-security': junction(
    'warn',
    'No security requirement',
    'Declare `security` (at the top level or per operation); mark intentionally public operations with `security: []`.',
  ),
  'junction-pagination': junction(
    'warn',
    'Collection without pagination parameters',
    'Document pagination for collections (limit + cursor/page/offset query parameters, or a Link header).',
  ),
  'junction-idempotency': junction(
    'info',
    'Unsafe operation without an Idempotency-Key',
    'Accept an Idempotency-Key header on POST/PATCH so clients can retry safely after a timeout.',
  ),
} as const satisfies Record<string, LintRule>;

export type LintRuleId = keyof typeof LINT_RULES;
export const LINT_RULE_IDS = Object.keys(LINT_RULES) as LintRuleId[];
export const isLintRuleId = (id: string): id is LintRuleId => Object.hasOwn(LINT_RULES, id);
