import { z } from 'zod';
import { CATEGORIES, type Finding } from '../../checks/contract.js';

/** Version 1 of the JSON report. Bump REPORT_SCHEMA_VERSION on any change that is not a pure addition. */
export const REPORT_SCHEMA_VERSION = 1;

const status = z.enum(['pass', 'warn', 'fail', 'error', 'skip']);
const category = z.enum(CATEGORIES);
const counts = z.object({ pass: z.number(), warn: z.number(), fail: z.number(), error: z.number(), skip: z.number() });

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generator: z.string(),
  estate: z.string(),
  run: z.object({ id: z.string(), startedAt: z.iso.datetime(), finishedAt: z.iso.datetime() }),
  systems: z.array(z.object({ id: z.string(), name: z.string(), baseUrl: z.string() })),
  findings: z.array(
    z.object({
      checkId: z.string(),
      systemId: z.string(),
      category,
      status,
      summary: z.string(),
      evidence: z.array(z.object({ kind: z.enum(['table', 'list', 'http', 'series', 'text']) }).passthrough()),
      remediation: z.string().optional(),
      references: z.array(z.object({ title: z.string(), url: z.string() })).optional(),
    }),
  ),
  scores: z.object({
    overall: z.number().nullable(),
    categories: z.partialRecord(category, z.object({ score: z.number().nullable(), counts })),
  }),
});

/** The schema checks a report's shape; findings keep their precise evidence types from the check contract. */
export type Report = Omit<z.infer<typeof reportSchema>, 'findings'> & { findings: Finding[] };
