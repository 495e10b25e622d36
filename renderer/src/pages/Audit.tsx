import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { CATEGORIES, type Finding, type Status } from '../../../src/model/finding.js';
import type { RunDetail } from '../../../src/api/ops/audit.js';
import { SCORE_DEFINITION, SCORE_LABEL } from '../../../src/model/scores.js';
import { call } from '../api.js';
import { Drawer } from '../components/Drawer.js';
import { EvidenceView } from '../components/Evidence.js';
import { daysAhead, WaiverForm } from './estate/Waivers.js';
import { LoadChart, type LoadSeries } from './audit/LoadChart.js';
import { Segmented } from '../components/Segmented.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { StatusChip } from '../components/StatusChip.js';
import { VirtualTable } from '../components/VirtualTable.js';
import { formatDate, useApi, useApiEvents } from '../hooks.js';

interface SystemProgress {
  judged: number;
  gathered: number;
  gathering?: string;
  done: boolean;
  failed: number;
}

interface LiveRun {
  runId: string;
  checks: number;
  systems: Record<string, SystemProgress>;
  /** each load gatherer's seconds so far, in the order they started */
  load: LoadSeries[];
  finished: boolean;
}

const STATUSES: Status[] = ['fail', 'error', 'warn', 'pass', 'skip'];

