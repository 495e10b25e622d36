import type { SpecIndex, SpecProblem } from '../model/artifacts/spec.js';
import { DocumentSet, type ReadOptions } from './documents.js';
import { locateLines } from './locate.js';
import { indexOperations } from './operations.js';
import { resolveView } from './resolved-view.js';
import type { SpecFamily } from './openapi-validators.js';
import { specFamily, validateStructure } from './validate.js';
import { scalarText } from '../util/scalar-text.js';

export interface IngestedSpec {
  index: SpecIndex;
  /**
   * The resolved view (every other file's nodes inlined where referenced: see resolved-view.ts) as a one-document
   * set, for the lint, the diff and response validation; `documents.origin()` says where a node was written and
   * `documents.loaded` holds the files as read. A single-file spec's view is its document.
   */
  documents: DocumentSet;
  family?: SpecFamily;
  /** what the OpenAPI schema pass found (a part of index.problems): the lint reports them as oas2-schema/oas3-schema */
  structureProblems?: SpecProblem[];
}

/**
 * Reads a spec (file or URL, with the files its `$ref`s reach) safely, validates its resolved view against the
 * official schema and its semantic rules, and indexes its operations (when `index` is first read: the semantic
 * problems are the index's, so they and `valid` wait for it too). Problems name the file, pointer and line where
 * the offending value was written. Throws SpecReadError only when the root cannot be read or parsed; everything else is a problem.
 * With `validate: false` the structural validation is skipped and `valid` reflects only references and semantics.
 */
export async function ingestSpec(
  location: string,
  source: string,
  options: ReadOptions & { validate?: boolean } = {},
): Promise<IngestedSpec> {
  const loaded = await DocumentSet.load(location, options);
  const root = loaded.root;
  const info = (root.value as { info?: { title?: unknown; version?: unknown } } | null)?.info;
  const detected = specFamily(root.value);
  const base = {
    source,
    entry: root.name,
    title: typeof info?.title === 'string' ? info.title : '',
    version: info?.version === undefined ? '' : scalarText(info.version),
    hash: loaded.hash,
    bytes: [...new Set(loaded.documents.values())].reduce((total, document) => total + document.bytes, 0),
    files: new Set(loaded.documents.values()).size,
  };
  if ('error' in detected) {
    const problems: SpecProblem[] = [{ severity: 'error', message: detected.error, pointer: '', file: root.name }];
    return {
      documents: loaded,
      index: {
        ...base,
        specVersion: '',
        valid: false,
        problems,
        servers: [],
        paths: 0,
        operations: [],
        webhooks: 0,
        schemas: 0,
        securitySchemes: [],
        security: [],
      },
    };
  }
  const view = loaded.needsView ? resolveView(loaded) : undefined;
  const documents = view ? DocumentSet.ofView(loaded, view.value, view.origins) : loaded;
  // a diff needs the index, not the verdict: `validate: false` skips the schema pass (the costliest step)
  const structure =
    options.validate === false ? [] : await validateStructure(documents.root.value, detected.family, root.name);
  // what the view's validation found is reported where it was written
  reportWhereWritten(documents, structure);
  let index: SpecIndex | undefined;
  return {
    documents,
    family: detected.family,
    structureProblems: structure,
    // built on first read, once: the lint without Junction's rules reads none of it (a tenth of Twilio's lint)
    get index(): SpecIndex {
      if (index) return index;
      const { problems: indexed, ...operations } = indexOperations(documents, detected.family);
      reportWhereWritten(documents, indexed);
      const problems = [...structure, ...loaded.problems, ...(view?.problems ?? []), ...indexed];
      addLines(loaded, problems);
      return (index = {
        ...base,
        ...operations,
        schemas: operations.schemas + (view?.namedSchemas ?? 0),
        specVersion: detected.version,
        valid: !problems.some((problem) => problem.severity === 'error'),
        problems,
      });
    },
  };
}

/** Problems found on the resolved view move to the file and pointer where the offending node was written. */
function reportWhereWritten(documents: DocumentSet, problems: SpecProblem[]): void {
  for (const problem of problems) {
    const origin = documents.origin(problem.pointer);
    problem.file = origin.document.name;
    problem.pointer = origin.pointer;
  }
}

function addLines(documents: DocumentSet, problems: SpecProblem[]): void {
  const byFile = new Map<string, SpecProblem[]>();
  for (const problem of problems) {
    if (problem.line !== undefined) continue;
    const list = byFile.get(problem.file ?? documents.root.name) ?? [];
    list.push(problem);
    byFile.set(problem.file ?? documents.root.name, list);
  }
  for (const document of new Set(documents.documents.values())) {
    const list = byFile.get(document.name);
    if (!list) continue;
    const lines = locateLines(
      document.text,
      list.map((problem) => problem.pointer),
    );
    for (const problem of list) problem.line = lines.get(problem.pointer);
  }
}
