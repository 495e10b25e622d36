import type { AlertDelivery, AlertEntry } from '../../../../src/api/ops/alerts.js';
import { StatusChip } from '../../components/StatusChip.js';

const RULE_LABEL: Record<string, string> = {
  down: 'Down',
  p95: 'p95 latency',
  'error-rate': 'Error rate',
  depth: 'Queue depth',
  consumers: 'Consumers',
  age: 'Oldest message',
};
const ruleLabel = (rule: string) => RULE_LABEL[rule] ?? rule;

/** To the second: delivery attempts are seconds apart. */
const instant = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

const where = (alert: AlertEntry) => alert.systemName ?? `${alert.monitorId} (no longer in junction.yaml)`;

/**
 * Every open alert of every monitor, above everything else on the page: an outage must not hide behind the chosen
 * monitor or a reassuring availability figure.
 */
export function OpenAlerts({
  alerts,
  shown,
  monitorLabel,
  onShow,
}: {
  alerts: AlertEntry[];
  /** the monitor the page shows: its alerts need no "Show" link */
  shown?: string;
  monitorLabel: (monitorId: string) => string | undefined;
  onShow: (monitorId: string) => void;
}) {
  if (alerts.length === 0) return null;
  return (
    <section className="banner error open-alerts" role="alert" aria-labelledby="open-alerts-title">
      <h2 id="open-alerts-title">{alerts.length === 1 ? '1 open alert' : `${alerts.length} open alerts`}</h2>
      <ul>
        {alerts.map((alert) => (
          <li key={alert.id}>
            <strong>{monitorLabel(alert.monitorId) ?? where(alert)}</strong> · {ruleLabel(alert.rule)}: {alert.message}{' '}
            <span className="since">since {instant(alert.raisedAt)}</span>{' '}
            {alert.monitorId !== shown && monitorLabel(alert.monitorId) && (
              <button type="button" className="link" onClick={() => onShow(alert.monitorId)}>
                Show {monitorLabel(alert.monitorId)}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DeliveryRow({ delivery }: { delivery: AlertDelivery }) {
  return (
    <tr>
      <td>{instant(delivery.at)}</td>
      <td>
        webhook {delivery.transition === 'raised' ? 'alert' : 'resolved'} · attempt {delivery.attempt}
      </td>
      <td className="mono">{delivery.target}</td>
      <td>
        {delivery.ok ? (
          <StatusChip status="pass" label={`delivered · HTTP ${delivery.status ?? '?'}`} />
        ) : (
          <StatusChip status="fail" label={delivery.error ?? `HTTP ${delivery.status ?? '?'}`} />
        )}
      </td>
    </tr>
  );
}

/** One alert's story in time order: raised, each delivery attempt, cleared (and the clear's deliveries). */
function AlertStory({ alert, now }: { alert: AlertEntry; now: number }) {
  const raised = alert.deliveries.filter((delivery) => delivery.transition === 'raised');
  const cleared = alert.deliveries.filter((delivery) => delivery.transition === 'cleared');
  const open = alert.clearedAt === undefined;
  const title = `${ruleLabel(alert.rule)} alert raised ${instant(alert.raisedAt)}`;
  return (
    <li className="alert-story" aria-label={title}>
      <div className="alert-head">
        <StatusChip status={open ? 'fail' : 'pass'} label={open ? 'open' : 'cleared'} />
        <strong>{ruleLabel(alert.rule)}</strong>
        <span className="muted">
          {open
            ? `open for ${duration(now - alert.raisedAt)}`
            : `lasted ${duration(alert.clearedAt! - alert.raisedAt)}`}
        </span>
      </div>
      <table className="data" aria-label={title}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{instant(alert.raisedAt)}</td>
            <td>raised</td>
            <td />
            <td>{alert.message}</td>
          </tr>
          {raised.map((delivery) => (
            <DeliveryRow key={`r${delivery.target}${delivery.attempt}`} delivery={delivery} />
          ))}
          {!open && (
            <tr>
              <td>{instant(alert.clearedAt!)}</td>
              <td>cleared</td>
              <td />
              <td>{alert.clearMessage ?? '—'}</td>
            </tr>
          )}
          {cleared.map((delivery) => (
            <DeliveryRow key={`c${delivery.target}${delivery.attempt}`} delivery={delivery} />
          ))}
        </tbody>
      </table>
    </li>
  );
}

/** The monitor's alerts, newest first, each with its webhook deliveries; survives restarts (it is read from the store). */
export function AlertHistory({ alerts, webhooks }: { alerts: AlertEntry[]; webhooks: number }) {
  const now = Date.now();
  return (
    <section className="card" aria-labelledby="alert-history-title" style={{ marginTop: 16 }}>
      <h2 id="alert-history-title">Alert history</h2>
      {alerts.length === 0 ? (
        <p className="muted">No alert was raised for this monitor.</p>
      ) : (
        <ol className="alert-history">
          {alerts.map((alert) => (
            <AlertStory key={alert.id} alert={alert} now={now} />
          ))}
        </ol>
      )}
      {webhooks === 0 && (
        <p className="muted" style={{ marginBottom: 0 }}>
          No webhook is set for this monitor: alerts are kept here only (
          <code>
            alerts: [{'{'} webhook: https://… {'}'}]
          </code>{' '}
          in junction.yaml sends them).
        </p>
      )}
    </section>
  );
}
