import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import type { SystemSummary } from '../../../src/api/ops/estate.js';
import { Drawer } from '../components/Drawer.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { StatusChip } from '../components/StatusChip.js';
import { VirtualTable, type Column } from '../components/VirtualTable.js';
import { formatDate, useApi } from '../hooks.js';
import { CredentialsCard } from './estate/Credentials.js';
import { AttestationsCard, WaiversCard } from './estate/Waivers.js';

const SystemForm = lazy(() => import('./estate/SystemForm.js').then((module) => ({ default: module.SystemForm })));

const COLUMNS = (edit: (id: string) => void): Column<SystemSummary>[] => [
  {
    key: 'name',
    label: 'System',
    width: 'minmax(180px, 1.4fr)',
    render: (system) => (
      <span>
        <strong>{system.name}</strong> <span className="muted mono">{system.id}</span>
      </span>
    ),
  },
  {
    key: 'url',
    label: 'Address',
    width: 'minmax(180px, 1.5fr)',
    render: (system) =>
      system.broker ? (
        <span
          title={`${system.broker.kind} management API; clients connect to ${system.broker.amqpUrl ?? '(amqpUrl not set)'}`}
        >
          <span className="mono">{system.address}</span> <span className="muted">({system.broker.kind})</span>
        </span>
      ) : (
        <span className="mono">{system.address}</span>
      ),
  },
  {
    key: 'owner',
    label: 'Owner',
    width: 'minmax(90px, 0.8fr)',
    render: (system) => system.owner ?? <span className="muted">—</span>,
  },
  {
    key: 'spec',
    label: 'Spec',
    width: 'minmax(90px, 0.7fr)',
    render: (system) =>
      system.spec ? system.specVersion ? `v${system.specVersion}` : 'present' : <span className="muted">none</span>,
  },
  {
    key: 'audit',
    label: 'Last audit',
    width: 'minmax(190px, 1.2fr)',
    render: (system) =>
      system.lastAudit ? (
        <span className="toolbar" title={`audited ${formatDate(system.lastAudit.at)}`}>
          <StatusChip status={system.lastAudit.worst} />
          <span className="muted">
            {system.lastAudit.counts.pass} pass · {system.lastAudit.counts.fail + system.lastAudit.counts.error} fail
          </span>
        </span>
      ) : (
        <StatusChip status="none" label="not audited" />
      ),
  },
  {
    key: 'edit',
    label: 'Actions',
    width: '90px',
    render: (system) => (
      <button type="button" onClick={() => edit(system.id)} aria-label={`Edit ${system.name}`}>
        Edit
      </button>
    ),
  },
];

export function EstatePage() {
  const estate = useApi('getEstate', {});
  const client = useQueryClient();
  const [editing, setEditing] = useState<string | undefined>(); // a system id, or 'new'
  const [filter, setFilter] = useState('');

  if (estate.isPending) return <Loading what="the estate" />;
  if (estate.isError) return <ErrorState error={estate.error} retry={() => void estate.refetch()} />;
  const data = estate.data;
  const needle = filter.trim().toLowerCase();
  const systems = needle
    ? data.systems.filter((system) =>
        [system.id, system.name, system.owner ?? '', system.address].some((text) =>
          text.toLowerCase().includes(needle),
        ),
      )
    : data.systems;

  return (
    <div data-ready="estate">
      <div className="page-head">
        <div>
          <h1>Estate</h1>
          <p className="muted">
            {data.name} · {data.systems.length} systems · {data.flows.length} declared flows · {data.monitors.length}{' '}
            monitors
          </p>
        </div>
        <div className="toolbar">
          <label className="sr-only" htmlFor="system-filter">
            Filter systems
          </label>
          <input
            id="system-filter"
            type="search"
            placeholder="Filter systems…"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            + Add system
          </button>
        </div>
      </div>

      {data.systems.length === 0 ? (
        <div className="card">
          <Empty title="No systems yet">
            <p>
              Add the first system this estate integrates with: its base URL is all Junction needs to start auditing.
            </p>
            <button type="button" className="primary" onClick={() => setEditing('new')}>
              + Add system
            </button>
          </Empty>
        </div>
      ) : systems.length === 0 ? (
        <div className="card">
          <Empty title="No system matches the filter" />
        </div>
      ) : (
        <VirtualTable label="Systems" rows={systems} columns={COLUMNS(setEditing)} rowKey={(system) => system.id} />
      )}

      <div className="grid-2" style={{ marginTop: 16 }}>
        <CredentialsCard />
        <section className="card" aria-labelledby="flows-monitors">
          <h2 id="flows-monitors">Declared flows, monitors and log sources</h2>
          {data.flows.length + data.monitors.length + data.logSources.length === 0 ? (
            <p className="muted">None declared in junction.yaml yet.</p>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {data.flows.slice(0, 50).map((flow) => (
                  <tr key={`f-${flow.from}-${flow.to}-${flow.protocol}`}>
                    <td className="nowrap">Flow</td>
                    <td>
                      <span className="mono">
                        {flow.from} → {flow.to}
                      </span>{' '}
                      <span className="muted">
                        {flow.protocol}
                        {flow.description ? ` · ${flow.description}` : ''}
                      </span>
                    </td>
                  </tr>
                ))}
                {data.monitors.map((monitor) => (
                  <tr key={`m-${monitor.id}`}>
                    <td className="nowrap">Monitor</td>
                    <td>
                      <span className="mono">
                        {monitor.system} {monitor.path}
                      </span>{' '}
                      <span className="muted">every {Math.round(monitor.intervalMs / 1000)} s</span>
                    </td>
                  </tr>
                ))}
                {data.logSources.map((source) => (
                  <tr key={`l-${source.id}`}>
                    <td className="nowrap">Log source</td>
                    <td>
                      <span className="mono">{source.id}</span>{' '}
                      <span className="muted">
                        {source.type} · {source.path ?? source.url}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data.flows.length > 50 && (
            <p className="muted">…and {data.flows.length - 50} more flows (see the Flows page).</p>
          )}
        </section>
      </div>

      <div className="stack" style={{ marginTop: 16 }}>
        <WaiversCard />
        {data.systems.length > 0 && <AttestationsCard systems={data.systems} />}
      </div>

      {editing && (
        <Drawer
          title={editing === 'new' ? 'Add a system' : `Edit ${editing}`}
          subtitle={`Saved to ${data.file}, comments kept`}
          onClose={() => setEditing(undefined)}
        >
          <Suspense fallback={<Loading what="the form" />}>
            <SystemForm
              systemId={editing === 'new' ? undefined : editing}
              onSaved={() => {
                void client.invalidateQueries();
                setEditing(undefined);
              }}
            />
          </Suspense>
        </Drawer>
      )}
    </div>
  );
}
