import { z } from 'zod';
import type { BrokerSystem } from '../model/estate.js';
import type {
  BrokerBinding,
  BrokerExchange,
  BrokerListener,
  BrokerPolicy,
  BrokerQueue,
} from '../model/artifacts/broker.js';
import type { PhaseTimings } from '../model/probe.js';
import type { Probe } from '../probe/probe.js';

/**
 * RabbitMQ's management API, read through the system's Probe (its budget, rate cap, timeouts, TLS trust and
 * credential apply). GET only: nothing here can publish, consume, declare or delete. Every answer is parsed with
 * zod into the few fields Junction uses; an answer of another shape is an error naming the path.
 */

const rate = z
  .object({ rate: z.number().catch(0) })
  .partial()
  .optional();
const count = z.number().catch(0).default(0);
const record = z.record(z.string(), z.unknown()).catch({}).default({});

const overviewSchema = z.object({
  product_name: z.string().default('RabbitMQ'),
  rabbitmq_version: z.string().default(''),
  management_version: z.string().default(''),
  cluster_name: z.string().optional(),
  rates_mode: z.string().default('basic'),
  listeners: z
    .array(z.object({ protocol: z.string(), port: z.number(), ip_address: z.string().default('') }))
    .default([]),
});

const queueSchema = z.object({
  name: z.string(),
  type: z.string().default('classic'),
  durable: z.boolean().default(true),
  auto_delete: z.boolean().default(false),
  exclusive: z.boolean().default(false),
  arguments: record,
  policy: z.string().nullish(),
  effective_policy_definition: record,
  messages: count,
  messages_ready: count,
  messages_unacknowledged: count,
  consumers: count,
  head_message_timestamp: z.number().nullish(),
  state: z.string().optional(),
  message_stats: z
    .object({
      publish: count,
      publish_details: rate,
      deliver_get: count,
      deliver_get_details: rate,
      ack_details: rate,
    })
    .partial()
    .default({}),
});

const exchangeSchema = z.object({
  name: z.string(),
  type: z.string(),
  durable: z.boolean().default(true),
  auto_delete: z.boolean().default(false),
  internal: z.boolean().default(false),
  arguments: record,
  policy: z.string().nullish(),
  message_stats: z.object({ publish_in: count, publish_in_details: rate }).partial().default({}),
});

const bindingSchema = z.object({
  source: z.string(),
  destination: z.string(),
  destination_type: z.enum(['queue', 'exchange']),
  routing_key: z.string().default(''),
});

const policySchema = z.object({
  name: z.string(),
  pattern: z.string(),
  'apply-to': z.string().default('all'),
  priority: z.number().default(0),
  definition: record,
});

const whoamiSchema = z.object({
  name: z.string(),
  // a list since 3.9, a comma-separated string before
  tags: z.union([z.array(z.string()), z.string().transform((tags) => tags.split(',').filter(Boolean))]).default([]),
});

const channelDetails = z.object({ connection_name: z.string(), name: z.string(), user: z.string().default('') });

const queueDetailSchema = z.object({
  name: z.string(),
  incoming: z
    .array(z.object({ exchange: z.object({ name: z.string() }), stats: z.object({ publish: count }) }))
    .default([]),
  deliveries: z
    .array(
      z.object({ channel_details: channelDetails, stats: z.object({ deliver_get: count, deliver_get_details: rate }) }),
    )
    .default([]),
  consumer_details: z
    .array(
      z.object({
        channel_details: channelDetails,
        consumer_tag: z.string().default(''),
        ack_required: z.boolean().default(true),
        prefetch_count: z.number().default(0),
      }),
    )
    .default([]),
});

const exchangeDetailSchema = z.object({
  name: z.string(),
  incoming: z
    .array(z.object({ channel_details: channelDetails, stats: z.object({ publish: count, publish_details: rate }) }))
    .default([]),
});

const connectionSchema = z.object({
  name: z.string(),
  user: z.string().default(''),
  vhost: z.string().default('/'),
  user_provided_name: z.string().optional(),
  client_properties: z
    .object({ connection_name: z.string().optional(), product: z.string().optional() })
    .partial()
    .default({}),
  peer_host: z.string().optional(),
  ssl: z.boolean().default(false),
});

