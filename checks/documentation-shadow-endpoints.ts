import { ENDPOINT_EVIDENCE, OTHER_OPERATION_PATH } from '../src/model/artifacts/operations.js';
import { defineCheck } from './contract.js';
import { windowText } from './lib/flows.js';
import {
  byVolume,
  INVENTORY_CHECK,
  INVENTORY_LEARN_MORE,
  consumersText,
  judgeableOperations,
  notObservedText,
  operationName,
  operationsTable,
  plural,
} from './lib/operations.js';

export const documentationShadowEndpoints = defineCheck({
  id: 'documentation.shadow-endpoints',
  category: 'Documentation',
  basis: 'observed',
  title: 'Every endpoint called in traffic is documented',
  failureTitle: 'The system serves undocumented (shadow) endpoints',
  description:
    'Joins the calls seen in access logs and traces, operation by operation, with the spec: a method and path the ' +
    'spec does not document is a shadow endpoint, which its callers depend on while nobody plans for it (no ' +
    'contract, no review, no deprecation). Learn more: ' +
    INVENTORY_LEARN_MORE,
  ...INVENTORY_CHECK,
  judge({ spec, flows }, system) {
    const found = judgeableOperations(spec, flows, system.id);
    if ('verdict' in found) return found.verdict;
    const called = byVolume(found.operations.filter((operation) => operation.count > 0));
    if (called.length === 0) {
      return {
        status: 'skip',
        summary: found.observed
          ? `No call to ${system.id} was seen over ${windowText(flows)}: no traffic to compare with its spec`
          : notObservedText(system.id, flows),
        evidence: [],
      };
    }
    const total = called.reduce((sum, operation) => sum + operation.count, 0);
    const shadow = called.filter((operation) => !operation.documented);
    // undocumented templates past the cardinality cap are counted together: still shadow traffic, just not told apart
    const overflow = found.overflowed
      ? ` (templates past the cardinality cap are counted under ${OTHER_OPERATION_PATH})`
      : '';
    if (shadow.length === 0) {
      return {
        status: 'pass',
        summary:
          `Every operation called over ${windowText(flows)} is documented in ${spec.source} ` +
          `(${plural(called.length, 'operation')}, ${plural(total, 'call')})`,
        evidence: [operationsTable(called, `Operations of ${system.id} called over ${windowText(flows)}`)],
      };
    }
    const shadowCalls = shadow.reduce((sum, operation) => sum + operation.count, 0);
    const documented = called.filter((operation) => operation.documented);
    const top = shadow
      .slice(0, 3)
      .map((operation) => `${operationName(operation)} (${consumersText(operation.consumers, 2)})`)
      .join(', ');
    return {
      status: 'fail',
      summary:
        `${plural(shadow.length, 'undocumented operation')} received ${shadowCalls} of ${plural(total, 'call')} ` +
        `over ${windowText(flows)}${overflow}; most called: ${top}`,
      evidence: [
        operationsTable(shadow, `Undocumented operations of ${system.id} by calls`, 20, ENDPOINT_EVIDENCE.shadow),
        ...(documented.length > 0 ? [operationsTable(documented, 'Documented operations called', 10)] : []),
      ],
      remediation:
        `Document each endpoint its callers rely on in ${spec.source} (paths.<template>.<method>, with an owner), or ` +
        'remove it, or block it at the gateway; tell the callers listed before it changes. A path matched to no ' +
        'template may also be a spec whose servers URL lacks the base path the traffic uses.',
    };
  },
});
