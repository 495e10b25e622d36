import { startDemoEstate } from '../../../assets/demo/estate.js';
import { EXIT } from '../errors.js';
import { auditCommand } from './audit.js';
import { flowsImportCommand } from './flows.js';
import { monitorCommand } from './monitor.js';

export interface DemoOptions {
  dir?: string;
  format?: string;
  out?: string;
  json?: boolean;
  serve?: boolean;
  port?: string;
  /** false with --no-broker; otherwise the demo has a broker when RabbitMQ is installed */
  broker?: boolean;
}

/** Starts the demo estate, audits it, prints the findings and stops every service. */
export async function demoCommand(options: DemoOptions): Promise<number> {
  const demo = await startDemoEstate({ dir: options.dir, broker: options.broker !== false });
  const stopOnSignal = () => void demo.stop().then(() => process.exit(130));
  process.once('SIGTERM', stopOnSignal);
  try {
    if (!options.json) {
      process.stdout.write(`Demo estate in ${demo.dir}\n`);
      for (const [id, service] of Object.entries(demo.services))
        process.stdout.write(`  ${id.padEnd(9)} ${service.baseUrl}\n`);
      if (demo.broker)
        process.stdout.write(`  ${demo.broker.system.id} ${demo.broker.rabbit.managementUrl} (RabbitMQ)\n`);
    }
    if (demo.brokerAbsence) process.stderr.write(`junction demo: ${demo.brokerAbsence}\n`);
    // The services talk to each other; their access log and traces are imported and the monitors run a few rounds,
    // so the audit has flows (an undocumented and a silent one among them) and monitors with history to judge.
    await demo.traffic();
    await flowsImportCommand(demo.dir, { quiet: Boolean(options.json) });
    await monitorCommand(demo.dir, {
      rounds: '3',
      concurrency: '4',
      batchSize: '100',
      flushMs: '1000',
      quiet: Boolean(options.json),
    });
    await auditCommand(demo.dir, { format: options.format, out: options.out, json: options.json, failOn: 'never' });
    // The server and its renderer files are loaded only when asked for.
    if (options.serve) return await (await import('./serve.js')).serveUntilSignal(demo.dir, { port: options.port });
    return EXIT.ok;
  } finally {
    process.off('SIGTERM', stopOnSignal);
    await demo.stop();
  }
}
