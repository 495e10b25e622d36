import { monitorIdOf } from '../model/estate.js';
import { MonitorScheduler } from '../monitor/scheduler.js';
import type { ApiContext } from './context.js';

/**
 * Runs the workspace's monitors inside a host (the headless server or the desktop app) and publishes each sample
 * and each alert transition on the host's event bus, for the live charts.
 */
export function startLiveMonitoring(ctx: ApiContext): { stop(): Promise<void> } {
  const { workspace, store, vault } = ctx;
  const systemOf = new Map(workspace.estate.monitors.map((monitor) => [monitorIdOf(monitor), monitor.system]));
  const scheduler = new MonitorScheduler(workspace, store, vault, {
    onSample: (sample) =>
      ctx.events.publish({
        type: 'monitor-sample',
        sample: {
          monitorId: sample.monitorId,
          systemId: systemOf.get(sample.monitorId) ?? sample.monitorId,
          t: sample.ts,
          ok: sample.ok,
          status: sample.status,
          phases: {
            dns: sample.timings?.dns,
            connect: sample.timings?.connect,
            tls: sample.timings?.tls,
            firstByte: sample.timings?.firstByte,
            total: sample.timings?.total,
          },
          error: sample.error,
        },
      }),
    onTransition: (transition) =>
      ctx.events.publish({
        type: 'alert',
        alert: {
          monitorId: transition.monitorId,
          systemId: transition.systemId,
          severity: transition.transition === 'raised' ? 'critical' : 'resolved',
          message: transition.message,
          t: transition.at,
        },
      }),
  });
  scheduler.start();
  return { stop: () => scheduler.stop() };
}
