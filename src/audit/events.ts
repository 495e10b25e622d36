import type { Finding } from '../model/finding.js';
import type { Scores } from '../model/scores.js';
import type { LoadProgressPoint } from '../model/load.js';

export type AuditEvent =
  | { type: 'run-started'; runId: string; systems: string[]; checks: string[] }
  | { type: 'gather-started'; runId: string; systemId: string; artifact: string }
  | {
      type: 'gather-progress';
      runId: string;
      systemId: string;
      artifact: string;
      message: string;
      /** a second of a running load step (spike, burst) */
      load?: LoadProgressPoint;
    }
  | { type: 'gather-finished'; runId: string; systemId: string; artifact: string; ms: number; error?: string }
  | { type: 'finding'; runId: string; finding: Finding }
  | { type: 'system-finished'; runId: string; systemId: string }
  | { type: 'run-finished'; runId: string; scores: Scores };
