import { bySeverity, isJudged, worstStatus, type Category, type Finding, type Status } from '../model/finding.js';
import { attestedMark, isAttested } from '../model/attestation.js';
import { computeScores, SCORE_DEFINITION, SCORE_LABEL } from '../model/scores.js';
import { isAccepted } from '../model/waiver.js';
import { describeChange } from './compare.js';
import { endpointSystems } from './endpoints.js';
import { escapeHtml as esc } from './escape.js';
import { evidenceToHtml, statusPill } from './html-evidence.js';
import { owaspSection } from './html-owasp.js';
import { REPORT_CSS } from './html-style.js';
import type { Report } from './schema.js';
import { specState, type SpecRow } from './spec-state.js';
import { STATUS_COLOR, flowGraph, scoreRing, waterfall, type GraphNode } from './svg.js';
import { isHttpUrl } from '../model/location.js';

/** The readiness checklist in the order a go-live review walks it. */
export const CHECKLIST_ORDER: readonly Category[] = [
  'Architecture',
  'Security',
  'Error handling',
  'Scalability',
  'Documentation',
  'Monitoring',
  'Rate limits',
  'Versioning',
  'Caching',
  'Messaging',
];

/** Section ids, in order: tests and the table of contents use them. */
export const HTML_SECTIONS = [
  { id: 'summary', title: 'Executive summary' },
  { id: 'checklist', title: 'Readiness checklist' },
  { id: 'owasp', title: 'OWASP API Security Top 10 coverage' },
  { id: 'changes', title: 'Changes since the previous run' },
  { id: 'findings', title: 'Findings' },
  { id: 'accepted', title: 'Accepted risks' },
  { id: 'attested', title: 'Attested controls' },
  { id: 'flows', title: 'Data flows' },
  { id: 'endpoints', title: 'Endpoints per system' },
  { id: 'latency', title: 'Latency' },
  { id: 'specs', title: 'Specs and versions audited' },
  { id: 'not-checked', title: 'What was not checked, and why' },
] as const;

interface Verdict {
  label: string;
  tone: Status;
  text: string;
}

/**
 * One overall answer for the reader in a hurry; attested "no" answers block go-live just as measured failures do.
 * Accepted risks (waivers in force) block nothing: they are counted and named apart.
 */
export function overallVerdict(all: readonly Finding[]): Verdict {
  const findings = all.filter((finding) => !isAccepted(finding));
  const acceptedFails = all.filter((finding) => isAccepted(finding) && finding.status === 'fail').length;
  const acceptedNote = acceptedFails
    ? ` ${acceptedFails} failure${acceptedFails === 1 ? ' is' : 's are'} accepted as risk${acceptedFails === 1 ? '' : 's'} (see Accepted risks).`
    : '';
  const count = (status: Status, attested: boolean) =>
    findings.filter((finding) => finding.status === status && isAttested(finding.checkId) === attested).length;
  const fails = count('fail', false);
  const attestedFails = count('fail', true);
  const errors = count('error', false) + count('error', true);
  const warns = count('warn', false) + count('warn', true);
  const parts = (measured: number, attested: number, noun: string) =>
    [measured ? `${measured} measured` : '', attested ? `${attested} attested` : ''].filter(Boolean).join(' and ') +
    ` ${noun}${measured + attested === 1 ? '' : 's'}`;
  if (fails + attestedFails > 0)
    return {
      label: 'Not ready',
      tone: 'fail',
      text: `${parts(fails, attestedFails, 'blocking finding')} must be resolved before go-live.${acceptedNote}`,
    };
  if (errors > 0)
    return {
      label: 'Not ready: audit incomplete',
      tone: 'error',
      text: `${errors} check${errors === 1 ? '' : 's'} could not be completed; the estate cannot be judged until they run.${acceptedNote}`,
    };
  if (warns > 0)
    return {
      label: 'Ready with reservations',
      tone: 'warn',
      text: `No blocking findings; ${warns} warning${warns === 1 ? '' : 's'} to address or accept.${acceptedNote}`,
    };
  if (acceptedFails > 0)
    return { label: 'Ready with accepted risks', tone: 'warn', text: `No blocking findings.${acceptedNote}` };
  return { label: 'Ready', tone: 'pass', text: 'Every judged check passed.' };
}

