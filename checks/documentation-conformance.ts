import type { ConformanceCall } from '../src/model/artifacts/spec.js';
import { defineCheck } from './contract.js';
import { type Evidence } from '../src/model/finding.js';
import { exchangeEvidence, table } from './lib/evidence.js';
import { appliesToSpec } from './lib/spec.js';

/** Problems that mean a client built from the spec breaks; the rest (headers, media types) are warnings. */
const FAILING = new Set<ConformanceCall['problems'][number]['rule']>([
  'server-error',
  'status-undocumented',
  'body-invalid',
]);
const MAX_EXCHANGES = 3;

export const documentationConformance = defineCheck({
  id: 'documentation.conformance',
  category: 'Documentation',
  basis: 'observed',
  title: 'The live API answers as its spec says',
  failureTitle: 'The live API deviates from its spec',
  description:
    'Safe operations that can be called (no required parameters, or parameters with examples) are called ' +
    'on the live system and their answers checked as Schemathesis does: ' +
    'no 5xx, status documented, content type documented, required headers present, body valid against the response schema. ' +
    'Learn more: https://schemathesis.readthedocs.io/en/stable/',
  requires: ['conformance'],
  appliesTo: appliesToSpec,
  judge({ conformance }) {
    const references = [
      { title: 'Schemathesis: checks', url: 'https://schemathesis.readthedocs.io/en/stable/' },
      { title: 'OpenAPI: Responses Object', url: 'https://spec.openapis.org/oas/v3.1.0#responses-object' },
    ];
    const calls = conformance.calls;
    const called = table(
      'Operations called',
      [
        { key: 'operation', label: 'Operation', type: 'code' },
        { key: 'status', label: 'Status', type: 'status' },
        { key: 'documented', label: 'Documented as', type: 'text' },
        { key: 'result', label: 'Result', type: 'text' },
      ],
      calls.map((call) => ({
        operation: `${call.method} ${call.path}`,
        status: call.sample.status ?? null,
        documented: call.matched ?? null,
        result:
          call.problems.length === 0
            ? 'conforms'
            : call.problems.map((problem) => `${problem.rule}: ${problem.message}`).join('; '),
      })),
    );
    const evidence: Evidence[] = [called];
    if (conformance.skipped.length > 0) {
      evidence.push({
        kind: 'list',
        title: 'Not called',
        items: conformance.skipped
          .slice(0, 20)
          .map((skip) => ({ label: `${skip.method} ${skip.path}`, value: skip.reason })),
      });
    }
    if (calls.length === 0) {
      return {
        status: 'warn',
        summary: `No operation could be called safely (${conformance.skipped.length} skipped): conformance is unknown`,
        evidence,
        remediation:
          'Give required parameters of GET operations an `example`, so that the live API can be checked against its spec.',
        references,
      };
    }
    if (calls.every((call) => call.sample.status === undefined)) {
      const [first] = calls;
      const why = first.sample.error ? `${first.sample.error.code}: ${first.sample.error.message}` : 'no answer';
      return {
        status: 'error',
        summary: `None of the ${calls.length} operations called answered (first: ${first.method} ${first.path}: ${why}): conformance not judged`,
        evidence,
        references,
      };
    }
    const deviating = calls.filter((call) => call.problems.length > 0);
    for (const call of deviating.slice(0, MAX_EXCHANGES))
      evidence.push(exchangeEvidence(call.sample, `${call.method} ${call.path}`));
    for (const call of deviating) {
      const schemaErrors = call.problems.filter((problem) => problem.rule === 'body-invalid');
      if (schemaErrors.length > 0) {
        evidence.push({
          kind: 'list',
          title: `Schema errors: ${call.method} ${call.path}`,
          items: schemaErrors.map((problem) => ({ label: problem.pointer ?? '/', value: problem.message })),
        });
      }
    }
    if (deviating.length === 0) {
      return {
        status: 'pass',
        summary: `${calls.length} operation${calls.length === 1 ? '' : 's'} called; every answer matches the spec`,
        evidence,
        references,
      };
    }
    const failing = deviating.some((call) =>
      call.problems.some((problem) => FAILING.has(problem.rule) || problem.rule === 'unreachable'),
    );
    const first = deviating[0];
    return {
      status: failing ? 'fail' : 'warn',
      summary: `${deviating.length} of ${calls.length} operations deviate from the spec; first: ${first.method} ${first.path}: ${first.problems[0].message}`,
      evidence,
      remediation:
        'Make the implementation match the spec, or correct the spec where the implementation is right: clients are generated from the spec.',
      references,
    };
  },
});
