import type { ApiEvent, ApiInput, ApiName, ApiOutput } from '../../src/api/contract.js';

export type { ApiEvent, ApiInput, ApiName, ApiOutput };

/** A refusal from the host, with the field issues of a validation error. */
export class CallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issues: { path: (string | number)[]; message: string }[] = [],
  ) {
    super(message);
  }
}

/** The desktop shell's preload bridge, when the renderer runs inside Electron. */
interface DesktopBridge {
  call(
    name: string,
    input: unknown,
  ): Promise<{ ok: true; value: unknown } | { ok: false; status: number; error: string; issues?: CallError['issues'] }>;
  on(listener: (event: ApiEvent) => void): () => void;
}

const bridge = (globalThis as { junction?: DesktopBridge }).junction;
const token = document.querySelector<HTMLMetaElement>('meta[name="junction-token"]')?.content ?? '';

export async function call<N extends ApiName>(name: N, input: ApiInput<N>): Promise<ApiOutput<N>> {
  if (bridge) {
    const result = await bridge.call(name, input);
    if (result.ok) return result.value as ApiOutput<N>;
    throw new CallError(result.error, result.status, result.issues);
  }
  const response = await fetch(`api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-junction-token': token },
    body: JSON.stringify(input),
  });
  const body = (await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }))) as unknown;
  if (!response.ok) {
    const failure = body as { error?: string; issues?: CallError['issues'] };
    throw new CallError(failure.error ?? `HTTP ${response.status}`, response.status, failure.issues);
  }
  return body as ApiOutput<N>;
}

type Listener = (event: ApiEvent) => void;
const listeners = new Set<Listener>();
let source: { close(): void } | undefined;

/** One shared event stream for the whole app, opened on first subscription. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) {
    const dispatch = (event: ApiEvent) => listeners.forEach((each) => each(event));
    if (bridge) {
      const off = bridge.on(dispatch);
      source = { close: off };
    } else {
      const events = new EventSource('api/events');
      events.onmessage = (message) => dispatch(JSON.parse(message.data as string) as ApiEvent);
      source = events;
    }
  }
  return () => {
    listeners.delete(listener);
  };
}
