import { readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SpecIndex, SpecProblem } from '../../model/artifacts/spec.js';
import type { DiffPolicy } from '../../model/estate.js';
import { httpRequest } from '../../probe/http.js';
import type { DiffFormat } from '../../report/spec-diff.js';
import { DEFAULT_MAX_BYTES, type Fetcher } from '../../openapi/documents.js';
import { SpecReadError } from '../../openapi/errors.js';
import { ingestSpec, type IngestedSpec } from '../../openapi/ingest.js';
import { UsageError } from '../../util/usage-error.js';
import { isHttpUrl } from '../../model/location.js';
import { EXIT } from '../errors.js';

export interface ReadCliOptions {
  allowRemoteRef?: string[];
  root?: string;
}

/** The CLI reads a spec URL directly (there is no system, so no Probe): one GET, size-capped, nothing else. */
const cliFetcher: Fetcher = async (url, maxBytes) => {
  const response = await httpRequest({
    method: 'GET',
    url,
    maxBytes,
    headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.5' },
  });
  if (response.status !== 200) throw new SpecReadError(`HTTP ${response.status}`, url);
  return response.body;
};

/** Reads a spec for a CLI command: local files, or one size-capped GET of a URL, remote $refs only to allowed hosts. */
export async function readSpec(location: string, options: ReadCliOptions, validate = true): Promise<IngestedSpec> {
  if (options.root !== undefined && isHttpUrl(location))
    throw new UsageError(`--root is for a spec on disk; the refs of ${location} stay in its folder on the server`);
  return ingestSpec(location, location, {
    allowedHosts: options.allowRemoteRef ?? [],
    fetch: cliFetcher,
    maxBytes: DEFAULT_MAX_BYTES,
    validate,
    root: options.root,
    hints: { root: '--root DIR', remoteRefs: '--allow-remote-ref HOST' },
  });
}

/** The `spec inspect --json` shape. */
export function inspectSummary(index: SpecIndex) {
  return {
    specVersion: index.specVersion,
    title: index.title,
    version: index.version,
    paths: index.paths,
    operations: index.operations.length,
    webhooks: index.webhooks,
    schemas: index.schemas,
    securitySchemes: index.securitySchemes.length,
    valid: index.valid,
    problems: index.problems.map(({ severity, message, pointer, line, file }) => ({
      severity,
      message,
      pointer,
      line: line ?? null,
      file,
    })),
  };
}

function problemLine(problem: SpecProblem): string {
  return `  ${problem.severity} ${problem.file ?? ''}${problem.line ? `:${problem.line}` : ''} #${problem.pointer}: ${problem.message}`;
}

function inspectText(index: SpecIndex): string {
  const summary = inspectSummary(index);
  const lines = [
    `${index.title || '(untitled)'} ${index.version} — ${index.specVersion.startsWith('2') ? 'Swagger' : 'OpenAPI'} ${index.specVersion}`,
    `paths ${summary.paths}, operations ${summary.operations}, webhooks ${summary.webhooks}, schemas ` +
      `${summary.schemas}, security schemes ${summary.securitySchemes}`,
    `files ${index.files}, ${index.bytes.toLocaleString('en')} bytes, sha256 ${index.hash}`,
    index.valid
      ? 'valid'
      : `INVALID: ${index.problems.filter((problem) => problem.severity === 'error').length} error(s)`,
    ...index.problems.map(problemLine),
  ];
  return lines.join('\n') + '\n';
}

/** The exit of a command whose spec cannot be read (anything else is rethrown). */
export function unreadableSpec(error: unknown): number {
  if (!(error instanceof SpecReadError)) throw error;
  process.stderr.write(`junction: cannot read the spec: ${error.describe()}\n`);
  return EXIT.usage;
}

export async function specInspectCommand(
  location: string,
  options: ReadCliOptions & { json?: boolean },
): Promise<number> {
  let spec: IngestedSpec;
  try {
    spec = await readSpec(location, options);
  } catch (error) {
    return unreadableSpec(error);
  }
  process.stdout.write(
    options.json ? JSON.stringify(inspectSummary(spec.index), null, 2) + '\n' : inspectText(spec.index),
  );
  return spec.index.valid ? EXIT.ok : EXIT.threshold;
}

