import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad } from '../probe/load.js';
import type { HttpGatherer } from './gatherer.js';
import { connectionsFor, loadAccess } from './load-access.js';
import { loadProgress } from './load-progress.js';
import { parseRateLimitHeaders, parseRetryAfter } from '../../checks/lib/rate-limit-headers.js';
import { recordExchange } from './record.js';
import type { BurstArtifact, LimitedAnswer } from '../model/artifacts/resilience.js';

const BURST_MS = 3000;
/** limited answers among the last SUSTAINED_WINDOW is sustained enforcement: the burst stops there */
const SUSTAINED = 15;
const SUSTAINED_WINDOW = 20;
/** the longest Retry-After Junction waits before checking that the limit recovers */
const MAX_RECOVERY_WAIT_S = 10;
const TIMELINE_MAX = 2000;

/**
 * A capped burst at allow.load.maxRps, above the advertised quota where one is announced: where does
 * enforcement start, does it answer 429 with Retry-After (not 5xx, resets or timeouts), does it recover?
 */
export const burstGatherer: HttpGatherer<'burst'> = {
  artifact: 'burst',
  serves: 'http',
  timeoutMs: 60_000,
  async gather(context): Promise<BurstArtifact> {
    const access = await loadAccess(context);
    if ('ran' in access) return access;
    const { probe, signal, progress } = context;
    const { budget } = access;
    const before = await recordExchange(probe, { method: 'GET', url: access.url, signal });
    const quotas = parseRateLimitHeaders(before.headers ?? {});
    // the tightest announced quota: the one a burst reaches first
    const tightest = [...quotas].sort((a, b) => (a.remaining ?? a.limit) - (b.remaining ?? b.limit))[0];
    const rate = budget.allowance.maxRps;
    // enough requests to pass the quota even if its window rolls over during the burst (more than once for short windows)
    const rollovers = tightest?.windowSeconds && tightest.windowSeconds * 1000 <= BURST_MS ? 2.5 : 1;
    const allowance = tightest
      ? (tightest.remaining ?? tightest.limit) +
        Math.ceil(tightest.limit * rollovers) +
        Math.max(SUSTAINED_WINDOW, Math.ceil(tightest.limit * 0.5))
      : Infinity;
    const maxRequests = Math.min(budget.remainingRequests, allowance);
    progress(
      `burst at ${rate} rps${tightest ? ` above the announced ${tightest.limit}${tightest.windowSeconds ? `/${tightest.windowSeconds}s` : ''}` : ''}`,
    );

    const stopper = new AbortController();
    const onAbort = () => stopper.abort(new Error('aborted'));
    signal.addEventListener('abort', onAbort);
    const timeline: (number | 'err')[] = [];
    const limitedSamples: LimitedAnswer[] = [];
    let firstLimited: LimitedAnswer | undefined;
    let limited = 0;
    let withoutRetryAfter = 0;
    const recent: boolean[] = [];
    let recentLimited = 0;
    let count = 0;
    const load = await runLoad(
      {
        url: access.url,
        headers: access.headers,
        ca: access.ca,
        servername: access.servername,
        rate,
        durationMs: BURST_MS,
        maxRequests,
        connections: connectionsFor(rate),
        breaker: { maxErrorRate: 0.5, maxP99Ms: 10_000, minRequests: 10 },
        signal: stopper.signal,
        onResponse: (response) => {
          count++;
          if (timeline.length < TIMELINE_MAX) timeline.push(response.status ?? 'err');
          const isLimited = response.status === 429 || response.status === 503;
          recent.push(isLimited);
          recentLimited += isLimited ? 1 : 0;
          if (recent.length > SUSTAINED_WINDOW) recentLimited -= recent.shift() ? 1 : 0;
          if (!isLimited) return;
          limited++;
          const header = (name: string) => {
            const value = response.headers?.[name];
            return Array.isArray(value) ? value[0] : value;
          };
          const answer: LimitedAnswer = {
            request: count,
            atMs: Math.round(response.intendedAt),
            status: response.status!,
            retryAfter: header('retry-after'),
            date: header('date'),
            contentType: header('content-type'),
          };
          if (parseRetryAfter(answer.retryAfter, answer.date) === undefined) withoutRetryAfter++;
          firstLimited ??= answer;
          if (limitedSamples.length < 5) limitedSamples.push(answer);
          if (recentLimited >= SUSTAINED && !stopper.signal.aborted)
            stopper.abort(new Error(`${recentLimited} of the last ${SUSTAINED_WINDOW} answers limited`));
        },
        onProgress: loadProgress(progress).step(
          'burst',
          rate,
          (tick) => `burst second ${tick.second}: ${tick.completed} answered, ${tick.statuses['429'] ?? 0} × 429`,
        ),
      },
      budget,
    );
    signal.removeEventListener('abort', onAbort);
    const { seconds: _seconds, ...summary } = load;

    let recovery: { waitedMs: number; sample: typeof before } | { skipped: string } | undefined;
    const last = limitedSamples.at(-1);
    if (last) {
      const wait = parseRetryAfter(last.retryAfter, last.date);
      if (wait === undefined) recovery = { skipped: 'the limited answers carry no Retry-After to wait for' };
      else if (wait > MAX_RECOVERY_WAIT_S)
        recovery = { skipped: `Retry-After ${wait} s is longer than the ${MAX_RECOVERY_WAIT_S} s Junction waits` };
      else {
        progress(`waiting Retry-After ${wait} s`);
        const waitedMs = wait * 1000 + 100;
        await sleep(waitedMs, undefined, { signal }).catch(() => undefined);
        recovery = { waitedMs, sample: await recordExchange(probe, { method: 'GET', url: access.url, signal }) };
      }
    }
    return {
      ran: true,
      url: access.url,
      target: access.target,
      advertised: tightest && {
        limit: tightest.limit,
        windowSeconds: tightest.windowSeconds,
        remaining: tightest.remaining,
        source: tightest.scheme,
      },
      before,
      load: summary,
      firstLimited,
      limited,
      limitedWithoutRetryAfter: withoutRetryAfter,
      limitedSamples,
      timeline,
      recovery,
    };
  },
};
