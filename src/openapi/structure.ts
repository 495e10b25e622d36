/**
 * The shape of an OpenAPI document (2.0, 3.0 and 3.1) as far as `$ref`s care: which keys hold OpenAPI structure
 * (where a `$ref` is a JSON Reference, followed and replaced wherever it stands) and which hold data (`example`,
 * `examples.*.value`, `default`, `enum`, `const`, link parameters and `x-*` values other than the code-sample
 * includes Redocly defines), where `{ $ref }` is just a payload. Containers say what their entries are: under
 * `properties` or `responses`, `default` and `example` are names, not keywords.
 */
export type NodeKind =
  | 'document'
  | 'object'
  | 'schema'
  | 'pathItem'
  | 'operation'
  | 'parameter'
  | 'response'
  | 'requestBody'
  | 'header'
  | 'mediaType'
  | 'encoding'
  | 'example'
  | 'link'
  | 'callback'
  | 'securityScheme'
  | 'components'
  | 'data'
  // containers: maps (or lists) whose entries are of one kind
  | 'schemas'
  | 'schemaList'
  | 'paths'
  | 'pathItems'
  | 'parameters'
  | 'responses'
  | 'headers'
  | 'content'
  | 'examples'
  | 'links'
  | 'callbacks'
  | 'securitySchemes'
  | 'requestBodies'
  | 'encodings';

/** Every entry of a container is of this kind; extensions (`x-*` keys) are data where the map allows them. */
const ENTRIES: Partial<Record<NodeKind, { entry: NodeKind; extensions: boolean }>> = {
  schemas: { entry: 'schema', extensions: false },
  schemaList: { entry: 'schema', extensions: false },
  paths: { entry: 'pathItem', extensions: true },
  pathItems: { entry: 'pathItem', extensions: false },
  callback: { entry: 'pathItem', extensions: true },
  parameters: { entry: 'parameter', extensions: false },
  responses: { entry: 'response', extensions: true },
  headers: { entry: 'header', extensions: false },
  content: { entry: 'mediaType', extensions: false },
  examples: { entry: 'example', extensions: false },
  links: { entry: 'link', extensions: false },
  callbacks: { entry: 'callback', extensions: false },
  securitySchemes: { entry: 'securityScheme', extensions: false },
  requestBodies: { entry: 'requestBody', extensions: false },
  encodings: { entry: 'encoding', extensions: false },
};

/** Keys whose values are data wherever they stand in an OpenAPI object or a schema. */
const DATA_KEYS = new Set(['example', 'default', 'enum', 'const']);
/** Redocly's include places among the extensions: `source: { $ref: ../code_samples/get.cs }` is the file's text. */
const INCLUDE_EXTENSIONS = new Set(['x-codeSamples', 'x-code-samples']);

const SCHEMA_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
  'dependencies',
]);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_ONE = new Set([
  'not',
  'additionalProperties',
  'additionalItems',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
]);
/** Schema keywords that hold text or small objects a `$ref` may stand in for (a description from a .md file). */
const SCHEMA_STRUCTURE = new Set(['title', 'description', 'xml', 'externalDocs']);

/** Per kind, the kind of some of its keys; keys not listed are generic structure ('object'). */
const FIELDS: Partial<Record<NodeKind, Record<string, NodeKind>>> = {
  document: {
    paths: 'paths',
    webhooks: 'pathItems',
    components: 'components',
    security: 'data',
    definitions: 'schemas',
    parameters: 'parameters',
    responses: 'responses',
    securityDefinitions: 'securitySchemes',
  },
  components: {
    schemas: 'schemas',
    responses: 'responses',
    parameters: 'parameters',
    examples: 'examples',
    requestBodies: 'requestBodies',
    headers: 'headers',
    securitySchemes: 'securitySchemes',
    links: 'links',
    callbacks: 'callbacks',
    pathItems: 'pathItems',
  },
  pathItem: {
    get: 'operation',
    put: 'operation',
    post: 'operation',
    delete: 'operation',
    options: 'operation',
    head: 'operation',
    patch: 'operation',
    trace: 'operation',
    parameters: 'parameters',
  },
  operation: {
    parameters: 'parameters',
    requestBody: 'requestBody',
    responses: 'responses',
    callbacks: 'callbacks',
    security: 'data',
  },
  parameter: { schema: 'schema', items: 'schema', content: 'content', examples: 'examples' },
  header: { schema: 'schema', items: 'schema', content: 'content', examples: 'examples' },
  response: { headers: 'headers', content: 'content', schema: 'schema', links: 'links' },
  requestBody: { content: 'content' },
  mediaType: { schema: 'schema', examples: 'examples', encoding: 'encodings' },
  encoding: { headers: 'headers' },
  example: { value: 'data' },
  link: { parameters: 'data', requestBody: 'data' },
  securityScheme: { scopes: 'data' },
};

