import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { AmqpProbe } from '../model/artifacts/broker.js';

/** The AMQP 0-9-1 protocol header a client opens with. */
const PROTOCOL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);
const FRAME_METHOD = 1;
const FRAME_END = 0xce;
const CONNECTION_CLASS = 10;
const START_METHOD = 10;
/** Connection.Start is a few hundred bytes; nothing more is read from a port that keeps talking. */
const MAX_READ = 64 * 1024;

/**
 * Sends the protocol header to a port and reads the answer, without credentials: a broker speaking plain AMQP
 * answers with Connection.Start (its product, version and login mechanisms) before any login, so this proves AMQP
 * is reachable in clear text and sends nothing secret. The socket is closed as soon as the frame is read.
 */
export function probeAmqp(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<AmqpProbe> {
  const began = performance.now();
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let settled = false;
    const socket = net.connect({ host, port });
    const done = (result: Omit<AmqpProbe, 'host' | 'port' | 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve({ host, port, ...result, ms: Math.round((performance.now() - began) * 10) / 10 });
    };
    const onAbort = () => done({ answered: false, detail: 'aborted' });
    signal?.addEventListener('abort', onAbort);
    const timer = setTimeout(
      () => done({ answered: false, detail: `no AMQP answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once('connect', () => socket.write(PROTOCOL_HEADER));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]).subarray(0, MAX_READ);
      const answer = readAnswer(received);
      if (answer) done(answer);
      else if (received.length >= MAX_READ)
        done({ answered: false, detail: 'the port answered something that is not AMQP' });
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({
        answered: false,
        detail: error.code === 'ECONNREFUSED' ? 'connection refused' : `${error.code ?? 'error'}: ${error.message}`,
      }),
    );
    socket.once('close', () =>
      done({ answered: false, detail: received.length > 0 ? describeOther(received) : 'closed without answering' }),
    );
  });
}

/** The outcome once enough bytes are in: Connection.Start, a refusal of our version, or something else. */
function readAnswer(bytes: Buffer): Omit<AmqpProbe, 'host' | 'port' | 'ms'> | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 4).toString('latin1') === 'AMQP')
    return {
      answered: true,
      detail: `the server wants AMQP ${bytes[5]}-${bytes[6]}-${bytes[7]} (it refused 0-9-1)`,
      server: { mechanisms: [] },
    };
  if (bytes.length < 7) return undefined;
  if (bytes[0] !== FRAME_METHOD) return { answered: false, detail: describeOther(bytes) };
  const size = bytes.readUInt32BE(3);
  if (bytes.length < 7 + size + 1) return undefined;
  if (bytes[7 + size] !== FRAME_END) return { answered: false, detail: describeOther(bytes) };
  const payload = bytes.subarray(7, 7 + size);
  if (payload.readUInt16BE(0) !== CONNECTION_CLASS || payload.readUInt16BE(2) !== START_METHOD)
    return { answered: false, detail: 'an AMQP frame, but not Connection.Start' };
  return { answered: true, server: connectionStart(payload.subarray(4)) };
}

/** A TLS alert or an HTTP answer says what the port is instead. */
function describeOther(bytes: Buffer): string {
  if (bytes[0] === 0x15 || bytes[0] === 0x16) return 'the port expects TLS (it answered with a TLS record)';
  if (bytes.subarray(0, 5).toString('latin1') === 'HTTP/') return 'the port speaks HTTP, not AMQP';
  return 'the port answered something that is not AMQP';
}

/** Connection.Start: version-major, version-minor, server-properties (a field table), mechanisms, locales. */
function connectionStart(args: Buffer): { product?: string; version?: string; mechanisms: string[] } {
  try {
    const reader = new FieldReader(args, 2);
    const properties = reader.table();
    const mechanisms = reader.longString().split(' ').filter(Boolean);
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return { product: text(properties.product), version: text(properties.version), mechanisms };
  } catch {
    return { mechanisms: [] };
  }
}

/** Just enough of AMQP 0-9-1's field-table encoding to read Connection.Start's server properties. */
class FieldReader {
  constructor(
    private readonly bytes: Buffer,
    private at: number,
  ) {}

  longString(): string {
    const length = this.bytes.readUInt32BE(this.at);
    const value = this.bytes.subarray(this.at + 4, this.at + 4 + length).toString('utf8');
    this.at += 4 + length;
    return value;
  }

  table(): Record<string, unknown> {
    const length = this.bytes.readUInt32BE(this.at);
    const end = this.at + 4 + length;
    this.at += 4;
    const table: Record<string, unknown> = {};
    while (this.at < end) {
      const nameLength = this.bytes[this.at];
      const name = this.bytes.subarray(this.at + 1, this.at + 1 + nameLength).toString('utf8');
      this.at += 1 + nameLength;
      table[name] = this.value();
    }
    this.at = end;
    return table;
  }

  private value(): unknown {
    const type = String.fromCharCode(this.bytes[this.at++]);
    const fixed: Record<string, number> = {
      t: 1,
      b: 1,
      B: 1,
      s: 2,
      u: 2,
      I: 4,
      i: 4,
      l: 8,
      L: 8,
      f: 4,
      d: 8,
      T: 8,
      D: 5,
    };
    if (type === 'S' || type === 'x') return this.longString();
    if (type === 'F') return this.table();
    if (type === 'V') return undefined;
    if (type === 't') return this.bytes[this.at++] !== 0;
    if (type === 'A') {
      const length = this.bytes.readUInt32BE(this.at);
      this.at += 4 + length; // arrays are not needed: skipped whole
      return undefined;
    }
    const size = fixed[type];
    if (size === undefined) throw new Error(`unknown field type ${type}`);
    this.at += size;
    return undefined;
  }
}
