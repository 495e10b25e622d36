import { spawn } from 'node:child_process';
import { createApiContext } from '../../api/context.js';
import { startLiveMonitoring } from '../../api/live-monitoring.js';
import { startSpanSettling } from '../../flows/otlp-receiver.js';
import { startHost, type RunningHost } from '../../server/server.js';
import { ensureRendererBuilt } from '../../server/renderer-build.js';
import { hostRoutes } from '../../server/routes.js';
import { loadedOtlpSpecs } from '../../server/otlp-specs.js';
import { UsageError } from '../../util/usage-error.js';
import { EXIT } from '../errors.js';
import { outsideFiles } from '../outside-files.js';

export interface ServeOptions {
  port?: string;
  open?: boolean;
  /** false with --no-monitor */
  monitor?: boolean;
  allowOutsideWorkspace?: boolean;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port takes 0 to 65535 (got "${value}")`);
  return port;
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () =>
    process.stderr.write(`junction: could not open a browser (${command}); open the URL above\n`),
  );
  child.unref();
}

/** Serves the workspace in `dir` until SIGINT or SIGTERM; the URL with its token is printed alone on a line. */
export async function serveUntilSignal(dir: string, options: ServeOptions): Promise<number> {
  const port = parsePort(options.port);
  const ctx = createApiContext(dir, { outsideFiles: outsideFiles(options) });
  let host: RunningHost;
  try {
    await ensureRendererBuilt((message) => process.stderr.write(`junction: ${message}\n`)).catch((error: Error) => {
      throw new UsageError(error.message);
    });
    host = await startHost({ ctx, port, routes: hostRoutes() });
  } catch (error) {
    ctx.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError(`port ${options.port} is already in use`);
    throw error;
  }
  // the specs the receiver read, once it has: settling alone never reads a spec (nor fetches a remote one)
  const settling = startSpanSettling(() => ({
    store: ctx.store,
    estate: ctx.workspace.estate,
    specs: loadedOtlpSpecs(ctx.workspace),
  }));
  const monitoring =
    options.monitor !== false && ctx.workspace.estate.monitors.length > 0 ? startLiveMonitoring(ctx) : undefined;
  process.stdout.write(
    `Junction UI for ${ctx.dir}${monitoring ? ', monitors running' : ''} (Ctrl-C to stop):\n${host.url}\n`,
  );
  if (options.open) openBrowser(host.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await monitoring?.stop();
  await host.close();
  settling.stop();
  ctx.close();
  return EXIT.ok;
}
