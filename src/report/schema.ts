import { z } from 'zod';
import { BASES, CATEGORIES, type Finding } from '../model/finding.js';
import { OWASP_API_TOP10, OWASP_COVERAGE } from '../model/owasp.js';

/**
 * Version 2 of the JSON report (2 added waivers, baselines, reproduce commands and each finding's basis; the OWASP
 * coverage came later, as a pure addition).
 * Bump REPORT_SCHEMA_VERSION on any change that is not a pure addition.
 */
export const REPORT_SCHEMA_VERSION = 2;

const status = z.enum(['pass', 'warn', 'fail', 'error', 'skip']);
const category = z.enum(CATEGORIES);
const isoDate = z.iso.date();
const waiverMark = z.object({
  reason: z.string(),
  owner: z.string(),
  expires: isoDate,
  ticket: z.string().optional(),
  /** past its expiry: the finding counts again */
  expired: z.boolean(),
});
const counts = z.object({ pass: z.number(), warn: z.number(), fail: z.number(), error: z.number(), skip: z.number() });

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generator: z.string(),
  estate: z.string(),
  run: z.object({ id: z.string(), startedAt: z.iso.datetime(), finishedAt: z.iso.datetime() }),
  systems: z.array(z.object({ id: z.string(), name: z.string(), baseUrl: z.string() })),
  /** the checks of the run by id, with their words when it ran (reports render titles and rules from these) */
  checks: z
    .record(
      z.string(),
      z.object({
        category,
        title: z.string(),
        failureTitle: z.string(),
        description: z.string(),
        requires: z.array(z.string()),
        /** the OWASP API Security Top 10 risks its verdict speaks to */
        owasp: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  findings: z.array(
    z.object({
      checkId: z.string(),
      systemId: z.string(),
      category,
      status,
      /** the check's title for this verdict, as it read when judged */
      title: z.string().optional(),
      summary: z.string(),
      evidence: z.array(z.object({ kind: z.enum(['table', 'list', 'http', 'series', 'text']) }).passthrough()),
      remediation: z.string().optional(),
      references: z.array(z.object({ title: z.string(), url: z.string() })).optional(),
      /** observed (exercised and seen), inferred (from headers, spec or configuration) or attested (declared) */
      basis: z.enum(BASES).optional(),
      /** an accepted risk from junction.yaml's waivers: the status stays the measured one */
      waiver: waiverMark.optional(),
      /** with --baseline: how the finding compares with the baseline's (SARIF baselineState) */
      baseline: z.enum(['new', 'unchanged', 'updated']).optional(),
    }),
  ),
  /** every waiver of junction.yaml, with how many findings of this report it covers (0: remove or fix it) */
  waivers: z
    .array(
      z.object({
        check: z.string(),
        system: z.string().optional(),
        match: z.string().optional(),
        reason: z.string(),
        owner: z.string(),
        expires: isoDate,
        ticket: z.string().optional(),
        expired: z.boolean(),
        findings: z.number(),
      }),
    )
    .optional(),
  /** with --baseline: what the findings were compared with, and the baseline's problems that are gone */
  baseline: z
    .object({
      /** the run id or the report file given to --baseline */
      source: z.string(),
      run: z.object({ id: z.string(), startedAt: z.string() }).optional(),
      resolved: z.array(
        z.object({
          checkId: z.string(),
          systemId: z.string(),
          status,
          summary: z.string(),
          /** pass or skip now; null when the check did not run this time */
          now: status.nullable(),
        }),
      ),
    })
    .optional(),
  scores: z.object({
    overall: z.number().nullable(),
    categories: z.partialRecord(category, z.object({ score: z.number().nullable(), counts })),
  }),
  /** The rest is context for the readiness report, filled in when the report is built from a stored run (src/report/stored.ts). */
  /** declared flows (junction.yaml) and flows observed in logs and traces, with their traffic when seen */
  flows: z
    .array(
      z.object({
        from: z.string(),
        to: z.string(),
        protocol: z.string(),
        description: z.string().optional(),
        declared: z.boolean().optional(),
        observed: z
          .object({
            count: z.number(),
            /** server errors (5xx, no answer) per call */
            errorRate: z.number(),
            /** client errors (4xx other than 429) per call */
            clientErrorRate: z.number().optional(),
            /** 429s per call */
            rateLimitedRate: z.number().optional(),
            p95: z.number().nullable(),
          })
          .optional(),
      }),
    )
    .optional(),
  /** the traffic window the observed flows are from: `traffic 2026-11-19 10:00 – 2026-11-26 10:00 UTC` */
  flowWindow: z.object({ from: z.string(), until: z.string(), text: z.string() }).optional(),
  specs: z
    .array(
      z.object({
        systemId: z.string(),
        source: z.string(),
        title: z.string().optional(),
        version: z.string().optional(),
        specVersion: z.string().optional(),
        operations: z.number().optional(),
        valid: z.boolean().optional(),
        error: z.string().optional(),
      }),
    )
    .optional(),
  /** baseline request timings per system, for the latency charts */
  latency: z
    .array(
      z.object({
        systemId: z.string(),
        samples: z.array(
          z.object({
            url: z.string(),
            status: z.number().optional(),
            error: z.string().optional(),
            phases: z
              .object({
                dns: z.number(),
                connect: z.number(),
                tls: z.number(),
                firstByte: z.number(),
                download: z.number(),
                total: z.number(),
              })
              .optional(),
          }),
        ),
      }),
    )
    .optional(),
  /** what changed since an earlier run of the same workspace */
  comparison: z
    .object({
      previousRun: z.object({ id: z.string(), startedAt: z.string() }),
      changes: z.array(
        z.object({
          checkId: z.string(),
          systemId: z.string(),
          before: status.nullable(),
          after: status.nullable(),
          summary: z.string(),
        }),
      ),
    })
    .optional(),
  /**
   * The OWASP API Security Top 10 (2023), one entry per risk in its order: the checks that probed it (their findings),
   * the OWASP lint rules that ran on each system's spec and what they found, and owners' `owasp-api<N>` attestations.
   * `coverage` lists how the risk was covered; empty: not covered by this run.
   */
  owasp: z
    .array(
      z.object({
        risk: z.enum(OWASP_API_TOP10.map((risk) => risk.id)),
        title: z.string(),
        category,
        /** the risk explained by OWASP */
        url: z.string(),
        coverage: z.array(z.enum(OWASP_COVERAGE)),
        /** findings of the checks that speak to the risk, whatever their status (a skip or error covers nothing) */
        probed: z.array(
          z.object({ checkId: z.string(), systemId: z.string(), status, basis: z.enum(BASES).optional() }),
        ),
        /** per system whose spec was linted: the risk's OWASP rules that ran, and those that matched */
        linted: z.array(
          z.object({
            systemId: z.string(),
            rules: z.array(z.string()),
            results: z.number(),
            matched: z.array(
              z.object({ rule: z.string(), severity: z.enum(['error', 'warn', 'info']), count: z.number() }),
            ),
          }),
        ),
        /** the latest `owasp-api<N>` answer per system, as attested in junction.yaml */
        attested: z.array(
          z.object({
            systemId: z.string(),
            item: z.string(),
            answer: z.enum(['yes', 'no', 'n.a.']),
            by: z.string(),
            date: isoDate,
            note: z.string().optional(),
          }),
        ),
      }),
    )
    .optional(),
  /** where findings point in the workspace: the estate file and the line of each system's entry */
  workspace: z.object({ estateFile: z.string(), systemLines: z.record(z.string(), z.number()) }).optional(),
});

/** The schema checks a report's shape; findings keep their precise evidence types from the check contract. */
export type Report = Omit<z.infer<typeof reportSchema>, 'findings'> & { findings: Finding[] };
