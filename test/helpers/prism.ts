import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../assets/demo/listen.js';

const PRISM = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url));

export interface RunningPrism {
  baseUrl: string;
  stop(): void;
}

/** Stoplight Prism mocking `spec` (a file; its $refs resolved by Prism itself) on a free 127.0.0.1 port. */
export async function startPrism(spec: string, readyPath: string, timeoutMs = 30_000): Promise<RunningPrism> {
  const port = await freeLoopbackPort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), spec], { stdio: 'ignore' });
  const stop = () => void child.kill('SIGTERM');
  try {
    await waitForHttp(`${baseUrl}${readyPath}`, child, timeoutMs);
  } catch (error) {
    stop();
    throw error;
  }
  return { baseUrl, stop };
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
