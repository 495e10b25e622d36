import type {
  HttpMethod,
  SpecMediaType,
  SpecOperation,
  SpecParameter,
  SpecProblem,
  SpecResponse,
  SpecSchemaRef,
  SpecSecurityRequirement,
  SpecSecurityScheme,
} from '../model/artifacts/spec.js';
import type { DocumentSet, Resolved, SpecDocument } from './documents.js';
import { joinPointer } from './parse.js';
import type { SpecFamily } from './openapi-validators.js';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PARAMETER_LOCATIONS = new Set(['path', 'query', 'header', 'cookie']);
const SWAGGER_FLOWS: Record<string, string> = {
  application: 'clientCredentials',
  accessCode: 'authorizationCode',
  implicit: 'implicit',
  password: 'password',
};

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const scalar = (value: unknown): string | number | boolean | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;

export interface OperationIndex {
  /** keys under `paths` */
  paths: number;
  operations: SpecOperation[];
  webhooks: number;
  webhookOperations: SpecOperation[];
  schemas: number;
  servers: string[];
  securitySchemes: SpecSecurityScheme[];
  security: SpecSecurityRequirement[];
  /** problems a JSON Schema cannot see: duplicate operationIds, undeclared path parameters, … */
  problems: SpecProblem[];
}

/** Walks `paths` once and builds the operation index, following `$ref`s through the document set. */
export function indexOperations(set: DocumentSet, family: SpecFamily): OperationIndex {
  const root = set.root;
  const doc = asObject(root.value) ?? {};
  const problems: SpecProblem[] = [];
  const problem = (message: string, pointer: string, document: SpecDocument = root) =>
    problems.push({ severity: 'error', message, pointer, file: document.name });
  const deref = (value: unknown, document: SpecDocument, pointer: string): Resolved | undefined =>
    set.deref(value, document, pointer);
  const schemaRef = (schema: unknown, document: SpecDocument, pointer: string): SpecSchemaRef | undefined => {
    if (!asObject(schema) && typeof schema !== 'boolean') return undefined;
    const resolved = deref(schema, document, pointer);
    if (!resolved) return { pointer };
    const at = resolved.document === root ? resolved.pointer : `${resolved.document.name}#${resolved.pointer}`;
    const type = asObject(resolved.value)?.type;
    return {
      pointer: at,
      type:
        typeof type === 'string' ? type : Array.isArray(type) ? type.filter((t) => t !== 'null').join('|') : undefined,
    };
  };

  const swagger = family === '2.0';
  const documentServers = swagger ? swaggerServers(doc) : (serverUrls(doc.servers) ?? ['/']);
  const documentSecurity = securityRequirements(doc.security);
  const globalProduces = stringArray(doc.produces) ?? ['application/json'];
  const globalConsumes = stringArray(doc.consumes) ?? ['application/json'];

  const mediaTypes = (content: unknown, document: SpecDocument, pointer: string): SpecMediaType[] =>
    Object.entries(asObject(content) ?? {}).map(([mediaType, value]) => {
      const media = asObject(value) ?? {};
      return {
        mediaType,
        schema: schemaRef(media.schema, document, joinPointer(pointer, mediaType, 'schema')),
        hasExample: media.example !== undefined || media.examples !== undefined,
      };
    });

  const parameterOf = (
    raw: unknown,
    document: SpecDocument,
    pointer: string,
  ): (SpecParameter & { body?: Resolved }) | undefined => {
    const resolved = deref(raw, document, pointer);
    const value = asObject(resolved?.value);
    if (!resolved || !value) return undefined;
    const location = asString(value.in) ?? '';
    const name = asString(value.name) ?? '';
    const schemaValue = swagger && location !== 'body' ? value : value.schema;
    const schemaObject = asObject(
      deref(schemaValue, resolved.document, joinPointer(resolved.pointer, 'schema'))?.value,
    );
    const example =
      scalar(value.example) ??
      scalar(value['x-example']) ??
      scalar(firstExampleValue(value.examples)) ??
      scalar(schemaObject?.example) ??
      scalar(schemaObject?.default) ??
      scalar(value.default) ??
      scalar((schemaObject?.enum as unknown[] | undefined)?.[0]) ??
      scalar((Array.isArray(schemaObject?.examples) ? schemaObject.examples : [])[0]);
    if (swagger && (location === 'body' || location === 'formData')) {
      return { name, in: 'query', required: value.required === true, deprecated: false, body: resolved };
    }
    if (!PARAMETER_LOCATIONS.has(location)) return undefined;
    return {
      name,
      in: location as SpecParameter['in'],
      required: value.required === true,
      deprecated: value.deprecated === true,
      schema: swagger
        ? { pointer: resolved.pointer, type: asString(value.type) }
        : schemaRef(value.schema, resolved.document, joinPointer(resolved.pointer, 'schema')),
      example,
    };
  };

  /** A parameter list, each keyed by (in, name) as operations override path-level parameters. */
  const parametersOf = (list: unknown, document: SpecDocument, base: string) =>
    (Array.isArray(list) ? list : []).flatMap((raw, index) => {
      const at = joinPointer(base, 'parameters', index);
      const parameter = parameterOf(raw, document, at);
      return parameter
        ? [
            {
              key: `${parameter.body ? String((parameter.body.value as Json).in) : parameter.in}:${parameter.name}`,
              parameter,
              pointer: at,
            },
          ]
        : [];
    });

  const operations: SpecOperation[] = [];
  const webhookOperations: SpecOperation[] = [];
  const operationIds = new Map<string, string>();
  const paths = asObject(doc.paths) ?? {};
  // webhooks (OAS 3.1) are Path Items too, keyed by a name instead of a path: one walk indexes both, apart
  const items = [
    ...Object.entries(paths).map(([path, raw]) => ({ path, raw, base: '/paths', into: operations })),
    ...Object.entries(asObject(doc.webhooks) ?? {}).map(([path, raw]) => ({
      path,
      raw,
      base: '/webhooks',
      into: webhookOperations,
    })),
  ];
  for (const { path, raw: rawItem, base, into } of items) {
    if (path.startsWith('x-')) continue;
    const itemPointer = joinPointer(base, path);
    const itemResolved = deref(rawItem, root, itemPointer);
    const item = asObject(itemResolved?.value);
    if (!itemResolved || !item) continue;
    const itemDocument = itemResolved.document;
    const itemServers = swagger ? undefined : serverUrls(item.servers);
    const templateNames = new Set(Array.from(path.matchAll(/\{([^}]+)\}/g), (match) => match[1]));
    // path-level parameters apply to every operation of the item: read once
    const itemParameters = parametersOf(item.parameters, itemDocument, itemResolved.pointer);
    for (const method of METHODS) {
      const operation = asObject(item[method]);
      if (!operation) continue;
      const pointer =
        itemResolved.document === root ? joinPointer(itemResolved.pointer, method) : joinPointer(itemPointer, method);
      const opPointer = joinPointer(itemResolved.pointer, method);

      // path-level parameters first, then the operation's, which override by (name, in)
      const merged = new Map(itemParameters.map((entry) => [entry.key, entry.parameter]));
      const seen = new Set<string>();
      for (const { key, parameter, pointer: at } of parametersOf(operation.parameters, itemDocument, opPointer)) {
        if (seen.has(key))
          problem(`parameter "${parameter.name}" (${parameter.in}) is declared twice`, at, itemDocument);
        seen.add(key);
        merged.set(key, parameter);
      }
      const all = [...merged.values()];
      const parameters = all.filter((parameter) => !parameter.body).map(({ body: _, ...parameter }) => parameter);

      let requestBody: SpecOperation['requestBody'];
      if (swagger) {
        const consumes = stringArray(operation.consumes) ?? globalConsumes;
        const body = all.find(
          (parameter) => parameter.body && String((parameter.body.value as Json).in) === 'body',
        )?.body;
        const form = all.filter(
          (parameter) => parameter.body && String((parameter.body.value as Json).in) === 'formData',
        );
        if (body) {
          const schema = schemaRef((body.value as Json).schema, body.document, joinPointer(body.pointer, 'schema'));
          requestBody = {
            required: (body.value as Json).required === true,
            content: consumes.map((mediaType) => ({ mediaType, schema, hasExample: false })),
          };
        } else if (form.length > 0) {
          const formTypes = consumes.filter((type) => /form/.test(type));
          requestBody = {
            required: form.some((parameter) => parameter.required),
            content: (formTypes.length > 0 ? formTypes : ['application/x-www-form-urlencoded']).map((mediaType) => ({
              mediaType,
              hasExample: false,
            })),
          };
        }
      } else if (operation.requestBody !== undefined) {
        const resolved = deref(operation.requestBody, itemDocument, joinPointer(opPointer, 'requestBody'));
        const body = asObject(resolved?.value);
        if (resolved && body)
          requestBody = {
            required: body.required === true,
            content: mediaTypes(body.content, resolved.document, joinPointer(resolved.pointer, 'content')),
          };
      }

      const produces = swagger ? (stringArray(operation.produces) ?? globalProduces) : [];
      const responses: SpecResponse[] = [];
      for (const [status, rawResponse] of Object.entries(asObject(operation.responses) ?? {})) {
        if (status.startsWith('x-')) continue;
        const resolved = deref(rawResponse, itemDocument, joinPointer(opPointer, 'responses', status));
        const response = asObject(resolved?.value);
        if (!resolved || !response) {
          responses.push({ status, headers: [], content: [] });
          continue;
        }
        const headers = Object.entries(asObject(response.headers) ?? {}).map(([name, rawHeader]) => {
          const headerPointer = joinPointer(resolved.pointer, 'headers', name);
          const header = deref(rawHeader, resolved.document, headerPointer);
          const value = asObject(header?.value) ?? {};
          return {
            name,
            required: value.required === true,
            schema: swagger
              ? { pointer: header?.pointer ?? headerPointer, type: asString(value.type) }
              : schemaRef(
                  value.schema,
                  header?.document ?? resolved.document,
                  joinPointer(header?.pointer ?? headerPointer, 'schema'),
                ),
          };
        });
        let content: SpecMediaType[];
        if (!swagger)
          content = mediaTypes(response.content, resolved.document, joinPointer(resolved.pointer, 'content'));
        else if (response.schema === undefined) content = [];
        else {
          const schema = schemaRef(response.schema, resolved.document, joinPointer(resolved.pointer, 'schema'));
          content = produces.map((mediaType) => ({
            mediaType,
            schema,
            hasExample: asObject(response.examples)?.[mediaType] !== undefined,
          }));
        }
        responses.push({ status, description: asString(response.description), headers, content });
      }

      const operationId = asString(operation.operationId);
      // a webhook's name is no path template, and one Path Item may serve a path and a webhook (components.pathItems)
      if (into === operations) {
        if (operationId !== undefined) {
          const first = operationIds.get(operationId);
          if (first)
            problem(`operationId "${operationId}" is also used by ${first}`, joinPointer(pointer, 'operationId'));
          else operationIds.set(operationId, `${method.toUpperCase()} ${path}`);
        }
        checkPathParameters(path, templateNames, parameters, (message) => problem(message, pointer));
      }

      const ownSecurity = securityRequirements(operation.security);
      into.push({
        method: method.toUpperCase() as HttpMethod,
        path,
        operationId,
        pointer,
        summary: asString(operation.summary),
        description: asString(operation.description),
        tags: stringArray(operation.tags) ?? [],
        deprecated: operation.deprecated === true,
        parameters,
        security: ownSecurity ?? documentSecurity ?? [],
        securitySource: ownSecurity ? 'operation' : documentSecurity ? 'document' : 'none',
        requestBody,
        responses,
        // a webhook is sent to the consumer's URL, never to the system's servers
        servers:
          into === webhookOperations
            ? []
            : swagger
              ? documentServers
              : (serverUrls(operation.servers) ?? itemServers ?? documentServers),
      });
    }
  }

  const components = asObject(doc.components) ?? {};
  const schemas = Object.keys(asObject(swagger ? doc.definitions : components.schemas) ?? {}).length;
  return {
    paths: Object.keys(paths).filter((path) => !path.startsWith('x-')).length,
    operations,
    webhooks: webhookOperations.length,
    webhookOperations,
    schemas,
    servers: documentServers,
    securitySchemes: securitySchemes(
      set,
      swagger ? doc.securityDefinitions : components.securitySchemes,
      swagger ? '/securityDefinitions' : '/components/securitySchemes',
    ),
    security: documentSecurity ?? [],
    problems,
  };
}

