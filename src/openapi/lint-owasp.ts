import type { LintRuleId } from '../model/lint-rules.js';
import type { LintContext, RuleModule } from './lint-context.js';
import { asObject, follow, rawOperations } from './lint-paths.js';
import type { WalkPlace } from './lint-walk.js';
import { joinPointer } from './parse.js';

type Json = Record<string, unknown>;

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const READ_METHODS = new Set(['get', 'head']);
const ID_NAME = /(_id|Id|-id)$/;
const CREDENTIAL_NAME = /^.*(client_?secret|token|access_?token|refresh_?token|id_?token|password|secret|api-?key).*$/i;
const URL_NAME = /(^(callback|redirect)|(_url|Url|-url))$/;
const ENVIRONMENT = /(local|sandbox|alpha|beta|test|testing|stag|staging|prod|production|next|preprod|preproduction)/i;
const RATE_LIMIT_HEADERS = [
  ['RateLimit'],
  ['RateLimit-Limit', 'RateLimit-Reset'],
  ['X-RateLimit-Limit'],
  ['X-Rate-Limit-Limit'],
];

/**
 * The OWASP API Security Top 10 (2023) rules, with the ids and checks of @stoplight/spectral-owasp-ruleset (its
 * definitions were read; it is not a dependency). Document and operation rules run here; schema rules on the walk.
 */
export const owaspRules: RuleModule = (context) => {
  securitySchemeRules(context);
  serverRules(context);
  operationRules(context);
  return { visit: (node, key, place) => nodeRules(context, node, key, place) };
};

function securitySchemeRules(context: LintContext): void {
  const { root, report } = context;
  const schemes = asObject(asObject(root.components)?.securitySchemes) ?? {};
  for (const [name, raw] of Object.entries(schemes)) {
    const scheme = asObject(raw);
    if (!scheme) continue;
    const at = (...segments: string[]) => joinPointer('/components/securitySchemes', name, ...segments);
    if (typeof scheme.scheme === 'string' && scheme.scheme.includes('basic'))
      report('owasp:api2:2023-no-http-basic', at('scheme'));
    if (scheme.type === 'apiKey' && typeof scheme.in === 'string' && /^(path|query)$/.test(scheme.in))
      report('owasp:api2:2023-no-api-keys-in-url', at('in'), `API Key passed in URL: ${scheme.in}.`);
    if (scheme.type === 'http' && typeof scheme.scheme === 'string' && /^(negotiate|oauth)$/.test(scheme.scheme))
      report(
        'owasp:api2:2023-auth-insecure-schemes',
        at('scheme'),
        `Authentication scheme is considered outdated or insecure: ${scheme.scheme}.`,
      );
    if (scheme.type === 'oauth2' || scheme.bearerFormat === 'jwt' || scheme.bearerFormat === 'JWT') {
      if (!scheme.description) report('owasp:api2:2023-jwt-best-practices', at());
      else if (typeof scheme.description === 'string' && !/RFC8725/.test(scheme.description))
        report('owasp:api2:2023-jwt-best-practices', at('description'));
    }
    if (scheme.type === 'oauth2')
      for (const [flow, value] of Object.entries(asObject(scheme.flows) ?? {}))
        if (flow !== 'clientCredentials' && asObject(value) && !asObject(value)!.refreshUrl)
          report('owasp:api2:2023-short-lived-access-tokens', at('flows', flow));
  }
  // Swagger 2.0 and OpenAPI 3 security schemes over Basic auth (2.0 writes `type: basic`)
  for (const [name, raw] of Object.entries(asObject(root.securityDefinitions) ?? {}))
    if (asObject(raw)?.type === 'basic')
      report('owasp:api2:2023-no-http-basic', joinPointer('/securityDefinitions', name, 'type'));
}

