import { useState } from 'react';
import type { ReportDocument } from '../../../src/api/ops/report.js';
import type { ReportFormat } from '../../../src/report/index.js';
import { Segmented } from '../components/Segmented.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { CallError } from '../api.js';
import { formatDate, useApi } from '../hooks.js';

/** Every format `junction report` writes, in the order of the format buttons. */
const FORMATS: { value: ReportFormat; label: string }[] = [
  { value: 'html', label: 'HTML' },
  { value: 'pdf', label: 'PDF' },
  { value: 'md', label: 'Markdown' },
  { value: 'json', label: 'JSON' },
  { value: 'sarif', label: 'SARIF' },
  { value: 'junit', label: 'JUnit' },
];
const LABEL = Object.fromEntries(FORMATS.map(({ value, label }) => [value, label])) as Record<ReportFormat, string>;

/** The document's bytes: text as UTF-8, the PDF decoded from the base64 it travelled in. */
function bytesOf(document: ReportDocument): BlobPart {
  if (document.encoding === 'utf8') return document.content;
  return Uint8Array.from(atob(document.content), (char) => char.charCodeAt(0));
}

/** Saves a report as a file through a temporary object URL (works in the browser and in the desktop shell). */
function download(document: ReportDocument): void {
  const url = URL.createObjectURL(new Blob([bytesOf(document)], { type: document.mime }));
  const anchor = window.document.createElement('a');
  anchor.href = url;
  anchor.download = document.fileName;
  window.document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

const kilobytes = (document: ReportDocument) =>
  `${Math.max(1, Math.round((document.encoding === 'base64' ? (document.content.length * 3) / 4 : document.content.length) / 1024))} KB`;

export function ReportPage() {
  const runs = useApi('listRuns', { limit: 30 });
  const [runId, setRunId] = useState<string>();
  const [format, setFormat] = useState<ReportFormat>('html');
  const finished = runs.data?.filter((run) => run.status === 'finished') ?? [];
  const chosen = runId ?? finished[0]?.id;
  const report = useApi('getReport', { runId: chosen, format }, { enabled: chosen !== undefined });
  // The PDF is the HTML report printed by Chromium: the page previews that HTML (no PDF viewer is needed).
  const html = useApi(
    'getReport',
    { runId: chosen, format: 'html' },
    { enabled: chosen !== undefined && format === 'pdf' },
  );

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
            <Segmented label="Format" options={FORMATS} value={format} onChange={setFormat} />
            <button
              type="button"
              className="primary"
              disabled={!report.data}
              onClick={() => report.data && download(report.data)}
            >
              {report.isFetching && format === 'pdf' ? 'Printing PDF…' : `Export ${LABEL[format]}`}
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
        <Loading what={format === 'pdf' ? 'the PDF (Chromium prints it)' : 'the report'} />
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
          {format === 'pdf' ? (
            <>
              <p className="muted">
                This PDF ({kilobytes(report.data)}) is the HTML report below printed to A4 by Chromium, with page
                numbers.
              </p>
              {html.data && <ReportFrame html={html.data.content} />}
            </>
          ) : format === 'html' ? (
            <ReportFrame html={report.data.content} />
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

/** The HTML report is self-contained and needs no script: a fully sandboxed frame shows it. */
function ReportFrame({ html }: { html: string }) {
  return <iframe className="report-frame" title="Report preview" sandbox="" srcDoc={html} />;
}
