import {
  failedIn,
  LATE_TOLERANCE_MS,
  type LatencySummary,
  type LoadResult,
  type LoadTick,
  type StopReason,
} from '../model/load.js';
import { performance } from 'node:perf_hooks';
import type { BuildRequest, Histogram } from 'hdr-histogram-js';
import type { LoadAllowance } from '../model/estate.js';

export interface LoadResponse {
  /** ms since the run started at which the request was meant to start */
  intendedAt: number;
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  error?: string;
  /** corrected latency: from the intended start to the end of the body */
  latencyMs: number;
}

export interface LoadPlan {
  /** absolute URL; every request goes to this origin and path */
  url: string;
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** open-loop target in requests per second; omitted: closed loop, as fast as the connections allow (still ≤ maxRps) */
  rate?: number;
  durationMs: number;
  maxRequests?: number;
  connections: number;
  /** per-request limit on headers and body */
  timeoutMs?: number;
  ca?: string;
  servername?: string;
  /** ends the run early when a full second crosses either threshold (after minRequests answers) */
  breaker?: { maxErrorRate: number; maxP99Ms: number; minRequests?: number };
  /** a request dispatched later than this after its intended start counts as not sent on time */
  lateToleranceMs?: number;
  signal?: AbortSignal;
  onProgress?: (tick: LoadTick) => void;
  onResponse?: (response: LoadResponse) => void;
}

export class LoadRefused extends Error {}

/** Keeps every load run of one system within its allow.load caps, summed over the whole audit. */
export class LoadBudget {
  private requests = 0;
  private seconds = 0;
  constructor(readonly allowance: LoadAllowance) {}

  get remainingRequests(): number {
    return Math.max(0, this.allowance.maxRequests - this.requests);
  }

  get remainingSeconds(): number {
    return Math.max(0, this.allowance.maxSeconds - this.seconds);
  }

  spend(requests: number, seconds: number): void {
    this.requests += requests;
    this.seconds += seconds;
  }
}

const budgets = new WeakMap<object, LoadBudget>();

/** The one budget shared by every load gatherer of a system's audit (keyed by its probe). */
export function loadBudgetFor(owner: object, allowance: LoadAllowance | undefined): LoadBudget {
  if (!allowance) throw new LoadRefused('load probing is not allowed for this system (allow.load is absent)');
  let budget = budgets.get(owner);
  if (!budget) budgets.set(owner, (budget = new LoadBudget(allowance)));
  return budget;
}

const US = 1000;
/** undici and hdr-histogram-js take a fifth of a second to load: only an audit that sends load pays for them. */
const loadDependencies = () => Promise.all([import('undici'), import('hdr-histogram-js')]);
const HISTOGRAM: BuildRequest = {
  lowestDiscernibleValue: 1,
  highestTrackableValue: 600_000_000,
  numberOfSignificantValueDigits: 3,
};
const ms = (us: number) => Math.round(us / 10) / 100;

