import type { HttpSample } from '../../src/model/artifacts/http.js';
import type { ColumnType, Evidence, HttpExchangeEvidence } from '../../src/model/finding.js';

type Cell = string | number | boolean | null;

export interface Column<K extends string> {
  key: K;
  label: string;
  type: ColumnType;
}

/**
 * A table for the evidence list (Lighthouse's makeTableDetails): the columns say how every renderer formats a cell,
 * and each row must give every column's key (an undefined cell is stored as null, the empty cell). A row may carry
 * keys no column shows, such as the `file` and `line` a SARIF location is read from.
 */
export function table<K extends string>(
  title: string | undefined,
  columns: readonly Column<K>[],
  rows: readonly Record<K, Cell | undefined>[],
  /** `id`: the stable name a renderer finds the table by (ENDPOINT_EVIDENCE), whatever its title says */
  options: { id?: string } = {},
): Evidence {
  return {
    kind: 'table',
    ...(title !== undefined && { title }),
    ...(options.id !== undefined && { id: options.id }),
    columns: [...columns],
    rows: rows.map((row) =>
      Object.fromEntries(Object.entries<Cell | undefined>(row).map(([key, cell]) => [key, cell ?? null])),
    ),
  };
}

/** A recorded sample as an HTTP exchange for the evidence list. */
export function exchangeEvidence(sample: HttpSample, title?: string): HttpExchangeEvidence {
  return {
    kind: 'http',
    title,
    request: { method: sample.method, url: sample.url, headers: sample.requestHeaders },
    response:
      sample.status === undefined
        ? undefined
        : { status: sample.status, headers: sample.headers ?? {}, bodyPreview: sample.bodyPreview },
    error: sample.error && `${sample.error.code}: ${sample.error.message}`,
  };
}

export function samplesTable(samples: readonly HttpSample[], title = 'Baseline requests'): Evidence {
  return table(
    title,
    [
      { key: 'url', label: 'URL', type: 'url' },
      { key: 'status', label: 'Status', type: 'status' },
      { key: 'total', label: 'Total', type: 'ms' },
      { key: 'error', label: 'Error', type: 'text' },
    ],
    samples.map((sample) => ({
      url: sample.url,
      status: sample.status,
      total: sample.timings && Math.round(sample.timings.total * 10) / 10,
      error: sample.error && `${sample.error.code}: ${sample.error.message}`,
    })),
  );
}
