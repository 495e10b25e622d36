import type { FlowsArtifact } from '../src/model/artifacts/flows.js';
import { ENDPOINT_EVIDENCE } from '../src/model/artifacts/operations.js';
import type { SpecChange, SpecDocumentSummary } from '../src/model/artifacts/spec.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { changeReach, trafficForChanges, type ChangeReach } from './lib/change-consumers.js';
import { table, type Column } from './lib/evidence.js';
import { windowText } from './lib/flows.js';
import { consumersText, operationName, plural } from './lib/operations.js';
import { writtenAt } from './lib/spec.js';

const major = (version: string) => /^v?(\d+)\./.exec(version.trim())?.[1];

/** Where a change is: in the current spec, or in the previous one for what only it has (a removal). */
type Sources = { current: SpecDocumentSummary; previous: SpecDocumentSummary };
const changedAt = (change: SpecChange, sources: Sources) =>
  change.new ? writtenAt(sources.current, change.new) : change.old ? writtenAt(sources.previous, change.old) : {};

/** What a row says of who a change reaches: its callers, nobody (lower risk), or unknown and why. */
function reachText(reach: ChangeReach | undefined, flows: FlowsArtifact | undefined): string | null {
  if (!reach) return null;
  if (reach.kind === 'called')
    return (
      consumersText(reach.consumers, 5) +
      (reach.unnamed
        ? ` (and the callers of ${plural(reach.unnamed, 'more operation')} using the schema, not named)`
        : '')
    );
  if (reach.kind === 'uncalled') return `nobody over ${windowText(flows!)} (lower risk)`;
  return `unknown: ${reach.reason}`;
}

function changesTable(
  changes: readonly SpecChange[],
  title: string,
  sources: Sources,
  limit = 30,
  reach?: { of: (change: SpecChange) => ChangeReach | undefined; flows: FlowsArtifact | undefined },
): Evidence {
  const columns: Column<'level' | 'rule' | 'message' | 'operation' | 'calls' | 'consumers' | 'old' | 'new'>[] = [
    { key: 'level', label: 'Level', type: 'text' },
    { key: 'rule', label: 'Rule', type: 'code' },
    { key: 'message', label: 'Change', type: 'text' },
    { key: 'operation', label: 'Operation', type: 'code' },
    { key: 'calls', label: 'Calls', type: 'number' },
    { key: 'consumers', label: 'Consumers', type: 'text' },
    { key: 'old', label: 'Old', type: 'code' },
    { key: 'new', label: 'New', type: 'code' },
  ];
  const reachKeys = new Set(['operation', 'calls', 'consumers']);
  return table(
    changes.length > limit ? `${title} (first ${limit} of ${changes.length})` : title,
    reach ? columns : columns.filter((column) => !reachKeys.has(column.key)),
    changes.slice(0, limit).map((change) => {
      const reached = reach?.of(change);
      return {
        level: change.level ?? (change.breaking ? 'ERR' : 'INFO'),
        rule: change.ignored === undefined ? change.id : `${change.id} (ignored: ${change.ignored})`,
        message: change.message,
        operation: reach && change.operation ? operationName(change.operation) : null,
        calls: reached?.kind === 'called' ? reached.calls : reached?.kind === 'uncalled' ? 0 : null,
        consumers: reach ? reachText(reached, reach.flows) : null,
        old: change.old ? `${change.old.pointer}${change.old.line ? `:${change.old.line}` : ''}` : null,
        new: change.new ? `${change.new.pointer}${change.new.line ? `:${change.new.line}` : ''}` : null,
        ...changedAt(change, sources),
      };
    }),
    reach ? { id: ENDPOINT_EVIDENCE.breakingConsumers } : {},
  );
}

/** The consumers of every breaking change added up: who to tell before the version ships. */
function consumersTable(reaches: readonly ChangeReach[], systemId: string, flows: FlowsArtifact): Evidence {
  const calls = new Map<string, { calls: number; changes: number }>();
  for (const reach of reaches) {
    if (reach.kind !== 'called') continue;
    for (const consumer of reach.consumers) {
      const entry = calls.get(consumer.system) ?? { calls: 0, changes: 0 };
      entry.calls += consumer.count;
      entry.changes += 1;
      calls.set(consumer.system, entry);
    }
  }
  return table(
    `Consumers of ${systemId} that called an operation a breaking change affects, over ${windowText(flows)}`,
    [
      { key: 'consumer', label: 'Consumer', type: 'code' },
      { key: 'calls', label: 'Calls', type: 'number' },
      { key: 'changes', label: 'Breaking changes reaching it', type: 'number' },
    ],
    [...calls]
      .sort(([a, x], [b, y]) => y.calls - x.calls || a.localeCompare(b))
      .map(([consumer, entry]) => ({ consumer, calls: entry.calls, changes: entry.changes })),
  );
}