/** The heading the check gave this verdict when it was judged (a report from elsewhere may lack it). */
const attestedPill = (finding: Finding) => `<span class="pill attested">${attestedMark(finding)}</span>`;
const titleOf = (finding: Finding) => finding.title ?? finding.checkId;

const systemName = (report: Report, id: string) => report.systems.find((system) => system.id === id)?.name ?? id;

function worst(findings: readonly Finding[]): Status | undefined {
  return worstStatus(findings);
}

function summarySection(report: Report, measured: Finding[], attested: Finding[]): string {
  const verdict = overallVerdict(report.findings);
  const scores = report.scores;
  const counts = (findings: Finding[]) =>
    (['pass', 'warn', 'fail', 'error', 'skip'] as const).map((status) => ({
      status,
      n: findings.filter((f) => f.status === status).length,
    }));
  const tally = (findings: Finding[]) =>
    counts(findings)
      .map(({ status, n }) => `<span class="tally ${status}"><b>${n}</b> ${status}</span>`)
      .join('');
  const categories = CHECKLIST_ORDER.map((category) => {
    const score = scores.categories[category];
    if (!score) return `<tr><td>${category}</td><td colspan="2" class="muted">not checked</td></tr>`;
    const value = score.score;
    const color =
      value === null
        ? STATUS_COLOR.skip
        : value >= 85
          ? STATUS_COLOR.pass
          : value >= 60
            ? STATUS_COLOR.warn
            : STATUS_COLOR.fail;
    return (
      `<tr><td>${category}</td><td class="bar-cell"><div class="bar"><div style="width:${value ?? 0}%;background:${color}">` +
      `</div></div></td><td class="num"><b>${value ?? '—'}</b></td></tr>`
    );
  }).join('');
  const perSystem = report.systems
    .map((system) => {
      const own = measured.filter((finding) => finding.systemId === system.id);
      const status = worst(own.filter(isJudged)) ?? 'skip';
      return (
        `<tr><td><b>${esc(system.name)}</b><div class="muted small">${esc(system.baseUrl)}</div>` +
        `</td><td>${statusPill(status, status === 'pass' ? 'ready' : status)}</td><td class="num">${computeScores(own).overall ?? '—'}</td>` +
        `</tr>`
      );
    })
    .join('');
  return `<section id="summary">
<h2>Executive summary</h2>
<div class="verdict ${verdict.tone}">
  <div class="verdict-ring">${scoreRing(scores.overall)}<div class="muted small">${SCORE_LABEL.toLowerCase()}</div></div>
  <div><div class="verdict-label">${esc(verdict.label)}</div><p>${esc(verdict.text)}</p>
  <div class="tallies"><span class="muted small">Measured</span> ${tally(measured)}</div>
  <div class="tallies"><span class="muted small">Attested</span> ${tally(attested)}</div></div>
</div>
${blockingList(report)}
<div class="two-col">
<div><h3>Score per category</h3><table class="plain scores">${categories}</table>
<p class="muted small">${SCORE_LABEL}: ${SCORE_DEFINITION}</p></div>
<div><h3>Systems</h3><table class="plain">${perSystem}</table></div>
</div>
</section>`;
}

/** The failures a reader must act on, measured and attested, at a glance; details follow in the findings. */
function blockingList(report: Report): string {
  const fails = report.findings.filter((finding) => finding.status === 'fail' && !isAccepted(finding));
  const blocking = [
    ...fails.filter((finding) => !isAttested(finding.checkId)),
    ...fails.filter((finding) => isAttested(finding.checkId)),
  ];
  if (blocking.length === 0) return '';
  const shown = blocking.slice(0, 10);
  const items = shown
    .map(
      (finding) =>
        `<li>${isAttested(finding.checkId) ? attestedPill(finding) : ''}<b>${esc(systemName(report, finding.systemId))}</b> ` +
        `— ${esc(titleOf(finding))}<div class="muted small">${esc(finding.summary)}</div></li>`,
    )
    .join('');
  const more =
    blocking.length > shown.length
      ? `<p class="muted small">…and ${blocking.length - shown.length} more under Findings.</p>`
      : '';
  return `<h3>Blocking findings</h3><ol class="blocking">${items}</ol>${more}`;
}

