import type { Command } from 'commander';
import type { Run } from '../errors.js';
import type { DemoOptions } from '../actions/demo.js';

export function registerDemo(program: Command, run: Run): void {
  program
    .command('demo')
    .description('start the built-in demo estate on 127.0.0.1, audit it and print the findings')
    .option('--dir <dir>', 'write the demo workspace here (default: a new temp folder)')
    .option('--format <formats>', 'also write reports: json, md, junit, html, sarif, pdf')
    .option('--out <dir>', 'folder for the reports', 'junction-report')
    .option('--json', 'print the JSON report on stdout')
    .option('--serve', 'then serve the UI on the audited demo estate until Ctrl-C')
    .option('--port <n>', 'with --serve: port to listen on (default: a free one)')
    .option('--no-broker', 'leave out the RabbitMQ broker the demo adds when rabbitmq-server is installed')
    .action((options: DemoOptions) => run(import('../actions/demo.js').then((action) => action.demoCommand(options))));
}
