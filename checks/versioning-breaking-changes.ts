import type { SpecChange, SpecDocumentSummary } from '../src/model/artifacts/spec.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { table } from './lib/evidence.js';
import { writtenAt } from './lib/spec.js';

const major = (version: string) => /^v?(\d+)\./.exec(version.trim())?.[1];

/** Where a change is: in the current spec, or in the previous one for what only it has (a removal). */
type Sources = { current: SpecDocumentSummary; previous: SpecDocumentSummary };
const changedAt = (change: SpecChange, sources: Sources) =>
  change.new ? writtenAt(sources.current, change.new) : change.old ? writtenAt(sources.previous, change.old) : {};

function changesTable(changes: readonly SpecChange[], title: string, sources: Sources, limit = 30): Evidence {
  return table(
    changes.length > limit ? `${title} (first ${limit} of ${changes.length})` : title,
    [
      { key: 'level', label: 'Level', type: 'text' },
      { key: 'rule', label: 'Rule', type: 'code' },
      { key: 'message', label: 'Change', type: 'text' },
      { key: 'old', label: 'Old', type: 'code' },
      { key: 'new', label: 'New', type: 'code' },
    ],
    changes.slice(0, limit).map((change) => ({
      level: change.level ?? (change.breaking ? 'ERR' : 'INFO'),
      rule: change.ignored === undefined ? change.id : `${change.id} (ignored: ${change.ignored})`,
      message: change.message,
      old: change.old ? `${change.old.pointer}${change.old.line ? `:${change.old.line}` : ''}` : null,
      new: change.new ? `${change.new.pointer}${change.new.line ? `:${change.new.line}` : ''}` : null,
      ...changedAt(change, sources),
    })),
  );
}

export const versioningBreakingChanges = defineCheck({
  id: 'versioning.breaking-changes',
  category: 'Versioning',
  basis: 'inferred',
  title: 'No breaking changes without a new major version',
  failureTitle: 'The spec breaks existing clients',
  description:
    'The current spec is compared with the previous one (systems[].specPrevious): removed operations, ' +
    'new required inputs, narrowed request or widened response values, removed response properties, ' +
    'changed security. Breaking changes belong in a new major version that runs beside the old one. ' +
    'Learn more: https://www.oasdiff.com/docs/breaking-changes',
  requires: ['spec'],
  appliesTo: (system) =>
    system.spec && system.specPrevious ? true : 'no previous spec to compare with (systems[].specPrevious)',
  judge({ spec }) {
    const references = [
      { title: 'oasdiff: breaking changes', url: 'https://www.oasdiff.com/docs/breaking-changes' },
      { title: 'Semantic Versioning 2.0.0', url: 'https://semver.org/' },
    ];
    const previous = spec.previous;
    if (!previous) return { status: 'error', summary: 'The previous spec was not read', evidence: [] };
    if ('error' in previous)
      return {
        status: 'error',
        summary: `The previous spec ${previous.source} cannot be read: ${previous.error}`,
        evidence: [],
      };
    const sources = { current: spec, previous };
    const breaking = previous.diff.changes.filter((change) => change.breaking);
    const other = previous.diff.changes.filter((change) => !change.breaking);
    const evidence: Evidence[] = [
      {
        kind: 'list',
        title: 'Compared',
        items: [
          { label: 'Previous', value: `${previous.source} (${previous.version})` },
          { label: 'Current', value: `${spec.source} (${spec.version})` },
          { label: 'Breaking changes', value: breaking.length },
          { label: 'Other changes', value: other.length },
        ],
      },
    ];
    if (breaking.length > 0) evidence.push(changesTable(breaking, 'Breaking changes', sources));
    if (other.length > 0) evidence.push(changesTable(other, 'Non-breaking changes', sources, 10));
    if (breaking.length === 0) {
      return {
        status: 'pass',
        summary: `No breaking change from ${previous.version} to ${spec.version} (${other.length} compatible change${other.length === 1 ? '' : 's'})`,
        evidence,
        references,
      };
    }
    const bumped =
      major(previous.version) !== undefined &&
      major(spec.version) !== undefined &&
      major(previous.version) !== major(spec.version);
    const first = breaking[0].message;
    if (bumped) {
      return {
        status: 'warn',
        summary:
          `${breaking.length} breaking change${breaking.length === 1 ? '' : 's'} in a new major ` +
          `version (${previous.version} → ${spec.version}); first: ${first}`,
        evidence,
        remediation:
          'Keep the previous major version running until its clients have moved, and announce its sunset (Deprecation and Sunset headers).',
        references,
      };
    }
    return {
      status: 'fail',
      summary:
        `${breaking.length} breaking change${breaking.length === 1 ? '' : 's'} while info.version ` +
        `goes ${previous.version} → ${spec.version}; first: ${first}`,
      evidence,
      remediation:
        'Revert the breaking changes, or publish them as a new major version beside the current one (and ' +
        'bump info.version). `junction spec diff` lists each change with its location.',
      references,
    };
  },
});