export type QueueDetail = z.infer<typeof queueDetailSchema>;
export type ExchangeDetail = z.infer<typeof exchangeDetailSchema>;
export interface BrokerConnection {
  name: string;
  user: string;
  /** what the client calls itself: the connection_name client property, if it set one */
  clientName?: string;
  peerHost?: string;
  ssl: boolean;
}

export class ManagementError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ManagementError';
  }
}

/** The queue columns asked for: the listing of a broker with thousands of queues stays small. */
const QUEUE_COLUMNS = [
  'name',
  'type',
  'durable',
  'auto_delete',
  'exclusive',
  'arguments',
  'policy',
  'effective_policy_definition',
  'messages',
  'messages_ready',
  'messages_unacknowledged',
  'consumers',
  'head_message_timestamp',
  'state',
  'message_stats.publish',
  'message_stats.publish_details',
  'message_stats.deliver_get',
  'message_stats.deliver_get_details',
  'message_stats.ack_details',
].join(',');

const toQueue = (queue: z.infer<typeof queueSchema>): BrokerQueue => ({
  name: queue.name,
  type: queue.type,
  durable: queue.durable,
  autoDelete: queue.auto_delete,
  exclusive: queue.exclusive,
  arguments: queue.arguments,
  policy: queue.policy ?? undefined,
  effectivePolicy: queue.effective_policy_definition,
  messages: queue.messages,
  ready: queue.messages_ready,
  unacked: queue.messages_unacknowledged,
  consumers: queue.consumers,
  // RabbitMQ reports the AMQP timestamp property, which is in seconds
  headTimestamp: queue.head_message_timestamp ? queue.head_message_timestamp * 1000 : undefined,
  publishRate: queue.message_stats.publish_details?.rate ?? 0,
  deliverRate: queue.message_stats.deliver_get_details?.rate ?? 0,
  ackRate: queue.message_stats.ack_details?.rate ?? 0,
  published: queue.message_stats.publish ?? 0,
  delivered: queue.message_stats.deliver_get ?? 0,
  state: queue.state,
});

/** GETs on one broker's management API, for its vhost. */
export class ManagementApi {
  private readonly base: string;
  private readonly vhost: string;

  constructor(
    private readonly probe: Probe,
    system: BrokerSystem,
    private readonly signal?: AbortSignal,
  ) {
    // appended, not resolved: a management API behind a proxy path (https://host/rabbitmq/) keeps its path
    this.base = system.broker.managementUrl.replace(/\/+$/, '');
    this.vhost = encodeURIComponent(system.broker.vhost);
  }

  /** The URL of an API path, for evidence. */
  url(path: string): string {
    return `${this.base}${path}`;
  }

  private async get<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> {
    return (await this.timedGet(path, schema)).data;
  }

  /** A GET, parsed, with how long the management API took to answer it (a broker monitor's latency). */
  private async timedGet<T extends z.ZodType>(
    path: string,
    schema: T,
  ): Promise<{ data: z.infer<T>; status: number; timings: PhaseTimings }> {
    const response = await this.probe.request({ method: 'GET', url: this.url(path), signal: this.signal });
    if (response.credentialWithheld)
      throw new ManagementError(
        `the credential was not sent to ${path}: ${response.credentialWithheld}`,
        response.status,
      );
    if (response.status === 401 || response.status === 403)
      throw new ManagementError(
        `the management API refused the credential (HTTP ${response.status} on ${path}): the user needs the monitoring tag and access to the vhost`,
        response.status,
      );
    if (response.status === 404) throw new ManagementError(`${path} does not exist on this broker (HTTP 404)`, 404);
    if (response.status !== 200) throw new ManagementError(`HTTP ${response.status} on ${path}`, response.status);
    let body: unknown;
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new ManagementError(`${path} did not answer JSON: is ${this.base} a RabbitMQ management API?`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ManagementError(
        `${path} answered an unexpected shape (${issue.path.join('.') || 'root'}: ${issue.message})`,
      );
    }
    return { data: parsed.data, status: response.status, timings: response.timings };
  }

