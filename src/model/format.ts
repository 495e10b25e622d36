/** Numbers as the UI and the exported graphs print them: one way everywhere. */
export const formatMs = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
export const formatPercent = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;
