import type { SpecLintResult, SpecOperation } from '../model/artifacts/spec.js';
import { atPointer, forEachRef, type Origin } from './documents.js';
import type { IngestedSpec } from './ingest.js';
import { locateLines } from './locate.js';
import { joinPointer } from './parse.js';
import { ExampleValidator } from './example-validator.js';
import { schemaShape } from './schema-shape.js';

interface Rule {
  rule: string;
  source: SpecLintResult['source'];
  severity: SpecLintResult['severity'];
  title: string;
  fix: string;
}

const RULES = {
  operationId: {
    rule: 'operation-operationId',
    source: 'spectral:oas',
    severity: 'warn',
    title: 'Operation has no operationId',
    fix: 'Give every operation a unique operationId: generated clients name their methods after it.',
  },
  operationIdUnique: {
    rule: 'operation-operationId-unique',
    source: 'spectral:oas',
    severity: 'error',
    title: 'operationId is not unique',
    fix: 'Rename the duplicate operationIds.',
  },
  successResponse: {
    rule: 'operation-success-response',
    source: 'spectral:oas',
    severity: 'warn',
    title: 'Operation has no 2xx/3xx response',
    fix: 'Document at least one success response.',
  },
  tags: {
    rule: 'operation-tags',
    source: 'spectral:oas',
    severity: 'warn',
    title: 'Operation has no tags',
    fix: 'Tag every operation so documentation can group it.',
  },
  tagDefined: {
    rule: 'operation-tag-defined',
    source: 'spectral:oas',
    severity: 'warn',
    title: 'Tag is not declared in the top-level tags',
    fix: 'Declare each tag under the top-level `tags` with a description.',
  },
  description: {
    rule: 'operation-description',
    source: 'spectral:oas',
    severity: 'warn',
    title: 'Operation has no description',
    fix: 'Describe what the operation does, its side effects and its errors.',
  },
  infoDescription: {
    rule: 'info-description',
    source: 'spectral:oas',
    severity: 'warn',
    title: 'info.description is missing',
    fix: 'Describe the API in info.description.',
  },
  infoContact: {
    rule: 'info-contact',
    source: 'spectral:oas',
    severity: 'warn',
    title: 'info.contact is missing',
    fix: 'Name who owns the API in info.contact (name, email or url).',
  },
  servers: {
    rule: 'oas3-api-servers',
    source: 'spectral:oas',
    severity: 'warn',
    title: 'No servers declared',
    fix: 'Declare the base URL(s) under `servers` (Swagger 2.0: host, basePath, schemes).',
  },
  validExample: {
    rule: 'oas3-valid-media-example',
    source: 'spectral:oas',
    severity: 'warn',
    title: 'Example does not match its schema',
    fix: 'Correct the example or the schema: examples are what client developers copy.',
  },
  refSiblings: {
    rule: 'no-$ref-siblings',
    source: 'spectral:oas',
    severity: 'error',
    title: '$ref has sibling keywords',
    fix: 'Before OpenAPI 3.1, keywords next to $ref are ignored: wrap them in allOf or move them into the referenced schema.',
  },
  trailingSlash: {
    rule: 'path-keys-no-trailing-slash',
    source: 'spectral:oas',
    severity: 'warn',
    title: 'Path ends with a slash',
    fix: 'Remove the trailing slash from the path.',
  },
  errorResponses: {
    rule: 'junction-error-responses',
    source: 'junction',
    severity: 'warn',
    title: 'No error response documented',
    fix: 'Document the 4xx responses (or `default`) with an error schema, so clients can handle failures.',
  },
  rateLimit: {
    rule: 'junction-rate-limit-response',
    source: 'junction',
    severity: 'warn',
    title: 'No 429 response documented',
    fix: 'Document 429 Too Many Requests with a Retry-After header, so clients know to back off.',
  },
  security: {
    rule: 'junction-operation-security',
    source: 'junction',
    severity: 'warn',
    title: 'No security requirement',
    fix: 'Declare `security` (at the top level or per operation); mark intentionally public operations with `security: []`.',
  },
  pagination: {
    rule: 'junction-pagination',
    source: 'junction',
    severity: 'warn',
    title: 'Collection without pagination parameters',
    fix: 'Document pagination for collections (limit + cursor/page/offset query parameters, or a Link header).',
  },
  idempotency: {
    rule: 'junction-idempotency',
    source: 'junction',
    severity: 'info',
    title: 'Unsafe operation without an Idempotency-Key',
    fix: 'Accept an Idempotency-Key header on POST/PATCH so clients can retry safely after a timeout.',
  },
} satisfies Record<string, Rule>;

