import type { AuditEvent } from '../audit/events.js';

/** One status line rewritten in place on a terminal; silent elsewhere so pipes and CI logs stay clean. */
export function terminalProgress(
  stream: NodeJS.WriteStream,
  enabled: boolean,
): { onEvent: (event: AuditEvent) => void; done: () => void } {
  if (!enabled || !stream.isTTY) return { onEvent: () => {}, done: () => {} };
  let systems = 0;
  let finished = 0;
  let findings = 0;
  const write = (text: string) => stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 100) - 1)}`);
  return {
    onEvent: (event) => {
      switch (event.type) {
        case 'run-started':
          systems = event.systems.length;
          write(`Auditing ${systems} systems with ${event.checks.length} checks…`);
          break;
        case 'gather-progress':
          write(`[${finished}/${systems}] ${event.systemId} · ${event.artifact}: ${event.message}`);
          break;
        case 'finding':
          findings++;
          break;
        case 'system-finished':
          finished++;
          write(`[${finished}/${systems}] ${event.systemId} done · ${findings} findings`);
          break;
        default:
          break;
      }
    },
    done: () => stream.write('\r\x1b[2K'),
  };
}