export interface DiffCliOptions extends ReadCliOptions {
  json?: boolean;
  format?: string;
  failOn?: string;
  failOnBreaking?: boolean;
  config?: string;
}

/**
 * The `diff:` section of a junction.yaml, read and validated like the workspace's (errors name file, line, field).
 * The workspace reader (zod, the yaml package) loads only when --config is given: spec inspect never pays for it.
 */
async function diffRules(file: string | undefined): Promise<DiffPolicy | undefined> {
  if (file === undefined) return undefined;
  const { MAX_WORKSPACE_BYTES, parseEstate } = await import('../../estate/workspace.js');
  let text: string;
  try {
    if (statSync(file).size > MAX_WORKSPACE_BYTES)
      throw new UsageError(`--config ${file} is larger than ${MAX_WORKSPACE_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--config ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseEstate(text, file).diff;
}

export async function specDiffCommand(
  oldLocation: string,
  newLocation: string,
  options: DiffCliOptions,
): Promise<number> {
  // the diff and its renderers (SARIF brings the report schema, and zod with it) load for spec diff only
  const [{ diffSpecs }, { DIFF_FORMATS, renderDiff, failing }] = await Promise.all([
    import('../../openapi/diff.js'),
    import('../../report/spec-diff.js'),
  ]);
  const format = options.json ? 'json' : (options.format ?? 'text');
  if (!(DIFF_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format takes ${DIFF_FORMATS.join(', ')} (got "${format}")`);
  const failOn = options.failOn?.toUpperCase() ?? (options.failOnBreaking ? 'WARN' : undefined);
  if (failOn !== undefined && failOn !== 'ERR' && failOn !== 'WARN')
    throw new UsageError(`--fail-on takes ERR or WARN (got "${options.failOn}")`);
  const rules = await diffRules(options.config);
  let before: IngestedSpec;
  let after: IngestedSpec;
  try {
    [before, after] = await Promise.all([readSpec(oldLocation, options, false), readSpec(newLocation, options, false)]);
  } catch (error) {
    return unreadableSpec(error);
  }
  const diff = diffSpecs(before, after, { rules });
  const sources = { old: oldLocation, new: newLocation, failOn: failOn ?? 'ERR' } as const;
  process.stdout.write(renderDiff(format as DiffFormat, diff, sources));
  return failOn !== undefined && failing(diff, failOn).length > 0 ? EXIT.threshold : EXIT.ok;
}

/**
 * `junction spec bundle`: the resolved view (see openapi/resolved-view.ts), which every check and pointer of an
 * audit refers to, as one JSON or YAML file; its problems go to standard error.
 */
export async function specBundleCommand(
  location: string,
  options: ReadCliOptions & { output?: string },
): Promise<number> {
  const output = options.output === undefined ? undefined : resolve(options.output);
  if (output !== undefined && !/\.(json|ya?ml)$/i.test(output))
    throw new UsageError(`-o takes a .json, .yaml or .yml file (got "${options.output}")`);
  let spec: IngestedSpec;
  try {
    spec = await readSpec(location, options);
  } catch (error) {
    return unreadableSpec(error);
  }
  const loaded = spec.documents.loaded ?? spec.documents;
  if (output !== undefined && [...loaded.documents.values()].some((document) => document.location === output))
    throw new UsageError(`-o ${options.output} is one of the spec's own files: write the bundle elsewhere`);
  const json = output === undefined ? /^\s*[{[]/.test(loaded.root.text) : /\.json$/i.test(output);
  const value = spec.documents.root.value;
  // js-yaml loads for a YAML bundle only, as it does for YAML specs
  const text = json
    ? JSON.stringify(value, null, 2) + '\n'
    : (await import('js-yaml')).dump(value, { noRefs: true, lineWidth: -1 });
  if (output === undefined) process.stdout.write(text);
  else await writeFile(output, text);
  const { index } = spec;
  const errors = index.problems.filter((problem) => problem.severity === 'error').length;
  process.stderr.write(
    `${output === undefined ? 'bundled' : `wrote ${options.output}:`} ${index.files} file(s), ${index.operations.length} ` +
      `operation(s), ${index.valid ? 'valid' : `INVALID: ${errors} error(s)`}\n` +
      index.problems.map((problem) => problemLine(problem) + '\n').join(''),
  );
  return index.valid ? EXIT.ok : EXIT.threshold;
}
