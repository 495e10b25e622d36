import { z } from 'zod';
import { estateSchema } from '../model/estate.js';

/** Where junction.yaml's JSON Schema is published, relative to Junction's folder. */
export const CONFIG_SCHEMA_PATH = 'docs/junction.schema.json';

/** The JSON Schema of a JSON Schema node, as far as the reference reads it. */
interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

/**
 * junction.yaml as JSON Schema (draft 2020-12), generated from the zod schema that reads the file, so editors
 * (yaml-language-server) complete and check what Junction accepts. It describes what may be written: defaults are
 * filled and durations converted only after reading, and the checks zod runs in code (ids that must exist, paths that
 * must not name another host, bounds on durations) are Junction's alone.
 */
export function configJsonSchema(): object {
  return {
    $id: 'urn:junction:workspace:v1',
    title: 'Junction workspace (junction.yaml)',
    ...z.toJSONSchema(estateSchema, { io: 'input' }),
  };
}

const code = (value: unknown) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ID_PATTERN = '^[a-z0-9][a-z0-9-]*$';
const isObject = (node: SchemaNode | undefined): node is SchemaNode & { properties: Record<string, SchemaNode> } =>
  node?.properties !== undefined;

/** How a value is written, in a few words. */
function typeText(node: SchemaNode): string {
  const variants = node.anyOf ?? node.oneOf;
  if (variants) return [...new Set(variants.map(typeText))].join(' or ');
  if (node.const !== undefined) return code(node.const);
  if (node.enum) return node.enum.map(code).join(', ');
  if (Array.isArray(node.type))
    return node.description?.includes('a duration such as') ? 'duration' : node.type.join(' or ');
  if (node.type === 'array') return node.items ? `list of ${typeText(node.items)}` : 'list';
  if (node.type === 'string') {
    if (node.pattern === ID_PATTERN) return 'id';
    if (node.pattern?.startsWith('^\\$\\{env:')) return '`${env:NAME}`';
    if (node.format === 'uri') return 'URL';
    if (node.format === 'date') return 'date';
  }
  if (isObject(node)) return 'object';
  return node.type ?? 'any';
}

interface Section {
  /** how the heading names it: the path, and which variant */
  heading: string;
  /** how the fields below name it: the path alone */
  path: string;
  description?: string;
  node: SchemaNode & { properties: Record<string, SchemaNode> };
}

/** The objects a field leads to, each with the path the reference names it by. */
function objectsBelow(path: string, node: SchemaNode): Section[] {
  if (isObject(node)) return [{ heading: path, path, description: node.description, node }];
  if (node.type === 'array' && node.items) return objectsBelow(`${path}[]`, node.items);
  const variants = (node.anyOf ?? node.oneOf ?? []).filter(isObject);
  return variants.map((variant) => {
    const discriminator = Object.entries(variant.properties).find(([, field]) => field.const !== undefined);
    const label = discriminator
      ? `${discriminator[0]}: ${String(discriminator[1].const)}`
      : Object.keys(variant.properties)[0];
    return { heading: `${path} (${label})`, path, description: variant.description, node: variant };
  });
}

/**
 * The README's reference of junction.yaml: one table per object of the schema (field, type, default, meaning),
 * in the order of the file, generated from configJsonSchema() so it always says what the schema says.
 */
export function configReference(): string {
  const schema: SchemaNode = configJsonSchema();
  const sections: Section[] = [];
  const visit = (section: Section) => {
    // the variants of a log source share one field mapping: it is listed once
    if (sections.some((seen) => seen.heading === section.heading)) return;
    sections.push(section);
    for (const [name, field] of Object.entries(section.node.properties))
      for (const below of objectsBelow(section.path ? `${section.path}.${name}` : name, field)) visit(below);
  };
  visit({ heading: '', path: '', node: schema as Section['node'] });
  return sections
    .map(({ heading, description, node }) => {
      const required = new Set(node.required ?? []);
      const rows = Object.entries(node.properties).map(([name, field]) =>
        [
          `\`${name}\`${required.has(name) ? ' (required)' : ''}`,
          typeText(field),
          field.default === undefined ? '' : code(field.default),
          field.description ?? '',
        ]
          .map(cell)
          .join(' | '),
      );
      return [
        `#### ${heading === '' ? 'Top level' : `\`${heading}\``}`,
        '',
        ...(description ? [`${description}.`, ''] : []),
        '| field | type | default | meaning |',
        '| --- | --- | --- | --- |',
        ...rows.map((row) => `| ${row} |`),
      ].join('\n');
    })
    .join('\n\n');
}
