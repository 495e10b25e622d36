/**
 * Endpoint-level traffic: what each system was really called on, joined with what its spec documents. One shape for
 * `junction flows show --operations --json`, the checks (shadow endpoints, unused operations, consumers of a
 * breaking change, per-operation latency), the report and the Flows page.
 */

/** Calls to one operation of one system over a flows window, with who made them. */
export interface OperationTraffic {
  /** the called system's id */
  system: string;
  /** upper case, as called */
  method: string;
  /** the spec's path template when `documented`, else the inferred template (`/customers/{id}`); never a query */
  path: string;
  /** the called system's spec documents this method and path */
  documented: boolean;
  operationId?: string;
  count: number;
  /** 5xx and unanswered calls, over count */
  errorRate: number;
  /** 4xx answers (429 included), over count */
  clientErrorRate: number;
  /** ms; null when no call of the window carried a latency */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** callers by volume, most first: system ids, or raw peer names when unknown */
  consumers: { system: string; count: number }[];
  firstSeen: number;
  lastSeen: number;
}

/** The other bucket a system's templates overflow into once it holds the cardinality cap's number of them. */
export const OTHER_OPERATION_PATH = '(other)';

/** A system's documented operations next to what was called, for the checks and the system panel. */
export interface SystemOperations {
  system: string;
  /** whether any log source or trace covers this system's incoming traffic: unused operations are judged only then */
  observed: boolean;
  /** templates past the cap were counted under OTHER_OPERATION_PATH; the user is told */
  overflowed: boolean;
  operations: OperationTraffic[];
  /** documented operations with no call in the window */
  unused: { method: string; path: string; operationId?: string }[];
}

/**
 * The ids of the evidence tables the endpoint checks write (Evidence `id`), which the report's per-system endpoint
 * section reads back: the findings stay the one source of what was concluded.
 */
export const ENDPOINT_EVIDENCE = {
  /** documentation.shadow-endpoints: the undocumented operations called, by volume */
  shadow: 'endpoints.shadow',
  /** documentation.unused-operations: the documented operations nobody called */
  unused: 'endpoints.unused',
  /** versioning.breaking-changes: each breaking change with the consumers that called its operation */
  breakingConsumers: 'endpoints.breaking-consumers',
  /** monitoring.latency: the slowest operations by p95 */
  slowest: 'endpoints.slowest',
  /** monitoring.latency: the most failing operations by 5xx rate */
  failing: 'endpoints.failing',
} as const;
