import type { SpecChange, SpecDiffResult } from '../model/artifacts/spec.js';

const where = (place: SpecChange['old']) =>
  place ? `${place.pointer || '/'}${place.line ? `:${place.line}` : ''}` : '';

/** Plain text: breaking changes first, each with its place in the old and the new document. */
export function diffText(diff: SpecDiffResult): string {
  const lines = [
    `${diff.breaking} breaking change${diff.breaking === 1 ? '' : 's'}, ${diff.changes.length - diff.breaking} ` +
      `other${diff.changes.length - diff.breaking === 1 ? '' : 's'}`,
  ];
  for (const change of diff.changes) {
    lines.push(`${change.breaking ? 'BREAKING' : 'change  '} ${change.id}: ${change.message}`);
    if (change.old) lines.push(`         old ${where(change.old)}`);
    if (change.new) lines.push(`         new ${where(change.new)}`);
  }
  return lines.join('\n') + '\n';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function diffMarkdown(diff: SpecDiffResult): string {
  const rows = diff.changes.map(
    (change) =>
      `| ${change.breaking ? '**breaking**' : 'non-breaking'} | \`${change.id}\` | ${cell(change.message)} ` +
      `| ${change.old ? `\`${cell(where(change.old))}\`` : ''} | ${change.new ? `\`${cell(where(change.new))}\`` : ''} ` +
      `|`,
  );
  return [
    `## API changes: ${diff.breaking} breaking, ${diff.changes.length - diff.breaking} non-breaking`,
    '',
    '| | Rule | Change | Old | New |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
