import { emitHop, lastListed, userAgentProduct, type HopContext, type RecordSink } from './record.js';

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** `10/Oct/2000:13:55:36 -0700` → epoch ms; minutes are cached because a log repeats the same few thousand. */
export class LogTimeParser {
  private readonly minutes = new Map<string, number>();

  parse(text: string): number | undefined {
    if (text.length !== 26) return undefined;
    const key = text.slice(0, 17) + text.slice(20);
    let minute = this.minutes.get(key);
    if (minute === undefined) {
      const month = MONTHS[text.slice(3, 6)];
      const sign = text[21] === '-' ? -1 : 1;
      const offset = sign * (Number(text.slice(22, 24)) * 60 + Number(text.slice(24, 26)));
      minute = Date.UTC(Number(text.slice(7, 11)), month ?? NaN, Number(text.slice(0, 2)), Number(text.slice(12, 14)), Number(text.slice(15, 17))) - offset * 60_000;
      if (!Number.isFinite(minute)) return undefined;
      this.minutes.set(key, minute);
    }
    const seconds = Number(text.slice(18, 20));
    return Number.isFinite(seconds) ? minute + seconds * 1000 : undefined;
  }
}

/** The number after `name=` in the tail of an extended line, in seconds: `rt=0.012`, `urt="0.010"`. */
function tailValue(line: string, from: number, name: string): string | undefined {
  const at = line.indexOf(` ${name}=`, from);
  if (at < 0) return undefined;
  let start = at + name.length + 2;
  let end: number;
  if (line[start] === '"') {
    start++;
    end = line.indexOf('"', start);
  } else {
    end = line.indexOf(' ', start);
  }
  return line.slice(start, end < 0 ? line.length : end);
}

const seconds = (value: string | undefined): number | undefined => {
  const last = lastListed(value);
  if (last === undefined) return undefined;
  const parsed = Number(last);
  return Number.isFinite(parsed) ? parsed * 1000 : undefined;
};

export interface CombinedOptions extends HopContext {
  clientIdentity: 'address' | 'user-agent';
}

/**
 * One line of nginx/Apache combined format, optionally extended with
 * `rt=$request_time urt="$upstream_response_time" ua="$upstream_addr"`. Scanned with indexOf, not a regex:
 * this is the hot loop of an import. Returns why a line is malformed, or undefined.
 */
export function createCombinedParser(options: CombinedOptions): (line: string, sink: RecordSink) => string | undefined {
  const times = new LogTimeParser();
  return (line, sink) => {
    const addressEnd = line.indexOf(' ');
    const open = line.indexOf('[', addressEnd);
    const close = line.indexOf(']', open);
    if (addressEnd <= 0 || open < 0 || close < 0) return 'not combined format (no [time])';
    const ts = times.parse(line.slice(open + 1, close));
    if (ts === undefined) return 'unreadable time';
    const requestOpen = line.indexOf('"', close);
    const requestClose = line.indexOf('"', requestOpen + 1);
    if (requestOpen < 0 || requestClose < 0) return 'no quoted request';
    const statusStart = requestClose + 2;
    const statusEnd = line.indexOf(' ', statusStart);
    const status = Number(line.slice(statusStart, statusEnd));
    if (statusEnd < 0 || !Number.isInteger(status)) return 'no status';
    const bytesEnd = line.indexOf(' ', statusEnd + 1);
    const bytesText = line.slice(statusEnd + 1, bytesEnd < 0 ? line.length : bytesEnd);
    const bytes = bytesText === '-' ? 0 : Number(bytesText);
    if (!Number.isFinite(bytes)) return 'no byte count';
    let tailFrom = bytesEnd < 0 ? line.length : bytesEnd;
    let agent = '';
    if (bytesEnd >= 0 && line[bytesEnd + 1] === '"') {
      const refererClose = line.indexOf('"', bytesEnd + 2);
      const agentOpen = line.indexOf('"', refererClose + 1);
      const agentClose = agentOpen < 0 ? -1 : line.indexOf('"', agentOpen + 1);
      if (refererClose < 0 || agentClose < 0) return 'unterminated referer or user agent';
      agent = line.slice(agentOpen + 1, agentClose);
      tailFrom = agentClose + 1;
    }
    const client = options.clientIdentity === 'user-agent' && agent !== '' && agent !== '-' ? userAgentProduct(agent) : line.slice(0, addressEnd);
    emitHop(
      {
        ts,
        client,
        status,
        bytes,
        latencyMs: seconds(tailValue(line, tailFrom, 'rt')),
        upstream: lastListed(tailValue(line, tailFrom, 'ua')),
        upstreamMs: seconds(tailValue(line, tailFrom, 'urt')),
      },
      options,
      sink,
    );
    return undefined;
  };
}
