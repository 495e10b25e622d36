/** Types of scripts/electronegativity-gate.js for the tests that import it. */
export interface GateResult {
  id: string;
  file: string;
  line: number;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
  confidence: string;
  message: string;
}
export interface ExplainedEntry {
  id: string;
  file?: string;
  line?: number;
  filePattern?: string;
  reason?: string;
}
export function scan(
  input: string,
  sarifFile: string,
): Promise<{ errors: { file: string; message?: string }[]; results: GateResult[] }>;
export function unexplained(results: readonly GateResult[], explained: readonly ExplainedEntry[]): GateResult[];