/** The baseline's problems that are gone, with --baseline. */
function resolvedList(report: Report): string {
  const resolved = report.baseline?.resolved ?? [];
  if (resolved.length === 0) return '';
  const items = resolved
    .map(
      (gone) =>
        `<li><b>${esc(systemName(report, gone.systemId))}</b> <code>${esc(gone.checkId)}</code>: ${statusPill(gone.status)} → ` +
        `${gone.now ? statusPill(gone.now) : '<span class="muted">not run</span>'} <span class="muted small">${esc(gone.summary)}</span></li>`,
    )
    .join('');
  return `<h3>Resolved since the baseline</h3><ul class="resolved">${items}</ul>`;
}

function changesSection(report: Report): string {
  const comparison = report.comparison;
  if (!comparison)
    return `<section id="changes"><h2>Changes since the previous run</h2><p class="muted">No earlier run of this workspace to compare with.</p></section>`;
  const against =
    `${report.baseline ? 'the baseline, ' : ''}run <code>${esc(comparison.previousRun.id)}</code>` +
    (comparison.previousRun.startedAt ? ` of ${esc(comparison.previousRun.startedAt)}` : '');
  if (comparison.changes.length === 0) {
    return (
      `<section id="changes"><h2>Changes since the previous run</h2><p>Nothing changed since ${against}.</p>` +
      `${resolvedList(report)}</section>`
    );
  }
  // A check that ran for the first time and passed is news to no one: it is counted, not listed.
  const firstPasses = comparison.changes.filter((change) => describeChange(change) === 'new check');
  const listed = comparison.changes.filter((change) => describeChange(change) !== 'new check');
  const rows = listed
    .map((change) => {
      const kind = describeChange(change);
      const before = change.before ? statusPill(change.before) : '<span class="muted">—</span>';
      const after = change.after ? statusPill(change.after) : '<span class="muted">—</span>';
      return (
        `<tr><td><span class="change ${kind.replace(' ', '-')}">${kind}</span></td><td>${esc(systemName(report, change.systemId))}</td>` +
        `<td><code>${esc(change.checkId)}</code></td><td class="nowrap">${before} → ${after}</td><td>${esc(change.summary)}</td>` +
        `</tr>`
      );
    })
    .join('');
  const count = (kind: string) => comparison.changes.filter((change) => describeChange(change) === kind).length;
  const newEvidence = count('new evidence');
  return (
    `<section id="changes"><h2>Changes since the previous run</h2>
<p>Compared with ${against}: ` +
    `<b>${count('new problem')}</b> new problem(s), <b>${count('fixed')}</b> fixed${
      newEvidence ? `, <b>${newEvidence}</b> with new evidence` : ''
    }${firstPasses.length ? `, ${firstPasses.length} check(s) ran for the first time and passed` : ''}.</p>
${
  listed.length
    ? `<table class="data"><thead><tr><th>Change</th><th>System</th><th>Check</th><th>Status</th>` +
      `<th>Now</th></tr></thead><tbody>${rows}</tbody></table>`
    : ''
}${resolvedList(report)}</section>`
  );
}

function checklistCell(findings: Finding[]): string {
  if (findings.length === 0) return '<span class="muted">—</span>';
  const ok =
    findings.every((finding) => finding.status === 'pass' || finding.status === 'skip') &&
    findings.some((finding) => finding.status === 'pass');
  const problems = (['fail', 'error', 'warn'] as const)
    .map((status) => ({ status, n: findings.filter((finding) => finding.status === status).length }))
    .filter(({ n }) => n > 0)
    .map(({ status, n }) => `${n} ${status}`);
  const onlySkips = findings.every((finding) => finding.status === 'skip');
  if (onlySkips) return '<span class="muted">skipped</span>';
  const tone = findings.some((finding) => finding.status === 'fail' || finding.status === 'error') ? 'no' : 'no warn';
  return ok
    ? '<span class="box yes">☑</span>'
    : `<span class="box ${tone}">☐</span> <span class="small">${problems.join(' · ')}</span>`;
}

