import { buildReport } from '../../report/model.js';
import { renderHtml } from '../../report/html.js';
import { renderJson } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import type { Scores } from '../../model/scores.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../errors.js';

const RENDERERS = {
  html: { render: renderHtml, mime: 'text/html', extension: 'html' },
  json: { render: renderJson, mime: 'application/json', extension: 'json' },
  md: { render: renderMarkdown, mime: 'text/markdown', extension: 'md' },
} as const;

/** The readiness report of a finished run (the latest by default), rendered by the same code as `junction report`. */
export async function getReport(
  ctx: ApiContext,
  input: { runId?: string; format: keyof typeof RENDERERS },
): Promise<{ runId: string; fileName: string; mime: string; content: string }> {
  const runs = ctx.workspace.store.runs;
  const run = input.runId ? runs.get(input.runId) : runs.latest();
  if (!run) throw new ApiError(404, input.runId ? `no run "${input.runId}"` : 'no finished audit yet: run one first');
  if (run.status === 'running' || !run.finishedAt) throw new ApiError(409, `run ${run.id} has not finished`);
  const report = buildReport({
    run: { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt },
    estateName: run.estateName,
    systems: run.systems,
    findings: runs.findings(run.id),
    scores: run.scores as Scores,
  });
  const { render, mime, extension } = RENDERERS[input.format];
  return {
    runId: run.id,
    fileName: `junction-report-${run.startedAt.slice(0, 10)}.${extension}`,
    mime,
    content: render(report),
  };
}
