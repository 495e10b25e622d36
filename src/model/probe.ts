/** What a probe records about one exchange: its phase timings and, when it failed, how. */

/** Durations of each phase in milliseconds; a phase that did not happen (DNS for an IP, TLS for http) is 0. */
export interface PhaseTimings {
  dns: number;
  connect: number;
  tls: number;
  firstByte: number;
  download: number;
  total: number;
}

export type ProbeErrorCode =
  | 'timeout-connect'
  | 'timeout-tls'
  | 'timeout-first-byte'
  | 'timeout-total'
  | 'connection-refused'
  | 'connection-reset'
  | 'dns'
  | 'tls-certificate'
  | 'tls-handshake'
  | 'protocol'
  | 'body-too-large'
  | 'aborted'
  | 'policy-method'
  | 'policy-budget'
  | 'policy-origin'
  | 'policy-plaintext'
  | 'network';

export type Phase = 'dns' | 'connect' | 'tls' | 'first-byte' | 'body' | 'policy';
