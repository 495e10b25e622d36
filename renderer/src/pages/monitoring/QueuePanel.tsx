import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MonitorInfo, QueueSeries } from '../../../../src/api/ops/monitor.js';
import { ErrorState, Loading } from '../../components/States.js';
import { useApi } from '../../hooks.js';
import { axis, labelFormatter, timeAxis, tooltipStyle } from '../../components/chart.js';

/** Lines a depth chart can hold and still be read: the deepest queues of the range. */
const CHART_QUEUES = 8;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];

const rate = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)}/s`;
const age = (ms: number | undefined) =>
  ms === undefined ? '—' : ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;

/** The queues of a broker monitor: the newest reading against its thresholds, and depth over the range. */
export function QueuePanel({ monitor, rangeMs }: { monitor: MonitorInfo; rangeMs: number }) {
  const series = useApi('getQueueSeries', { monitorId: monitor.id, rangeMs });
  if (series.isPending) return <Loading what="the queues" />;
  if (series.isError) return <ErrorState error={series.error} retry={() => void series.refetch()} />;
  return <Queues data={series.data} thresholds={monitor.thresholds ?? {}} long={rangeMs > 2 * 24 * 3600_000} />;
}

function Queues({
  data,
  thresholds,
  long,
}: {
  data: QueueSeries;
  thresholds: NonNullable<MonitorInfo['thresholds']>;
  long: boolean;
}) {
  const deepest = new Map<string, number>();
  for (const point of data.points) deepest.set(point.queue, Math.max(deepest.get(point.queue) ?? 0, point.maxMessages));
  const charted = [...deepest.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, CHART_QUEUES)
    .map(([queue]) => queue);
  // one row per bucket, one column per charted queue: the shape recharts draws lines from
  const rows = new Map<number, Record<string, number>>();
  for (const point of data.points) {
    if (!charted.includes(point.queue)) continue;
    const row = rows.get(point.t) ?? { t: point.t };
    row[point.queue] = point.maxMessages;
    rows.set(point.t, row);
  }
  return (
    <div className="stack" style={{ marginTop: 16 }}>
      <section className="card" aria-labelledby="queues-title">
        <h2 id="queues-title">Queues, newest reading</h2>
        {data.latest.length === 0 ? (
          <p className="muted">No queue reading yet: start the monitors (junction monitor).</p>
        ) : (
          <table className="data" aria-labelledby="queues-title">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Messages</th>
                <th scope="col">Ready</th>
                <th scope="col">Unacked</th>
                <th scope="col">Consumers</th>
                <th scope="col">Publish</th>
                <th scope="col">Deliver</th>
                <th scope="col">Oldest</th>
              </tr>
            </thead>
            <tbody>
              {data.latest.map((queue) => (
                <tr key={queue.queue}>
                  <td className="mono">{queue.queue}</td>
                  <td>{queue.messages.toLocaleString()}</td>
                  <td>{queue.ready.toLocaleString()}</td>
                  <td>{queue.unacked.toLocaleString()}</td>
                  <td style={queue.consumers === 0 ? { color: 'var(--fail)', fontWeight: 600 } : undefined}>
                    {queue.consumers}
                  </td>
                  <td>{rate(queue.publishRate)}</td>
                  <td>{rate(queue.deliverRate)}</td>
                  <td>{age(queue.oldestAgeMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted" style={{ marginBottom: 0 }}>
          Alerts:{' '}
          {[
            thresholds.depth !== undefined ? `depth above ${thresholds.depth.toLocaleString()}` : '',
            thresholds.consumers !== undefined ? `${thresholds.consumers} consumers or fewer` : '',
            thresholds.age !== undefined ? `oldest message older than ${age(thresholds.age)}` : '',
          ]
            .filter(Boolean)
            .join(' · ') || 'none set (thresholds: depth, consumers, age)'}
        </p>
      </section>
      <section className="card" aria-labelledby="depth-title">
        <h2 id="depth-title">
          Queue depth{charted.length < deepest.size ? `, the ${CHART_QUEUES} deepest queues` : ''}
        </h2>
        <div style={{ height: 240 }} role="img" aria-label="Messages per queue over time">
          <ResponsiveContainer>
            <LineChart data={[...rows.values()]} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis {...timeAxis(long)} />
              <YAxis width={60} allowDecimals={false} {...axis} />
              <Tooltip contentStyle={tooltipStyle} labelFormatter={labelFormatter} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {charted.map((queue, index) => (
                <Line
                  key={queue}
                  dataKey={queue}
                  name={queue}
                  stroke={COLORS[index % COLORS.length]}
                  dot={rows.size < 3}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      </section>
    </div>
  );
}
