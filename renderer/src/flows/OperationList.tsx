import type { OperationTraffic } from '../../../src/model/artifacts/operations.js';
import { formatMs, formatPercent } from '../hooks.js';

/** A panel lists at most this many operations; the CLI (`flows show --operations`) lists them all. */
export const SHOWN_OPERATIONS = 200;

/** Said under a list cut at SHOWN_OPERATIONS. */
export function MoreNote({ hidden }: { hidden: number }) {
  if (hidden <= 0) return null;
  return (
    <p className="muted">
      {hidden.toLocaleString('en-US')} more not shown: <code>junction flows show --operations</code> lists them all.
    </p>
  );
}

/** Said under a system's operations when its templates reached the cardinality cap. */
export function OverflowNote() {
  return (
    <p className="muted">
      More distinct paths than Junction keeps per system were called: the rest are counted under (other).
    </p>
  );
}

/** `shop 8, crm 5`: who called, most first. */
export const callersText = (consumers: OperationTraffic['consumers']) =>
  consumers.map((consumer) => `${consumer.system} ${consumer.count.toLocaleString('en-US')}`).join(', ');

/**
 * Called operations, in the order given (most called first), one row each: method and path, whether the spec
 * documents it (only said when the callee has a spec), calls, 5xx and 4xx shares, p95 and, when asked, the callers.
 * An operation's 4xx share counts its 429s too (OperationTraffic.clientErrorRate), where an edge keeps them apart:
 * the row says `4xx+429`, so it is not read against the edge's `4xx`.
 */
export function OperationList({
  label,
  operations,
  specified,
  callers,
}: {
  /** what the list is, for assistive technology */
  label: string;
  operations: readonly OperationTraffic[];
  /** the callee has a spec: each row says whether it documents the operation */
  specified: boolean;
  callers: boolean;
}) {
  const shown = operations.slice(0, SHOWN_OPERATIONS);
  return (
    <>
      <ul className="operations" aria-label={label}>
        {shown.map((operation) => (
          <li key={`${operation.method} ${operation.path}`} data-operation={`${operation.method} ${operation.path}`}>
            <div className="operation-head">
              <span className="method mono">{operation.method}</span>
              <span className="path mono">{operation.path}</span>
              {specified &&
                (operation.documented ? (
                  <span className="chip pass">documented</span>
                ) : (
                  <span className="chip fail">undocumented</span>
                ))}
            </div>
            <div className="muted operation-figures">
              {operation.count.toLocaleString('en-US')} calls · 5xx {formatPercent(operation.errorRate)} · 4xx+429{' '}
              {formatPercent(operation.clientErrorRate)} · p95 {formatMs(operation.p95)}
            </div>
            {callers && <div className="muted operation-callers">by {callersText(operation.consumers)}</div>}
          </li>
        ))}
      </ul>
      <MoreNote hidden={operations.length - shown.length} />
    </>
  );
}
