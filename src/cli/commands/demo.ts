import type { Command } from 'commander';
import { startDemoEstate } from '../../../assets/demo/estate.js';
import { EXIT } from '../errors.js';
import { auditCommand } from './audit.js';

interface DemoOptions {
  dir?: string;
  format?: string;
  out?: string;
  json?: boolean;
}

/** Starts the demo estate, audits it, prints the findings and stops every service. */
export async function demoCommand(options: DemoOptions): Promise<number> {
  const demo = await startDemoEstate({ dir: options.dir });
  const stopOnSignal = () => void demo.stop().then(() => process.exit(130));
  process.once('SIGTERM', stopOnSignal);
  try {
    if (!options.json) {
      process.stdout.write(`Demo estate in ${demo.dir}\n`);
      for (const [id, service] of Object.entries(demo.services)) process.stdout.write(`  ${id.padEnd(9)} ${service.baseUrl}\n`);
    }
    await auditCommand(demo.dir, { format: options.format, out: options.out, json: options.json, failOn: 'never' });
    return EXIT.ok;
  } finally {
    process.off('SIGTERM', stopOnSignal);
    await demo.stop();
  }
}

export function registerDemo(program: Command, run: (code: Promise<number>) => void): void {
  program
    .command('demo')
    .description('start the built-in demo estate on 127.0.0.1, audit it and print the findings')
    .option('--dir <dir>', 'write the demo workspace here (default: a new temp folder)')
    .option('--format <formats>', 'also write reports: json, md, junit')
    .option('--out <dir>', 'folder for the reports', 'junction-report')
    .option('--json', 'print the JSON report on stdout')
    .action((options: DemoOptions) => run(demoCommand(options)));
}