function summarise(histogram: Histogram): LatencySummary {
  if (histogram.totalCount === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  return {
    count: histogram.totalCount,
    mean: ms(histogram.mean),
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
  };
}

/** undici's raw header list (name, value, name, value…) as an object with lower-case names. */
function headerObject(raw: Buffer[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toString('latin1').toLowerCase();
    const value = raw[i + 1].toString('latin1');
    const previous = headers[name];
    headers[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return headers;
}

const statusKey = (status: number) =>
  status === 429 || status === 503 ? String(status) : `${Math.floor(status / 100)}xx`;

/**
 * Sends load to one URL through its own undici connection pool, open loop: request i is due at i/rate
 * whether or not earlier ones have answered, and its latency counts from that due time, so a slow
 * server cannot hide its queueing (coordinated omission). Caps: the budget's requests and seconds, and
 * a token bucket at allow.load.maxRps that also bounds catch-up bursts after a stall.
 */
export async function runLoad(plan: LoadPlan, budget: LoadBudget): Promise<LoadResult> {
  const { maxRps } = budget.allowance;
  const targetRps = plan.rate === undefined ? null : Math.min(plan.rate, maxRps);
  const durationMs = Math.min(plan.durationMs, budget.remainingSeconds * 1000);
  const endReason: StopReason = durationMs < plan.durationMs ? 'max-seconds' : 'duration';
  const maxRequests = Math.min(plan.maxRequests ?? Infinity, budget.remainingRequests);
  if (durationMs <= 0 || maxRequests <= 0) throw new LoadRefused('the allow.load budget of this system is spent');
  if (targetRps !== null && targetRps <= 0) throw new LoadRefused('the target rate must be positive');
  const lateUs = (plan.lateToleranceMs ?? LATE_TOLERANCE_MS) * US;
  const url = new URL(plan.url);
  const path = url.pathname + url.search;
  const method = plan.method ?? 'GET';
  const headers = { 'user-agent': 'Junction/0.1 (load probe)', ...plan.headers };
  const timeout = plan.timeoutMs ?? 10_000;
  const wantHeaders = plan.onResponse !== undefined;
  const [{ Pool }, hdr] = await loadDependencies();

  let connectionsOpened = 0;
  const pool = new Pool(url.origin, {
    connections: plan.connections,
    pipelining: 1,
    headersTimeout: timeout,
    bodyTimeout: timeout,
    connect:
      url.protocol === 'https:' ? { ca: plan.ca, servername: plan.servername, rejectUnauthorized: true } : undefined,
  });
  pool.on('connect', () => connectionsOpened++);

  const service = hdr.build(HISTOGRAM);
  const corrected = hdr.build(HISTOGRAM);
  const window = hdr.build(HISTOGRAM);
  const statuses: Record<string, number> = {};
  const seconds: LoadTick[] = [];
  let tick = { sent: 0, completed: 0, errors: 0, statuses: {} as Record<string, number> };
  let sent = 0;
  let completed = 0;
  let errors = 0;
  let late = 0;
  let scheduled = 0;
  let inFlight = 0;
  let lastDispatchAt = 0;
  const backlog: number[] = [];

  // Token bucket: sustained rate maxRps, burst of at most 50 ms worth of requests.
  const bucketSize = Math.max(1, Math.floor(maxRps / 20));
  let tokens = bucketSize;
  let refilledAt = performance.now();
  const takeToken = (now: number): boolean => {
    tokens = Math.min(bucketSize, tokens + ((now - refilledAt) * maxRps) / 1000);
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const start = performance.now();
  const end = start + durationMs;
  let stoppedBy: StopReason | undefined;
  let stopDetail: string | undefined;
  let wake: NodeJS.Timeout | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  /** Open loop: puts every request due by now (and before the end) in the backlog. */
  const scheduleDue = (now: number) => {
    if (targetRps === null) return;
    while (scheduled < maxRequests) {
      const due = start + (scheduled * 1000) / targetRps;
      if (due > now || due >= end) break;
      backlog.push(due);
      scheduled++;
    }
  };
  const stop = (reason: StopReason, detail?: string) => {
    if (stoppedBy) return;
    // what fell due before the stop and was not sent counts as unsent
    scheduleDue(performance.now());
    stoppedBy = reason;
    stopDetail = detail;
    clearTimeout(wake);
    if (inFlight === 0) finish();
  };
  const onAbort = () =>
    stop('aborted', plan.signal?.reason instanceof Error ? plan.signal.reason.message : String(plan.signal?.reason));
  if (plan.signal?.aborted) onAbort();
  plan.signal?.addEventListener('abort', onAbort);

  const complete = (
    intendedAt: number,
    dispatchedAt: number,
    status?: number,
    responseHeaders?: LoadResponse['headers'],
    error?: string,
  ) => {
    const now = performance.now();
    const correctedUs = Math.max(1, Math.round((now - intendedAt) * US));
    service.recordValue(Math.max(1, Math.round((now - dispatchedAt) * US)));
    corrected.recordValue(correctedUs);
    window.recordValue(correctedUs);
    inFlight--;
    completed++;
    tick.completed++;
    if (status === undefined) {
      errors++;
      tick.errors++;
    } else {
      const key = statusKey(status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      tick.statuses[key] = (tick.statuses[key] ?? 0) + 1;
    }
    plan.onResponse?.({
      intendedAt: intendedAt - start,
      status,
      headers: responseHeaders,
      error,
      latencyMs: correctedUs / US,
    });
    if (stoppedBy) {
      if (inFlight === 0) finish();
      return;
    }
    pump();
  };

  const dispatch = (intendedAt: number, now: number) => {
    inFlight++;
    sent++;
    tick.sent++;
    lastDispatchAt = now;
    if (now - intendedAt > lateUs / US) late++;
    // The raw dispatch API: no body stream or promise per request, which is most of request()'s cost.
    let status: number | undefined;
    let raw: Buffer[] | undefined;
    let done = false;
    pool.dispatch(
      { path, method, headers },
      {
        onConnect: () => undefined,
        onHeaders: (statusCode, rawHeaders) => {
          status = statusCode;
          if (wantHeaders) raw = rawHeaders;
          return true;
        },
        onData: () => true,
        onComplete: () => {
          if (done) return;
          done = true;
          complete(intendedAt, now, status, raw && headerObject(raw));
        },
        onError: (error: Error & { code?: string }) => {
          if (done) return;
          done = true;
          complete(intendedAt, now, undefined, undefined, error.code ?? error.message);
        },
      },
    );
  };

  /** Dispatches what is due, as far as connections and tokens allow, and sleeps until the next due time. */
  const pump = () => {
    if (stoppedBy) return;
    const now = performance.now();
    if (now >= end) return stop(endReason);
    scheduleDue(now);
    while (inFlight < plan.connections && sent < maxRequests) {
      const intendedAt = targetRps === null ? now : backlog[0];
      if (intendedAt === undefined || !takeToken(now)) break;
      if (targetRps !== null) backlog.shift();
      else scheduled++;
      dispatch(intendedAt, now);
    }
    if (sent >= maxRequests) return stop('max-requests');
    clearTimeout(wake);
    const nextDue =
      targetRps === null
        ? tokens < 1
          ? now + 1000 / maxRps
          : undefined
        : backlog.length > 0
          ? now + 1
          : start + (scheduled * 1000) / targetRps;
    if (nextDue !== undefined) wake = setTimeout(pump, Math.max(0, Math.min(nextDue, end) - now));
  };

  let secondBegan = start;
  const closeSecond = (until = performance.now()): LoadTick => {
    const current: LoadTick = {
      second: seconds.length + 1,
      ms: Math.max(1, Math.round(until - secondBegan)),
      ...tick,
      p50: ms(window.getValueAtPercentile(50)),
      p99: ms(window.getValueAtPercentile(99)),
    };
    seconds.push(current);
    plan.onProgress?.(current);
    tick = { sent: 0, completed: 0, errors: 0, statuses: {} };
    secondBegan = until;
    window.reset();
    return current;
  };
  const ticker = setInterval(() => {
    const current = closeSecond();
    const { p99 } = current;
    const answered = current.completed;
    const failed = failedIn(current);
    const breaker = plan.breaker;
    if (breaker && answered >= (breaker.minRequests ?? 20)) {
      if (failed / answered > breaker.maxErrorRate)
        stop('breaker', `error rate ${Math.round((failed / answered) * 100)}% in second ${current.second}`);
      else if (p99 > breaker.maxP99Ms) stop('breaker', `p99 ${p99} ms in second ${current.second}`);
    }
  }, 1000);

  pump();
  const endTimer = setTimeout(() => stop(endReason), durationMs);
  // A server that never answers must not hold the run past its duration plus one timeout.
  const deadline = setTimeout(
    () => {
      stop(endReason);
      finish();
    },
    durationMs + timeout + 1000,
  );
  await finished;
  clearTimeout(endTimer);
  clearTimeout(deadline);
  clearInterval(ticker);
  clearTimeout(wake);
  plan.signal?.removeEventListener('abort', onAbort);
  const elapsed = performance.now() - start;
  await pool.destroy().catch(() => undefined);
  budget.spend(sent, elapsed / 1000);
  const unsent = backlog.length;
  // The sending window: the whole duration, or up to the last dispatch when a cap or the breaker ended it.
  const windowMs =
    stoppedBy === 'duration' || stoppedBy === 'max-seconds'
      ? durationMs
      : lastDispatchAt - start + (targetRps ? 1000 / targetRps : 0);
  // The last second ends with the sending window, not with its last answer: 2 requests a quarter second apart at
  // 4 rps are 4 a second, though both were answered 0.28 s after the second began.
  if (tick.sent > 0) closeSecond(Math.max(secondBegan, start + windowMs));
  else if (tick.completed > 0) closeSecond();
  return {
    url: plan.url,
    targetRps,
    connections: plan.connections,
    durationMs: Math.round(elapsed),
    sent,
    completed,
    errors,
    statuses,
    achievedRps: windowMs > 0 ? Math.round((sent / (windowMs / 1000)) * 10) / 10 : 0,
    notSentOnTime: late + unsent,
    unsent,
    serviceLatency: summarise(service),
    correctedLatency: summarise(corrected),
    connectionsOpened,
    stoppedBy: stoppedBy ?? 'duration',
    stopDetail,
    seconds,
  };
}