/** Kinds where an OpenAPI schema accepts a Reference Object, so a resolved view may keep an internal `$ref`. */
const REFERABLE = new Set<NodeKind>([
  'schema',
  'parameter',
  'response',
  'requestBody',
  'header',
  'example',
  'link',
  'callback',
  'securityScheme',
]);

/**
 * Whether a `$ref` at a node of `kind` can stay a reference in the resolved view: not where OpenAPI takes no
 * Reference Object. In OpenAPI 3.1 (`siblingsApply`), not for an "extended" reference either: keys beside the `$ref`
 * other than the summary and description a Reference Object may carry (`{ $ref: Filter.yaml, required: true }`) are
 * merged over the target, as swagger-parser does and Redocly's own starter expects. In 2.0 and 3.0 such keys are
 * ignored, as those versions say (the lint warns about them). A schema keeps its `$ref` with its siblings.
 */
export function keepsReference(kind: NodeKind, node: Record<string, unknown>, siblingsApply: boolean): boolean {
  if (!REFERABLE.has(kind)) return false;
  if (kind === 'schema' || !siblingsApply) return true;
  for (const key in node) if (key !== '$ref' && key !== 'summary' && key !== 'description') return false;
  return true;
}

/** Whether keys beside a `$ref` that is replaced by its target are merged over it (else they are dropped). */
export const mergesSiblings = (kind: NodeKind, siblingsApply: boolean): boolean =>
  siblingsApply || kind === 'pathItem' || kind === 'schema';

/** OpenAPI 3.1 applies what is written beside a `$ref`; 2.0 and 3.0 ignore it (except in a Path Item). */
export const siblingsApplyIn = (document: unknown): boolean => {
  const version = (document as { openapi?: unknown } | null)?.openapi;
  return typeof version === 'string' && version.startsWith('3.1');
};

/**
 * The kind of `node[key]` in a node of `kind`, or 'data' when its value is not to be searched for references.
 * `swagger` is true for OpenAPI 2.0 documents, whose response `examples` are payloads keyed by media type.
 */
export function childKind(kind: NodeKind, key: string, value: unknown, swagger: boolean): NodeKind {
  if (kind === 'data') return 'data';
  const container = ENTRIES[kind];
  if (container) return container.extensions && key.startsWith('x-') ? 'data' : container.entry;
  if (key.startsWith('x-')) return INCLUDE_EXTENSIONS.has(key) ? 'object' : 'data';
  if (kind === 'schema') {
    if (SCHEMA_MAPS.has(key)) return 'schemas';
    if (SCHEMA_LISTS.has(key) || (key === 'items' && Array.isArray(value))) return 'schemaList';
    if (SCHEMA_ONE.has(key) || key === 'items') return 'schema';
    // other keywords hold data: type, format, required, discriminator mappings, examples, …
    return SCHEMA_STRUCTURE.has(key) ? 'object' : 'data';
  }
  if (DATA_KEYS.has(key)) return 'data';
  if (key === 'examples' && (swagger || Array.isArray(value))) return 'data';
  const field = FIELDS[kind]?.[key];
  if (field) return field;
  if (key === 'examples') return 'examples';
  return 'object';
}