function checklistSection(report: Report, measured: Finding[], attested: Finding[]): string {
  const head = report.systems.map((system) => `<th>${esc(system.name)}</th>`).join('');
  const rows = CHECKLIST_ORDER.map((category) => {
    const cells = report.systems
      .map((system) => {
        const mine = (findings: Finding[]) =>
          findings.filter((finding) => finding.category === category && finding.systemId === system.id);
        const attestedHere = mine(attested);
        return `<td>${checklistCell(mine(measured))}${
          attestedHere.length > 0 ? `<div class="attested-line">attested ${checklistCell(attestedHere)}</div>` : ''
        }</td>`;
      })
      .join('');
    return `<tr><th scope="row">${category}</th>${cells}</tr>`;
  }).join('');
  return (
    `<section id="checklist"><h2>Readiness checklist</h2>
<p>☑ every check in the category passed · ☐ something to resolve · — not checked. <i>Attested</i> lines ` +
    `are what owners declared, not what Junction measured.</p>
<table class="data checklist"><thead><tr><th>Category</th>${head}</tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

/** Evidence of a problem is shown in full; a pass keeps its evidence folded (still in the file, one click away, not printed). */
function evidenceBlock(finding: Finding): string {
  if (finding.evidence.length === 0) return '';
  const body = finding.evidence.map(evidenceToHtml).join('\n');
  return finding.status === 'pass'
    ? `<details class="folded"><summary>Evidence (${finding.evidence.length})</summary>${body}</details>`
    : body;
}

/** Pills for an accepted risk, an expired waiver and a baseline state other than unchanged. */
function findingMarks(finding: Finding): string {
  const inferred =
    finding.basis === 'inferred'
      ? '<span class="pill inferred" title="deduced from headers, a spec or configuration; not exercised">inferred</span>'
      : '';
  const waiver = finding.waiver
    ? finding.waiver.expired
      ? `<span class="pill expired">waiver expired ${esc(finding.waiver.expires)}</span>`
      : `<span class="pill accepted">accepted risk</span>`
    : '';
  const baseline =
    finding.baseline && finding.baseline !== 'unchanged'
      ? `<span class="pill baseline">${esc(finding.baseline)}</span>`
      : '';
  return inferred + waiver + baseline;
}

function waiverNote(finding: Finding): string {
  const waiver = finding.waiver;
  if (!waiver) return '';
  const ticket = waiver.ticket ? ` · ticket ${esc(waiver.ticket)}` : '';
  return waiver.expired
    ? `<div class="waiver expired"><b>Waiver expired on ${esc(waiver.expires)}</b>: counts again. ` +
        `It said: ${esc(waiver.reason)} (${esc(waiver.owner)}${ticket})</div>`
    : `<div class="waiver"><b>Accepted risk</b> until ${esc(waiver.expires)} by ${esc(waiver.owner)}: ${esc(waiver.reason)}${ticket}</div>`;
}

function findingCard(report: Report, finding: Finding, attested: boolean): string {
  const references = finding.references?.length
    ? `<div class="refs">References: ${finding.references
        .map((ref) => (isHttpUrl(ref.url) ? `<a href="${esc(ref.url)}">${esc(ref.title)}</a>` : esc(ref.title)))
        .join(' · ')}</div>`
    : '';
  return (
    `<article class="finding ${finding.status}${attested ? ' is-attested' : ''}">
<header>${statusPill(finding.status)}${attested ? attestedPill(finding) : ''}${findingMarks(finding)}` +
    `<h4>${esc(titleOf(finding))}</h4>` +
    `<span class="meta">${esc(finding.category)} · <code>${esc(finding.checkId)}</code> · ${esc(systemName(report, finding.systemId))}</span>` +
    `</header>
<p class="summary-line">${esc(finding.summary)}</p>
${waiverNote(finding)}
${finding.remediation ? `<div class="remediation"><b>Remediation</b> ${esc(finding.remediation)}</div>` : ''}
${evidenceBlock(finding)}
${references}
</article>`
  );
}

function findingsSection(report: Report, measured: Finding[]): string {
  const bySystem = report.systems
    .map((system) => {
      const own = measured
        .filter((finding) => finding.systemId === system.id && finding.status !== 'skip')
        .sort(bySeverity);
      return `<div class="system-block"><h3>${esc(system.name)} <span class="muted small">${esc(system.baseUrl)}</span></h3>${
        own.length
          ? own.map((finding) => findingCard(report, finding, false)).join('\n')
          : '<p class="muted">No measured findings.</p>'
      }</div>`;
    })
    .join('\n');
  return (
    `<section id="findings"><h2>Findings</h2><p class="muted">Observed ` +
    `by Junction against the live systems, or <i>inferred</i> (marked) from their headers, specs and configuration ` +
    `without exercising the behaviour; most severe first. Skipped checks ` +
    `are listed under “What was not checked”.</p>${bySystem}</section>`
  );
}

/** Every waived finding with owner, reason and expiry; expired waivers stay listed, marked as counting again. */
function acceptedSection(report: Report): string {
  const waived = report.findings.filter((finding) => finding.waiver);
  const unused = (report.waivers ?? []).filter((waiver) => waiver.findings === 0);
  const rows = waived
    .map((finding) => {
      const waiver = finding.waiver!;
      return (
        `<tr><td>${statusPill(finding.status)}</td><td>${esc(systemName(report, finding.systemId))}</td><td><code>${esc(finding.checkId)}</code></td>` +
        `<td>${esc(waiver.owner)}</td><td>${esc(waiver.reason)}</td><td class="nowrap">${
          waiver.expired ? statusPill('fail', `expired ${waiver.expires}`) : esc(waiver.expires)
        }</td><td>${esc(waiver.ticket ?? '')}</td></tr>`
      );
    })
    .join('');
  const table = waived.length
    ? `<table class="data"><thead><tr><th>Measured</th><th>System</th><th>Check</th><th>Owner</th><th>Reason</th>` +
      `<th>Expires</th><th>Ticket</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="muted">No finding of this run is waived in junction.yaml.</p>';
  const unusedNote = unused.length
    ? `<p class="muted small">Waivers that cover no finding of this run: ${unused
        .map((waiver) => `<code>${esc(waiver.check)}</code>${waiver.system ? ` on ${esc(waiver.system)}` : ''}`)
        .join(', ')}.</p>`
    : '';
  return (
    `<section id="accepted"><h2>Accepted risks</h2>
<p class="muted">Findings the owners accepted for now under <code>waivers</code> in junction.yaml. They keep their ` +
    `measured status and evidence and count in the scores, but block nothing until their waiver expires; an expired ` +
    `waiver counts again.</p>${table}${unusedNote}</section>`
  );
}

function attestedSection(report: Report, attested: Finding[]): string {
  const body =
    attested.length === 0
      ? '<p class="muted">No attested checks ran.</p>'
      : report.systems
          .map((system) => {
            const own = attested
              .filter((finding) => finding.systemId === system.id && finding.status !== 'skip')
              .sort(bySeverity);
            return own.length
              ? `<div class="system-block"><h3>${esc(system.name)}</h3>${own.map((finding) => findingCard(report, finding, true)).join('\n')}</div>`
              : '';
          })
          .join('\n');
  return (
    `<section id="attested"><h2>Attested controls</h2>
<p class="attested-note">What no probe can see — encryption at rest, backups, ` +
    `runbooks, monitoring, ownership — as <b>declared by the people named</b> ` +
    `under <code>attestations</code> in junction.yaml. Junction did not measure ` +
    `these; they are shown apart and never count towards the score.</p>${body}</section>`
  );
}

/** 5xx, 4xx (not 429) and 429 apart: a server failing, a client calling wrong, a limit being hit. */
const errorRatesText = (observed: NonNullable<NonNullable<Report['flows']>[number]['observed']>) =>
  `5xx ${(observed.errorRate * 100).toFixed(1)}%` +
  (observed.clientErrorRate !== undefined ? ` · 4xx ${(observed.clientErrorRate * 100).toFixed(1)}%` : '') +
  (observed.rateLimitedRate !== undefined ? ` · 429 ${(observed.rateLimitedRate * 100).toFixed(1)}%` : '');

function flowLabel(flow: NonNullable<Report['flows']>[number]): string {
  const traffic = flow.observed
    ? ` · ${flow.observed.count.toLocaleString('en-US')} req${flow.observed.p95 !== null ? ` · p95 ${Math.round(flow.observed.p95)} ms` : ''}`
    : '';
  return `${flow.protocol}${flow.description ? `: ${flow.description}` : ''}${traffic}`;
}

function flowsSection(report: Report, measured: Finding[]): string {
  const flows = report.flows ?? [];
  const known = new Set(report.systems.map((system) => system.id));
  const ids = new Set([...known, ...flows.flatMap((flow) => [flow.from, flow.to])]);
  const nodes: GraphNode[] = [...ids].map((id) => {
    const system = report.systems.find((candidate) => candidate.id === id);
    return {
      id,
      label: system?.name ?? id,
      sublabel: system ? system.baseUrl.replace(/^https?:\/\//, '') : 'not in the audit',
      status: worst(measured.filter((finding) => finding.systemId === id && isJudged(finding))),
      external: !system,
    };
  });
  const observedCell = (flow: NonNullable<Report['flows']>[number]) =>
    flow.observed
      ? `${flow.observed.count.toLocaleString('en-US')} req · ${errorRatesText(flow.observed)}${
          flow.observed.p95 !== null ? ` · p95 ${Math.round(flow.observed.p95)} ms` : ''
        }`
      : '<span class="muted">not seen</span>';
  const table = flows.length
    ? `<table class="data"><thead><tr><th>From</th><th>To</th><th>Protocol</th>` +
      `<th>Purpose</th><th>Declared</th><th>Observed traffic</th></tr></thead>` +
      `<tbody>${flows
        .map(
          (flow) =>
            `<tr><td>${esc(systemName(report, flow.from))}</td><td>${esc(systemName(report, flow.to))}</td>` +
            `<td><code>${esc(flow.protocol)}</code></td><td>${esc(flow.description ?? '')}</td>` +
            `<td>${flow.declared === false ? statusPill('warn', 'undeclared') : 'yes'}</td>` +
            `<td>${observedCell(flow)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No flows are declared in junction.yaml or observed in logs and traces.</p>';
  return (
    `<section id="flows"><h2>Data flows</h2><p class="muted">Declared ` +
    `flows (solid) and flows observed in logs and traces that nobody declared ` +
    `(dashed); each system is outlined in the colour of its worst measured ` +
    `finding.${report.flowWindow ? ` Observed over ${esc(report.flowWindow.text)}.` : ''}</p>
<div class="figure">${flowGraph(
      nodes,
      flows.map((flow) => ({
        from: flow.from,
        to: flow.to,
        label: flowLabel(flow),
        undeclared: flow.declared === false,
      })),
    )}</div>${table}</section>`
  );
}

/** Per system: shadow endpoints, unused operations, the consumers of each breaking change, the slowest operations. */
function endpointsSection(report: Report): string {
  const systems = endpointSystems(report);
  const body =
    systems.length === 0
      ? '<p class="muted">No system was judged on its endpoint-level traffic in this run.</p>'
      : systems
          .map(
            (system) =>
              `<div class="system-block"><h3>${esc(system.name)}</h3>${system.parts
                .map(
                  (part) =>
                    `<div class="endpoint-part">${part.verdict ? `${statusPill(part.verdict.status)} ` : ''}` +
                    `<h4>${esc(part.title)}</h4> <span class="muted small"><code>${esc(part.checkId)}</code></span>` +
                    (part.verdict ? `<p class="summary-line">${esc(part.verdict.summary)}</p>` : '') +
                    `${part.tables.map(evidenceToHtml).join('')}</div>`,
                )
                .join('\n')}</div>`,
          )
          .join('\n');
  return (
    `<section id="endpoints"><h2>Endpoints per system</h2><p class="muted">What each system was really called on, ` +
    `joined with its spec: endpoints called but documented nowhere, documented operations nobody called, and who ` +
    `called each operation a breaking change affects${report.flowWindow ? `, over ${esc(report.flowWindow.text)}` : ''}. ` +
    `The same verdicts as under Findings.</p>${body}</section>`
  );
}

function latencySection(report: Report): string {
  const latency = report.latency ?? [];
  const body =
    latency.length === 0
      ? '<p class="muted">No baseline timings in this report.</p>'
      : latency
          .map(
            (entry) =>
              `<div class="figure"><h3>${esc(systemName(report, entry.systemId))}</h3>${waterfall(
                entry.samples.map((sample, index) => ({
                  label: `#${index + 1} ${new URL(sample.url).pathname}${sample.status ? ` · ${sample.status}` : ''}`,
                  phases: sample.phases,
                  error: sample.error,
                })),
              )}</div>`,
          )
          .join('\n');
  return (
    `<section id="latency"><h2>Latency</h2><p class="muted">Baseline ` +
    `requests, each on a fresh connection, split into DNS, connect, TLS, first ` +
    `byte and download.</p>${body}</section>`
  );
}

/** A spec's state cell: a pill for a spec that was read, the reason in words for one that was not (or is none). */
function specStateCell(spec: SpecRow): string {
  const state = specState(spec);
  if (state.kind === 'valid') return statusPill('pass', state.text);
  if (state.kind === 'invalid') return statusPill('fail', state.text);
  return `<span class="muted">${esc(state.text)}</span>`;
}

function specsSection(report: Report): string {
  const specs = report.specs ?? [];
  const rows = specs
    .map(
      (spec) =>
        `<tr><td>${esc(systemName(report, spec.systemId))}</td>` +
        `<td>${spec.source ? `<code>${esc(spec.source)}</code>` : '<span class="muted">none</span>'}` +
        `</td><td>${esc(spec.title ?? '')}</td><td>${esc(spec.version ?? '')}</td>` +
        `<td>${esc(spec.specVersion ?? '')}</td><td class="num">${spec.operations ?? ''}</td>` +
        `<td>${specStateCell(spec)}</td></tr>`,
    )
    .join('');
  const systems = report.systems
    .map(
      (system) =>
        `<tr><td>${esc(system.name)}</td><td><code>${esc(system.id)}</code></td><td>${esc(system.baseUrl)}</td></tr>`,
    )
    .join('');
  return (
    `<section id="specs"><h2>Specs and versions audited</h2>
