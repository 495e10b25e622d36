/**
 * The `spec` and `conformance` artifacts: what Junction read from a system's OpenAPI document and what the live
 * system answered when its safe operations were called. Other checks (security, rate limits) read these types;
 * keep them stable and add only optional fields.
 */
import type { HttpSample } from './http.js';
import type { OwaspRisk } from '../owasp.js';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

/** One problem found while reading or validating a spec. */
export interface SpecProblem {
  severity: 'error' | 'warning';
  message: string;
  /** JSON pointer inside `file` ('' is the document root) */
  pointer: string;
  /** spec-relative file name (the root document unless a $ref led elsewhere) */
  file?: string;
  /** 1-based line, where known */
  line?: number;
}

/** A schema as the index keeps it: where it lives and its top-level type, never the (possibly circular) tree. */
export interface SpecSchemaRef {
  /**
   * JSON pointer of the schema in the resolved view (the spec with other files' nodes inlined: `junction spec bundle`
   * writes it), or `file#pointer` for a schema in another file of a set read without one
   */
  pointer: string;
  /** top-level `type` after following $refs, e.g. 'object', 'array', 'string' */
  type?: string;
}

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  deprecated: boolean;
  schema?: SpecSchemaRef;
  /** an example or default the conformance gatherer can send */
  example?: string | number | boolean;
}

export interface SpecMediaType {
  mediaType: string;
  schema?: SpecSchemaRef;
  hasExample: boolean;
}

export interface SpecHeader {
  name: string;
  required: boolean;
  schema?: SpecSchemaRef;
}

export interface SpecResponse {
  /** '200', '4XX' or 'default' */
  status: string;
  description?: string;
  headers: SpecHeader[];
  content: SpecMediaType[];
}

/** One security requirement: all named schemes together (OR between requirements, AND inside one). */
export type SpecSecurityRequirement = Record<string, string[]>;

export interface SpecOperation {
  method: HttpMethod;
  /** the path template as written under `paths` */
  path: string;
  operationId?: string;
  /** JSON pointer of the operation object */
  pointer: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** path-level and operation-level parameters merged (operation wins), $refs followed */
  parameters: SpecParameter[];
  /** effective requirements (operation's, else the document's); [] means explicitly public */
  security: SpecSecurityRequirement[];
  /** where `security` came from */
  securitySource: 'operation' | 'document' | 'none';
  requestBody?: { required: boolean; content: SpecMediaType[] };
  responses: SpecResponse[];
  /** effective server URLs (operation, path, document; Swagger 2.0: schemes + host + basePath) */
  servers: string[];
}

export interface SpecSecurityScheme {
  name: string;
  /** OpenAPI 3 types; Swagger 2.0 `basic` is reported as http/basic */
  type: 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  /** http schemes: 'basic', 'bearer', … */
  scheme?: string;
  bearerFormat?: string;
  /** apiKey: where the key travels and under which name */
  in?: 'query' | 'header' | 'cookie';
  paramName?: string;
  /** oauth2: the flows declared ('clientCredentials', 'authorizationCode', …) */
  flows?: string[];
  pointer: string;
}

export interface SpecDocumentSummary {
  /** the spec as named in the estate (path relative to the workspace, or URL) */
  source: string;
  /**
   * the entry's own name among the spec's files, which are named from the spec root (the workspace by default):
   * where `file` names are read from (absent in runs stored before it: names from the entry's folder)
   */
  entry?: string;
  /** '2.0', '3.0.3', '3.1.0' */
  specVersion: string;
  title: string;
  /** info.version */
  version: string;
  /** sha256 of the root document's bytes */
  hash: string;
  bytes: number;
  files: number;
}

export interface SpecIndex extends SpecDocumentSummary {
  valid: boolean;
  problems: SpecProblem[];
  servers: string[];
  /** keys under `paths` */
  paths: number;
  /** every path × HTTP method (webhooks apart) */
  operations: SpecOperation[];
  /** webhook operations (OpenAPI 3.1) */
  webhooks: number;
  /**
   * the webhooks' operations (OpenAPI 3.1), path = the webhook's name: requests the system sends to its consumers,
   * so never probed; the diff compares them as oasdiff does (path `webhook:<name>`). Absent in runs stored before.
   */
  webhookOperations?: SpecOperation[];
  /** named schemas: components.schemas (3.x) or definitions (2.0), and schemas written in a file of their own (multi-file specs) */
  schemas: number;
  securitySchemes: SpecSecurityScheme[];
  /** the document-level `security` */
  security: SpecSecurityRequirement[];
}

/** One classified change between two versions of a spec (see src/openapi/diff). */
export interface SpecChange {
  /** oasdiff's rule id ('api-removed-without-deprecation', 'request-property-max-length-decreased', …), or Junction's own */
  id: string;
  /** ERR breaking, WARN possibly breaking, INFO not breaking (absent in diffs stored before levels existed) */
  level?: 'ERR' | 'WARN' | 'INFO';
  /** ERR or WARN */
  breaking: boolean;
  /** why Junction's level differs from oasdiff's for this change, when it does */
  differs?: string;
  /** set when a junction.yaml ignore entry matched: its reason (an ignored change is not breaking) */
  ignored?: string;
  /** the operation it was found in; a schema shared by several operations names the first */
  operation?: { method: string; path: string };
  message: string;
  old?: SpecPlace;
  new?: SpecPlace;
}

/** Where a changed node was written: `file#pointer` in another file of the spec (named in `file` too), else a pointer. */
export interface SpecPlace {
  pointer: string;
  line?: number;
  /** the file of the spec it was written in, relative to the entry's folder, when it is not the entry file */
  file?: string;
}

export interface SpecDiffResult {
  breaking: number;
  changes: SpecChange[];
}

/** One lint rule that matched, with a few of its places (see src/openapi/lint). */
export interface SpecLintResult {
  /** Spectral's rule name where Spectral has the rule, `junction-…` otherwise */
  rule: string;
  source: 'spectral:oas' | 'owasp' | 'junction';
  severity: 'error' | 'warn' | 'info';
  /** the OWASP API Security Top 10 risk an `owasp:` rule addresses */
  owasp?: OwaspRisk;
  title: string;
  /** how to fix it */
  fix: string;
  count: number;
  /** the first few places: a pointer in the resolved view, and the file (when not the root) and line written */
  examples: { pointer: string; file?: string; line?: number; message: string }[];
}

export type SpecArtifact = SpecIndex & {
  /** lint rules that matched (absent when the spec could not be read) */
  lint?: SpecLintResult[];
  /** every lint rule that ran, matched or not (the report's OWASP coverage names the OWASP ones as linted) */
  lintRules?: string[];
  /** the system's `specPrevious`, compared with this one, when it names one */
  previous?: (SpecDocumentSummary & { diff: SpecDiffResult }) | { source: string; error: string };
};

/** One live call of a documented operation and what did not match the spec. */
export interface ConformanceCall {
  method: HttpMethod;
  path: string;
  operationId?: string;
  deprecated: boolean;
  sample: HttpSample;
  /** the documented response the status matched ('200', '2XX', 'default'), if any */
  matched?: string;
  problems: {
    rule:
      | 'server-error'
      | 'status-undocumented'
      | 'content-type-undocumented'
      | 'header-missing'
      | 'body-invalid'
      | 'unreachable';
    message: string;
    pointer?: string;
  }[];
}

export interface ConformanceArtifact {
  specSource: string;
  specHash: string;
  calls: ConformanceCall[];
  /** operations not called, and why (unsafe method, required parameter without an example, budget) */
  skipped: { method: HttpMethod; path: string; reason: string }[];
}
