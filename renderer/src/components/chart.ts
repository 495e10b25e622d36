/** What every chart shares (the Monitoring page's and the Audit page's live load): axis look, time axis, tooltip. */
export const axis = { tick: { fontSize: 11, fill: 'var(--muted)' }, stroke: 'var(--border)' };

export const tooltipStyle = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  borderRadius: 6,
  color: 'var(--text)',
};

export const labelFormatter = (t: unknown) => new Date(Number(t)).toLocaleString();

/** The props of an XAxis over `t` (ms): days on ranges over two days, else hours and minutes. */
export const timeAxis = (long: boolean) => ({
  dataKey: 't',
  type: 'number' as const,
  domain: ['dataMin', 'dataMax'] as [string, string],
  scale: 'time' as const,
  tickFormatter: (t: number) =>
    new Date(t).toLocaleString(
      undefined,
      long ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' },
    ),
  ...axis,
});

/**
 * How every series is drawn: straight segments between the measured points, each point marked (a spline through
 * three points invents a curve nobody measured), and no line across a bucket without a value.
 */
export const measuredPoints = {
  type: 'linear' as const,
  dot: { r: 2.5, strokeWidth: 1 },
  activeDot: { r: 4 },
  connectNulls: false,
  isAnimationActive: false,
};
