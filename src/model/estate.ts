import { z } from 'zod';
import { parseDuration } from './duration.js';
import { attestationSchema } from './attestation.js';
import { waiverSchema } from './waiver.js';
import { pathProblem, urlUserinfoProblem } from './request-path.js';

export const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lower-case letters, digits and dashes');

/** A secret written inline must be an environment reference: junction.yaml is safe to commit. */
export const envReference = z
  .string()
  .regex(
    /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/,
    'secrets never go in junction.yaml: use a vault credential or ${env:NAME}',
  );

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const showMs = (ms: number) =>
  ms % DAY === 0
    ? `${ms / DAY} d`
    : ms % HOUR === 0
      ? `${ms / HOUR} h`
      : ms % MINUTE === 0
        ? `${ms / MINUTE} min`
        : ms % SECOND === 0
          ? `${ms / SECOND} s`
          : `${ms} ms`;

/**
 * A duration ("500ms", "30s", "5m", "1h", "2d" or milliseconds) within [min, max]: every duration Junction waits
 * or schedules on is bounded, so no configuration can make a monitor flood its target or overflow a timer.
 */
const duration = (min: number, max: number, what: string) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `not a duration: ${value} (use e.g. 500ms, 30s, 5m, 1h)` });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be between ${showMs(min)} and ${showMs(max)} (got ${value})`,
      });
      return z.NEVER;
    }
    return ms;
  });
const timeout = duration(100, 10 * MINUTE, 'a timeout');
/** how far back a window or a first import reaches */
const lookback = duration(SECOND, 400 * DAY, 'a window');

/** An http(s) URL with no user name or password in it. */
export const url = (protocol: RegExp = /^https?$/, error = 'must be an http(s) URL') =>
  z.url({ protocol, error }).superRefine((value, ctx) => {
    const problem = urlUserinfoProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A path Junction requests on a system, appended to its base URL's path; it can never name another host. */
export const requestPath = z.string().superRefine((value, ctx) => {
  const problem = pathProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A workspace file or an http(s) URL (specs). */
const fileOrUrl = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    if (!/^https?:\/\//i.test(value)) return;
    const problem = urlUserinfoProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** An origin (scheme://host[:port]) a credential may also be sent to. */
const origin = url().refine((value) => new URL(value).origin === value.replace(/\/$/, ''), {
  message: 'an origin is scheme://host[:port], with no path',
});

/** Beside the system's own origin, where its credential may go (a spec host that wants the same token). */
const credentialOrigins = { origins: z.array(origin).optional() };

export const authSchema = z.union([
  z.object({ credential: id, ...credentialOrigins }).strict(),
  z.object({ type: z.literal('bearer'), token: envReference, ...credentialOrigins }).strict(),
  z.object({ type: z.literal('basic'), username: z.string(), password: envReference, ...credentialOrigins }).strict(),
  z
    .object({ type: z.literal('api-key'), header: z.string().min(1), value: envReference, ...credentialOrigins })
    .strict(),
  z
    .object({
      ...credentialOrigins,
      type: z.literal('oauth2-client-credentials'),
      tokenUrl: url(),
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
    /** what the burst and the spike load (default: the spec's safe operation that documents 429, else the health path) */
    path: requestPath.optional(),
  })
  .strict();

export const SYSTEM_KINDS = ['http-api', 'webhook-receiver', 'broker', 'saas'] as const;
export const BROKER_KINDS = ['rabbitmq'] as const;

/**
 * How Junction reaches a message broker. Everything the audit, the flows and the monitors learn comes from GETs on
 * the management API (and the AMQP ports' protocol header): nothing is ever published, consumed or declared.
 * `kind` leaves room for Kafka (consumer groups as consumers); only RabbitMQ is built.
 */
export const brokerSchema = z
  .object({
    kind: z.enum(BROKER_KINDS),
    /** the management plugin's HTTP API, e.g. https://rabbit.internal:15671 */
    managementUrl: url(/^https?$/, 'broker.managementUrl must be an http(s) URL'),
    /** where clients connect: amqps://host:5671 (or amqp://host:5672); its host is also where AMQP is probed */
    amqpUrl: url(/^amqps?$/, 'broker.amqpUrl must be an amqp:// or amqps:// URL').optional(),
    /** the virtual host audited, monitored and read for flows */
    vhost: z.string().min(1).default('/'),
    /**
     * messaging.backlog reads the queues twice, this far apart, to see whether they drain (1 s to 1 min); RabbitMQ
     * keeps its statistics at 5 s granularity by default, so the default is two of its samples apart
     */
    sampleInterval: duration(SECOND, MINUTE, 'broker.sampleInterval (the audit waits for it)').default(10_000),
    /** messaging.backlog fails a queue deeper than `depth` messages or whose oldest message is older than `age` */
    backlog: z
      .object({
        depth: z.number().int().positive().default(1000),
        age: duration(SECOND, 400 * DAY, 'broker.backlog.age').default(300_000),
      })
      .strict()
      .default({ depth: 1000, age: 300_000 }),
    /** a vault credential (`junction secret set ID --type basic --username …`), or basic auth from the environment */
    credential: z.union([
      id,
      z.object({ type: z.literal('basic'), username: z.string(), password: envReference }).strict(),
    ]),
  })
  .strict();

const systemObject = z
  .object({
    id,
    name: z.string().min(1),
    /** what the system is; unset: `broker` when it has `broker:`, else `http-api` (see kindOf) */
    kind: z.enum(SYSTEM_KINDS).optional(),
    environment: z.string().optional(),
    /** where an HTTP API answers, its root: every path Junction requests is appended to its path; a broker system has none */
    baseUrl: url(/^https?$/, 'baseUrl must be an http(s) URL')
      .refine((value) => !/[?#]/.test(value), 'baseUrl must not carry a query or a fragment')
      .optional(),
    broker: brokerSchema.optional(),
    /** Where plain HTTP is expected to answer (a redirect, ideally); defaults to port 80 of an https baseUrl on 443. */
    plainHttpUrl: url(/^http$/, 'plainHttpUrl must be an http:// URL').optional(),
    /** what the baseline probes request, appended to the base URL's path (default: the base URL itself) */
    healthPath: requestPath.optional(),
    spec: fileOrUrl.optional(),
    specPrevious: fileOrUrl.optional(),
    /**
     * the folder a local spec's `$ref`s may reach (its files and those they name stay inside it); default: the
     * workspace folder for a spec inside the workspace, else the spec's own folder
     */
    specRoot: z
      .string()
      .min(1)
      .refine((value) => !/^https?:\/\//i.test(value), 'specRoot is a folder, not a URL')
      .optional(),
    tls: z.object({ ca: z.string().optional(), servername: z.string().optional() }).strict().optional(),
    auth: authSchema.optional(),
    allow: z
      .object({
        methods: z.array(z.enum(HTTP_METHODS)).default([...SAFE_METHODS]),
        load: loadAllowanceSchema.optional(),
        remoteRefs: z.array(z.string()).optional(),
        /** lab systems only: send the credential even over plain HTTP (it travels in clear text) */
        plaintextCredentials: z.boolean().optional(),
      })
      .strict()
      .default({ methods: [...SAFE_METHODS] }),
    limits: z
      .object({
        requestBudget: z.number().int().positive().max(10_000).default(200),
        maxRps: z.number().positive().max(1000).default(20),
        timeouts: z
          .object({
            connect: timeout.optional(),
            tls: timeout.optional(),
            firstByte: timeout.optional(),
            total: timeout.optional(),
          })
          .strict()
          .optional(),
        maxBytes: z
          .number()
          .int()
          .positive()
          .max(100 * 1024 * 1024)
          .optional(),
      })
      .strict()
      .optional(),
    expectedPeakRps: z.number().positive().optional(),
    sloMs: z.number().positive().optional(),
    owner: z.string().optional(),
    tags: z.array(z.string()).default([]),
    aliases: z.array(z.string()).default([]),
    /** what people attest for this system (encryption at rest, backups, runbooks…): see src/model/attestation.ts */
    attestations: z.array(attestationSchema).optional(),
  })
  .strict();

/** Fields that only mean something for an HTTP API: refused on a broker system rather than silently ignored. */
const HTTP_ONLY_FIELDS = ['plainHttpUrl', 'auth', 'specPrevious', 'expectedPeakRps'] as const;

/**
 * A system is an HTTP API (`baseUrl`) or a message broker (`broker`), never both. One strict object with a
 * refinement rather than a zod union: a union's errors cannot name the one field that is wrong, and
 * junction.yaml's errors must. The refinement is what makes the output type the discriminated `System`.
 */
export const systemSchema = systemObject.superRefine((system, ctx) => {
  if (system.broker === undefined) {
    if (system.baseUrl === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message: 'a system needs a baseUrl (an HTTP API) or a broker (a message broker such as RabbitMQ)',
      });
    return;
  }
  if (system.baseUrl !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['baseUrl'],
      message: 'a broker system has no baseUrl: Junction reads its management API at broker.managementUrl',
    });
  if (system.kind !== undefined && system.kind !== 'broker')
    ctx.addIssue({
      code: 'custom',
      path: ['kind'],
      message: `a system with broker: is of kind broker, not ${system.kind}`,
    });
  for (const field of HTTP_ONLY_FIELDS)
    if (system[field] !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `${field} is for HTTP APIs; a broker system does not take it`,
      });
  if (system.allow.load)
    ctx.addIssue({
      code: 'custom',
      path: ['allow', 'load'],
      message: 'a broker is never load-tested: the audit only reads',
    });
  const writes = system.allow.methods.filter((method) => !(SAFE_METHODS as readonly string[]).includes(method));
  if (writes.length > 0)
    ctx.addIssue({
      code: 'custom',
      path: ['allow', 'methods'],
      message: `a broker audit only reads its management API (GET): ${writes.join(', ')} is never sent`,
    });
}) as unknown as z.ZodType<System, z.input<typeof systemObject>>;

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

/** Where a JSON record keeps each field: a key, or a dotted path into nested objects (`http.status`). */
const fieldMappingSchema = z
  .object({
    source: z.string().optional(),
    target: z.string().optional(),
    time: z.string().optional(),
    /** request latency, in `latencyUnit` */
    latency: z.string().optional(),
    status: z.string().optional(),
    bytes: z.string().optional(),
    protocol: z.string().optional(),
    /** the upstream that answered (nginx $upstream_addr) and its latency: a second, gateway → upstream edge */
    upstream: z.string().optional(),
    upstreamLatency: z.string().optional(),
    userAgent: z.string().optional(),
  })
  .strict();

/** Shared by every log source: `system` is the system that writes the log (the target of what it serves). */
const logSourceCommon = {
  id,
  system: id.optional(),
  /** how a client is named: by its address (default) or by the product of its User-Agent (`billing/2.1`) */
  clientIdentity: z.enum(['address', 'user-agent']).default('address'),
};
const lineFormat = z.enum(['nginx-combined', 'nginx-json', 'jsonl']);
const latencyUnit = z.enum(['s', 'ms', 'us']);

export const logSourceSchema = z.discriminatedUnion('type', [
  z.object({ ...logSourceCommon, type: z.literal('nginx-combined'), path: z.string().min(1) }).strict(),
  z
    .object({
      ...logSourceCommon,
      type: z.literal('nginx-json'),
      path: z.string().min(1),
      fields: fieldMappingSchema.optional(),
    })
    .strict(),
  z
    .object({
      ...logSourceCommon,
      type: z.literal('jsonl'),
      path: z.string().min(1),
      fields: fieldMappingSchema,
      latencyUnit: latencyUnit.default('ms'),
    })
    .strict(),
  z.object({ id, type: z.literal('otlp-json'), path: z.string().min(1) }).strict(),
  z
    .object({
      ...logSourceCommon,
      type: z.literal('loki'),
      url: url(),
      /** a LogQL stream selector, e.g. {job="nginx"} */
      query: z.string().min(1),
      format: lineFormat.default('nginx-combined'),
      fields: fieldMappingSchema.optional(),
      latencyUnit: latencyUnit.default('ms'),
      /** how far back the first import reads */
      since: lookback.default(86_400_000),
      pageSize: z.number().int().positive().max(5000).default(1000),
    })
    .strict(),
  z
    .object({
      ...logSourceCommon,
      type: z.literal('elasticsearch'),
      /** the index (or pattern) URL: http://es:9200/logs-nginx */
      url: url(),
      format: z.enum(['nginx-json', 'jsonl']).default('jsonl'),
      fields: fieldMappingSchema.optional(),
      latencyUnit: latencyUnit.default('ms'),
      timeField: z.string().default('@timestamp'),
      since: lookback.default(86_400_000),
      pageSize: z.number().int().positive().max(10_000).default(1000),
    })
    .strict(),
]);

/** One status (204) or an inclusive range ("200-299"). */
const expectedStatus = z.union([
  z.number().int().min(100).max(599),
  z
    .string()
    .regex(/^[1-5]\d\d-[1-5]\d\d$/, 'a status range is written "200-299"')
    .refine((range) => Number(range.slice(0, 3)) <= Number(range.slice(4)), 'a status range runs from low to high'),
]);

export const monitorSchema = z
  .object({
    id: id.optional(),
    system: id,
    /** appended to the system's base URL (default: the base URL itself) */
    path: requestPath.optional(),
    interval: duration(5 * SECOND, DAY, 'a monitor interval').default(30_000),
    /** the statuses that mean up (default: any 2xx or 3xx): 200, [200, 204] or ranges such as "200-299" */
    expectStatus: z.union([expectedStatus, z.array(expectedStatus).min(1)]).optional(),
    /** a broker monitor's queues: names or `*` patterns (default: every queue but the transient ones) */
    queues: z.array(z.string().min(1)).min(1).optional(),
    thresholds: z
      .object({
        p95Ms: z.number().positive().optional(),
        errorRate: z.number().min(0).max(1).optional(),
        /** a broker monitor: alert when a watched queue holds more messages than this */
        depth: z.number().int().min(0).optional(),
        /** a broker monitor: alert when a watched queue has this many consumers or fewer (`consumers: 0`) */
        consumers: z.number().int().min(0).optional(),
        /** a broker monitor: alert when a watched queue's oldest message is older than this */
        age: duration(SECOND, 400 * DAY, 'thresholds.age').optional(),
        /** consecutive failed checks that make the target down */
        down: z.number().int().positive().default(2),
        /** the window p95 and error rate are computed over */
        window: lookback.default(300_000),
      })
      .strict()
      .optional(),
    /** where alerts go: Slack-compatible webhooks (desktop notifications come from the desktop host) */
    alerts: z.array(z.object({ webhook: url() }).strict()).optional(),
  })
  .strict();

/** Queue settings only mean something on a broker, paths and statuses only on an HTTP API: refused, not ignored. */
function monitorFitsSystem(
  monitor: z.infer<typeof monitorSchema>,
  system: { id: string; broker?: unknown },
  issue: (path: string[], message: string) => void,
): void {
  const thresholds: { depth?: number; consumers?: number; age?: number } = monitor.thresholds ?? {};
  if (system.broker) {
    if (monitor.path !== undefined)
      issue(['path'], `${system.id} is a broker: its monitor reads the queues (queues: [...]), not a path`);
    if (monitor.expectStatus !== undefined)
      issue(['expectStatus'], `${system.id} is a broker: its monitor is up when the management API lists the queues`);
    return;
  }
  if (monitor.queues !== undefined) issue(['queues'], `${system.id} is not a broker: queues are for broker monitors`);
  for (const rule of ['depth', 'consumers', 'age'] as const)
    if (thresholds[rule] !== undefined)
      issue(['thresholds', rule], `${system.id} is not a broker: thresholds.${rule} is for broker monitors`);
}

export const estateSchema = z
  .object({
    version: z.literal(1),
    name: z.string().min(1),
    systems: z.array(systemSchema).default([]),
    flows: z.array(flowSchema).default([]),
    logSources: z.array(logSourceSchema).default([]),
    monitors: z.array(monitorSchema).default([]),
    /** accepted risks: see src/model/waiver.ts */
    waivers: z.array(waiverSchema).default([]),
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
    estate.monitors.forEach((monitor, index) => {
      refer(['monitors', index, 'system'], monitor.system);
      const system = estate.systems.find((candidate) => candidate.id === monitor.system);
      if (system)
        monitorFitsSystem(monitor, system, (path, message) =>
          ctx.addIssue({ code: 'custom', path: ['monitors', index, ...path], message }),
        );
    });
    estate.waivers.forEach((waiver, index) => {
      if (waiver.system) refer(['waivers', index, 'system'], waiver.system);
    });
    estate.logSources.forEach((source, index) => {
      if ('system' in source && source.system) refer(['logSources', index, 'system'], source.system);
    });
  });

export type Estate = z.infer<typeof estateSchema>;
export type Broker = z.infer<typeof brokerSchema>;
type SystemFields = Omit<z.infer<typeof systemObject>, 'baseUrl' | 'broker'>;
/** An HTTP API: probed at its baseUrl. */
export type HttpSystem = SystemFields & { baseUrl: string; broker?: undefined };
/** A message broker: read through its management API, never written to. */
export type BrokerSystem = SystemFields & { broker: Broker; baseUrl?: undefined };
/** What systemSchema's refinement guarantees: exactly one of the two; `if (system.broker)` tells them apart. */
export type System = HttpSystem | BrokerSystem;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

export const kindOf = (system: System): SystemKind => system.kind ?? (system.broker ? 'broker' : 'http-api');

/** Where Junction reaches the system over HTTP: its base URL, or a broker's management API. */
export const addressOf = (system: System): string => (system.broker ? system.broker.managementUrl : system.baseUrl);
export type Auth = z.infer<typeof authSchema>;
export type Flow = z.infer<typeof flowSchema>;
export type Monitor = z.infer<typeof monitorSchema>;
export type LogSource = z.infer<typeof logSourceSchema>;

/** A monitor's id: its own, or its system's (one monitor per system needs no id). */
export const monitorIdOf = (monitor: { id?: string; system: string }): string => monitor.id ?? monitor.system;
/** An integration hub (broker, gateway, integration platform): expected to have many direct peers. */
export const isHub = (system: System): boolean =>
  kindOf(system) === 'broker' || system.tags.includes('hub') || system.tags.includes('gateway');
export type LoadAllowance = z.infer<typeof loadAllowanceSchema>;
