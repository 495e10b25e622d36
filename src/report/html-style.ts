/** The readiness report's stylesheet, inlined so the HTML stays one file; print rules give an A4 document. */
export const REPORT_CSS =
  `
:root { --ink:#1b2430; --muted:#5d6778; --line:#dde2ea; --soft:#f5f7fa; --accent:#24478f;
  --pass:#1f8a4c; --warn:#c77c02; --fail:#c8372d; --error:#7a3fa0; --skip:#8a94a6; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin:0; color:var(--ink); background:#fff; font: 14px/1.5 "Inter", "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
.wrap { max-width: 980px; margin: 0 auto; padding: 0 28px; }
code, pre { font-family: "JetBrains Mono", "SFMono-Regular", Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 12px; }
code { background: var(--soft); padding: 1px 4px; border-radius: 3px; }
a { color: var(--accent); }
h1 { font-size: 34px; margin: 4px 0 6px; letter-spacing: -0.5px; }
h2 { font-size: 22px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 18px 0 8px; }
h4 { font-size: 15px; margin: 0; display: inline; }
section { padding: 26px 0 10px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.cover { background: linear-gradient(120deg, #14213d 0%, #24478f 100%); color: #fff; padding: 36px 0 30px; }
.cover .kicker { text-transform: uppercase; letter-spacing: 2px; font-size: 12px; opacity: .8; }
.cover code { background: rgba(255,255,255,.15); color: #fff; }
.cover-meta { opacity: .9; }
.toc { margin: 22px 0 0; padding: 14px 18px; background: var(--soft); border-radius: 8px; }
.toc ol { margin: 6px 0 0; padding-left: 20px; columns: 3; column-gap: 24px; }
.toc li { margin: 2px 0; }
.verdict { display: flex; gap: 26px; align-items: center; padding: 18px 22px; border-radius: 10px; border: ` +
  `1px solid var(--line); border-left: 8px solid var(--skip); background: #fff; }
.verdict.pass { border-left-color: var(--pass); } .verdict.warn { border-left-color: var(--warn); }
.verdict.fail { border-left-color: var(--fail); } .verdict.error { border-left-color: var(--error); }
.verdict-ring { text-align: center; }
.verdict-label { font-size: 26px; font-weight: 700; }
.verdict.fail .verdict-label { color: var(--fail); } .verdict.warn .verdict-label { color: var(--warn); }
.verdict.pass .verdict-label { color: var(--pass); } .verdict.error .verdict-label { color: var(--error); }
.verdict p { margin: 2px 0 10px; }
.tallies { margin: 4px 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.tallies > .muted { width: 64px; }
.tally { font-size: 12px; padding: 1px 8px; border-radius: 10px; background: var(--soft); }
.tally b { font-size: 13px; }
.tally.pass b { color: var(--pass); } .tally.warn b { color: var(--warn); } .tally.fail b { color: var(--fail); ` +
  `} .tally.error b { color: var(--error); } .tally.skip b { color: var(--skip); }
ol.blocking { margin: 6px 0 4px; padding-left: 22px; columns: 2; column-gap: 28px; }
ol.blocking li { margin: 0 0 7px; break-inside: avoid; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
table { border-collapse: collapse; width: 100%; }
table.plain td { padding: 5px 6px; border-bottom: 1px solid var(--line); vertical-align: middle; }
.scores td:first-child { width: 34%; }
.bar { height: 10px; background: #e6e9ef; border-radius: 5px; overflow: hidden; }
.bar > div { height: 100%; border-radius: 5px; }
.bar-cell { width: 52%; }
td.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data { font-size: 13px; margin: 6px 0 10px; }
table.data th { text-align: left; background: var(--soft); font-weight: 600; padding: 6px 8px; border-bottom: 1px solid var(--line); }
table.data td { padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
.checklist th[scope=row] { background: #fff; width: 22%; }
.checklist td { font-size: 13px; }
.owasp th[scope=row] { background: #fff; width: 26%; font-weight: 600; vertical-align: top; }
.owasp td { font-size: 12px; } .owasp td div + div { margin-top: 3px; }
.box { font-size: 18px; line-height: 1; }
.box.yes { color: var(--pass); } .box.no { color: var(--fail); } .box.no.warn { color: var(--warn); }
.attested-line { font-size: 12px; color: var(--muted); font-style: italic; margin-top: 2px; }
.attested-line .box { font-size: 14px; }
.pill { white-space: nowrap; display: inline-block; font-size: 11px; font-weight: 700; text-transform: ` +
  `uppercase; letter-spacing: .5px; padding: 1px 8px; border-radius: 10px; color: #fff; background: var(--skip); ` +
  `margin-right: 6px; vertical-align: 1px; }
.pill.pass { background: var(--pass); } .pill.warn { background: var(--warn); } .pill.fail { background: ` +
  `var(--fail); } .pill.error { background: var(--error); }
.pill.attested { background: #fff; color: #6b4fa0; border: 1px dashed #6b4fa0; }
.pill.inferred { background: #fff; color: #7a5b00; border: 1px dashed #b58900; }
.pill.accepted { background: #fff; color: #1f5f8b; border: 1px solid #1f5f8b; margin-left: 4px; }
.pill.expired { background: #fff; color: var(--fail); border: 1px solid var(--fail); margin-left: 4px; }
.pill.baseline { background: #333; margin-left: 4px; }
.reproduce pre { background: #f4f4f4; border-left: 3px solid #888; padding: 6px 10px; white-space: pre-wrap; ` +
  `word-break: break-all; font-size: 12px; margin: 4px 0 0; }
.waiver { background: #eef5fb; border-left: 3px solid #1f5f8b; padding: 6px 10px; margin: 6px 0; font-size: 13px; }
.waiver.expired { background: #fdf0ef; border-left-color: var(--fail); }
.http-status { font-weight: 600; } .s2xx { color: var(--pass); } .s3xx { color: var(--accent); } .s4xx { color: var(--warn); } .s5xx { color: var(--fail); }
.change { font-size: 12px; font-weight: 600; }
.change.new-problem, .change.worse, .change.new-evidence { color: var(--fail); } .change.fixed, .change.better { color: var(--pass); }
.system-block { margin-bottom: 8px; }
.endpoint-part { margin: 12px 0 18px; }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--skip); border-radius: 8px; padding: 12px 16px; margin: 10px 0; }
.finding header, .summary-line, .remediation { break-after: avoid; break-inside: avoid; }
.evidence { break-inside: avoid; }
.finding.pass { border-left-color: var(--pass); } .finding.warn { border-left-color: var(--warn); }
.finding.fail { border-left-color: var(--fail); } .finding.error { border-left-color: var(--error); }
.finding.is-attested { background: repeating-linear-gradient(135deg, #fff, #fff 10px, #faf8fd 10px, #faf8fd 20px); }
.finding header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 6px; }
.finding .meta { margin-left: auto; font-size: 12px; color: var(--muted); }
.summary-line { margin: 6px 0; }
.remediation { background: #eef3fc; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.remediation b { color: var(--accent); margin-right: 6px; }
.evidence { margin: 10px 0 4px; }
.evidence-title { font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .5px; margin-bottom: 2px; }
.exchange { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; align-items: start; }
pre { margin: 0; background: var(--soft); color: var(--ink); border: 1px solid var(--line); padding: ` +
  `8px 10px; border-radius: 6px; white-space: pre-wrap; word-break: break-all; font-size: 11px; }
pre.request { border-left: 3px solid var(--accent); }
pre.response { border-left: 3px solid #7b8699; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; font-size: 13px; }
dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; word-break: break-word; }
details.folded summary { cursor: pointer; font-size: 12px; color: var(--accent); margin-top: 4px; }
.refs { font-size: 12px; margin-top: 6px; color: var(--muted); }
.attested-note { background: #f6f2fc; border: 1px dashed #6b4fa0; border-radius: 8px; padding: 10px 14px; }
.figure { margin: 8px 0 14px; overflow-x: auto; }
svg.graph, svg.chart { max-width: 100%; height: auto; }
svg text { font-family: inherit; }
svg .axis { font-size: 10px; fill: var(--muted); }
svg .label { font-size: 11px; fill: var(--ink); }
svg .value { font-size: 10px; fill: var(--muted); }
svg .node-label { font-size: 13px; font-weight: 700; fill: var(--ink); }
svg .node-sub { font-size: 10px; fill: var(--muted); }
svg .edge-label { font-size: 11px; fill: var(--ink); paint-order: stroke; stroke: #fff; stroke-width: 4px; }
footer { padding: 24px 28px 40px; border-top: 1px solid var(--line); margin-top: 20px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 12px; }
  .wrap { max-width: none; padding: 0; }
  .cover { padding: 22px 18px; border-radius: 8px; }
  .toc { display: none; }
  section { padding-top: 14px; }
  #checklist, #findings, #attested, #flows, #specs { break-before: page; }
  details.folded { display: none; }
  h2, h3 { break-after: avoid; }
  table.data tr, .figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