const PAGINATION =
  /^(limit|page|page_?size|per_?page|offset|cursor|after|before|starting_after|ending_before|next|page_?token|continue|max_?results|top|skip|\$top|\$skip)$/i;
const COLLECTION_PROPERTIES = /^(data|items|results|records|entries|list|values|elements|content)$/i;
const MAX_EXAMPLES = 5;

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/**
 * The essentials of Spectral's `spectral:oas` ruleset plus Junction's integration rules, over the operation index
 * (and the documents for examples and $ref siblings). One pass; each rule keeps a count and its first places.
 */
export function lintSpec(spec: IngestedSpec): SpecLintResult[] {
  const { index, documents } = spec;
  const results = new Map<Rule, SpecLintResult>();
  // where an example was written, when it was found in a file as read rather than in the resolved view
  const written = new Map<SpecLintResult['examples'][number], Origin>();
  const hit = (rule: Rule, pointer: string, message: string, origin?: Origin) => {
    let result = results.get(rule);
    if (!result) {
      result = { ...rule, count: 0, examples: [] };
      results.set(rule, result);
    }
    result.count++;
    if (result.examples.length < MAX_EXAMPLES) {
      const example = { pointer, message };
      result.examples.push(example);
      if (origin) written.set(example, origin);
    }
  };
  const root = asObject(documents.root.value) ?? {};
  const info = asObject(root.info) ?? {};
  if (!info.description) hit(RULES.infoDescription, '/info', 'info has no description');
  if (!info.contact) hit(RULES.infoContact, '/info', 'info has no contact');
  const declaresServers =
    spec.family === '2.0' ? typeof root.host === 'string' : Array.isArray(root.servers) && root.servers.length > 0;
  if (!declaresServers) hit(RULES.servers, '', 'no servers');
  const declaredTags = new Set(((root.tags as unknown[]) ?? []).map((tag) => asObject(tag)?.name));

  const ids = new Map<string, number>();
  for (const operation of index.operations)
    if (operation.operationId) ids.set(operation.operationId, (ids.get(operation.operationId) ?? 0) + 1);
  const validator = spec.family ? new LazyValidator(spec) : undefined;

  for (const operation of index.operations) {
    const label = `${operation.method} ${operation.path}`;
    const at = operation.pointer;
    if (!operation.operationId) hit(RULES.operationId, at, `${label} has no operationId`);
    else if ((ids.get(operation.operationId) ?? 0) > 1)
      hit(
        RULES.operationIdUnique,
        joinPointer(at, 'operationId'),
        `${label}: operationId "${operation.operationId}" is used ${ids.get(operation.operationId)} times`,
      );
    if (!operation.responses.some((response) => /^[23]/.test(response.status)))
      hit(RULES.successResponse, joinPointer(at, 'responses'), `${label} has no success response`);
    if (operation.tags.length === 0) hit(RULES.tags, at, `${label} has no tags`);
    for (const tag of operation.tags)
      if (!declaredTags.has(tag))
        hit(RULES.tagDefined, joinPointer(at, 'tags'), `${label}: tag "${tag}" is not declared`);
    if (!operation.description) hit(RULES.description, at, `${label} has no description`);
    if (operation.path.length > 1 && operation.path.endsWith('/'))
      hit(RULES.trailingSlash, at, `${operation.path} ends with a slash`);
    if (!operation.responses.some((response) => /^4/.test(response.status) || response.status === 'default'))
      hit(RULES.errorResponses, joinPointer(at, 'responses'), `${label} documents no error response`);
    if (!operation.responses.some((response) => response.status === '429'))
      hit(RULES.rateLimit, joinPointer(at, 'responses'), `${label} documents no 429`);
    if (operation.security.length === 0 && operation.securitySource === 'none')
      hit(RULES.security, at, `${label} declares no security`);
    if (isUnpaginatedCollection(spec, operation))
      hit(RULES.pagination, at, `${label} returns a collection without pagination parameters`);
    if (
      (operation.method === 'POST' || operation.method === 'PATCH') &&
      !operation.parameters.some((parameter) => parameter.in === 'header' && /^idempotency-key$/i.test(parameter.name))
    ) {
      hit(RULES.idempotency, at, `${label} accepts no Idempotency-Key`);
    }
    validator?.checkOperation(operation, (pointer, message) =>
      hit(RULES.validExample, pointer, `${label}: ${message}`),
    );
  }
  if (spec.family !== '3.1') {
    // siblings are looked for in the files as written: the resolved view has merged or kept them
    const loaded = documents.loaded ?? documents;
    for (const document of new Set(loaded.documents.values())) {
      forEachRef(document.value, (_ref, node, pointer) => {
        const siblings = Object.keys(node).filter((key) => key !== '$ref' && !key.startsWith('x-'));
        if (siblings.length > 0)
          hit(
            RULES.refSiblings,
            document === loaded.root ? pointer() : `${document.name}#${pointer()}`,
            `$ref with ${siblings.join(', ')} beside it (OpenAPI ${spec.family} tools ignore them)`,
            { document, pointer: pointer() },
          );
      });
    }
  }
  const list = [...results.values()];
  const places = documents.locate(
    list.flatMap((result) =>
      result.examples.filter((example) => !written.has(example)).map((example) => example.pointer),
    ),
  );
  for (const result of list)
    for (const example of result.examples) {
      const origin = written.get(example);
      const place = origin
        ? { file: origin.document.name, line: locateLines(origin.document.text, [origin.pointer]).get(origin.pointer) }
        : places.get(example.pointer);
      example.line = place?.line;
      if (place && place.file !== documents.root.name) example.file = place.file;
    }
  const order = { error: 0, warn: 1, info: 2 };
  return list.sort((a, b) => order[a.severity] - order[b.severity] || b.count - a.count);
}

