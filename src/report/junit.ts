import type { Report } from './schema.js';

const escapeXml = (text: string): string =>
  text
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 cannot carry most control characters, even escaped.
    // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these control characters: they are what we remove
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one testsuite per system, one testcase per check; warn passes with its summary in system-out. */
export function renderJunit(report: Report): string {
  const suites = report.systems.map((system) => {
    const findings = report.findings.filter((finding) => finding.systemId === system.id);
    const count = (status: string) => findings.filter((finding) => finding.status === status).length;
    const cases = findings.map((finding) => {
      const open = `    <testcase classname="${escapeXml(`${system.id}.${finding.category}`)}" name="${escapeXml(finding.checkId)}">`;
      const message = escapeXml(finding.summary);
      const body = escapeXml(
        [finding.summary, finding.remediation ? `Fix: ${finding.remediation}` : ''].filter(Boolean).join('\n'),
      );
      switch (finding.status) {
        case 'fail':
          return `${open}\n      <failure message="${message}" type="fail">${body}</failure>\n    </testcase>`;
        case 'error':
          return `${open}\n      <error message="${message}" type="error">${body}</error>\n    </testcase>`;
        case 'skip':
          return `${open}\n      <skipped message="${message}"/>\n    </testcase>`;
        case 'warn':
          return `${open}\n      <system-out>WARN: ${body}</system-out>\n    </testcase>`;
        default:
          return `${open}</testcase>`;
      }
    });
    return [
      `  <testsuite name="${escapeXml(system.name)}" id="${escapeXml(system.id)}" tests="${findings.length}" ` +
        `failures="${count('fail')}" errors="${count('error')}" skipped="${count('skip')}" timestamp="${report.run.startedAt}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const total = report.findings.length;
  const failures = report.findings.filter((f) => f.status === 'fail').length;
  const errors = report.findings.filter((f) => f.status === 'error').length;
  const name = escapeXml(`Junction readiness: ${report.estate}`);
  const root = `<testsuites name="${name}" tests="${total}" failures="${failures}" errors="${errors}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n${suites.join('\n')}\n</testsuites>\n`;
}
