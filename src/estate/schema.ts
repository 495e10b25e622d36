import { z } from 'zod';
import { parseDuration } from './duration.js';

export const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lower-case letters, digits and dashes');

/** A secret written inline must be an environment reference: junction.yaml is safe to commit. */
export const envReference = z
  .string()
  .regex(/^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/, 'secrets never go in junction.yaml: use a vault credential or ${env:NAME}');

const duration = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `not a duration: ${value} (use e.g. 500ms, 30s, 5m, 1h)` });
      return z.NEVER;
    }
    return ms;
  });

export const authSchema = z.union([
  z.object({ credential: id }).strict(),
  z.object({ type: z.literal('bearer'), token: envReference }).strict(),
  z.object({ type: z.literal('basic'), username: z.string(), password: envReference }).strict(),
  z.object({ type: z.literal('api-key'), header: z.string().min(1), value: envReference }).strict(),
  z
    .object({
      type: z.literal('oauth2-client-credentials'),
      tokenUrl: z.url(),
      clientId: z.string(),
      clientSecret: envReference,
      scope: z.string().optional(),
    })
    .strict(),
]);

export const loadAllowanceSchema = z
  .object({
    maxRps: z.number().positive().max(10_000),
    maxRequests: z.number().int().positive().max(1_000_000),
    maxSeconds: z.number().positive().max(600),
  })
  .strict();

export const systemSchema = z
  .object({
    id,
    name: z.string().min(1),
    kind: z.enum(['http-api', 'webhook-receiver', 'broker', 'saas']).default('http-api'),
    environment: z.string().optional(),
    baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL' }),
    /** Where plain HTTP is expected to answer (a redirect, ideally); defaults to port 80 of an https baseUrl on 443. */
    plainHttpUrl: z.url({ protocol: /^http$/ }).optional(),
    healthPath: z.string().startsWith('/').default('/'),
    spec: z.string().optional(),
    specPrevious: z.string().optional(),
    tls: z.object({ ca: z.string().optional(), servername: z.string().optional() }).strict().optional(),
    auth: authSchema.optional(),
    allow: z
      .object({
        methods: z.array(z.enum(HTTP_METHODS)).default([...SAFE_METHODS]),
        load: loadAllowanceSchema.optional(),
        remoteRefs: z.array(z.string()).optional(),
      })
      .strict()
      .default({ methods: [...SAFE_METHODS] }),
    limits: z
      .object({
        requestBudget: z.number().int().positive().default(200),
        maxRps: z.number().positive().default(20),
        timeouts: z
          .object({
            connect: duration.optional(),
            tls: duration.optional(),
            firstByte: duration.optional(),
            total: duration.optional(),
          })
          .strict()
          .optional(),
        maxBytes: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    expectedPeakRps: z.number().positive().optional(),
    sloMs: z.number().positive().optional(),
    owner: z.string().optional(),
    tags: z.array(z.string()).default([]),
    aliases: z.array(z.string()).default([]),
  })
  .strict();

export const flowSchema = z
  .object({
    from: id,
    to: id,
    protocol: z.enum(['http', 'webhook', 'amqp', 'kafka', 'file', 'batch']).default('http'),
    description: z.string().optional(),
    schedule: z.string().optional(),
    latencySloMs: z.number().positive().optional(),
    owner: z.string().optional(),
  })
  .strict();

export const logSourceSchema = z
  .object({
    id,
    type: z.enum(['nginx-combined', 'nginx-json', 'jsonl', 'otlp-json', 'loki', 'elasticsearch']),
    path: z.string().optional(),
    url: z.url().optional(),
  })
  .passthrough();

export const monitorSchema = z
  .object({
    id: id.optional(),
    system: id,
    path: z.string().startsWith('/').default('/'),
    interval: duration.default(30_000),
    thresholds: z
      .object({ p95Ms: z.number().positive().optional(), errorRate: z.number().min(0).max(1).optional() })
      .strict()
      .optional(),
  })
  .strict();

export const estateSchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1),
    systems: z.array(systemSchema).default([]),
    flows: z.array(flowSchema).default([]),
    logSources: z.array(logSourceSchema).default([]),
    monitors: z.array(monitorSchema).default([]),
  })
  .strict()
  .superRefine((estate, ctx) => {
    const seen = new Set<string>();
    estate.systems.forEach((system, index) => {
      if (seen.has(system.id)) {
        ctx.addIssue({ code: 'custom', path: ['systems', index, 'id'], message: `duplicate system id "${system.id}"` });
      }
      seen.add(system.id);
    });
    const refer = (path: (string | number)[], systemId: string) => {
      if (!seen.has(systemId)) ctx.addIssue({ code: 'custom', path, message: `no system with id "${systemId}"` });
    };
    estate.flows.forEach((flow, index) => {
      refer(['flows', index, 'from'], flow.from);
      refer(['flows', index, 'to'], flow.to);
    });
    estate.monitors.forEach((monitor, index) => refer(['monitors', index, 'system'], monitor.system));
  });

export type Estate = z.infer<typeof estateSchema>;
export type System = z.infer<typeof systemSchema>;
export type Auth = z.infer<typeof authSchema>;
export type Flow = z.infer<typeof flowSchema>;
export type Monitor = z.infer<typeof monitorSchema>;
export type LoadAllowance = z.infer<typeof loadAllowanceSchema>;
