import { ENDPOINT_EVIDENCE } from '../src/model/artifacts/operations.js';
import { defineCheck } from './contract.js';
import { table } from './lib/evidence.js';
import { windowText } from './lib/flows.js';
import {
  byVolume,
  INVENTORY_CHECK,
  INVENTORY_LEARN_MORE,
  judgeableOperations,
  notObservedText,
  operationName,
  operationsTable,
  plural,
  sameOperation,
} from './lib/operations.js';

export const documentationUnusedOperations = defineCheck({
  id: 'documentation.unused-operations',
  category: 'Documentation',
  basis: 'observed',
  title: 'Every documented operation is called',
  failureTitle: 'Documented operations nobody calls',
  description:
    'Lists the operations the spec documents that no caller used over the flows window, judged only where the ' +
    "system's incoming traffic is observed (a log source or traces cover it). A zombie endpoint still has to be " +
    'secured, patched and kept compatible; retire it or find out who still needs it. Learn more: ' +
    INVENTORY_LEARN_MORE,
  ...INVENTORY_CHECK,
  judge({ spec, flows }, system) {
    const found = judgeableOperations(spec, flows, system.id);
    if ('verdict' in found) return found.verdict;
    // where no source covers the system, an operation nobody called cannot be told from one nobody saw being called
    if (!found.observed) {
      return {
        status: 'skip',
        summary: `${notObservedText(system.id, flows)}, so an uncalled operation cannot be told from an unseen one`,
        evidence: [],
      };
    }
    const called = byVolume(found.operations.filter((operation) => operation.documented && operation.count > 0));
    const documented = called.length + found.unused.length;
    if (documented === 0)
      return { status: 'skip', summary: `${spec.source} documents no operation to look for in traffic`, evidence: [] };
    const calledTable = operationsTable(called, `Documented operations called over ${windowText(flows)}`);
    if (found.unused.length === 0) {
      return {
        status: 'pass',
        summary: `Every documented operation was called over ${windowText(flows)} (${plural(documented, 'operation')})`,
        evidence: [calledTable],
      };
    }
    const deprecated = (operation: { method: string; path: string }) =>
      spec.operations.find((candidate) => sameOperation(candidate, operation))?.deprecated ?? false;
    const unusedTable = table(
      `Documented operations with no call over ${windowText(flows)}`,
      [
        { key: 'method', label: 'Method', type: 'code' },
        { key: 'path', label: 'Path', type: 'code' },
        { key: 'operationId', label: 'operationId', type: 'code' },
        { key: 'deprecated', label: 'Deprecated', type: 'text' },
      ],
      found.unused.map((operation) => ({
        method: operation.method,
        path: operation.path,
        operationId: operation.operationId,
        deprecated: deprecated(operation) ? 'yes' : 'no',
      })),
      { id: ENDPOINT_EVIDENCE.unused },
    );
    const names = found.unused.slice(0, 5).map(operationName).join(', ');
    return {
      status: 'warn',
      summary:
        `${found.unused.length} of ${plural(documented, 'documented operation')} had no call over ` +
        `${windowText(flows)}: ${names}${found.unused.length > 5 ? ', …' : ''}`,
      evidence: [unusedTable, ...(called.length > 0 ? [calledTable] : [])],
      remediation:
        'Ask the owners whether each is still needed: deprecate it (deprecated: true, Deprecation and Sunset ' +
        'headers) and retire it, or document why it stays. A job that runs monthly needs a wider window ' +
        '(--window 30d) before its operations count as unused.',
    };
  },
});
