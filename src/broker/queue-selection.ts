import { isTransient, type BrokerQueue } from '../model/artifacts/broker.js';

/** A queue pattern of a monitor: `*` any run of characters, `?` one; queue names are case-sensitive. */
const patternOf = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('')
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.+()[\]{}|]/g, '\\$&')))
      .join('')}$`,
  );

/**
 * The queues a broker monitor watches: those its `queues:` name (exactly or by pattern), else every queue but the
 * transient ones (a reply queue lives as long as one connection; its depth says nothing about the estate).
 */
export function watchedQueues(queues: readonly BrokerQueue[], patterns: readonly string[] | undefined): BrokerQueue[] {
  if (!patterns) return queues.filter((queue) => !isTransient(queue));
  const compiled = patterns.map(patternOf);
  return queues.filter((queue) => compiled.some((pattern) => pattern.test(queue.name)));
}
