/**
 * Artifacts of the resilience gatherers: a capped burst (rate-limit enforcement), a step load (spike capacity),
 * retry signals (error formats, idempotency replay) and HTTP caching (validators, revalidation).
 */
import type { LoadResult } from '../load.js';
import type { HttpSample } from './http.js';

/** A load gatherer that did not send load, and why (no allow.load, budget spent). */
export interface NotRun {
  ran: false;
  reason: string;
}

/** A limited (429/503) answer seen during a burst. */
export interface LimitedAnswer {
  /** 1-based position of the request in the burst */
  request: number;
  /** ms after the burst started */
  atMs: number;
  status: number;
  retryAfter?: string;
  date?: string;
  contentType?: string;
}

export interface BurstRun {
  ran: true;
  url: string;
  /** why this URL: allow.load.path, the spec's GET that documents 429, or the health path */
  target?: string;
  /** the quota the burst aimed above, from the response headers, if any was announced */
  advertised?: { limit: number; windowSeconds?: number; remaining?: number; source: string };
  /** the response before the burst (its headers say what is advertised) */
  before: HttpSample;
  load: Omit<LoadResult, 'seconds'>;
  /** first 429 or 503, where enforcement started */
  firstLimited?: LimitedAnswer;
  limited: number;
  /** limited answers without a readable Retry-After */
  limitedWithoutRetryAfter: number;
  /** up to five limited answers, in order */
  limitedSamples: LimitedAnswer[];
  /** the answers in request order as status codes ('err' for a network error), at most 2000 */
  timeline: (number | 'err')[];
  /** one request sent after waiting Retry-After, or why none was sent */
  recovery?: { waitedMs: number; sample: HttpSample } | { skipped: string };
}

export type BurstArtifact = NotRun | BurstRun;

export interface SpikeStep {
  multiple: number;
  targetRps: number;
  load: LoadResult;
}

export interface SpikeRun {
  ran: true;
  url: string;
  /** why this URL, as for the burst */
  target?: string;
  peakRps: number;
  /** how the expected peak was chosen: the estate's expectedPeakRps or a default */
  peakSource: 'expectedPeakRps' | 'default';
  steps: SpikeStep[];
  /** multiples not run, and why (caps, breaker) */
  skippedSteps: { multiple: number; reason: string }[];
}

export type SpikeArtifact = NotRun | SpikeRun;

export interface IdempotencyReplay {
  method: string;
  path: string;
  /** the key is a documented header parameter of the operation */
  documented: boolean;
  first: HttpSample;
  /** same key, same payload */
  replay: HttpSample;
  /** same key, another payload: 422 expected */
  otherPayload?: HttpSample;
  /** no key: 400 expected where the key is required */
  withoutKey?: HttpSample;
  /** the same new key sent twice at once: one result for both, or 409 for the one in flight */
  concurrent?: [HttpSample, HttpSample];
}

export interface RetryArtifact {
  /** a GET of a path that does not exist: how errors are shaped */
  notFound: HttpSample;
  idempotency: IdempotencyReplay | { skipped: string };
}

export interface CachingProbe {
  url: string;
  first: HttpSample;
  /** the same GET with If-None-Match / If-Modified-Since from the first answer */
  conditional?: HttpSample;
}

export interface CachingArtifact {
  probes: CachingProbe[];
}
