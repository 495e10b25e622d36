/**
 * The OWASP API Security Top 10 (2023 edition): the risks, and which checklist category of the readiness report each
 * belongs to. The lint's `owasp:` rules name their risk; the report's coverage table shows, per risk, what probed it,
 * what linted it and what was attested.
 */
import type { Category } from './finding.js';

export const OWASP_API_TOP10 = [
  { id: 'API1:2023', title: 'Broken Object Level Authorization', category: 'Security' },
  { id: 'API2:2023', title: 'Broken Authentication', category: 'Security' },
  { id: 'API3:2023', title: 'Broken Object Property Level Authorization', category: 'Security' },
  { id: 'API4:2023', title: 'Unrestricted Resource Consumption', category: 'Rate limits' },
  { id: 'API5:2023', title: 'Broken Function Level Authorization', category: 'Security' },
  { id: 'API6:2023', title: 'Unrestricted Access to Sensitive Business Flows', category: 'Rate limits' },
  { id: 'API7:2023', title: 'Server Side Request Forgery', category: 'Security' },
  { id: 'API8:2023', title: 'Security Misconfiguration', category: 'Security' },
  { id: 'API9:2023', title: 'Improper Inventory Management', category: 'Versioning' },
  { id: 'API10:2023', title: 'Unsafe Consumption of APIs', category: 'Error handling' },
] as const satisfies readonly { id: string; title: string; category: Category }[];

export type OwaspRisk = (typeof OWASP_API_TOP10)[number]['id'];

/** Where each risk is documented. */
export const owaspUrl = (risk: OwaspRisk): string => {
  const number = Number(/^API(\d+)/.exec(risk)![1]);
  const slug = OWASP_API_TOP10[number - 1].title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-$/, '');
  return `https://owasp.org/API-Security/editions/2023/en/0xa${number === 10 ? 'a' : number}-${slug}/`;
};

/**
 * The attestation item that answers a risk for a system (`owasp-api6` for API6:2023): what no probe or rule can see,
 * such as business-flow limits (API6) or how third-party answers are validated (API10), declared by a person.
 * Judged like any item of the workspace's own (attested.other) and shown in the report's OWASP coverage.
 */
export const owaspAttestationItem = (risk: OwaspRisk): string => `owasp-${risk.split(':')[0].toLowerCase()}`;

/** How the readiness report can cover a risk; a risk with none of these is not covered. */
export const OWASP_COVERAGE = ['probed', 'linted', 'attested'] as const;
export type OwaspCoverage = (typeof OWASP_COVERAGE)[number];
