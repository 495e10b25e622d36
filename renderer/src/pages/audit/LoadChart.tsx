import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LoadProgressPoint } from '../../../../src/model/load.js';
import { axis, measuredPoints, tooltipStyle } from '../../components/chart.js';
import { formatMs } from '../../hooks.js';

/** The seconds of one load gatherer (spike or burst) of one system, as they arrive. */
export interface LoadSeries {
  systemId: string;
  artifact: string;
  points: LoadProgressPoint[];
}

/** Where each step begins on the chart's clock: the end of the step before it (0 for the first). */
function stepStarts(points: LoadProgressPoint[]): { t: number; label: string }[] {
  const starts: { t: number; label: string }[] = [];
  points.forEach((point, index) => {
    if (index > 0 && points[index - 1].step === point.step) return;
    const label = point.targetRps === null ? point.step : `${point.step} · ${point.targetRps} rps`;
    starts.push({ t: index === 0 ? 0 : points[index - 1].atMs / 1000, label });
  });
  return starts;
}

/**
 * A running load step drawn second by second: requests sent, errors and 429s per second on the left axis, p99 on the
 * right, the step's target as a dashed line, and where each step begins. Every point is a measured second.
 */
export function LoadChart({ series, systemName }: { series: LoadSeries; systemName: string }) {
  const data = series.points.map((point) => ({ ...point, t: point.atMs / 1000 }));
  const latest = series.points.at(-1);
  const limited = series.points.some((point) => point.limitedPerSecond > 0);
  const title = `${systemName}: ${series.artifact} load, per second`;
  return (
    <figure className="load-chart" data-system={series.systemId} data-artifact={series.artifact}>
      <figcaption>
        <strong>{title}</strong>
        {latest && (
          <span className="muted small" aria-live="polite">
            {' '}
            · {latest.step}, {(latest.atMs / 1000).toFixed(1)} s: {latest.sentPerSecond} sent/s
            {latest.targetRps !== null && ` (target ${latest.targetRps})`}, p99{' '}
            {latest.p99 === null ? '—' : formatMs(latest.p99)}, {latest.errorsPerSecond} errors/s
          </span>
        )}
      </figcaption>
      <div style={{ height: 240 }} role="img" aria-label={title}>
        <ResponsiveContainer>
          <ComposedChart data={data} margin={{ top: 16, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" domain={[0, 'dataMax']} unit=" s" allowDecimals={false} {...axis} />
            <YAxis yAxisId="rate" width={56} domain={[0, 'auto']} unit="/s" {...axis} />
            <YAxis
              yAxisId="ms"

              orientation="right"
              width={64}
              domain={[0, 'auto']}
              unit=" ms"
              {...axis}
            />
            <Tooltip
              contentStyle={tooltipStyle}
              labelFormatter={(t) => `${Number(t)} s`}
              formatter={(value, name) => (name === 'p99' ? formatMs(Number(value)) : `${Number(value)}/s`)}
            />
            <Legend />
            {stepStarts(series.points).map((start) => (
              <ReferenceLine
                key={start.label}
                yAxisId="rate"
                x={start.t}
                stroke="var(--muted)"
                strokeDasharray="2 4"
                label={{ value: start.label, position: 'insideTopLeft', fontSize: 11, fill: 'var(--muted)' }}
              />
            ))}
            <Line
              yAxisId="rate"
              dataKey="targetRps"
              name="target"
              type="stepBefore"
              stroke="var(--muted)"
              strokeDasharray="5 4"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              {...measuredPoints}
              yAxisId="rate"
              dataKey="sentPerSecond"
              name="sent"
              stroke="var(--accent)"
              strokeWidth={2}
            />
            <Line {...measuredPoints} yAxisId="rate" dataKey="errorsPerSecond" name="errors" stroke="var(--fail)" />
            {limited && (
              <Line {...measuredPoints} yAxisId="rate" dataKey="limitedPerSecond" name="429" stroke="var(--warn)" />
            )}
            <Line {...measuredPoints} yAxisId="ms" dataKey="p99" name="p99" stroke="var(--error)" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
