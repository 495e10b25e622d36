import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { accepts, freePort } from './nginx.js';

export interface RunningOpensslServer {
  port: number;
  stop(): Promise<void>;
}

/** `openssl s_server` on a free 127.0.0.1 port with the given certificate and extra flags (e.g. -tls1 -cipher …). */
export async function startOpensslServer(
  certPath: string,
  keyPath: string,
  flags: string[],
): Promise<RunningOpensslServer> {
  const port = await freePort();
  // stdin stays an open pipe: s_server reads commands from it and would quit at end of input.
  const child = spawn(
    'openssl',
    ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', certPath, '-key', keyPath, '-quiet', ...flags],
    {
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; !(await accepts(port)); attempt++) {
    if (child.exitCode !== null || attempt > 100) {
      child.kill('SIGKILL');
      throw new Error(`openssl s_server did not start: ${stderr}`);
    }
    await sleep(20);
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
