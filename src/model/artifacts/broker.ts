/**
 * What the audit reads from a message broker: all of it from GETs on the management API and the AMQP ports'
 * protocol header, so a stored run can be judged again. Broker-neutral where it can be (a Kafka consumer group would
 * be a queue's consumers); RabbitMQ's own terms where the judgement needs them (exchanges, policies, arguments).
 */
import type { TlsArtifact } from './tls.js';

/** One queue at one moment. Counts are messages; rates are messages per second as the broker computed them. */
export interface BrokerQueue {
  name: string;
  /** classic, quorum or stream */
  type: string;
  durable: boolean;
  autoDelete: boolean;
  exclusive: boolean;
  arguments: Record<string, unknown>;
  /** the policy in force, if any, and what it sets */
  policy?: string;
  effectivePolicy: Record<string, unknown>;
  messages: number;
  ready: number;
  unacked: number;
  consumers: number;
  /** the timestamp property of the oldest message (ms since the epoch), when its publisher set one */
  headTimestamp?: number;
  publishRate: number;
  deliverRate: number;
  ackRate: number;
  /** messages ever published to it and delivered from it (cumulative, since the queue or its stats began) */
  published: number;
  delivered: number;
  state?: string;
}

/** Queues the server named for one connection (amq.gen-…, exclusive): replies and temporary subscriptions. */
export const isTransient = (queue: BrokerQueue): boolean =>
  queue.exclusive || queue.name.startsWith('amq.gen-') || queue.autoDelete;

/** The queues twice, seconds apart: growth and drain are judged on the difference. */
export interface BrokerSample {
  /** ms since the epoch, when the listing was read */
  at: number;
  queues: BrokerQueue[];
}

export interface BrokerExchange {
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  arguments: Record<string, unknown>;
  policy?: string;
  publishInRate: number;
  publishedIn: number;
}

export interface BrokerBinding {
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  routingKey: string;
}

export interface BrokerPolicy {
  name: string;
  pattern: string;
  applyTo: string;
  priority: number;
  definition: Record<string, unknown>;
  /** an operator policy (set by the operator, merged with user policies) */
  operator: boolean;
}

export interface BrokerListener {
  /** amqp, amqp/ssl, http, https, clustering, mqtt, … */
  protocol: string;
  port: number;
  ip: string;
}

export interface BrokerArtifact {
  kind: 'rabbitmq';
  managementUrl: string;
  vhost: string;
  product: string;
  version: string;
  clusterName?: string;
  /** basic, detailed or none: detailed is what per-channel flows need */
  ratesMode: string;
  listeners: BrokerListener[];
  /** who the audit's credential is, and its tags */
  user: { name: string; tags: string[] };
  samples: [BrokerSample, BrokerSample];
  exchanges: BrokerExchange[];
  bindings: BrokerBinding[];
  policies: BrokerPolicy[];
}

/** One AMQP port asked for the protocol header, without credentials: does it speak AMQP in clear text? */
export interface AmqpProbe {
  host: string;
  port: number;
  /** the server answered the 0-9-1 header with Connection.Start: it speaks AMQP there */
  answered: boolean;
  /** Connection.Start's server properties (product, version) and offered mechanisms, when it answered */
  server?: { product?: string; version?: string; mechanisms: string[] };
  /** why it did not answer: refused, timeout, not AMQP, TLS expected, … */
  detail?: string;
  ms: number;
}

export interface BrokerTlsEndpoint {
  what: 'amqps' | 'management';
  host: string;
  port: number;
  scan?: TlsArtifact;
  error?: string;
}

export interface BrokerTransportArtifact {
  managementUrl: string;
  amqpUrl?: string;
  listeners: BrokerListener[];
  /** why the broker's listener list could not be read (the ports of amqpUrl and 5672 were tried instead) */
  listenersError?: string;
  /** plain AMQP ports tried (the listeners' and amqpUrl's) */
  plainAmqp: AmqpProbe[];
  /** AMQPS and an https management API, scanned as HTTPS endpoints are */
  tls: BrokerTlsEndpoint[];
  /** a plain-HTTP management listener beside an https managementUrl, asked anonymously */
  plainManagement?: { url: string; status?: number; error?: string };
}

/** The one request made with RabbitMQ's well-known default account. */
export interface BrokerGuestArtifact {
  url: string;
  /** the management API's answer to GET /api/whoami as guest/guest */
  status?: number;
  /** tags of the guest user when it was accepted */
  tags?: string[];
  error?: string;
}

/** An AsyncAPI channel and the broker object it names. */
export interface AsyncApiChannel {
  /** the channel's key in the document */
  id: string;
  /** its address (3.0) or key (2.x): the routing key, exchange or queue name */
  address?: string;
  /** from the amqp channel binding: an exchange (is: routingKey) or a queue (is: queue) */
  exchange?: string;
  queue?: string;
  /** JSON pointer of the channel, and its line when shown to a person */
  pointer: string;
  line?: number;
}

export interface AsyncApiArtifact {
  source: string;
  /** 2.6.0, 3.0.0, … (asyncapi field) */
  version: string;
  title: string;
  documentVersion: string;
  valid: boolean;
  problems: { message: string; pointer: string; line?: number }[];
  channels: AsyncApiChannel[];
}
