import type { FlowEdge, FlowGraph } from '../../../src/model/flow-graph.js';
import { ErrorState, Loading } from '../components/States.js';
import { useApi } from '../hooks.js';
import { OperationList, OverflowNote } from './OperationList.js';

/**
 * What travelled one drawn HTTP hop over the graph's window, most called first. On a hop out of a gateway the
 * callers are the gateway's clients, so each operation names them; on a direct hop the caller is the hop's start.
 */
export function EdgeOperations({ edge, graphWindow }: { edge: FlowEdge; graphWindow: FlowGraph['window'] }) {
  const result = useApi('getOperations', {
    from: graphWindow.from,
    until: graphWindow.until,
    edge: { from: edge.from, to: edge.to },
  });
  if (result.isPending) return <Loading what="the operations" />;
  if (result.isError) return <ErrorState error={result.error} retry={() => void result.refetch()} />;
  const [callee] = result.data.systems;
  const operations = callee?.operations ?? [];
  if (operations.length === 0)
    return (
      <p className="muted" data-operations="none">
        {edge.count === 0
          ? 'No calls in the window, so no operations.'
          : 'None of its calls in the window carried a method and path Junction could read (a trace without ' +
            'http.route or url.path, or a log format without the request line).'}
      </p>
    );
  const callers = operations.some((operation) => operation.consumers.some((each) => each.system !== edge.from));
  return (
    <>
      {!callee.specified && (
        <p className="muted operations-note">
          {callee.name} has no spec in junction.yaml: these are the paths as called, ids folded into {'{id}'}, none
          documented.
        </p>
      )}
      <OperationList
        label={`Operations called on ${edge.from} → ${edge.to}`}
        operations={operations}
        specified={callee.specified}
        callers={callers}
      />
      {callee.overflowed && <OverflowNote />}
    </>
  );
}
