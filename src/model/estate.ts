import { lintConfigSchema } from './lint-config.js';
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { attestationSchema } from './attestation.js';
import { waiverSchema } from './waiver.js';
import { pathProblem, urlUserinfoProblem } from './request-path.js';
import { isHttpUrl } from './location.js';
import { isKnownRule } from './diff-rules.js';

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
const duration = (min: number, max: number, what: string, meaning = what) =>
  z
    .union([z.string(), z.number()])
    .describe(
      `${meaning}: a duration such as 500ms, 30s, 5m, 1h or 2d (or milliseconds), ${showMs(min)} to ${showMs(max)}`,
    )
    .transform((value, ctx) => {
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
const timeout = (meaning: string) => duration(100, 10 * MINUTE, 'a timeout', meaning);
/** how far back a window or a first import reaches */
const lookback = (meaning: string) => duration(SECOND, 400 * DAY, 'a window', meaning);

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
    if (!isHttpUrl(value)) return;
    const problem = urlUserinfoProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** An origin (scheme://host[:port]) a credential may also be sent to. */
const origin = url().refine((value) => new URL(value).origin === value.replace(/\/$/, ''), {
  message: 'an origin is scheme://host[:port], with no path',
});

/** Beside the system's own origin, where its credential may go (a spec host that wants the same token). */
const credentialOrigins = {
  origins: z
    .array(origin)
    .optional()
    .describe("other origins (scheme://host[:port]) the credential may be sent to, such as a spec host's"),
};

export const authSchema = z.union([
  z
    .object({ credential: id.describe('a vault credential: junction secret set ID'), ...credentialOrigins })
    .strict()
    .describe('a credential from the vault (its type is stored with it)'),
  z
    .object({ type: z.literal('bearer'), token: envReference.describe('${env:NAME}'), ...credentialOrigins })
    .strict()
    .describe('a bearer token from the environment'),
  z
    .object({
      type: z.literal('basic'),
      username: z.string(),
      password: envReference.describe('${env:NAME}'),
      ...credentialOrigins,
    })
    .strict()
    .describe('HTTP basic authentication, the password from the environment'),
  z
    .object({
      type: z.literal('api-key'),
      header: z.string().min(1).describe('the header that carries the key, e.g. X-Api-Key'),
      value: envReference.describe('${env:NAME}'),
      ...credentialOrigins,
    })
    .strict()
    .describe('an API key in a header, from the environment'),
  z
    .object({
      ...credentialOrigins,
      type: z.literal('oauth2-client-credentials'),
      tokenUrl: url().describe('the token endpoint'),
      clientId: z.string(),
      clientSecret: envReference.describe('${env:NAME}'),
      scope: z.string().optional().describe('the scope to request'),
    })
    .strict()
    .describe('OAuth 2.0 client credentials, the secret from the environment'),
]);

export const loadAllowanceSchema = z
  .object({
    maxRps: z.number().positive().max(10_000).describe('the highest request rate a load probe may send'),
    maxRequests: z.number().int().positive().max(1_000_000).describe('requests a load probe may send in all'),
    maxSeconds: z.number().positive().max(600).describe('how long a load probe may last'),
    path: requestPath
      .optional()
      .describe(
        "what the burst and the spike load, appended to the base URL's path (default: the spec's safe operation " +
          'that documents 429, else the health path)',
      ),
  })
  .strict()
  .describe('load probes (burst, spike) are sent only where this exists, within these caps');

export const SYSTEM_KINDS = ['http-api', 'webhook-receiver', 'broker', 'saas'] as const;
export const BROKER_KINDS = ['rabbitmq'] as const;

/**
 * How Junction reaches a message broker. Everything the audit, the flows and the monitors learn comes from GETs on
 * the management API (and the AMQP ports' protocol header): nothing is ever published, consumed or declared.
 * `kind` leaves room for Kafka (consumer groups as consumers); only RabbitMQ is built.
 */
export const brokerSchema = z
  .object({
    kind: z.enum(BROKER_KINDS).describe('the broker product'),
    managementUrl: url(/^https?$/, 'broker.managementUrl must be an http(s) URL').describe(
      "the management plugin's HTTP API, e.g. https://rabbit.internal:15671",
    ),
    amqpUrl: url(/^amqps?$/, 'broker.amqpUrl must be an amqp:// or amqps:// URL')
      .optional()
      .describe(
        'where clients connect: amqps://host:5671 (or amqp://host:5672); its host is also where AMQP is probed',
      ),
    vhost: z.string().min(1).default('/').describe('the virtual host audited, monitored and read for flows'),
    /**
     * messaging.backlog reads the queues twice, this far apart, to see whether they drain (1 s to 1 min); RabbitMQ
     * keeps its statistics at 5 s granularity by default, so the default is two of its samples apart
     */
    sampleInterval: duration(
      SECOND,
      MINUTE,
      'broker.sampleInterval (the audit waits for it)',
      'how far apart messaging.backlog reads the queues (default 10 s; the audit waits for it)',
    ).default(10_000),
    backlog: z
      .object({
        depth: z.number().int().positive().default(1000).describe('messages a queue may hold'),
        age: duration(
          SECOND,
          400 * DAY,
          'broker.backlog.age',
          "the age of a queue's oldest message (default 5 min)",
        ).default(300_000),
      })
      .strict()
      .default({ depth: 1000, age: 300_000 })
      .describe('messaging.backlog fails a queue deeper than depth or whose oldest message is older than age'),
    credential: z
      .union([id, z.object({ type: z.literal('basic'), username: z.string(), password: envReference }).strict()])
      .describe(
        'a vault credential (junction secret set ID --type basic --username …), or basic auth from the environment',
      ),
  })
  .strict();

const systemObject = z
  .object({
    id: id.describe('unique; flows, monitors and log sources name the system by it'),
    name: z.string().min(1).describe('shown in the UI and the reports'),
    kind: z
      .enum(SYSTEM_KINDS)
      .optional()
      .describe('what the system is (default: broker when it has broker:, else http-api)'),
    environment: z.string().optional().describe('a label such as production or staging, shown in the reports'),
    baseUrl: url(/^https?$/, 'baseUrl must be an http(s) URL')
      .refine((value) => !/[?#]/.test(value), 'baseUrl must not carry a query or a fragment')
      .optional()
      .describe(
        'where an HTTP API answers, its root: every path Junction requests is appended to its path (a broker ' +
          'system has none)',
      ),
    broker: brokerSchema.optional().describe('a message broker, read through its management API, never written to'),
    plainHttpUrl: url(/^http$/, 'plainHttpUrl must be an http:// URL')
      .optional()
      .describe(
        'where plain HTTP is expected to answer, ideally with a redirect (default: port 80 of an https baseUrl on 443)',
      ),
    healthPath: requestPath
      .optional()
      .describe("what the baseline probes request, appended to the base URL's path (default: the base URL itself)"),
    spec: fileOrUrl.optional().describe('its OpenAPI or Swagger document: a file in the workspace, or a URL'),
    specPrevious: fileOrUrl
      .optional()
      .describe('the previous version of the spec, compared with spec for breaking changes'),
    specRoot: z
      .string()
      .min(1)
      .refine((value) => !isHttpUrl(value), 'specRoot is a folder, not a URL')
      .optional()
      .describe(
        "the folder a local spec's $refs may reach (its files and those they name stay inside it); default: the " +
          "workspace folder for a spec inside the workspace, else the spec's own folder",
      ),
    tls: z
      .object({
        ca: z.string().optional().describe('a PEM file of an extra trust anchor (a private CA)'),
        servername: z.string().optional().describe('the TLS server name to send, when the base URL names an address'),
      })
      .strict()
      .optional()
      .describe("how the base URL's TLS is verified"),
    auth: authSchema.optional().describe('how Junction authenticates; the credential goes only to this system'),
    allow: z
      .object({
        methods: z
          .array(z.enum(HTTP_METHODS))
          .default([...SAFE_METHODS])
          .describe('the HTTP methods probes may send'),
        load: loadAllowanceSchema.optional(),
        remoteRefs: z.array(z.string()).optional().describe("hosts the spec's remote $refs may be read from"),
        plaintextCredentials: z
          .boolean()
          .optional()
          .describe('lab systems only: send the credential even over plain HTTP (it travels in clear text)'),
      })
      .strict()
      .default({ methods: [...SAFE_METHODS] })
      .describe('what Junction may do beyond reading (default: GET, HEAD and OPTIONS only, no load)'),
    limits: z
      .object({
        requestBudget: z
          .number()
          .int()
          .positive()
          .max(10_000)
          .default(200)
          .describe('requests one audit may send to the system, load probes apart'),
        maxRps: z
          .number()
          .positive()
          .max(1000)
          .default(20)
          .describe('requests per second the audit and the monitors send together, load probes apart'),
        timeouts: z
          .object({
            connect: timeout('the TCP connection').optional(),
            tls: timeout('the TLS handshake').optional(),
            firstByte: timeout('the first byte of the answer, from the request sent').optional(),
            total: timeout('the whole exchange').optional(),
          })
          .strict()
          .optional()
          .describe('per-phase timeouts of every probe'),
        maxBytes: z
          .number()
          .int()
          .positive()
          .max(100 * 1024 * 1024)
          .optional()
          .describe('bytes read of one answer at most'),
      })
      .strict()
      .optional()
      .describe('bounds on what probes send and wait for'),
    expectedPeakRps: z
      .number()
      .positive()
      .optional()
      .describe('the peak request rate expected in production: the spike probe steps up to it'),
    sloMs: z
      .number()
      .positive()
      .optional()
      .describe('the latency objective in ms: the p95 the latency and spike checks hold the system to'),
    owner: z
      .string()
      .optional()
      .describe('the team that owns the system, shown in the reports (attested.owner asks for an attestation)'),
    tags: z
      .array(z.string())
      .default([])
      .describe('labels of your own; hub or gateway marks an integration hub for the topology check'),
    aliases: z
      .array(z.string())
      .default([])
      .describe(
        'other names the system has in logs and traces: addresses, host names, User-Agent products, * patterns',
      ),
    attestations: z
      .array(attestationSchema)
      .optional()
      .describe('what people answer for this system and no probe can see (encryption at rest, backups, owner…)'),
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
    from: id.describe('the calling system'),
    to: id.describe('the called system'),
    protocol: z.enum(['http', 'webhook', 'amqp', 'kafka', 'file', 'batch']).default('http'),
    description: z.string().optional().describe('what travels on the flow'),
    schedule: z.string().optional().describe('when a batch or file flow runs, in your words (nightly 02:00)'),
    latencySloMs: z.number().positive().optional().describe('the p95 latency objective of the flow, in ms'),
    owner: z.string().optional().describe('the team that owns the flow'),
  })
  .strict()
  .describe('a documented integration: who calls whom; flows seen in logs but not listed here are undocumented');

/** Where a JSON record keeps each field: a key, or a dotted path into nested objects (`http.status`). */
const fieldMappingSchema = z
  .object({
    source: z.string().optional().describe("the caller's address or name"),
    target: z.string().optional().describe('the system called, when the log holds several'),
    time: z
      .string()
      .optional()
      .describe("when the call was made: ISO 8601, nginx's $time_local, or epoch seconds, ms, µs or ns"),
    latency: z.string().optional().describe('request latency, in latencyUnit'),
    status: z.string().optional().describe('the HTTP status answered'),
    bytes: z.string().optional().describe('bytes sent in the answer'),
    protocol: z.string().optional(),
    upstream: z
      .string()
      .optional()
      .describe('the upstream that answered (nginx $upstream_addr): a second, gateway → upstream call'),
    upstreamLatency: z.string().optional().describe("the upstream's latency, in latencyUnit"),
    userAgent: z.string().optional().describe('the User-Agent (for clientIdentity: user-agent)'),
    method: z.string().optional().describe('the HTTP method called (with path: the endpoint called)'),
    path: z.string().optional().describe('the path or request target called; its query is dropped, never stored'),
    request: z
      .string()
      .optional()
      .describe('the request line (nginx $request, `GET /a HTTP/1.1`), read when method and path are not mapped'),
  })
  .strict()
  .describe('where a JSON record keeps each value: a key, or a dotted path into nested objects (http.status)');

/** Shared by every log source: `system` is the system that writes the log (the target of what it serves). */
const logSourceCommon = {
  id: id.describe('unique; junction flows import --source names it'),
  system: id.optional().describe('the system that writes the log: the target of the calls it records'),
  clientIdentity: z
    .enum(['address', 'user-agent'])
    .default('address')
    .describe('how a client is named: by its address, or by the product of its User-Agent (svc/shop 2.3 → svc/shop)'),
};
const logFile = z
  .string()
  .min(1)
  .describe('the log file, relative to the workspace (absolute needs --allow-outside-workspace)');
const lineFormat = z.enum(['nginx-combined', 'nginx-json', 'jsonl']);
const latencyUnit = z.enum(['s', 'ms', 'us']).describe('the unit of latency fields');

export const logSourceSchema = z.discriminatedUnion('type', [
  z
    .object({ ...logSourceCommon, type: z.literal('nginx-combined'), path: logFile })
    .strict()
    .describe("nginx's combined format, optionally extended with rt=, urt= and ua= (upstream) fields"),
  z
    .object({
      ...logSourceCommon,
      type: z.literal('nginx-json'),
      path: logFile,
      fields: fieldMappingSchema.optional(),
    })
    .strict()
    .describe("nginx JSON lines (escape=json) with nginx's variable names unless fields says otherwise"),
  z
    .object({
      ...logSourceCommon,
      type: z.literal('jsonl'),
      path: logFile,
      fields: fieldMappingSchema,
      latencyUnit: latencyUnit.default('ms'),
    })
    .strict()
    .describe('JSON lines of any shape: fields says where each value is'),
  z
    .object({ id: logSourceCommon.id, type: z.literal('otlp-json'), path: logFile })
    .strict()
    .describe('OpenTelemetry traces saved as OTLP JSON (lines, one document or an array)'),
  z
    .object({
      ...logSourceCommon,
      type: z.literal('loki'),
      url: url().describe("Loki's base URL"),
      query: z.string().min(1).describe('a LogQL stream selector, e.g. {job="nginx"}'),
      format: lineFormat.default('nginx-combined').describe('the format of the log lines Loki holds'),
      fields: fieldMappingSchema.optional(),
      latencyUnit: latencyUnit.default('ms'),
      since: lookback('how far back the first import reads (default 1 d)').default(86_400_000),
      pageSize: z.number().int().positive().max(5000).default(1000).describe('lines asked per request'),
    })
    .strict()
    .describe('log lines read from Grafana Loki'),
  z
    .object({
      ...logSourceCommon,
      type: z.literal('elasticsearch'),
      url: url().describe('the index (or pattern) URL: http://es:9200/logs-nginx'),
      format: z.enum(['nginx-json', 'jsonl']).default('jsonl').describe('the shape of the documents'),
      fields: fieldMappingSchema.optional(),
      latencyUnit: latencyUnit.default('ms'),
      timeField: z.string().default('@timestamp').describe('the field the documents are ordered and windowed by'),
      since: lookback('how far back the first import reads (default 1 d)').default(86_400_000),
      pageSize: z.number().int().positive().max(10_000).default(1000).describe('documents asked per request'),
    })
    .strict()
    .describe('documents read from an Elasticsearch or OpenSearch index'),
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
    id: id.optional().describe("needed when a system has several monitors (default: the system's id)"),
    system: id.describe('the system checked'),
    path: requestPath.optional().describe("appended to the system's base URL (default: the base URL itself)"),
    interval: duration(5 * SECOND, DAY, 'a monitor interval', 'how often the monitor checks (default 30 s)').default(
      30_000,
    ),
    expectStatus: z
      .union([expectedStatus, z.array(expectedStatus).min(1)])
      .optional()
      .describe('the statuses that mean up (default: any 2xx or 3xx): 200, [200, 204] or ranges such as "200-299"'),
    queues: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("a broker monitor's queues: names or * patterns (default: every queue but the transient ones)"),
    thresholds: z
      .object({
        p95Ms: z
          .number()
          .positive()
          .optional()
          .describe('alert when the p95 latency over the window exceeds this, in ms'),
        errorRate: z
          .number()
          .min(0)
          .max(1)
          .optional()
          .describe('alert when the share of failed checks over the window exceeds this (0 to 1)'),
        depth: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe('a broker monitor: alert when a watched queue holds more messages than this'),
        consumers: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe('a broker monitor: alert when a watched queue has this many consumers or fewer (consumers: 0)'),
        age: duration(
          SECOND,
          400 * DAY,
          'thresholds.age',
          "a broker monitor: alert when a watched queue's oldest message is older than this",
        ).optional(),
        down: z.number().int().positive().default(2).describe('consecutive failed checks that make the target down'),
        window: lookback('the window p95 and error rate are computed over (default 5 min)').default(300_000),
      })
      .strict()
      .optional()
      .describe('when an alert is raised'),
    alerts: z
      .array(z.object({ webhook: url().describe('a Slack-compatible incoming webhook URL') }).strict())
      .optional()
      .describe('where alerts go besides the UI (desktop notifications come from the desktop app)'),
  })
  .strict()
  .describe('a periodic check of one system: samples, charts and alerts');

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

const UNKNOWN_RULE = 'not a rule id of `junction spec diff` (see docs/diff-rules.md)';
const ruleId = z.string().refine(isKnownRule, { message: UNKNOWN_RULE });

/**
 * How `junction spec diff` and versioning.breaking-changes judge changes: a level per rule (NONE hides it), changes
 * accepted on purpose (each with its reason; path and method narrow it to one operation), and the shortest time
 * between a deprecation and its sunset (`x-sunset`), in days, for beta and stable operations.
 */
export const diffPolicySchema = z
  .object({
    severity: z
      .record(z.string(), z.enum(['ERR', 'WARN', 'INFO', 'NONE']))
      .superRefine((levels, ctx) => {
        for (const id of Object.keys(levels))
          if (!isKnownRule(id)) ctx.addIssue({ code: 'custom', path: [id], message: UNKNOWN_RULE });
      })
      .default({})
      .describe('a level per rule id (ERR, WARN, INFO, or NONE to hide the rule), instead of its default level'),
    ignore: z
      .array(
        z
          .object({
            rule: ruleId.describe('the rule id of the change to accept (docs/diff-rules.md)'),
            path: z.string().startsWith('/').optional().describe('only in this path, as the spec writes it'),
            method: z
              .string()
              .transform((method) => method.toUpperCase())
              .pipe(z.enum(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']))
              .optional()
              .describe('only in this operation of the path'),
            reason: z.string().min(1, 'say why the change is accepted').describe('why the change is accepted'),
          })
          .strict(),
      )
      .default([])
      .describe('changes accepted on purpose: reported with their reason, never breaking, never failing --fail-on'),
    deprecationDays: z
      .object({
        beta: z.number().int().min(0).max(3650).default(0).describe('for operations at x-stability-level beta'),
        stable: z.number().int().min(0).max(3650).default(0).describe('for stable operations (the default level)'),
      })
      .strict()
      .default({ beta: 0, stable: 0 })
      .describe('the fewest days between deprecating an element and its x-sunset date (oasdiff: none)'),
  })
  .strict();
export type DiffPolicy = z.infer<typeof diffPolicySchema>;

export const estateSchema = z
  .object({
    version: z.literal(1).describe('the version of this file format'),
    name: z.string().min(1).describe("the estate's name, shown in the UI and the reports"),
    systems: z.array(systemSchema).default([]).describe('the systems to audit and monitor'),
    flows: z.array(flowSchema).default([]).describe('the documented integrations between systems'),
    logSources: z
      .array(logSourceSchema)
      .default([])
      .describe('access logs and traces that show who calls whom (junction flows import)'),
    monitors: z.array(monitorSchema).default([]).describe('periodic checks (junction monitor, junction serve)'),
    waivers: z
      .array(waiverSchema)
      .default([])
      .describe('accepted risks: a finding a waiver covers stops counting towards --fail-on until it expires'),
    diff: diffPolicySchema
      .optional()
      .describe(
        'how junction spec diff and versioning.breaking-changes judge changes: rule levels, accepted changes, deprecation periods',
      ),
    lint: lintConfigSchema
      .optional()
      .describe("spec lint settings for every system's spec (and junction spec lint run in the workspace)"),
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
