import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { AsyncApiArtifact, AsyncApiChannel } from '../model/artifacts/broker.js';
import { DocumentSet, type ReadOptions, type SpecDocument } from '../openapi/documents.js';
import { locateLines } from '../openapi/locate.js';
import { escapePointer } from '../openapi/parse.js';
import { scalarText } from '../util/scalar-text.js';

/** At most this many schema errors are listed: the first few say what to fix, hundreds bury it. */
const MAX_PROBLEMS = 50;

const validators = new Map<string, Promise<ValidateFunction>>();

/**
 * The official JSON Schema of an AsyncAPI version (@asyncapi/specs), compiled by Ajv once per process and version
 * (~1 s for 3.0). `meta: false`: the AsyncAPI schemas embed draft-07's meta-schema under its own $id, which Ajv
 * would otherwise hold twice.
 */
function validatorFor(version: string): Promise<ValidateFunction> | undefined {
  let validator = validators.get(version);
  if (!validator) {
    validator = import('@asyncapi/specs').then(({ default: specs }) => {
      const schema = (specs.schemas as Record<string, object | undefined>)[version];
      if (!schema) throw new Error(`no schema for AsyncAPI ${version}`);
      const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, meta: false });
      (addFormats as unknown as (ajv: Ajv) => void)(ajv);
      return ajv.compile(schema);
    });
    validators.set(version, validator);
  }
  return validator;
}

/** The schema version a document's `asyncapi` field selects: 2.6.0 for 2.6.x, 3.0.0 for 3.0.x. */
function schemaVersionOf(asyncapi: string): string | undefined {
  const match = /^(\d+)\.(\d+)\.\d+$/.exec(asyncapi);
  return match ? `${match[1]}.${match[2]}.0` : undefined;
}

function describe(error: ErrorObject): string {
  const params = error.params as {
    additionalProperty?: string;
    allowedValues?: unknown[];
    allowedValue?: unknown;
    passingSchemas?: unknown;
  };
  if (error.keyword === 'additionalProperties') return `unknown property "${params.additionalProperty}"`;
  if (error.keyword === 'const') return `must be ${JSON.stringify(params.allowedValue)}`;
  if (error.keyword === 'enum') return `${error.message} (${(params.allowedValues ?? []).join(', ')})`;
  if (error.keyword === 'oneOf' && Array.isArray(params.passingSchemas))
    return 'matches more than one alternative of a oneOf: the schema is ambiguous for this value';
  return error.message ?? error.keyword;
}

/**
 * Ajv with allErrors reports every branch of every oneOf; a person needs the deepest ones. Errors on a path that has
 * a deeper error below it are left out, and so is an `if` whose `then` failed (the failure itself is listed).
 */
function actionable(errors: readonly ErrorObject[]): ErrorObject[] {
  const deeper = (path: string) => errors.some((other) => other.instancePath.startsWith(`${path}/`));
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.instancePath}\u0000${describe(error)}`;
    if (seen.has(key) || deeper(error.instancePath)) return false;
    if (error.keyword === 'if' && errors.some((other) => other !== error && other.instancePath === error.instancePath))
      return false;
    seen.add(key);
    return true;
  });
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** A reference object followed (same document or a file beside it), or the node itself. */
function follow(documents: DocumentSet, from: SpecDocument, node: unknown): unknown {
  for (let hops = 0; hops < 16 && isNode(node) && typeof node.$ref === 'string'; hops++)
    node = documents.resolve(node.$ref, from)?.value;
  return node;
}

/**
 * The channels and the broker objects they name. AsyncAPI 3 gives each channel an `address`; 2.x keys channels by
 * their address. The amqp channel binding says whether the address is a routing key on an exchange or a queue.
 */
function channelsOf(documents: DocumentSet, major: number): AsyncApiChannel[] {
  const root = documents.root;
  const channels = follow(documents, root, (root.value as Node).channels);
  if (!isNode(channels)) return [];
  return Object.entries(channels).map(([id, raw]) => {
    const channel = follow(documents, root, raw);
    const node = isNode(channel) ? channel : {};
    const bindings = follow(documents, root, node.bindings);
    const amqp = follow(documents, root, isNode(bindings) ? bindings.amqp : undefined);
    const binding = isNode(amqp) ? amqp : {};
    const exchange = isNode(binding.exchange) ? text(binding.exchange.name) : undefined;
    const queue = isNode(binding.queue) ? text(binding.queue.name) : undefined;
    const address = major >= 3 ? text(node.address) : id;
    return {
      id,
      address,
      exchange,
      queue: queue ?? (binding.is === 'queue' ? address : undefined),
      pointer: `/channels/${escapePointer(id)}`,
    };
  });
}

/**
 * Reads an AsyncAPI document safely (the OpenAPI reader's rules: `$ref`s inside its folder, remote hosts only when
 * allowed, bounded YAML), validates it against the official schema of its version and lists its channels.
 */
export async function readAsyncApi(
  location: string,
  source: string,
  options: ReadOptions = {},
): Promise<AsyncApiArtifact> {
  const documents = await DocumentSet.load(location, options);
  const root = documents.root;
  const value = isNode(root.value) ? root.value : {};
  const info = isNode(value.info) ? value.info : {};
  const version = value.asyncapi === undefined ? '' : scalarText(value.asyncapi);
  const base = {
    source,
    version,
    title: text(info.title) ?? '',
    documentVersion: info.version === undefined ? '' : scalarText(info.version),
  };
  const schemaVersion = schemaVersionOf(version);
  const validator = schemaVersion ? validatorFor(schemaVersion)?.catch(() => undefined) : undefined;
  const validate = await validator;
  if (!validate) {
    const message = version
      ? `AsyncAPI ${version} is not a version Junction can validate (2.0–2.6, 3.0, 3.1)`
      : 'no "asyncapi" field: not an AsyncAPI document';
    return { ...base, valid: false, problems: [{ message, pointer: '' }], channels: [] };
  }
  const problems = validate(root.value)
    ? []
    : actionable(validate.errors ?? [])
        .slice(0, MAX_PROBLEMS)
        .map((error) => ({ message: describe(error), pointer: error.instancePath }));
  const channels = channelsOf(documents, Number(version.split('.')[0]));
  const lines = locateLines(root.text, [...problems.map((p) => p.pointer), ...channels.map((c) => c.pointer)]);
  return {
    ...base,
    valid: problems.length === 0,
    problems: problems.map((problem) => ({ ...problem, line: lines.get(problem.pointer) })),
    channels: channels.map((channel) => ({ ...channel, line: lines.get(channel.pointer) })),
  };
}
