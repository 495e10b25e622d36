import type { AuditResult } from '../audit/runner.js';
import { REPORT_SCHEMA_VERSION, type Report } from './schema.js';

export const GENERATOR = 'Junction 0.1.0';

export function buildReport(result: AuditResult): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: GENERATOR,
    estate: result.estateName,
    run: result.run,
    systems: result.systems,
    findings: result.findings,
    scores: result.scores,
  };
}