function checkPathParameters(
  path: string,
  inTemplate: Set<string>,
  parameters: SpecParameter[],
  report: (message: string) => void,
): void {
  const declared = parameters.filter((parameter) => parameter.in === 'path');
  for (const name of inTemplate) {
    if (!declared.some((parameter) => parameter.name === name))
      report(`path parameter "${name}" of ${path} is not declared`);
  }
  for (const parameter of declared) {
    if (!inTemplate.has(parameter.name)) report(`path parameter "${parameter.name}" does not appear in ${path}`);
    else if (!parameter.required) report(`path parameter "${parameter.name}" must have required: true`);
  }
}

function firstExampleValue(examples: unknown): unknown {
  for (const name in asObject(examples)) return asObject((examples as Json)[name])?.value;
  return undefined;
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function securityRequirements(value: unknown): SpecSecurityRequirement[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((requirement) =>
    Object.fromEntries(
      Object.entries(asObject(requirement) ?? {}).map(([name, scopes]) => [name, stringArray(scopes) ?? []]),
    ),
  );
}

/** Server URLs with their variables replaced by the defaults. */
function serverUrls(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.flatMap((server) => {
    const record = asObject(server);
    const url = asString(record?.url);
    if (url === undefined) return [];
    const variables = asObject(record?.variables) ?? {};
    return [
      url.replace(/\{([^}]+)\}/g, (whole, name: string) => asString(asObject(variables[name])?.default) ?? whole),
    ];
  });
}