function serverRules(context: LintContext): void {
  const { root, report, family } = context;
  if (family === '2.0') {
    if (Array.isArray(root.schemes))
      root.schemes.forEach((scheme, index) => {
        if (scheme !== 'https' && scheme !== 'wss') report('owasp:api8:2023-no-scheme-http', `/schemes/${index}`);
      });
    return;
  }
  if (!Array.isArray(root.servers)) return;
  root.servers.forEach((raw, index) => {
    const server = asObject(raw);
    if (!server) return;
    const at = (...segments: string[]) => joinPointer('/servers', index, ...segments);
    if (typeof server.url === 'string' && /^http:/.test(server.url))
      report('owasp:api8:2023-no-server-http', at('url'));
    if (server['x-internal'] === undefined) report('owasp:api9:2023-inventory-access', at());
    if (typeof server.description === 'string' && !ENVIRONMENT.test(server.description))
      report('owasp:api9:2023-inventory-environment', at('description'));
  });
}

function operationRules(context: LintContext): void {
  const { root, report, spec } = context;
  const nonAdmin = new Set<string>();
  const admin: { path: string; hash: string; pointer: string; document: LintContext['spec']['documents']['root'] }[] =
    [];
  for (const operation of rawOperations(spec.documents)) {
    const { node, method, pointer, document, path } = operation;
    const security = node.security === undefined ? root.security : node.security;
    const unprotected = !Array.isArray(security) || security.length === 0;
    if (unprotected && WRITE_METHODS.has(method))
      report('owasp:api2:2023-write-restricted', pointer, undefined, document);
    if (unprotected && READ_METHODS.has(method))
      report('owasp:api2:2023-read-restricted', pointer, undefined, document);
    if (Array.isArray(node.security))
      node.security.forEach((entry, index) => {
        if (!entry || typeof entry !== 'object') return;
        const hash = JSON.stringify(entry);
        if (path.includes('/admin'))
          admin.push({ path, hash, pointer: joinPointer(pointer, 'security', index), document });
        else nonAdmin.add(hash);
      });
    const lists: [unknown, string][] = [
      [operation.item.parameters, joinPointer(operation.itemPointer, 'parameters')],
      [node.parameters, joinPointer(pointer, 'parameters')],
    ];
    for (const [list, base] of lists) {
      if (!Array.isArray(list)) continue;
      list.forEach((raw, index) => {
        const parameter = follow(spec.documents, raw, document, joinPointer(base, index));
        if (!parameter) return;
        const { value } = parameter;
        const here = (rule: LintRuleId, at: string, message?: string) => report(rule, at, message, parameter.document);
        const name = value.name;
        if (typeof name !== 'string') return;
        if (name === 'id' || ID_NAME.test(name)) {
          const schema = follow(
            spec.documents,
            value.schema,
            parameter.document,
            joinPointer(parameter.pointer, 'schema'),
          );
          if (schema?.value.type === 'integer')
            report('owasp:api1:2023-no-numeric-ids', schema.pointer, undefined, schema.document);
        }
        if (context.family !== '2.0' && (value.in === 'query' || value.in === 'path') && CREDENTIAL_NAME.test(name))
          here(
            'owasp:api2:2023-no-credentials-in-url',
            joinPointer(parameter.pointer, 'name'),
            `Security credentials detected in path parameter: ${name}.`,
          );
        if (URL_NAME.test(name))
          here('owasp:api7:2023-concerning-url-parameter', joinPointer(parameter.pointer, 'name'));
      });
    }
  }
  for (const entry of admin)
    if (nonAdmin.has(entry.hash))
      report(
        'owasp:api5:2023-admin-security-unique',
        entry.pointer,
        `Admin endpoint ${entry.path} has the same security requirement as a non-admin endpoint.`,
        entry.document,
      );
}

const hasType = (node: Json, type: string, family: string) =>
  node.type === type || (family === '3.1' && Array.isArray(node.type) && node.type.includes(type));

