import equal from 'fast-deep-equal';
import type { LintRuleId } from '../model/lint-rules.js';
import type { SpecDocument } from './documents.js';
import { ExampleValidator } from './example-validator.js';
import type { LintContext, RuleModule } from './lint-context.js';
import { schemaDialectProblems } from './lint-schema-dialect.js';
import { asObject, follow, rawOperations } from './lint-paths.js';
import type { WalkPlace } from './lint-walk.js';
import { joinPointer } from './parse.js';

type Json = Record<string, unknown>;

const truthy = (value: unknown) => Boolean(value);
const COMPONENT_TYPES = [
  'schemas',
  'responses',
  'parameters',
  'examples',
  'requestBodies',
  'headers',
  'links',
  'callbacks',
];
const URL_SAFE_ID = /^[A-Za-z0-9-._~:/?#[\]@!$&'()*+,;=]*$/;
const PATH_TEMPLATE = /(\{;?\??[a-zA-Z0-9_-]+\*?\})/g;
const FORM_MEDIA = /(application\/x-www-form-urlencoded|multipart\/form-data)/;

/**
 * Spectral's spectral:oas ruleset (rule ids, default severities and what one result is), read from its definitions.
 * Document, path and operation rules run here; schema and markdown rules run on every node of the shared walk.
 */
export const spectralRules: RuleModule = (context) => {
  documentRules(context);
  pathRules(context);
  operationRules(context);
  const examples = exampleRules(context);
  const references = referenceCollector(context);
  return {
    visit(node, key, place) {
      nodeRules(context, node, key, place);
      examples(node, key, place);
      references.visit(node, place);
    },
    finish: () => unusedComponents(context, references.targets),
  };
};

function documentRules(context: LintContext): void {
  const { root, report, family } = context;
  const info = asObject(root.info);
  if (!info?.contact) report('info-contact', info ? '/info' : '');
  if (!info?.description) report('info-description', info ? '/info' : '');
  if (!info?.license) report('info-license', info ? '/info' : '');
  else if (!asObject(info.license)?.url) report('license-url', '/info/license');
  const contact = asObject(info?.contact);
  if (contact)
    for (const field of ['name', 'url', 'email'])
      if (!contact[field]) report('contact-properties', '/info/contact', `Contact object must have "${field}".`);

  const tags = root.tags;
  if (!Array.isArray(tags) || tags.length === 0) report('openapi-tags', '');
  if (Array.isArray(tags)) {
    const names = tags.map((tag) => asObject(tag)?.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index)
        report(
          'openapi-tags-uniqueness',
          `/tags/${index}/name`,
          `"tags" object contains duplicate tag name "${String(name)}".`,
        );
      if (!asObject(tags[index])?.description) report('tag-description', `/tags/${index}`);
    });
    const sorted = names.every((name, index) => index === 0 || String(names[index - 1]) <= String(name));
    if (!sorted) report('openapi-tags-alphabetical', '/tags');
  }

  if (family === '2.0') {
    if (typeof root.host !== 'string' || !root.host) report('oas2-api-host', '');
    else {
      if (root.host.endsWith('/')) report('oas2-host-trailing-slash', '/host');
      if (/example\.com/.test(root.host)) report('oas2-host-not-example', '/host');
    }
    const schemes = root.schemes;
    if (!Array.isArray(schemes) || schemes.length === 0 || schemes.some((scheme) => typeof scheme !== 'string'))
      report('oas2-api-schemes', schemes === undefined ? '' : '/schemes');
  } else {
    const servers = root.servers;
    if (!Array.isArray(servers) || servers.length === 0 || servers.some((server) => !asObject(server)))
      report('oas3-api-servers', servers === undefined ? '' : '/servers');
    if (Array.isArray(servers))
      servers.forEach((server, index) => {
        const url = asObject(server)?.url;
        if (typeof url !== 'string') return;
        if (/.\/$/.test(url)) report('oas3-server-trailing-slash', `/servers/${index}/url`);
        if (/example\.com/.test(url)) report('oas3-server-not-example.com', `/servers/${index}/url`);
      });
  }
  const problems = context.spec.structureProblems ?? [];
  for (const problem of problems)
    report(family === '2.0' ? 'oas2-schema' : 'oas3-schema', problem.pointer, `${problem.message}.`);
  // the 3.1 document schema accepts any Schema Object; its dialect is checked apart
  if (family === '3.1' && context.on('oas3-schema'))
    for (const problem of schemaDialectProblems(root)) report('oas3-schema', problem.pointer, problem.message);
}