export function AuditPage() {
  const client = useQueryClient();
  const runs = useApi('listRuns', { limit: 30 });
  const checks = useApi('listChecks', {});
  const estate = useApi('getEstate', {});
  const [selected, setSelected] = useState<string | undefined>();
  const detail = useApi('getRun', { runId: selected });
  const [live, setLive] = useState<LiveRun>();
  const [pickedSystems, setPickedSystems] = useState<string[]>([]);
  const [pickedChecks, setPickedChecks] = useState<string[]>([]);
  const [startError, setStartError] = useState<string>();
  const [open, setOpen] = useState<Finding>();
  const [choosing, setChoosing] = useState(false);

  useApiEvents((event) => {
    if (event.type !== 'audit') return;
    const audit = event.event;
    setLive((current) => {
      if (audit.type === 'run-started') {
        return {
          runId: audit.runId,
          checks: audit.checks.length,
          finished: false,
          load: [],
          systems: Object.fromEntries(
            audit.systems.map((id) => [id, { judged: 0, gathered: 0, done: false, failed: 0 }]),
          ),
        };
      }
      if (!current || current.runId !== audit.runId) return current;
      const systems = { ...current.systems };
      if (audit.type === 'gather-started')
        systems[audit.systemId] = { ...systems[audit.systemId], gathering: audit.artifact };
      if (audit.type === 'gather-finished')
        systems[audit.systemId] = { ...systems[audit.systemId], gathered: systems[audit.systemId].gathered + 1 };
      if (audit.type === 'finding') {
        const before = systems[audit.finding.systemId];
        systems[audit.finding.systemId] = {
          ...before,
          judged: before.judged + 1,
          failed: before.failed + (audit.finding.status === 'fail' || audit.finding.status === 'error' ? 1 : 0),
        };
      }
      let load = current.load;
      if (audit.type === 'gather-progress' && audit.load) {
        const point = audit.load;
        const index = load.findIndex(
          (series) => series.systemId === audit.systemId && series.artifact === audit.artifact,
        );
        load =
          index < 0
            ? [...load, { systemId: audit.systemId, artifact: audit.artifact, points: [point] }]
            : load.map((series, at) => (at === index ? { ...series, points: [...series.points, point] } : series));
      }
      if (audit.type === 'system-finished')
        systems[audit.systemId] = { ...systems[audit.systemId], done: true, gathering: undefined };
      return { ...current, systems, load, finished: audit.type === 'run-finished' };
    });
    if (audit.type === 'run-started') void client.invalidateQueries({ queryKey: ['listRuns'] });
    if (audit.type === 'run-finished') {
      setSelected(undefined);
      void client.invalidateQueries({ queryKey: ['getRun'] });
      void client.invalidateQueries({ queryKey: ['listRuns'] });
    }
  });

  const start = async () => {
    setStartError(undefined);
    setChoosing(false);
    try {
      await call('runAudit', {
        systems: pickedSystems.length ? pickedSystems : undefined,
        checks: pickedChecks.length ? pickedChecks : undefined,
      });
    } catch (error) {
      setStartError((error as Error).message);
    }
  };
  const running = live !== undefined && !live.finished;

  return (
    <div>
      <div className="page-head">
        <div>
          <h1>Audit</h1>
          <p className="muted">Go-live readiness, check by check, for every system of the estate.</p>
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            onClick={() => void start()}
            disabled={running || estate.data?.systems.length === 0}
          >
            {running
              ? 'Audit running…'
              : pickedSystems.length || pickedChecks.length
                ? 'Run chosen checks'
                : 'Run full audit'}
          </button>
        </div>
      </div>
      {startError && (
        <div className="banner error" role="alert">
          {startError}
        </div>
      )}

      <details
        className="card"
        open={choosing}
        onToggle={(event) => setChoosing((event.target as HTMLDetailsElement).open)}
      >
        <summary>
          <strong>Choose systems and checks</strong> <span className="muted">(default: everything)</span>
        </summary>
        <div className="grid-2" style={{ marginTop: 12 }}>
          <fieldset>
            <legend>Systems</legend>
            <div className="pick-list">
              {estate.data?.systems.map((system) => (
                <label key={system.id}>
                  <input
                    type="checkbox"
                    checked={pickedSystems.includes(system.id)}
                    onChange={(event) => setPickedSystems(toggle(pickedSystems, system.id, event.target.checked))}
                  />
                  {system.name}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>Checks</legend>
            <div className="pick-list">
              {checks.data?.map((check) => (
                <label key={check.id}>
                  <input
                    type="checkbox"
                    checked={pickedChecks.includes(check.id)}
                    onChange={(event) => setPickedChecks(toggle(pickedChecks, check.id, event.target.checked))}
                  />
                  {check.title}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      </details>

      {live && (
        <LiveProgress
          live={live}
          names={Object.fromEntries(estate.data?.systems.map((system) => [system.id, system.name]) ?? [])}
        />
      )}

      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 300px', gap: 16, marginTop: 16 }}>
        <div>
          {detail.isPending ? (
            <Loading what="the latest run" />
          ) : detail.isError ? (
            <ErrorState error={detail.error} retry={() => void detail.refetch()} />
          ) : detail.data === null && running ? (
            <div className="card">
              <Empty title="The first audit is running">
                <p>Findings appear here as soon as it finishes.</p>
              </Empty>
            </div>
          ) : detail.data === null ? (
            <div className="card">
              <Empty title="No audit yet">
                <p>
                  Run the first audit: Junction probes each system safely (GET, HEAD and OPTIONS only unless allowed)
                  and judges it against the checklist.
                </p>
              </Empty>
            </div>
          ) : (
            <RunView detail={detail.data} onOpen={setOpen} />
          )}
        </div>
        <aside>
          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title">Run history</h2>
            {runs.data?.length === 0 && <p className="muted">No runs yet.</p>}
            {runs.data?.map((run) => (
              <div className="history-item" key={run.id}>
                <button
                  type="button"
                  className="link"
                  onClick={() => setSelected(run.id)}
                  aria-current={(selected ?? detail.data?.run.id) === run.id ? 'true' : undefined}
                >
                  {formatDate(run.startedAt)}
                </button>
                <span className="toolbar">
                  {run.status !== 'finished' ? (
                    <StatusChip status="running" label={run.status} />
                  ) : (
                    <span className="muted">
                      {run.scores?.overall ?? '—'} · {run.counts.fail + run.counts.error} fail
                    </span>
                  )}
                </span>
              </div>
            ))}
          </section>
        </aside>
      </div>

      {open && (
        <Drawer
          title={open.title ?? open.checkId}
          subtitle={
            <span className="toolbar">
              <StatusChip status={open.status} /> {open.systemId} · {open.category}
            </span>
          }
          onClose={() => setOpen(undefined)}
        >
          <FindingDetail
            key={`${open.checkId}/${open.systemId}`}
            finding={open}
            description={detail.data?.checks[open.checkId]?.description}
          />
        </Drawer>
      )}
    </div>
  );
}

function toggle(list: string[], id: string, on: boolean): string[] {
  return on ? [...list, id] : list.filter((item) => item !== id);
}

function LiveProgress({ live, names }: { live: LiveRun; names: Record<string, string> }) {
  const entries = Object.entries(live.systems);
  const done = entries.filter(([, progress]) => progress.done).length;
  return (
    <section className="card" aria-labelledby="progress-title" style={{ marginTop: 16 }}>
      <h2 id="progress-title">
        {live.finished ? 'Audit finished' : 'Audit in progress'}{' '}
        <span className="muted">
          · {done} of {entries.length} systems
        </span>
      </h2>
      <div role="list" aria-live="polite">
        {entries.map(([id, progress]) => {
          // How many artifacts a system needs is not known up front: gathering fills the first half, judging the second.
          const share = progress.done
            ? 1
            : 0.05 +
              0.45 * (progress.gathered / (progress.gathered + 1)) +
              0.45 * (progress.judged / Math.max(1, live.checks));
          return (
            <div className="system-progress" role="listitem" key={id} data-system={id}>
              <strong>{names[id] ?? id}</strong>
              <div
                className="progress"
                role="progressbar"
                aria-label={`${names[id] ?? id} progress`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(share * 100)}
              >
                <div style={{ width: `${share * 100}%` }} />
              </div>
              <span className="muted" style={{ fontSize: 12 }}>
                {progress.done
                  ? progress.failed > 0
                    ? `done · ${progress.failed} fail`
                    : 'done'
                  : progress.gathering
                    ? `gathering ${progress.gathering}`
                    : 'judging…'}
              </span>
            </div>
          );
        })}
      </div>
      {live.load.map((series) => (
        <LoadChart
          key={`${series.systemId}/${series.artifact}`}
          series={series}
          systemName={names[series.systemId] ?? series.systemId}
        />
      ))}
    </section>
  );
}

function RunView({ detail, onOpen }: { detail: RunDetail; onOpen: (finding: Finding) => void }) {
  const [statusFilter, setStatusFilter] = useState<Status | 'all'>('all');
  const scores = detail.run.scores;
  const byCategory = useMemo(() => {
    const groups = new Map<string, Map<string, Finding[]>>();
    for (const finding of detail.findings) {
      const checks = groups.get(finding.category) ?? new Map<string, Finding[]>();
      groups.set(finding.category, checks);
      checks.set(finding.checkId, [...(checks.get(finding.checkId) ?? []), finding]);
    }
    return CATEGORIES.filter((category) => groups.has(category)).map((category) => ({
      category,
      checks: [...groups.get(category)!.entries()],
    }));
  }, [detail.findings]);
  const counts = Object.fromEntries(
    STATUSES.map((status) => [status, detail.findings.filter((finding) => finding.status === status).length]),
  ) as Record<Status, number>;
  const filtered =
    statusFilter === 'all' ? detail.findings : detail.findings.filter((finding) => finding.status === statusFilter);

  return (
    <div data-ready="audit">
      <div className="kpis">
        <div className="kpi">
          <div className="label" title={SCORE_DEFINITION}>
            {SCORE_LABEL}
          </div>
          <div className="value">{scores?.overall ?? '—'}</div>
        </div>
        {(['fail', 'warn', 'pass'] as const).map((status) => (
          <div className="kpi" key={status}>
            <div className="label">{status}</div>
            <div className="value">
              <StatusChip status={status} label={String(counts[status] + (status === 'fail' ? counts.error : 0))} />
            </div>
          </div>
        ))}
        <div className="kpi">
          <div className="label">Run</div>
          <div style={{ marginTop: 6 }}>{formatDate(detail.run.startedAt)}</div>
        </div>
      </div>

      {detail.previousRunId && (
        <section className="card" aria-labelledby="changes-title">
          <h2 id="changes-title">Changes since the previous run</h2>
          {detail.changes.length === 0 ? (
            <p className="muted">Nothing changed.</p>
          ) : (
            detail.changes.slice(0, 30).map((change) => (
              <div className="change" key={`${change.checkId}-${change.systemId}`}>
                <span className="mono">{change.checkId}</span> on <strong>{change.systemId}</strong>:
                {change.before === null ? <span className="muted">new</span> : <StatusChip status={change.before} />} →
                {change.after === null ? <span className="muted">gone</span> : <StatusChip status={change.after} />}
              </div>
            ))
          )}
        </section>
      )}

      <section className="card" aria-labelledby="checklist-title">
        <h2 id="checklist-title">Readiness checklist</h2>
        {byCategory.map(({ category, checks }) => {
          const score = scores?.categories[category];
          return (
            <div className="category" key={category}>
              <div className="category-head">
                <h3>{category}</h3>
                <span className="muted">score {score?.score ?? '—'}</span>
              </div>
              {checks.map(([checkId, findings]) => (
                <div className="check-row" key={checkId}>
                  <div>
                    <strong>{detail.checks[checkId]?.title ?? checkId}</strong>
                    <div className="muted mono" style={{ fontSize: 12 }}>
                      {checkId}
                    </div>
                  </div>
                  <div className="chips">
                    {findings.map((finding) => (
                      <StatusChip
                        key={finding.systemId}
                        status={finding.status}
                        label={`${finding.systemId}: ${finding.status}`}
                        title={finding.summary}
                        onClick={() => onOpen(finding)}
                      />
                    ))}
                  </div>
                </div>
              ))}
            </div>
          );
        })}
      </section>

      <section className="card" aria-labelledby="findings-title">
        <div className="page-head" style={{ marginBottom: 10 }}>
          <h2 id="findings-title" style={{ margin: 0 }}>
            All findings <span className="muted">({filtered.length})</span>
          </h2>
          <Segmented
            label="Filter findings by status"
            options={(['all', ...STATUSES] as const).map((status) => ({ value: status, label: status }))}
            value={statusFilter}
            onChange={setStatusFilter}
          />
        </div>
        <VirtualTable
          label="Findings"
          rows={filtered}
          rowKey={(finding) => `${finding.checkId}/${finding.systemId}`}
          height={400}
          columns={[
            {
              key: 'status',
              label: 'Status',
              width: '90px',
              render: (finding) => <StatusChip status={finding.status} />,
            },
            { key: 'system', label: 'System', width: '120px', render: (finding) => finding.systemId },
            {
              key: 'check',
              label: 'Check',
              width: 'minmax(140px, 1fr)',
              render: (finding) => <span className="mono">{finding.checkId}</span>,
            },
            {
              key: 'summary',
              label: 'Summary',
              width: 'minmax(200px, 2fr)',
              render: (finding) => (
                <button type="button" className="link" onClick={() => onOpen(finding)} title={finding.summary}>
                  {finding.summary}
                </button>
              ),
            },
          ]}
        />
      </section>
    </div>
  );
}

/** "Accept risk…": a waiver for this check and system, written into junction.yaml with the reason and owner. */
function AcceptRisk({ finding }: { finding: Finding }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string>();
  if (finding.status !== 'fail' && finding.status !== 'warn' && finding.status !== 'error') return null;
  return (
    <section aria-labelledby="accept-title">
      {done ? (
        <div className="banner ok" role="status">
          {done}
        </div>
      ) : open ? (
        <>
          <h3 id="accept-title">Accept this risk</h3>
          <WaiverForm
            idPrefix="accept"
            initial={{ check: finding.checkId, system: finding.systemId, expires: daysAhead(90) }}
            onDone={setDone}
          />
        </>
      ) : (
        <button type="button" id="accept-title" onClick={() => setOpen(true)}>
          Accept risk…
        </button>
      )}
    </section>
  );
}

function FindingDetail({ finding, description }: { finding: Finding; description?: string }) {
  return (
    <div className="stack">
      <p style={{ fontSize: 15 }}>{finding.summary}</p>
      {finding.basis && (
        <p className="muted small">
          {finding.basis === 'inferred'
            ? 'Inferred from headers, a spec or configuration: the behaviour itself was not exercised.'
            : finding.basis === 'attested'
              ? 'Attested by a person in junction.yaml, not measured.'
              : 'Observed: Junction exercised the system and saw this.'}
        </p>
      )}
      <AcceptRisk finding={finding} />
      {finding.remediation && (
        <section aria-labelledby="fix-title">
          <h3 id="fix-title">How to fix</h3>
          <p>{finding.remediation}</p>
        </section>
      )}
      <section aria-labelledby="evidence-title">
        <h3 id="evidence-title">Evidence</h3>
        {finding.evidence.length === 0 ? (
          <p className="muted">No evidence recorded.</p>
        ) : (
          finding.evidence.map((evidence, index) => <EvidenceView key={index} evidence={evidence} />)
        )}
      </section>
      {description && (
        <section aria-labelledby="about-title">
          <h3 id="about-title">About this check</h3>
          <p className="muted">{description}</p>
        </section>
      )}
      {finding.references && finding.references.length > 0 && (
        <section aria-labelledby="refs-title">
          <h3 id="refs-title">References</h3>
          <ul>
            {finding.references.map((reference) => (
              <li key={reference.url}>
                <a href={reference.url} target="_blank" rel="noreferrer noopener">
                  {reference.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
