import type { PhaseTimings } from '../probe.js';
import type { ProbeErrorCode, Phase } from '../probe.js';

/** One recorded exchange, already redacted. */
export interface HttpSample {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  status?: number;
  headers?: Record<string, string>;
  bodyPreview?: string;
  timings?: PhaseTimings;
  tls?: { protocol: string | null; cipher: string; authorized: boolean };
  error?: { code: ProbeErrorCode; message: string; phase: Phase };
  /** why the system's credential was not sent with this request although it was asked for (plain HTTP, another origin) */
  credentialWithheld?: string;
}

export interface HttpArtifact {
  baseUrl: string;
  secure: boolean;
  /** baseline GETs of the health path, each on a fresh connection */
  samples: HttpSample[];
  /** what plain HTTP does (redirect, serve, or refuse), asked with a decoy Authorization header, never a real one */
  plain: { url: string; sample: HttpSample } | { url?: undefined; reason: string };
}