/** Server Objects: every {variable} declared, with a default in its enum, and none unused (oas3-server-variables). */
function serverVariables(context: LintContext, server: unknown, pointer: string, document: SpecDocument): void {
  const value = asObject(server);
  if (!value || typeof value.url !== 'string') return;
  const report = (at: string, message: string) => context.report('oas3-server-variables', at, message, document);
  const used = [...value.url.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const variables = asObject(value.variables);
  const defined = Object.keys(variables ?? {});
  for (const name of defined)
    if (!used.includes(name))
      report(
        joinPointer(pointer, 'variables', name),
        `Server's "variables" object has unused defined "${name}" url variable.`,
      );
  if (used.length === 0) return;
  const missing = used.filter((name) => !defined.includes(name));
  if (missing.length > 0)
    report(
      joinPointer(pointer, 'variables'),
      `Not all server's variables are described with "variables" object. Missed: ${missing.join(', ')}.`,
    );
  for (const name of defined) {
    if (!used.includes(name)) continue;
    const variable = asObject(variables![name]) ?? {};
    if (Array.isArray(variable.enum) && variable.default !== undefined && !variable.enum.includes(variable.default))
      report(
        joinPointer(pointer, 'variables', name, 'default'),
        `Server Variable "${name}" has a default not listed in the enum.`,
      );
    if (variable.default === undefined)
      report(joinPointer(pointer, 'variables', name), `Server Variable "${name}" has a missing default.`);
  }
}

function pathRules(context: LintContext): void {
  const { root, report, spec } = context;
  const paths = asObject(root.paths) ?? {};
  const normalized = new Map<string, string>();
  for (const path of Object.keys(paths)) {
    const at = joinPointer('/paths', path);
    if (path.includes('{}')) report('path-declarations-must-exist', at);
    if (/.+\/$/.test(path)) report('path-keys-no-trailing-slash', at);
    if (path.includes('?')) report('path-not-include-query', at);
    const item = follow(spec.documents, paths[path], spec.documents.root, at);
    if (!item) continue;
    const key = path.replace(PATH_TEMPLATE, '%');
    const seen = normalized.get(key);
    if (seen !== undefined) report('path-params', at, `Paths "${seen}" and "${path}" must not be equivalent.`);
    else normalized.set(key, path);
    const placeholders: string[] = [];
    for (const match of path.matchAll(PATH_TEMPLATE)) {
      const name = match[0].replace(/[{}?*;]/g, '');
      if (placeholders.includes(name))
        report('path-params', at, `Path "${path}" must not use parameter "{${name}}" multiple times.`);
      else placeholders.push(name);
    }
    const declared = (list: unknown, base: string): Map<string, string> => {
      const names = new Map<string, string>();
      if (!Array.isArray(list)) return names;
      list.forEach((raw, index) => {
        const parameter = follow(spec.documents, raw, item.document, joinPointer(base, 'parameters', index));
        const value = parameter?.value;
        if (!value || value.in !== 'path' || value.name === undefined) return;
        const where = joinPointer(base, 'parameters', index);
        const name = typeof value.name === 'string' ? value.name : JSON.stringify(value.name);
        if (value.required !== true)
          report('path-params', where, `Path parameter "${name}" must have "required" property that is set to "true".`);
        if (names.has(name))
          report('path-params', where, `Path parameter "${name}" must not be defined multiple times.`);
        else names.set(name, where);
      });
      return names;
    };
    const itemParameters = declared(item.value.parameters, at);
    for (const method of ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace']) {
      const operation = asObject(item.value[method]);
      if (!operation) continue;
      const operationAt = joinPointer(at, method);
      const all = new Map([...itemParameters, ...declared(operation.parameters, operationAt)]);
      for (const [name, where] of all)
        if (!placeholders.includes(name))
          report('path-params', where, `Parameter "${name}" must be used in path "${path}".`);
      for (const name of placeholders)
        if (!all.has(name))
          report(
            'path-params',
            operationAt,
            `Operation must define parameter "{${name}}" as expected by path "${path}".`,
          );
    }
    serverList(context, item.value.servers, joinPointer(item.pointer, 'servers'), item.document);
  }
  serverList(context, root.servers, '/servers', spec.documents.root);
  const webhooks = asObject(root.webhooks);
  if (webhooks) {
    if (webhooks.servers !== undefined) report('oas3_1-servers-in-webhook', '/webhooks/servers');
    for (const [name, item] of Object.entries(webhooks))
      for (const [method, operation] of Object.entries(asObject(item) ?? {})) {
        const value = asObject(operation);
        if (value?.servers !== undefined)
          report('oas3_1-servers-in-webhook', joinPointer('/webhooks', name, method, 'servers'));
        if (value?.callbacks !== undefined)
          report('oas3_1-callbacks-in-webhook', joinPointer('/webhooks', name, method, 'callbacks'));
      }
  }
}

function serverList(context: LintContext, servers: unknown, pointer: string, document: SpecDocument): void {
  if (context.family === '2.0' || !Array.isArray(servers)) return;
  servers.forEach((server, index) => serverVariables(context, server, joinPointer(pointer, index), document));
}

function operationRules(context: LintContext): void {
  const { root, report, spec, family } = context;
  const declaredTags = new Set(
    (Array.isArray(root.tags) ? root.tags : [])
      .map((tag) => asObject(tag)?.name)
      .filter((name) => typeof name === 'string'),
  );
  const seenIds = new Set<unknown>();
  const securityRule: LintRuleId =
    family === '2.0' ? 'oas2-operation-security-defined' : 'oas3-operation-security-defined';
  const schemes = asObject(family === '2.0' ? root.securityDefinitions : asObject(root.components)?.securitySchemes);
  const checkSecurity = (
    requirements: unknown,
    pointer: string,
    document: SpecDocument,
    object: 'API' | 'Operation',
  ) => {
    if (!Array.isArray(requirements)) return;
    const location = family === '2.0' ? 'securityDefinitions' : 'components.securitySchemes';
    requirements.forEach((requirement, index) => {
      const names = asObject(requirement);
      if (
        !names ||
        Object.values(names).some(
          (scopes) => !Array.isArray(scopes) || scopes.some((scope) => typeof scope !== 'string'),
        )
      )
        return;
      for (const [name, scopes] of Object.entries(names) as [string, string[]][]) {
        const scheme = asObject(schemes?.[name]);
        const at = joinPointer(pointer, index, name);
        if (!scheme) {
          report(
            securityRule,
            at,
            `${object} "security" values must match a scheme defined in the "${location}" object.`,
            document,
          );
          continue;
        }
        scopes.forEach((scope, scopeIndex) => {
          if (!scopeDefined(scheme, scope, family === '2.0'))
            report(securityRule, joinPointer(at, scopeIndex), `"${scope}" must be listed among scopes.`, document);
        });
      }
    });
  };
  checkSecurity(root.security, '/security', spec.documents.root, 'API');

  for (const operation of rawOperations(spec.documents)) {
    const { node, pointer, document } = operation;
    const at = (...segments: (string | number)[]) => joinPointer(pointer, ...segments);
    const here = (rule: LintRuleId, where: string, message?: string) => report(rule, where, message, document);
    if (!truthy(node.description)) here('operation-description', pointer);
    if (!truthy(node.operationId)) here('operation-operationId', pointer);
    else if (typeof node.operationId === 'string' && !URL_SAFE_ID.test(node.operationId))
      here('operation-operationId-valid-in-url', at('operationId'));
    if ('operationId' in node) {
      if (seenIds.has(node.operationId)) here('operation-operationId-unique', at('operationId'));
      else seenIds.add(node.operationId);
    }
    if (!Array.isArray(node.tags) || node.tags.length === 0)
      here('operation-tags', node.tags === undefined ? pointer : at('tags'));
    if (Array.isArray(node.tags)) {
      if (node.tags.length > 1) here('operation-singular-tag', at('tags'));
      (node.tags as unknown[]).forEach((tag, index) => {
        if (!declaredTags.has(tag as string)) here('operation-tag-defined', at('tags', index));
      });
    }
    const responses = asObject(node.responses);
    if (responses) {
      const success = Object.keys(responses).some(
        (status) =>
          (family !== '2.0' && (status === '2XX' || status === '3XX')) ||
          (Number(status) >= 200 && Number(status) < 400),
      );
      if (!success) here('operation-success-response', at('responses'));
    }
    operationParameters(context, operation.node.parameters, at('parameters'), document);
    if (family === '2.0' && Array.isArray(node.parameters) && Array.isArray(node.consumes)) {
      const formData = node.parameters.some((parameter) => asObject(parameter)?.in === 'formData');
      if (formData && !FORM_MEDIA.test(node.consumes.join(','))) here('oas2-operation-formData-consume-check', pointer);
    }
    checkSecurity(node.security, at('security'), document, 'Operation');
    if (family !== '2.0')
      for (const [name, callback] of Object.entries(asObject(node.callbacks) ?? {}))
        for (const [expression, item] of Object.entries(asObject(callback) ?? {}))
          for (const [method, inner] of Object.entries(asObject(item) ?? {}))
            if (asObject(inner)?.callbacks !== undefined)
              here('oas3-callbacks-in-callbacks', at('callbacks', name, expression, method, 'callbacks'));
    if (family !== '2.0') {
      serverList(context, node.servers, at('servers'), document);
      for (const [status, response] of Object.entries(responses ?? {})) {
        const resolved = follow(spec.documents, response, document, at('responses', status));
        for (const [name, link] of Object.entries(asObject(resolved?.value.links) ?? {})) {
          const server = asObject(link)?.server;
          if (server && resolved)
            serverVariables(context, server, joinPointer(resolved.pointer, 'links', name, 'server'), resolved.document);
        }
      }
    }
  }
}

function scopeDefined(scheme: Json, scope: string, swagger: boolean): boolean {
  if (swagger) return Object.hasOwn(asObject(scheme.scopes) ?? {}, scope);
  return Object.values(asObject(scheme.flows) ?? {}).some((flow) =>
    Object.hasOwn(asObject(asObject(flow)?.scopes) ?? {}, scope),
  );
}

/** operation-parameters: each (in, name) once, one body parameter, not body and formData together. */
function operationParameters(context: LintContext, list: unknown, pointer: string, document: SpecDocument): void {
  if (!Array.isArray(list) || list.length < 2) return;
  const seen = new Set<string>();
  const body: number[] = [];
  let formData = false;
  list.forEach((raw, index) => {
    const parameter = follow(context.spec.documents, raw, document, joinPointer(pointer, index))?.value;
    if (!parameter) return;
    const key = `${String(parameter.in)}-${String(parameter.name)}`;
    if (seen.has(key)) context.report('operation-parameters', joinPointer(pointer, index), undefined, document);
    else seen.add(key);
    if (parameter.in === 'body') body.push(index);
    if (parameter.in === 'formData') formData = true;
  });
  if (body.length > 0 && formData)
    context.report(
      'operation-parameters',
      pointer.replace(/\/parameters$/, ''),
      'Operation must not have both "in:body" and "in:formData" parameters.',
      document,
    );
  for (const index of body.slice(1))
    context.report(
      'operation-parameters',
      joinPointer(pointer, index),
      'Operation must not have more than a single instance of the "in:body" parameter.',
      document,
    );
}

/** The rules Spectral runs over every node (`$..`): enums, arrays, markdown, $ref siblings, Swagger 2.0 keywords. */
function nodeRules(context: LintContext, node: Json, key: string | number | undefined, place: WalkPlace): void {
  const { report, family } = context;
  const at = (rule: LintRuleId, pointer: string, message?: string) => report(rule, pointer, message, place.document);
  const isRoot = place.document === context.spec.documents.root;
  if (Array.isArray(node.enum)) {
    const values = node.enum as unknown[];
    if (
      key !== 'properties' &&
      values.some((value, index) => values.findIndex((other) => equal(other, value)) !== index)
    ) {
      at('duplicated-entry-in-enum', place.pointerTo('enum'), '"enum" property must not have duplicate items.');
    }
    const type = typeOf(node, family);
    if (type !== undefined) {
      const integer = type === 'integer' || (Array.isArray(type) && type.includes('integer'));
      values.forEach((value, index) => {
        const actual = dataType(value, integer);
        if (actual === type || (Array.isArray(type) && type.includes(actual))) return;
        at('typed-enum', place.pointerTo('enum', index), `Enum value ${printValue(value)} must be "${String(type)}".`);
      });
    }
  }
  if (
    isRoot &&
    (node.type === 'array' || (family === '3.1' && Array.isArray(node.type) && node.type.includes('array'))) &&
    !node.items
  )
    at('array-items', place.pointer());
  if (isRoot && family !== '3.1' && '$ref' in node)
    for (const sibling of Object.keys(node)) if (sibling !== '$ref') at('no-$ref-siblings', place.pointerTo(sibling));
  for (const field of ['description', 'title'] as const) {
    const text = node[field];
    if (typeof text !== 'string') continue;
    if (text.includes('eval(')) at('no-eval-in-markdown', place.pointerTo(field));
    if (text.includes('<script')) at('no-script-tags-in-markdown', place.pointerTo(field));
  }
  if (family === '2.0') {
    if ('anyOf' in node) at('oas2-anyOf', place.pointerTo('anyOf'));
    if ('oneOf' in node) at('oas2-oneOf', place.pointerTo('oneOf'));
    if (
      isRoot &&
      place.path.length === 2 &&
      place.path[0] === 'definitions' &&
      typeof node.discriminator === 'string'
    ) {
      const name = node.discriminator;
      if (!Object.hasOwn(asObject(node.properties) ?? {}, name))
        at(
          'oas2-discriminator',
          place.pointerTo('properties'),
          'The discriminator property must be defined in this schema.',
        );
      if (!Array.isArray(node.required) || !node.required.includes(name))
        at(
          'oas2-discriminator',
          place.pointerTo('required'),
          'The discriminator property must be in the required property list.',
        );
    }
    if (node.in !== undefined && !node.description && place.inside('parameters'))
      at('oas2-parameter-description', place.pointer());
  } else {
    const path = place.path;
    const examplesEntry = path.length >= 4 && path[path.length - 2] === 'examples';
    if (
      !('$ref' in node) &&
      ((examplesEntry && ['content', 'parameters', 'headers'].includes(String(path[path.length - 4]))) ||
        (isRoot && path.length === 3 && path[0] === 'components' && path[1] === 'examples')) &&
      'value' in node === 'externalValue' in node
    )
      at('oas3-examples-value-or-externalValue', place.pointer());
    if (node.in !== undefined && !node.description && !('$ref' in node) && isParameterPlace(path))
      at('oas3-parameter-description', place.pointer());
  }
}

/** Spectral's oas3-parameter-description places: path-item, operation and component parameters. */
const isParameterPlace = (path: readonly (string | number)[]) =>
  (path.length === 3 && path[0] === 'components' && path[1] === 'parameters') ||
  (path[0] === 'paths' &&
    ((path.length === 4 && path[2] === 'parameters') || (path.length === 5 && path[3] === 'parameters')));

function typeOf(node: Json, family: string): string | string[] | undefined {
  const { type } = node;
  if (typeof type !== 'string' && !(Array.isArray(type) && type.every((entry) => typeof entry === 'string')))
    return undefined;
  const nullable = (node.nullable === true && family === '3.0') || (node['x-nullable'] === true && family === '2.0');
  return nullable ? [...(Array.isArray(type) ? type : [type]), 'null'] : type;
}

function dataType(value: unknown, integer: boolean): string {
  if (typeof value === 'number') return integer && Number.isInteger(value) ? 'integer' : 'number';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const printValue = (value: unknown) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));

