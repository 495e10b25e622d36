import type { SystemOperationsView } from '../../../src/api/ops/flows.js';
import type { FlowGraph, FlowNode } from '../../../src/model/flow-graph.js';
import { ErrorState, Loading } from '../components/States.js';
import { useApi } from '../hooks.js';
import { MoreNote, OperationList, OverflowNote, SHOWN_OPERATIONS } from './OperationList.js';

/**
 * One system's endpoints over the graph's window: the documented operations it was called on, the shadow ones
 * (called, documented nowhere in its spec) with their callers, and the documented ones nobody called. Unused is
 * said only where its traffic is observed (a log source or trace covers it): otherwise nobody could have seen a call.
 */
export function SystemPanel({
  node,
  graphWindow,
  onClose,
}: {
  node: FlowNode;
  graphWindow: FlowGraph['window'];
  onClose: () => void;
}) {
  const result = useApi('getOperations', { from: graphWindow.from, until: graphWindow.until, system: node.id });
  return (
    <section
      className="card"
      aria-labelledby="system-title"
      data-system={node.id}
      data-ready={result.isPending ? undefined : 'operations'}
    >
      <div className="page-head" style={{ marginBottom: 8 }}>
        <div>
          <h2 id="system-title" style={{ margin: 0 }}>
            {node.name}
          </h2>
          <div className="muted" style={{ fontSize: 12 }}>
            {node.known ? node.id : 'unknown peer: no system of the estate'}
          </div>
        </div>
        <button type="button" onClick={onClose} aria-label="Close system details">
          ✕
        </button>
      </div>
      {result.isPending ? (
        <Loading what="its operations" />
      ) : result.isError ? (
        <ErrorState error={result.error} retry={() => void result.refetch()} />
      ) : (
        <SystemOperations node={node} entry={result.data.systems[0]} />
      )}
    </section>
  );
}

function SystemOperations({ node, entry }: { node: FlowNode; entry?: SystemOperationsView }) {
  if (!entry || (entry.operations.length === 0 && entry.unused.length === 0))
    return (
      <p className="muted" data-operations="none">
        No call to {node.name} in the window carried an HTTP method and path
        {entry?.specified
          ? ', and none of its spec’s operations is stored yet: calls are matched to its spec when logs are ' +
            'imported (junction flows import).'
          : ', and junction.yaml gives it no spec.'}
      </p>
    );
  const documented = entry.operations.filter((operation) => operation.documented);
  const shadow = entry.operations.filter((operation) => !operation.documented);
  if (!entry.specified)
    return (
      <>
        <p className="muted operations-note">
          No spec in junction.yaml: its {entry.operations.length} called paths are listed as called, ids folded into{' '}
          {'{id}'}; none is documented, and none can be unused.
        </p>
        <OperationList label="Operations called" operations={entry.operations} specified={false} callers />
        {entry.overflowed && <OverflowNote />}
      </>
    );
  return (
    <>
      {entry.operations.length === 0 ? (
        <p className="muted">No call to {node.name} in the window.</p>
      ) : (
        <CalledOperations documented={documented} shadow={shadow} />
      )}
      {entry.overflowed && <OverflowNote />}
      <UnusedOperations node={node} entry={entry} />
    </>
  );
}

/** The documented operations called, then the shadow ones, each with its callers. */
function CalledOperations({
  documented,
  shadow,
}: {
  documented: SystemOperationsView['operations'];
  shadow: SystemOperationsView['operations'];
}) {
  return (
    <>
      <h3 className="operations-title">Documented operations called ({documented.length})</h3>
      {documented.length === 0 ? (
        <p className="muted">None in the window.</p>
      ) : (
        <OperationList label="Documented operations called" operations={documented} specified={false} callers />
      )}
      <h3 className="operations-title">Shadow operations ({shadow.length})</h3>
      <p className="muted operations-note">Called, but documented nowhere in its spec; with their callers.</p>
      {shadow.length === 0 ? (
        <p className="muted">None: every call matched an operation of its spec.</p>
      ) : (
        <OperationList label="Shadow operations" operations={shadow} specified={false} callers />
      )}
    </>
  );
}

/** Documented operations nobody called, judged only where the system's incoming traffic is observed. */
function UnusedOperations({ node, entry }: { node: FlowNode; entry: SystemOperationsView }) {
  return (
    <>
      <h3 className="operations-title">
        Unused documented operations{entry.observed ? ` (${entry.unused.length})` : ''}
      </h3>
      {!entry.observed ? (
        <p className="operations-note" data-observed="no">
          Not observed: no log source or trace covers the traffic {node.name} receives, so an operation nobody called
          cannot be told from one nobody saw.{' '}
          {entry.unused.length === 1
            ? 'Its one documented operation is not judged.'
            : `Its ${entry.unused.length} documented operations are not judged.`}
        </p>
      ) : entry.unused.length === 0 ? (
        <p className="muted">None: every documented operation was called in the window.</p>
      ) : (
        <ul className="operations" aria-label="Unused documented operations">
          {entry.unused.slice(0, SHOWN_OPERATIONS).map((operation) => (
            <li key={`${operation.method} ${operation.path}`} data-operation={`${operation.method} ${operation.path}`}>
              <div className="operation-head">
                <span className="method mono">{operation.method}</span>
                <span className="path mono">{operation.path}</span>
              </div>
              {operation.operationId && <div className="muted operation-figures">{operation.operationId}</div>}
            </li>
          ))}
        </ul>
      )}
      {entry.observed && <MoreNote hidden={entry.unused.length - SHOWN_OPERATIONS} />}
    </>
  );
}