function swaggerServers(doc: Json): string[] {
  const basePath = asString(doc.basePath) ?? '';
  const host = asString(doc.host);
  if (!host) return [basePath || '/'];
  const schemes = stringArray(doc.schemes) ?? ['https'];
  return schemes.map((scheme) => `${scheme}://${host}${basePath}`);
}

function securitySchemes(set: DocumentSet, value: unknown, base: string): SpecSecurityScheme[] {
  return Object.entries(asObject(value) ?? {}).flatMap(([name, raw]): SpecSecurityScheme[] => {
    const pointer = joinPointer(base, name);
    const scheme = asObject(set.deref(raw, set.root, pointer)?.value);
    if (!scheme) return [];
    const type = asString(scheme.type);
    const location = asString(scheme.in);
    const common = { name, pointer };
    switch (type) {
      case 'basic':
        return [{ ...common, type: 'http', scheme: 'basic' }];
      case 'http':
        return [
          {
            ...common,
            type: 'http',
            scheme: asString(scheme.scheme)?.toLowerCase(),
            bearerFormat: asString(scheme.bearerFormat),
          },
        ];
      case 'apiKey':
        return [
          { ...common, type: 'apiKey', in: location as SpecSecurityScheme['in'], paramName: asString(scheme.name) },
        ];
      case 'oauth2': {
        const flow = asString(scheme.flow);
        const flows = flow ? [SWAGGER_FLOWS[flow] ?? flow] : Object.keys(asObject(scheme.flows) ?? {});
        return [{ ...common, type: 'oauth2', flows }];
      }
      case 'openIdConnect':
      case 'mutualTLS':
        return [{ ...common, type }];
      default:
        return [];
    }
  });
}
