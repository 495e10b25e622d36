import type { Command } from 'commander';
import type { OutsideFiles } from '../estate/workspace.js';

/** The flag of every command that reads files the estate names (specs, CA files, logs). */
export function allowOutsideOption(command: Command): Command {
  return command.option(
    '--allow-outside-workspace',
    'read files the estate names by an absolute path outside the workspace folder',
  );
}

export const outsideFiles = (options: { allowOutsideWorkspace?: boolean }): OutsideFiles =>
  options.allowOutsideWorkspace ? 'allow' : 'refuse';