/** Schema and response rules, on every node of the walk. */
function nodeRules(context: LintContext, node: Json, key: string | number | undefined, place: WalkPlace): void {
  const { family, spec } = context;
  const at = (rule: LintRuleId, pointer: string, message?: string) =>
    context.report(rule, pointer, message, place.document);
  if (hasType(node, 'array', family) && node.maxItems === undefined) at('owasp:api4:2023-array-limit', place.pointer());
  if (hasType(node, 'string', family)) {
    if (node.maxLength === undefined && node.enum === undefined && node.const === undefined)
      at('owasp:api4:2023-string-limit', place.pointer());
    if (node.format === undefined && node.pattern === undefined && node.enum === undefined && node.const === undefined)
      at('owasp:api4:2023-string-restricted', place.pointer());
  }
  if (hasType(node, 'integer', family)) {
    if (node.format === undefined) at('owasp:api4:2023-integer-format', place.pointer());
    if (family === '3.1') {
      const one = (a: string, b: string) => (node[a] !== undefined) !== (node[b] !== undefined);
      if (!one('minimum', 'exclusiveMinimum') || !one('maximum', 'exclusiveMaximum'))
        at('owasp:api4:2023-integer-limit', place.pointer());
    } else if (node.minimum === undefined || node.maximum === undefined)
      at('owasp:api4:2023-integer-limit-legacy', place.pointer());
  }
  if (node.type === 'object') {
    for (const [keyword, rules] of [
      [
        'additionalProperties',
        ['owasp:api3:2023-no-additionalProperties', 'owasp:api3:2023-constrained-additionalProperties'],
      ],
      [
        'unevaluatedProperties',
        ['owasp:api3:2023-no-unevaluatedProperties', 'owasp:api3:2023-constrained-unevaluatedProperties'],
      ],
    ] as const) {
      const value = node[keyword];
      if (!value) continue;
      at(rules[0], place.pointerTo(keyword));
      if (value !== true && node.maxProperties === undefined) at(rules[1], place.pointer());
    }
  }
  const path = place.path;
  const parent = path[path.length - 2];
  // a Response Object in a `responses` map: rate-limit headers, Retry-After, CORS
  if (parent === 'responses' && typeof key === 'string') {
    const headers = asObject(node.headers);
    if (key === '429' && headers && !Object.hasOwn(headers, 'Retry-After'))
      at('owasp:api4:2023-rate-limit-retry-after', place.pointerTo('headers'));
    if (node.headers !== undefined && !headers?.['Access-Control-Allow-Origin'])
      at('owasp:api8:2023-define-cors-origin', place.pointerTo('headers'));
    if (family !== '2.0' && path[0] === 'paths' && place.document === spec.documents.root && /^(2|4)/.test(key)) {
      const response = follow(spec.documents, node, place.document, place.pointer());
      if (response) {
        const declared = asObject(response.value.headers);
        const sets = RATE_LIMIT_HEADERS.filter((names) =>
          names.every((name) => declared && Object.hasOwn(declared, name)),
        );
        if (sets.length !== 1)
          context.report(
            'owasp:api4:2023-rate-limit',
            joinPointer(response.pointer, ...(declared ? ['headers'] : [])),
            undefined,
            response.document,
          );
      }
    }
  }
  // a `responses` map under paths: the error and rate-limit responses it should document
  if (key === 'responses' && path[0] === 'paths' && place.document === spec.documents.root) {
    const has = (status: string) => Boolean(node[status]);
    const content = (status: string) =>
      Boolean(follow(spec.documents, node[status], place.document, place.pointerTo(status))?.value.content);
    if (!has('400') && !has('422') && !has('4XX')) at('owasp:api8:2023-define-error-validation', place.pointer());
    for (const [status, rule] of [
      ['401', 'owasp:api8:2023-define-error-responses-401'],
      ['500', 'owasp:api8:2023-define-error-responses-500'],
      ['429', 'owasp:api4:2023-rate-limit-responses-429'],
    ] as const) {
      const missing = (what: string) =>
        `${rule.startsWith('owasp:api4') ? 'Operation is missing rate limiting response in' : 'Operation is missing'} ${what}.`;
      if (!has(status)) at(rule, place.pointer(), missing(status));
      if (!content(status))
        at(rule, has(status) ? place.pointerTo(status) : place.pointer(), missing(`${status}.content`));
    }
  }
}