/**
 * oas3-valid-media-example, oas3-valid-schema-example and their Swagger 2.0 twins: each example (or default) checked
 * against its schema, one result per invalid example with its first error, as Spectral's schema function reports.
 */
function exampleRules(context: LintContext): (node: Json, key: string | number | undefined, place: WalkPlace) => void {
  const { family, spec } = context;
  const swagger = family === '2.0';
  const mediaRule: LintRuleId = swagger ? 'oas2-valid-media-example' : 'oas3-valid-media-example';
  const schemaRule: LintRuleId = swagger ? 'oas2-valid-schema-example' : 'oas3-valid-schema-example';
  if (!context.on(mediaRule) && !context.on(schemaRule)) return () => undefined;
  let validator: ExampleValidator | undefined;
  const check = (rule: LintRuleId, schemaPointer: string, value: unknown, pointer: string, place: WalkPlace) => {
    validator ??= new ExampleValidator(spec.documents, family, { allErrors: false });
    const at = place.document === spec.documents.root ? schemaPointer : `${place.document.name}#${schemaPointer}`;
    const [error] = validator.validate(at, value);
    // a schema that cannot be used (an unresolvable $ref) is the resolver's problem, as in Spectral
    if (!error || error.message.startsWith('the schema cannot be used')) return;
    const where = error.path === '/' ? '' : error.path;
    context.report(
      rule,
      pointer + where,
      `${error.path === '/' ? 'the example' : `"${error.path.slice(1)}"`} ${error.message}`,
      place.document,
    );
  };
  return (node, key, place) => {
    const inMedia = place.inside('content') || place.inside('headers') || place.inside('parameters');
    const inSwagger = place.inside('definitions') || place.inside('parameters') || place.inside('responses');
    if (swagger) {
      if (place.inside('responses') && node.schema && asObject(node.examples)) {
        for (const [media, value] of Object.entries(node.examples as Json))
          check(mediaRule, place.pointerTo('schema'), value, place.pointerTo('examples', media), place);
      }
    } else if (inMedia && node.schema && (node.example !== undefined || node.examples)) {
      if (node.example !== undefined)
        check(mediaRule, place.pointerTo('schema'), node.example, place.pointerTo('example'), place);
      else
        for (const [name, raw] of Object.entries(asObject(node.examples) ?? {})) {
          const example = follow(spec.documents, raw, place.document, place.pointerTo('examples', name));
          if (!example || 'externalValue' in example.value || example.value.value === undefined) continue;
          check(
            mediaRule,
            place.pointerTo('schema'),
            example.value.value,
            place.pointerTo('examples', name, 'value'),
            place,
          );
        }
    }
    const schemaPlace = swagger
      ? inSwagger
      : inMedia || (place.path.length >= 3 && place.path[0] === 'components' && place.path[1] === 'schemas');
    if (
      schemaPlace &&
      key !== 'properties' &&
      (node.example !== undefined || node.default !== undefined || (swagger && node['x-example'] !== undefined)) &&
      (node.enum || node.type || node.format || node.$ref || node.properties || node.items)
    ) {
      for (const field of swagger ? ['example', 'x-example', 'default'] : ['example', 'default'])
        if (node[field] !== undefined) check(schemaRule, place.pointer(), node[field], place.pointerTo(field), place);
    }
  };
}

/** Every $ref written anywhere that reaches into the root document, as the pointer it reaches (unused: the rest). */
function referenceCollector(context: LintContext) {
  const targets = new Set<string>();
  const { documents } = context.spec;
  return {
    targets,
    visit(node: Json, place: WalkPlace) {
      if (typeof node.$ref !== 'string') return;
      const target = documents.resolve(node.$ref, place.document);
      if (target?.document === documents.root) targets.add(target.pointer);
    },
  };
}

function unusedComponents(context: LintContext, targets: Set<string>): void {
  const report = (rule: LintRuleId, pointer: string) => {
    if (!targets.has(pointer)) context.report(rule, pointer);
  };
  if (context.family === '2.0') {
    for (const name of Object.keys(asObject(context.root.definitions) ?? {}))
      report('oas2-unused-definition', joinPointer('/definitions', name));
    return;
  }
  const components = asObject(context.root.components) ?? {};
  for (const type of COMPONENT_TYPES)
    for (const name of Object.keys(asObject(components[type]) ?? {}))
      report('oas3-unused-component', joinPointer('/components', type, name));
}
