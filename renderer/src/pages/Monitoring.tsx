import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MonitorInfo, MonitorSeries } from '../../../src/api/ops/monitor.js';
import { Segmented } from '../components/Segmented.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { StatusChip } from '../components/StatusChip.js';
import { formatMs, useApi, useApiEvents } from '../hooks.js';
import { AlertHistory, OpenAlerts } from './monitoring/Alerts.js';
import { formatAvailability } from './monitoring/availability.js';
import { axis, labelFormatter, measuredPoints, timeAxis, tooltipStyle } from '../components/chart.js';
import { QueuePanel } from './monitoring/QueuePanel.js';

const HOUR = 3600_000;
const RANGES = [
  { label: '1 h', value: HOUR },
  { label: '6 h', value: 6 * HOUR },
  { label: '24 h', value: 24 * HOUR },
  { label: '7 d', value: 7 * 24 * HOUR },
  { label: '30 d', value: 30 * 24 * HOUR },
  { label: '90 d', value: 90 * 24 * HOUR },
];

const PHASES = [
  { key: 'dns', label: 'DNS', color: 'var(--phase-dns)' },
  { key: 'connect', label: 'Connect', color: 'var(--phase-connect)' },
  { key: 'tls', label: 'TLS', color: 'var(--phase-tls)' },
  { key: 'firstByte', label: 'First byte', color: 'var(--phase-first-byte)' },
] as const;

const LEGEND_ORDER = [...PHASES.map((phase) => phase.label), 'mean total (hourly rollup)', 'p95 total'];

export function MonitoringPage() {
  const monitors = useApi('listMonitors', {});
  // The choice survives a visit to another page.
  const [chosen, setChosen] = useState<string | null>(() => sessionStorage.getItem('junction-monitor'));
  const [range, setRange] = useState(() => Number(sessionStorage.getItem('junction-range')) || HOUR);
  const choose = (id: string) => {
    sessionStorage.setItem('junction-monitor', id);
    setChosen(id);
  };
  const chooseRange = (ms: number) => {
    sessionStorage.setItem('junction-range', String(ms));
    setRange(ms);
  };
  const monitor = monitors.data?.find((candidate) => candidate.id === chosen) ?? monitors.data?.[0];
  const monitorId = monitor?.id;
  const openAlerts = useApi('listAlerts', {});
  const labelOf = (id: string) => {
    const found = monitors.data?.find((candidate) => candidate.id === id);
    return found && `${found.systemName} ${found.path}`;
  };

  if (monitors.isPending) return <Loading what="monitors" />;
  if (monitors.isError) return <ErrorState error={monitors.error} retry={() => void monitors.refetch()} />;
  return (
    <div>
      <div className="page-head">
        <div>
          <h1>Monitoring</h1>
          <p className="muted">Latency by phase, errors and availability of each monitor, live.</p>
        </div>
        <div className="toolbar">
          {monitors.data.length > 0 && (
            <>
              <label htmlFor="monitor-pick">Monitor</label>
              <select id="monitor-pick" value={monitorId} onChange={(event) => choose(event.target.value)}>
                {monitors.data.map((monitor) => (
                  <option key={monitor.id} value={monitor.id}>
                    {monitor.systemName} {monitor.path}
                  </option>
                ))}
              </select>
            </>
          )}
          <Segmented label="Time range" options={RANGES} value={range} onChange={chooseRange} />
        </div>
      </div>
      <OpenAlerts alerts={openAlerts.data?.open ?? []} shown={monitorId} monitorLabel={labelOf} onShow={choose} />
      {monitors.data.length === 0 || !monitorId || !monitor ? (
        <div className="card">
          <Empty title="No monitors yet">
            <p>
              Add monitors to junction.yaml (
              <code>
                monitors: [{'{'} system: orders, path: /health, interval: 30s {'}'}]
              </code>
              ) and run <code>junction monitor</code>.
            </p>
          </Empty>
        </div>
      ) : (
        <>
          <MonitorCharts monitor={monitor} rangeMs={range} />
          {monitor.queues !== undefined && <QueuePanel monitor={monitor} rangeMs={range} />}
          <MonitorAlerts monitor={monitor} />
        </>
      )}
    </div>
  );
}

/** The monitor's alert history, refetched when an alert is raised or cleared and as samples (and retries) go by. */
function MonitorAlerts({ monitor }: { monitor: MonitorInfo }) {
  const alerts = useApi('listAlerts', { monitorId: monitor.id });
  if (alerts.isPending) return <Loading what="the alert history" />;
  if (alerts.isError) return <ErrorState error={alerts.error} retry={() => void alerts.refetch()} />;
  return <AlertHistory alerts={alerts.data.history} webhooks={monitor.webhooks} />;
}

function MonitorCharts({ monitor, rangeMs }: { monitor: MonitorInfo; rangeMs: number }) {
  const monitorId = monitor.id;
  const client = useQueryClient();
  const series = useApi('getMonitorSeries', { monitorId, rangeMs });
  const lastRefresh = useRef(0);
  useApiEvents((event) => {
    if (event.type === 'alert') {
      void client.invalidateQueries({ queryKey: ['listAlerts'] });
      void client.invalidateQueries({ queryKey: ['listMonitors'] });
    }
    // New samples arrive every few seconds per monitor: refetch at most once every 2 s.
    if (
      event.type === 'monitor-sample' &&
      event.sample.monitorId === monitorId &&
      Date.now() - lastRefresh.current > 2_000
    ) {
      lastRefresh.current = Date.now();
      void client.invalidateQueries({ queryKey: ['getMonitorSeries', { monitorId }] });
      void client.invalidateQueries({ queryKey: ['getQueueSeries', { monitorId }] });
      // webhook retries land between samples: the history follows at the same pace
      void client.invalidateQueries({ queryKey: ['listAlerts'] });
      void client.invalidateQueries({ queryKey: ['listMonitors'] });
    }
  });
  if (series.isPending) return <Loading what="the series" />;
  if (series.isError) return <ErrorState error={series.error} retry={() => void series.refetch()} />;
  const data = series.data;
  if (data.points.length === 0) {
    return (
      <div className="card">
        <Empty title="No samples in this range">
          <p>
            Start the monitors (<code>junction monitor</code>) or pick a longer range.
          </p>
        </Empty>
      </div>
    );
  }
  return <Charts data={data} monitor={monitor} />;
}