/** A GET on a path that does not end in a parameter, answering an array (or an object wrapping one), with no paging parameter. */
function isUnpaginatedCollection(spec: IngestedSpec, operation: SpecOperation): boolean {
  if (operation.method !== 'GET' || /\}$/.test(operation.path)) return false;
  if (operation.parameters.some((parameter) => parameter.in === 'query' && PAGINATION.test(parameter.name)))
    return false;
  const success = operation.responses.find((response) => /^2/.test(response.status));
  const schema = success?.content.find((media) => /json/.test(media.mediaType))?.schema;
  if (!schema) return false;
  if (schema.type === 'array') return true;
  if (schema.type !== 'object') return false;
  const shape = schemaShape(spec.documents, spec.documents.at(schema.pointer));
  return [...(shape?.properties.entries() ?? [])].some(([name, property]) => {
    if (!COLLECTION_PROPERTIES.test(name)) return false;
    const inner = schemaShape(spec.documents, property);
    return inner?.types?.has('array') === true;
  });
}

/** Validates media-type examples against their schemas; Ajv is set up only if some example exists. */
class LazyValidator {
  private validator?: ExampleValidator;
  constructor(private readonly spec: IngestedSpec) {}

  checkOperation(operation: SpecOperation, report: (pointer: string, message: string) => void): void {
    const media = [
      ...(operation.requestBody?.content.map((content) => ({
        content,
        base: joinPointer(operation.pointer, 'requestBody', 'content', content.mediaType),
      })) ?? []),
      ...operation.responses.flatMap((response) =>
        response.content.map((content) => ({
          content,
          base: joinPointer(operation.pointer, 'responses', response.status, 'content', content.mediaType),
        })),
      ),
    ];
    for (const { content, base } of media) {
      if (!content.hasExample || !content.schema || !/json/.test(content.mediaType)) continue;
      const node = asObject(atPointer(this.spec.documents.root.value, base));
      if (!node) continue; // the media type lives in a referenced component: checked where it is declared
      const examples: [string, unknown][] = [];
      if (node.example !== undefined) examples.push([joinPointer(base, 'example'), node.example]);
      for (const [name, example] of Object.entries(asObject(node.examples) ?? {})) {
        const value = asObject(example);
        if (value && value.value !== undefined && value.$ref === undefined)
          examples.push([joinPointer(base, 'examples', name, 'value'), value.value]);
      }
      for (const [pointer, value] of examples) {
        this.validator ??= new ExampleValidator(this.spec.documents, this.spec.family!, { allErrors: false });
        const errors = this.validator.validate(content.schema.pointer, value);
        if (errors.length > 0) report(pointer, `example ${errors[0].path}: ${errors[0].message}`);
      }
    }
  }
}
