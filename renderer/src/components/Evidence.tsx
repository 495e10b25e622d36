import { useState } from 'react';
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { cellText, listItemType, type CellValue } from '../../../src/model/evidence-cell.js';
import { STATUSES, type ColumnType, type Evidence, type Status } from '../../../src/model/finding.js';
import { StatusChip } from './StatusChip.js';

/** A cell's text from the formatter the reports use, with the UI's markup around it. */
function Cell({ value, type }: { value: CellValue; type: ColumnType }) {
  const text = cellText(value, type);
  if (text === undefined) return <span className="muted">—</span>;
  switch (type) {
    case 'code':
      return <code>{text}</code>;
    case 'url':
      return <span className="mono">{text}</span>;
    case 'status':
      return (STATUSES as readonly string[]).includes(text) ? <StatusChip status={text as Status} /> : <>{text}</>;
    default:
      return <>{text}</>;
  }
}

/** A command that repeats what Junction did (curl, openssl, autocannon), with a button that copies it. */
export function ReproduceCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState<'copied' | 'failed' | undefined>();
  const copy = () => {
    navigator.clipboard.writeText(command).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="reproduce">
      <pre>{command}</pre>
      <button type="button" onClick={copy} aria-label="Copy command">
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed: select the text' : 'Copy'}
      </button>
    </div>
  );
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
                    {column.key === 'reproduce' && typeof row[column.key] === 'string' ? (
                      <ReproduceCommand command={row[column.key] as string} />
                    ) : (
                      <Cell value={row[column.key]} type={column.type} />
                    )}
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
              <dd>
                <Cell value={item.value} type={listItemType(item.value)} />
              </dd>
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
          {evidence.reproduce && (
            <div>
              <h3>Reproduce</h3>
              <ReproduceCommand command={evidence.reproduce} />
            </div>
          )}
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