/** Up or down by the newest check, with its status or error: what the monitor says now, whatever the range says. */
function NowKpi({ last }: { last: MonitorInfo['lastSample'] }) {
  return (
    <div className="kpi">
      <div className="label">Now</div>
      <div className="value">
        {last === undefined ? (
          '—'
        ) : (
          <StatusChip
            status={last.ok ? 'pass' : 'fail'}
            label={last.ok ? `up · ${last.status ?? ''}`.trim() : `down · ${last.status ?? 'no answer'}`}
            title={last.error}
          />
        )}
      </div>
      {last && (
        <div className="muted small">
          {new Date(last.t).toLocaleTimeString()}
          {!last.ok && last.error ? ` · ${last.error}` : ''}
        </div>
      )}
    </div>
  );
}

function Charts({ data, monitor }: { data: MonitorSeries; monitor: MonitorInfo }) {
  const long = data.until - data.from > 2 * 24 * HOUR;
  const points = data.points.map((point) => ({
    ...point,
    errorPct: point.errorRate * 100,
    availabilityPct: point.availability * 100,
  }));
  return (
    <div data-ready="monitoring">
      <div className="kpis">
        <NowKpi last={monitor.lastSample} />
        <div className="kpi">
          <div className="label">{data.phases ? 'p95 latency' : 'p95, worst hour'}</div>
          <div className="value">{formatMs(data.summary.p95)}</div>
        </div>
        <div className="kpi">
          <div className="label">Availability</div>
          <div className="value">{formatAvailability(data.summary.availability, data.summary.errors)}</div>
          <div className="muted small">
            {data.summary.errors} of {data.summary.count} checks failed
          </div>
        </div>
        <div className="kpi">
          <div className="label">Errors</div>
          <div className="value">
            <StatusChip status={data.summary.errors > 0 ? 'fail' : 'pass'} label={String(data.summary.errors)} />
          </div>
        </div>
        <div className="kpi">
          <div className="label">Samples</div>
          <div className="value">{data.summary.count}</div>
        </div>
      </div>
      <section className="card" aria-labelledby="latency-title">
        <h2 id="latency-title">{data.phases ? 'Latency by phase, with p95' : 'Latency, hourly, with p95'}</h2>
        <div style={{ height: 300 }} role="img" aria-label="Stacked latency by phase with the p95 line">
          <ResponsiveContainer>
            <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis {...timeAxis(long)} />
              <YAxis unit=" ms" width={70} {...axis} />
              <Tooltip
                contentStyle={tooltipStyle}
                labelFormatter={labelFormatter}
                formatter={(value) => formatMs(Number(value))}
              />
              <Legend itemSorter={(item) => LEGEND_ORDER.indexOf(String(item.value))} />
              {data.phases ? (
                PHASES.map((phase) => (
                  <Area
                    key={phase.key}
                    {...measuredPoints}
                    dataKey={phase.key}
                    name={phase.label}
                    stackId="phases"
                    stroke={phase.color}
                    fill={phase.color}
                    fillOpacity={0.85}
                  />
                ))
              ) : (
                <Area
                  {...measuredPoints}
                  dataKey="total"
                  name="mean total (hourly rollup)"
                  stroke="var(--phase-connect)"
                  fill="var(--phase-connect)"
                  fillOpacity={0.6}
                />
              )}
              <Line {...measuredPoints} dataKey="p95" name="p95 total" stroke="var(--p95)" strokeWidth={2} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </section>
      <div className="grid-2" style={{ marginTop: 16 }}>
        <section className="card" aria-labelledby="errors-title">
          <h2 id="errors-title">Error rate</h2>
          <div style={{ height: 200 }} role="img" aria-label="Error rate over time">
            <ResponsiveContainer>
              <AreaChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                <XAxis {...timeAxis(long)} />
                <YAxis unit="%" width={50} domain={[0, 'auto']} {...axis} />
                <Tooltip
                  contentStyle={tooltipStyle}
                  labelFormatter={labelFormatter}
                  formatter={(value) => `${Number(value).toFixed(1)}%`}
                />
                <Area {...measuredPoints} dataKey="errorPct" name="errors" stroke="var(--fail)" fill="var(--fail-bg)" />
              </AreaChart>
            </ResponsiveContainer>
          </div>
        </section>
        <section className="card" aria-labelledby="availability-title">
          <h2 id="availability-title">Availability</h2>
          <div style={{ height: 200 }} role="img" aria-label="Availability over time">
            <ResponsiveContainer>
              <AreaChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                <XAxis {...timeAxis(long)} />
                <YAxis unit="%" width={50} domain={[0, 100]} {...axis} />
                <Tooltip
                  contentStyle={tooltipStyle}
                  labelFormatter={labelFormatter}
                  formatter={(value) => `${Number(value).toFixed(2)}%`}
                />
                <Area
                  {...measuredPoints}
                  dataKey="availabilityPct"
                  name="availability"
                  stroke="var(--pass)"
                  fill="var(--pass-bg)"
                />
              </AreaChart>
            </ResponsiveContainer>
          </div>
        </section>
      </div>
    </div>
  );
}