  async overview(): Promise<{
    product: string;
    version: string;
    clusterName?: string;
    ratesMode: string;
    listeners: BrokerListener[];
  }> {
    const overview = await this.get('/api/overview', overviewSchema);
    return {
      product: overview.product_name,
      version: overview.rabbitmq_version || overview.management_version,
      clusterName: overview.cluster_name,
      ratesMode: overview.rates_mode,
      listeners: overview.listeners.map((listener) => ({
        protocol: listener.protocol,
        port: listener.port,
        ip: listener.ip_address,
      })),
    };
  }

  async whoami(): Promise<{ name: string; tags: string[] }> {
    return this.get('/api/whoami', whoamiSchema);
  }

  async queues(): Promise<BrokerQueue[]> {
    return (await this.timedQueues()).queues;
  }

  /** The queue listing and how long it took: what a broker monitor samples. */
  async timedQueues(): Promise<{ queues: BrokerQueue[]; status: number; timings: PhaseTimings }> {
    const answer = await this.timedGet(`/api/queues/${this.vhost}?columns=${QUEUE_COLUMNS}`, z.array(queueSchema));
    return { queues: answer.data.map(toQueue), status: answer.status, timings: answer.timings };
  }

  async exchanges(): Promise<BrokerExchange[]> {
    const exchanges = await this.get(`/api/exchanges/${this.vhost}`, z.array(exchangeSchema));
    return exchanges.map((exchange) => ({
      name: exchange.name,
      type: exchange.type,
      durable: exchange.durable,
      autoDelete: exchange.auto_delete,
      internal: exchange.internal,
      arguments: exchange.arguments,
      policy: exchange.policy ?? undefined,
      publishInRate: exchange.message_stats.publish_in_details?.rate ?? 0,
      publishedIn: exchange.message_stats.publish_in ?? 0,
    }));
  }

  async bindings(): Promise<BrokerBinding[]> {
    const bindings = await this.get(`/api/bindings/${this.vhost}`, z.array(bindingSchema));
    return bindings.map((binding) => ({
      source: binding.source,
      destination: binding.destination,
      destinationType: binding.destination_type,
      routingKey: binding.routing_key,
    }));
  }

  /** User and operator policies of the vhost. */
  async policies(): Promise<BrokerPolicy[]> {
    const [user, operator] = await Promise.all([
      this.get(`/api/policies/${this.vhost}`, z.array(policySchema)),
      this.get(`/api/operator-policies/${this.vhost}`, z.array(policySchema)).catch((error: unknown) => {
        // operator policies need the policymaker or administrator tag; a monitoring user sees none
        if (error instanceof ManagementError && (error.status === 401 || error.status === 403)) return [];
        throw error;
      }),
    ]);
    const toPolicy = (operatorPolicy: boolean) => (policy: z.infer<typeof policySchema>) => ({
      name: policy.name,
      pattern: policy.pattern,
      applyTo: policy['apply-to'],
      priority: policy.priority,
      definition: policy.definition,
      operator: operatorPolicy,
    });
    return [...user.map(toPolicy(false)), ...operator.map(toPolicy(true))];
  }

  async connections(): Promise<BrokerConnection[]> {
    const connections = await this.get(`/api/vhosts/${this.vhost}/connections`, z.array(connectionSchema));
    return connections.map((connection) => ({
      name: connection.name,
      user: connection.user,
      clientName: connection.user_provided_name ?? connection.client_properties.connection_name,
      peerHost: connection.peer_host,
      ssl: connection.ssl,
    }));
  }

  /** Per-exchange inflow and per-consumer deliveries of one queue (per-channel detail needs rates_mode detailed). */
  async queueDetail(name: string): Promise<QueueDetail> {
    return this.get(`/api/queues/${this.vhost}/${encodeURIComponent(name)}`, queueDetailSchema);
  }

  /** Publishes into one exchange per publishing channel (rates_mode detailed). */
  async exchangeDetail(name: string): Promise<ExchangeDetail> {
    // the default exchange has the empty name, which the API spells amq.default
    return this.get(`/api/exchanges/${this.vhost}/${encodeURIComponent(name || 'amq.default')}`, exchangeDetailSchema);
  }
}
