import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ColumnType, Evidence } from '../../../src/model/finding.js';
import { StatusChip } from './StatusChip.js';

function Cell({ value, type }: { value: string | number | boolean | null | undefined; type: ColumnType }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  switch (type) {
    case 'code':
      return <code>{String(value)}</code>;
    case 'url':
      return <span className="mono">{String(value)}</span>;
    case 'ms':
      return <>{typeof value === 'number' ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : String(value)}</>;
    case 'bytes':
      return <>{typeof value === 'number' ? `${(value / 1024).toFixed(1)} KiB` : String(value)}</>;
    case 'date':
      return <>{new Date(String(value)).toLocaleString()}</>;
    case 'status':
      return ['pass', 'warn', 'fail', 'error', 'skip'].includes(String(value)) ? (
        <StatusChip status={value as 'pass'} />
      ) : (
        <>{String(value)}</>
      );
    default:
      return <>{String(value)}</>;
  }
}

function Headers({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <span className="muted">no headers</span>;
  return <pre>{entries.map(([name, value]) => `${name}: ${value}`).join('\n')}</pre>;
}

/** Renders every evidence kind of the check contract generically, as the reports do. */
export function EvidenceView({ evidence }: { evidence: Evidence }) {
  const title =
    evidence.title ??
    { table: 'Table', list: 'Details', http: 'HTTP exchange', series: 'Series', text: 'Note' }[evidence.kind];
  return (
    <section className="evidence" aria-label={title}>
      <div className="title">{title}</div>
      <div className="content">{body(evidence)}</div>
    </section>
  );
}

function body(evidence: Evidence) {
  switch (evidence.kind) {
    case 'table':
      return (
        <table className="data">
          <thead>
            <tr>
              {evidence.columns.map((column) => (
                <th key={column.key} scope="col">
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {evidence.rows.map((row, index) => (
              <tr key={index}>
                {evidence.columns.map((column) => (
                  <td key={column.key}>
                    <Cell value={row[column.key]} type={column.type} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'list':
      return (
        <dl className="kv">
          {evidence.items.map((item, index) => (
            <div key={index} style={{ display: 'contents' }}>
              <dt>{item.label}</dt>
              <dd>{item.value === null ? '—' : String(item.value)}</dd>
            </div>
          ))}
        </dl>
      );
    case 'http':
      return (
        <div className="stack">
          <div>
            <h3>Request</h3>
            <pre>
              <strong>{evidence.request.method}</strong> {evidence.request.url}
            </pre>
            <Headers headers={evidence.request.headers} />
          </div>
          <div>
            <h3>Response</h3>
            {evidence.response ? (
              <>
                <pre>
                  <strong>{evidence.response.status}</strong>
                </pre>
                <Headers headers={evidence.response.headers} />
                {evidence.response.bodyPreview && <pre className="report-preview">{evidence.response.bodyPreview}</pre>}
              </>
            ) : (
              <p className="muted">No response{evidence.error ? `: ${evidence.error}` : ''}</p>
            )}
          </div>
        </div>
      );
    case 'series':
      return (
        <div style={{ height: 180 }}>
          <ResponsiveContainer>
            <LineChart data={evidence.points}>
              <XAxis dataKey="t" tick={{ fontSize: 11 }} stroke="var(--muted)" />
              <YAxis tick={{ fontSize: 11 }} stroke="var(--muted)" unit={` ${evidence.unit}`} width={70} />
              <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }} />
              <Line dataKey="v" stroke="var(--accent)" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      );
    case 'text':
      return <pre>{evidence.text}</pre>;
  }
}
