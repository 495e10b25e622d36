import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from './listen.js';

/** Debian's server script without the /usr/sbin wrapper, which would switch to the rabbitmq user. */
export const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

export const rabbitmqInstalled = (): boolean => existsSync(RABBITMQ_SERVER);

export interface RabbitmqOptions {
  /** PEM of the CA, the server certificate and its key: AMQPS and the management API are served over TLS */
  tls: { ca: string; cert: string; key: string };
  /** also listen for plain AMQP (default true) */
  plainAmqp?: boolean;
  /** also serve the management API over plain HTTP (default false) */
  plainManagement?: boolean;
  /** create the guest/guest user as a fresh Debian install does (default false: only the admin user exists) */
  guest?: boolean;
  /** the TLS versions AMQPS and the management API accept (default TLS 1.3 and 1.2) */
  tlsVersions?: ('tlsv1.3' | 'tlsv1.2' | 'tlsv1.1' | 'tlsv1')[];
  /** per-channel, per-exchange and per-queue message rates, which flows need (default detailed) */
  ratesMode?: 'basic' | 'detailed';
  /** how long to wait for the management API to answer (default 120 s: a loaded CI machine takes ~50 s) */
  startTimeoutMs?: number;
}

export interface RunningRabbitmq {
  node: string;
  /** where everything of this node lives (database, logs, config, certificates) */
  dir: string;
  caPath: string;
  ports: { amqp?: number; amqps: number; management?: number; managementTls: number };
  /** the administrator the node was started with (tests use it to arrange queues and users) */
  admin: { username: string; password: string };
  managementUrl: string;
  /** a management API call as the administrator, over TLS with the node's CA */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

function config(
  options: RabbitmqOptions,
  ports: RunningRabbitmq['ports'],
  dist: number,
  dir: string,
  admin: RunningRabbitmq['admin'],
): string {
  const versions = options.tlsVersions ?? ['tlsv1.3', 'tlsv1.2'];
  const tls = (prefix: string) => [
    `${prefix}.cacertfile = ${dir}/ca.pem`,
    `${prefix}.certfile = ${dir}/cert.pem`,
    `${prefix}.keyfile = ${dir}/key.pem`,
    ...versions.map((version, index) => `${prefix}.versions.${index + 1} = ${version}`),
  ];
  return [
    ports.amqp ? `listeners.tcp.default = 127.0.0.1:${ports.amqp}` : 'listeners.tcp = none',
    `listeners.ssl.default = 127.0.0.1:${ports.amqps}`,
    ...tls('ssl_options'),
    'ssl_options.verify = verify_none',
    'ssl_options.fail_if_no_peer_cert = false',
    `management.ssl.port = ${ports.managementTls}`,
    'management.ssl.ip = 127.0.0.1',
    ...tls('management.ssl'),
    ...(ports.management ? [`management.tcp.port = ${ports.management}`, 'management.tcp.ip = 127.0.0.1'] : []),
    `management.rates_mode = ${options.ratesMode ?? 'detailed'}`,
    // statistics every second and kept at 1 s granularity (defaults: 5 s), so a reading sees traffic without waiting
    'collect_statistics_interval = 1000',
    'management.sample_retention_policies.global.minute = 1',
    'management.sample_retention_policies.basic.minute = 1',
    'management.sample_retention_policies.detailed.10 = 1',
    `distribution.listener.interface = 127.0.0.1`,
    `distribution.listener.port_range.min = ${dist}`,
    `distribution.listener.port_range.max = ${dist}`,
    `default_user = ${admin.username}`,
    `default_pass = ${admin.password}`,
    'default_user_tags.administrator = true',
    '',
  ].join('\n');
}

/**
 * A private RabbitMQ node on 127.0.0.1: its own node name, ports, database and logs in a temp folder, the
 * management plugin enabled, TLS on AMQPS and the management API. Started as Debian installs it (Erlang from the
 * distribution); stop() ends the node and removes its folder.
 */
export async function startRabbitmq(options: RabbitmqOptions): Promise<RunningRabbitmq> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-rabbitmq-'));
  for (const sub of ['home', 'mnesia', 'log']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'ca.pem'), options.tls.ca);
  writeFileSync(join(dir, 'cert.pem'), options.tls.cert);
  writeFileSync(join(dir, 'key.pem'), options.tls.key, { mode: 0o600 });
  writeFileSync(join(dir, 'enabled_plugins'), '[rabbitmq_management].\n');
  writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
  const ports: RunningRabbitmq['ports'] = {
    amqp: options.plainAmqp === false ? undefined : await freeLoopbackPort(),
    amqps: await freeLoopbackPort(),
    management: options.plainManagement ? await freeLoopbackPort() : undefined,
    managementTls: await freeLoopbackPort(),
  };
  const dist = await freeLoopbackPort();
  const admin = { username: 'junction-admin', password: randomBytes(12).toString('hex') };
  writeFileSync(join(dir, 'rabbitmq.conf'), config(options, ports, dist, dir, admin));
  const node = `junction-${randomBytes(4).toString('hex')}@localhost`;
  const child: ChildProcess = spawn(RABBITMQ_SERVER, [], {
    detached: true, // its own process group: stop() ends the script and the Erlang VM together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: join(dir, 'home'),
      RABBITMQ_NODENAME: node,
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
      RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
      RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
      RABBITMQ_FEATURE_FLAGS_FILE: join(dir, 'feature_flags'),
      RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
      // epmd, which Erlang starts on first use and keeps for every node of the machine, listens on loopback only
      ERL_EPMD_ADDRESS: '127.0.0.1',
    },
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const managementUrl = `https://127.0.0.1:${ports.managementTls}`;
  const api = (method: string, path: string, body?: unknown) =>
    managementCall(managementUrl, options.tls.ca, admin, method, path, body);
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    const answer = await api('GET', '/api/overview').catch(() => undefined);
    if (answer?.status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `RabbitMQ did not start (${child.exitCode === null ? 'timed out' : `exit ${child.exitCode}`}): ${output}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (options.guest) {
    await api('PUT', '/api/users/guest', { password: 'guest', tags: 'administrator' });
    await api('PUT', '/api/permissions/%2F/guest', { configure: '.*', write: '.*', read: '.*' });
  }
  return { node, dir, caPath: join(dir, 'ca.pem'), ports, admin, managementUrl, api, stop };
}

function managementCall(
  base: string,
  ca: string,
  user: { username: string; password: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = https.request(
      new URL(path, base),
      {
        method,
        ca,
        auth: `${user.username}:${user.password}`,
        headers: payload ? { 'content-type': 'application/json' } : {},
        timeout: 10_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('management API timed out')));
    request.on('error', reject);
    request.end(payload);
  });
}