/**
 * Who the breaking changes reach, in a sentence for the summary: the consumers, how many changes touch operations
 * nobody called (lower risk), or why the consumers are unknown.
 */
function reachSummary(reaches: readonly ChangeReach[], flows: FlowsArtifact): string {
  const called = reaches.filter((reach) => reach.kind === 'called');
  const uncalled = reaches.filter((reach) => reach.kind === 'uncalled').length;
  const unknown = reaches.length - called.length - uncalled;
  const consumers = new Map<string, number>();
  for (const reach of called)
    for (const consumer of reach.consumers)
      consumers.set(consumer.system, (consumers.get(consumer.system) ?? 0) + consumer.count);
  const parts = [
    called.length > 0
      ? `${called.length} on operations called by ${consumersText(
          [...consumers]
            .map(([system, count]) => ({ system, count }))
            .sort((a, b) => b.count - a.count || a.system.localeCompare(b.system)),
        )}`
      : '',
    uncalled > 0
      ? `${uncalled} on ${uncalled === 1 ? 'an operation' : 'operations'} nobody called over ${windowText(flows)} (lower risk)`
      : '',
    unknown > 0 ? `${unknown} whose consumers are unknown` : '',
  ];
  return parts.filter(Boolean).join(', ');
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
  // who a breaking change reaches comes from the traffic; without it the changes are still judged
  uses: ['flows'],
  appliesTo: (system) =>
    system.spec && system.specPrevious ? true : 'no previous spec to compare with (systems[].specPrevious)',
  judge({ spec, flows }, system) {
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
    const found = trafficForChanges(flows, system.id);
    const known = [
      ...spec.operations,
      ...previous.diff.changes.flatMap((change) => (change.operation ? [change.operation] : [])),
    ];
    const reaches = new Map(
      'traffic' in found ? breaking.map((change) => [change, changeReach(found.traffic, change, known)]) : [],
    );
    const evidence: Evidence[] = [
      {
        kind: 'list',
        title: 'Compared',
        items: [
          { label: 'Previous', value: `${previous.source} (${previous.version})` },
          { label: 'Current', value: `${spec.source} (${spec.version})` },
          { label: 'Breaking changes', value: breaking.length },
          { label: 'Other changes', value: other.length },
          ...(breaking.length > 0
            ? [
                {
                  label: 'Consumers',
                  value:
                    'traffic' in found ? `named from the calls of ${windowText(flows!)}` : `unknown: ${found.unknown}`,
                },
              ]
            : []),
        ],
      },
    ];
    if (breaking.length > 0) {
      evidence.push(
        changesTable(breaking, 'Breaking changes', sources, 30, {
          of: (change) => ('traffic' in found ? reaches.get(change) : { kind: 'unknown', reason: found.unknown }),
          flows,
        }),
      );
      if ('traffic' in found && [...reaches.values()].some((reach) => reach.kind === 'called'))
        evidence.push(consumersTable([...reaches.values()], system.id, flows!));
    }
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
    const reach =
      'traffic' in found
        ? `; ${reachSummary([...reaches.values()], flows!)}`
        : '; consumers unknown: ' + found.unknown.replace(/^./, (letter) => letter.toLowerCase());
    const tell =
      'traffic' in found && [...reaches.values()].some((reached) => reached.kind === 'called')
        ? ' Tell the consumers listed before the version ships.'
        : '';
    if (bumped) {
      return {
        status: 'warn',
        summary:
          `${plural(breaking.length, 'breaking change')} in a new major ` +
          `version (${previous.version} → ${spec.version}); first: ${first}${reach}`,
        evidence,
        remediation:
          'Keep the previous major version running until its clients have moved, and announce its sunset ' +
          `(Deprecation and Sunset headers).${tell}`,
        references,
      };
    }
    // observed traffic and not one call to any operation a change touches: still breaking, but nobody is hurt yet
    const nobodyHurt = 'traffic' in found && [...reaches.values()].every((reached) => reached.kind === 'uncalled');
    return {
      status: nobodyHurt ? 'warn' : 'fail',
      summary:
        `${plural(breaking.length, 'breaking change')} while info.version ` +
        `goes ${previous.version} → ${spec.version}; first: ${first}${reach}`,
      evidence,
      remediation:
        (nobodyHurt
          ? `No consumer called the affected operations over ${windowText(flows!)}: lower risk, but a job that ` +
            'runs rarely needs a wider window (--window 30d) before that holds. '
          : '') +
        'Revert the breaking changes, or publish them as a new major version beside the current one (and ' +
        `bump info.version). \`junction spec diff\` lists each change with its location.${tell}`,
      references,
    };
  },
});
