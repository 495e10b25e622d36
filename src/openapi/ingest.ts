import type { SpecIndex, SpecProblem } from '../model/artifacts/spec.js';
import { DocumentSet, type ReadOptions } from './documents.js';
import { locateLines } from './locate.js';
import { indexOperations } from './operations.js';
import type { SpecFamily } from './openapi-validators.js';
import { specFamily, validateStructure } from './validate.js';
import { scalarText } from '../util/scalar-text.js';

export interface IngestedSpec {
  index: SpecIndex;
  /** the parsed documents, for the lint, the diff and response validation */
  documents: DocumentSet;
  family?: SpecFamily;
}

/**
 * Reads a spec (file or URL) safely, validates it against the official schema and its semantic rules, and indexes
 * its operations. Throws SpecReadError only when the root cannot be read or parsed; everything else is a problem.
 * With `validate: false` the structural validation is skipped and `valid` reflects only references and semantics.
 */
export async function ingestSpec(
  location: string,
  source: string,
  options: ReadOptions & { validate?: boolean } = {},
): Promise<IngestedSpec> {
  const documents = await DocumentSet.load(location, options);
  const root = documents.root;
  const info = (root.value as { info?: { title?: unknown; version?: unknown } } | null)?.info;
  const detected = specFamily(root.value);
  const base = {
    source,
    title: typeof info?.title === 'string' ? info.title : '',
    version: info?.version === undefined ? '' : scalarText(info.version),
    hash: documents.hash,
    bytes: [...new Set(documents.documents.values())].reduce((total, document) => total + document.bytes, 0),
    files: new Set(documents.documents.values()).size,
  };
  if ('error' in detected) {
    const problems: SpecProblem[] = [{ severity: 'error', message: detected.error, pointer: '', file: root.name }];
    return {
      documents,
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
  const indexed = indexOperations(documents, detected.family);
  // a diff needs the index, not the verdict: `validate: false` skips the schema pass (the costliest step)
  const structure = options.validate === false ? [] : await validateStructure(root.value, detected.family, root.name);
  const problems = [...structure, ...documents.problems, ...indexed.problems];
  addLines(documents, problems);
  const { problems: _, ...index } = indexed;
  return {
    documents,
    family: detected.family,
    index: {
      ...base,
      ...index,
      specVersion: detected.version,
      valid: !problems.some((problem) => problem.severity === 'error'),
      problems,
    },
  };
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
