import { useState } from 'react';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { CallError } from '../api.js';
import { formatDate, useApi } from '../hooks.js';

type Format = 'html' | 'md' | 'json';
const FORMAT_LABEL: Record<Format, string> = { html: 'HTML', md: 'Markdown', json: 'JSON' };

/** Saves text as a file through a temporary object URL (works in the browser and in the desktop shell). */
function download(fileName: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export function ReportPage() {
  const runs = useApi('listRuns', { limit: 30 });
  const [runId, setRunId] = useState<string>();
  const [format, setFormat] = useState<Format>('html');
  const finished = runs.data?.filter((run) => run.status === 'finished') ?? [];
  const chosen = runId ?? finished[0]?.id;
  const report = useApi('getReport', { runId: chosen, format }, { enabled: chosen !== undefined });

  if (runs.isPending) return <Loading what="runs" />;
  if (runs.isError) return <ErrorState error={runs.error} retry={() => void runs.refetch()} />;
  return (
    <div>
      <div className="page-head">
        <div>
          <h1>Report</h1>
          <p className="muted">
            The readiness report of a run, exactly as <code>junction report</code> writes it.
          </p>
        </div>
        {finished.length > 0 && (
          <div className="toolbar">
            <label htmlFor="report-run">Run</label>
            <select id="report-run" value={chosen} onChange={(event) => setRunId(event.target.value)}>
              {finished.map((run) => (
                <option key={run.id} value={run.id}>
                  {formatDate(run.startedAt)}
                </option>
              ))}
            </select>
            <div className="segmented" role="group" aria-label="Format">
              {(['html', 'md', 'json'] as const).map((option) => (
                <button type="button" key={option} aria-pressed={format === option} onClick={() => setFormat(option)}>
                  {FORMAT_LABEL[option]}
                </button>
              ))}
            </div>
            <button
              type="button"
              className="primary"
              disabled={!report.data}
              onClick={() => report.data && download(report.data.fileName, report.data.mime, report.data.content)}
            >
              Export {FORMAT_LABEL[format]}
            </button>
          </div>
        )}
      </div>
      {finished.length === 0 ? (
        <div className="card">
          <Empty title="No finished audit yet">
            <p>
              Run an audit on the <a href="#/audit">Audit page</a>; its report appears here.
            </p>
          </Empty>
        </div>
      ) : report.isPending ? (
        <Loading what="the report" />
      ) : report.isError ? (
        <ErrorState
          error={report.error instanceof CallError ? report.error : new Error(String(report.error))}
          retry={() => void report.refetch()}
        />
      ) : (
        <section className="card" aria-labelledby="preview-title" data-ready="report">
          <h2 id="preview-title">
            Preview <span className="muted">· {report.data.fileName}</span>
          </h2>
          {format === 'html' ? (
            // The HTML report is self-contained and needs no script: a fully sandboxed frame shows it.
            <iframe className="report-frame" title="Report preview" sandbox="" srcDoc={report.data.content} />
          ) : (
            <pre className="report-preview" tabIndex={0} aria-label="Report preview">
              {report.data.content}
            </pre>
          )}
        </section>
      )}
    </div>
  );
}
