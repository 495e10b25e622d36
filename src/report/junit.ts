import type { Finding, Status } from '../model/finding.js';
import { isAccepted } from '../model/waiver.js';
import { escapeXml } from './escape.js';
import type { Report } from './schema.js';

/** How a test case reads: an accepted risk is skipped with its waiver, whatever its measured status. */
const outcomeOf = (finding: Finding): Status | 'waived' => (isAccepted(finding) ? 'waived' : finding.status);

const waiverText = (waiver: NonNullable<Finding['waiver']>) =>
  `${waiver.reason} (accepted by ${waiver.owner} until ${waiver.expires}${waiver.ticket ? `, ${waiver.ticket}` : ''})`;

/**
 * JUnit XML: one testsuite per system, one testcase per check; warn passes with its summary in system-out; an
 * accepted risk is `<skipped message="waived: …">` and an expired waiver says so in its failure.
 */
export function renderJunit(report: Report): string {
  const suites = report.systems.map((system) => {
    const findings = report.findings.filter((finding) => finding.systemId === system.id);
    const count = (outcome: string) => findings.filter((finding) => outcomeOf(finding) === outcome).length;
    const cases = findings.map((finding) => {
      const open = `    <testcase classname="${escapeXml(`${system.id}.${finding.category}`)}" name="${escapeXml(finding.checkId)}">`;
      const expired = finding.waiver?.expired ? `waiver expired on ${finding.waiver.expires}: ` : '';
      const message = escapeXml(`${expired}${finding.summary}`);
      const body = escapeXml(
        [`${expired}${finding.summary}`, finding.remediation ? `Fix: ${finding.remediation}` : '']
          .filter(Boolean)
          .join('\n'),
      );
      switch (outcomeOf(finding)) {
        case 'waived':
          return `${open}\n      <skipped message="${escapeXml(`waived: ${waiverText(finding.waiver!)}`)}">${body}</skipped>\n    </testcase>`;
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
        `failures="${count('fail')}" errors="${count('error')}" skipped="${count('skip') + count('waived')}" timestamp="${report.run.startedAt}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const total = report.findings.length;
  const failures = report.findings.filter((f) => outcomeOf(f) === 'fail').length;
  const errors = report.findings.filter((f) => outcomeOf(f) === 'error').length;
  const name = escapeXml(`Junction readiness: ${report.estate}`);
  const root = `<testsuites name="${name}" tests="${total}" failures="${failures}" errors="${errors}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n${suites.join('\n')}\n</testsuites>\n`;
}