${
  specs.length
    ? `<table class="data"><thead><tr><th>System</th><th>Spec</th><th>Title</th><th>API version</th>` +
      `<th>OpenAPI</th><th class="num">Operations</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="muted">No API specs were read in this run.</p>'
}
<h3>Systems in scope</h3><table class="data"><thead><tr><th>System</th><th>Id</th><th>Base URL</th></tr></thead><tbody>${systems}</tbody></table>
<p class="muted small">Run <code>${esc(report.run.id)}</code>, ${esc(report.run.startedAt)} ` +
    `to ${esc(report.run.finishedAt)}; ${esc(report.generator)}, report schema ` +
    `${report.schemaVersion}.</p></section>`
  );
}

function notCheckedSection(report: Report): string {
  const open = report.findings.filter((finding) => finding.status === 'skip' || finding.status === 'error');
  const rows = open
    .map(
      (finding) =>
        `<tr><td>${statusPill(finding.status)}</td><td>${esc(systemName(report, finding.systemId))}</td><td><code>${esc(finding.checkId)}</code>${
          isAttested(finding.checkId) ? ` ${attestedPill(finding)}` : ''
        }</td><td>${esc(finding.summary)}</td></tr>`,
    )
    .join('');
  return (
    `<section id="not-checked"><h2>What was not checked, and why</h2>
${
  open.length
    ? `<table class="data"><thead><tr><th>Status</th><th>System</th><th>Check</th><th>Reason</th>` +
      `</tr></thead><tbody>${rows}</tbody></table>`
    : '<p>Every selected check ran for every system.</p>'
}
<p class="muted small">Skipped checks did not apply to the system; errors ` +
    `are checks that could not gather their evidence and were never counted ` +
    `as passes.</p></section>`
  );
}

