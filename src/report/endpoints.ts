/**
 * The report's endpoint section, per system: its shadow endpoints, its unused operations, the consumers of each
 * breaking change and its slowest and most failing operations. Read back from the findings of the checks that
 * concluded them (their evidence tables, found by ENDPOINT_EVIDENCE id), so the section can never say other than the
 * findings do; the HTML and Markdown renderers only add their markup.
 */
import { ENDPOINT_EVIDENCE } from '../model/artifacts/operations.js';
import type { Evidence, Finding, Status } from '../model/finding.js';
import type { Report } from './schema.js';

type Table = Extract<Evidence, { kind: 'table' }>;

/** One question of the section, answered by one check's finding for the system. */
export interface EndpointPart {
  title: string;
  checkId: string;
  /**
   * the finding's status and summary: what the check concluded, or why it could not; absent for the latency tables,
   * whose finding judges Junction's own baseline requests, not these operations
   */
  verdict?: { status: Status; summary: string };
  tables: Table[];
}

export interface EndpointSystem {
  systemId: string;
  name: string;
  parts: EndpointPart[];
}

/** The questions in the order an architect asks them before go-live, each with its check and tables. */
const PARTS: { title: string; checkId: string; tables: string[] }[] = [
  { title: 'Shadow endpoints', checkId: 'documentation.shadow-endpoints', tables: [ENDPOINT_EVIDENCE.shadow] },
  { title: 'Unused operations', checkId: 'documentation.unused-operations', tables: [ENDPOINT_EVIDENCE.unused] },
  {
    title: 'Breaking changes and their consumers',
    checkId: 'versioning.breaking-changes',
    tables: [ENDPOINT_EVIDENCE.breakingConsumers],
  },
  {
    title: 'Slowest and most failing operations',
    checkId: 'monitoring.latency',
    tables: [ENDPOINT_EVIDENCE.slowest, ENDPOINT_EVIDENCE.failing],
  },
];

const ENDPOINT_CHECKS = new Set(PARTS.slice(0, 3).map((part) => part.checkId));

const tablesOf = (finding: Finding, ids: readonly string[]): Table[] =>
  ids.flatMap((id) =>
    finding.evidence.filter((evidence): evidence is Table => evidence.kind === 'table' && evidence.id === id),
  );

/**
 * Per system, the parts its findings answer. A system is listed when one of the endpoint checks judged it (or could
 * not, for a reason other than not applying) or its latency finding has operation tables; monitoring.latency takes
 * part only through its tables, since its verdict is about Junction's own baseline requests.
 */
export function endpointSystems(report: Pick<Report, 'systems' | 'findings'>): EndpointSystem[] {
  return report.systems.flatMap((system) => {
    const parts = PARTS.flatMap((part): EndpointPart[] => {
      const finding = report.findings.find(
        (candidate) => candidate.systemId === system.id && candidate.checkId === part.checkId,
      );
      if (!finding) return [];
      const tables = tablesOf(finding, part.tables);
      if (!ENDPOINT_CHECKS.has(part.checkId) && tables.length === 0) return [];
      const verdict = ENDPOINT_CHECKS.has(part.checkId)
        ? { verdict: { status: finding.status, summary: finding.summary } }
        : {};
      return [{ title: part.title, checkId: part.checkId, ...verdict, tables }];
    });
    const judged = parts.some((part) => part.tables.length > 0 || (part.verdict && part.verdict.status !== 'skip'));
    return judged ? [{ systemId: system.id, name: system.name, parts }] : [];
  });
}
