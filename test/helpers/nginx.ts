import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../assets/demo/listen.js';
import { httpRequest } from '../../src/probe/http.js';

export interface RunningNginx {
  /** the ports handed to the config, in order */
  ports: number[];
  /** nginx's prefix folder: put static files here (`root ${dir}/…`) */
  dir: string;
  stop(): Promise<void>;
}

export const freePort = freeLoopbackPort;

export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Debian's nginx in the foreground as one process (daemon off, master_process off), everything inside a temp
 * prefix. `http` renders the body of the http block from the free 127.0.0.1 ports and the prefix folder.
 */
export async function startNginx(
  portCount: number,
  http: (ports: number[], dir: string) => string,
  options: { faketime?: string } = {},
): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-nginx-'));
  for (const sub of ['logs', 'tmp']) mkdirSync(join(dir, sub));
  const ports = await Promise.all(Array.from({ length: portCount }, freePort));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `${name}_temp_path ${dir}/tmp/${name};`)
    .join('\n  ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;\nmaster_process off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log stderr warn;\nevents ` +
      `{ worker_connections 256; }\nhttp {\n  access_log ${dir}/logs/access.log;\n  ${temp}\n${http(ports, dir)}\n}\n`,
  );
  const args = ['-p', dir, '-c', 'nginx.conf', '-e', 'stderr'];
  // under libfaketime (`-30d`), nginx writes its logs as if it ran then: old logs written by a real nginx
  const child: ChildProcess = options.faketime
    ? spawn('faketime', ['-f', options.faketime, 'nginx', ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn('nginx', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; !(await accepts(ports[0])); attempt++) {
    if (child.exitCode !== null || attempt > 100) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    ports,
    dir,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An nginx server block answering every path 200 with a small JSON body, unlogged: the backend behind a limit. */
export const okBackend = (port: number): string => `  server {
    listen 127.0.0.1:${port};
    access_log off;
    location / { default_type application/json; return 200 '{"status":"ok"}'; }
  }`;

/** nginx's combined format plus the request time, the upstream's time and its address: what a gateway log carries. */
export const EXTENDED_LOG_FORMAT =
  `log_format extended '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent ` +
  `"$http_referer" "$http_user_agent" rt=$request_time urt="$upstream_response_time" ua="$upstream_addr"';`;

export interface RunningGateway extends RunningNginx {
  /** http://127.0.0.1:PORT */
  url: string;
}

/**
 * nginx as a plain-HTTP gateway on a free 127.0.0.1 port, writing every request in EXTENDED_LOG_FORMAT to
 * `logPath`, routed by these location blocks (`location /orders/ { proxy_pass http://127.0.0.1:PORT; }`).
 */
export async function startGateway(logPath: string, locations: string[]): Promise<RunningGateway> {
  const nginx = await startNginx(
    1,
    ([port]) => `
  ${EXTENDED_LOG_FORMAT}
  server {
    listen 127.0.0.1:${port};
    access_log ${logPath} extended;
    ${locations.join('\n    ')}
  }`,
  );
  return { ...nginx, url: `http://127.0.0.1:${nginx.ports[0]}` };
}

/** Calls each path through `url` `times` times (once by default), one call after another, as one client (its User-Agent). */
export async function callAs(
  url: string,
  agent: string,
  paths: string | string[],
  { times = 1, method = 'GET' }: { times?: number; method?: 'GET' | 'POST' } = {},
): Promise<void> {
  for (const path of typeof paths === 'string' ? [paths] : paths)
    for (let call = 0; call < times; call++)
      await httpRequest({ method, url: `${url}${path}`, headers: { 'user-agent': agent } });
}