/** The readiness report as one self-contained HTML file: inline CSS and SVG, no scripts, printable. */
export function renderHtml(report: Report): string {
  const measured = report.findings.filter((finding) => !isAttested(finding.checkId));
  const attested = report.findings.filter((finding) => isAttested(finding.checkId));
  const date = report.run.startedAt.slice(0, 10);
  const toc = HTML_SECTIONS.map((section) => `<li><a href="#${section.id}">${section.title}</a></li>`).join('');
  return (
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Readiness report: ${esc(report.estate)} (${date})</title>
<style>${REPORT_CSS}</style></head>
<body>
<header class="cover"><div class="wrap">
<div class="kicker">Go-live readiness report</div>
<h1>${esc(report.estate)}</h1>
<div class="cover-meta">${report.systems.length} systems · ${report.findings.length} findings · audited ${esc(
      report.run.startedAt.replace('T', ' ').slice(0, 16),
    )} UTC · run <code>${esc(report.run.id.slice(0, 8))}</code></div>
</div></header>
<main class="wrap">
<nav class="toc"><b>Contents</b><ol>${toc}</ol></nav>
${summarySection(report, measured, attested)}
${checklistSection(report, measured, attested)}
${owaspSection(report, (id) => systemName(report, id))}
${changesSection(report)}
${findingsSection(report, measured)}
${acceptedSection(report)}
${attestedSection(report, attested)}
${flowsSection(report, measured)}
${endpointsSection(report)}
${latencySection(report)}
${specsSection(report)}
${notCheckedSection(report)}
</main>
<footer class="wrap muted small">Generated by ${esc(report.generator)}. ` +
    `Measured findings come from live probes with safe methods only; attested ` +
    `findings are declarations by the people named.</footer>
</body></html>
`
  );
}
