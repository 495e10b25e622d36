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

const RT = ' rt=';
const URT = ' urt=';
const UA = ' ua=';

/** The value after a needle (` rt=`) in the tail of an extended line, quoted or not: `rt=0.012`, `urt="0.010"`. */
function tailValue(line: string, from: number, needle: string): string | undefined {
  const at = line.indexOf(needle, from);
  if (at < 0) return undefined;
  let start = at + needle.length;
  let end: number;
  if (line.charCodeAt(start) === 34) {
    start++;
    end = line.indexOf('"', start);
  } else {
    end = line.indexOf(' ', start);
  }
  return line.slice(start, end < 0 ? line.length : end);
}

/** The unsigned integer in line[start, end), or -1: no substring, no Number(). */
function digits(line: string, start: number, end: number): number {
  if (end <= start) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const code = line.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
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
  // Consecutive lines mostly share their second: compare in place before slicing and parsing the time again.
  let lastTime = '';
  let lastTs = 0;
  return (line, sink) => {
    const addressEnd = line.indexOf(' ');
    const open = line.indexOf('[', addressEnd);
    const close = line.charCodeAt(open + 27) === 93 ? open + 27 : line.indexOf(']', open);
    if (addressEnd <= 0 || open < 0 || close < 0) return 'not combined format (no [time])';
    let ts: number | undefined = lastTs;
    if (close - open - 1 !== lastTime.length || !line.startsWith(lastTime, open + 1)) {
      lastTime = line.slice(open + 1, close);
      ts = times.parse(lastTime);
      if (ts === undefined) {
        lastTime = '';
        return 'unreadable time';
      }
      lastTs = ts;
    }
    const requestOpen = line.indexOf('"', close);
    const requestClose = line.indexOf('"', requestOpen + 1);
    if (requestOpen < 0 || requestClose < 0) return 'no quoted request';
    const statusStart = requestClose + 2;
    const statusEnd = line.indexOf(' ', statusStart);
    const status = digits(line, statusStart, statusEnd);
    if (status < 0) return 'no status';
    const bytesEnd = line.indexOf(' ', statusEnd + 1);
    const bytesStop = bytesEnd < 0 ? line.length : bytesEnd;
    const dash = bytesStop === statusEnd + 2 && line.charCodeAt(statusEnd + 1) === 45;
    const bytes = dash ? 0 : digits(line, statusEnd + 1, bytesStop);
    if (bytes < 0) return 'no byte count';
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
    const extended = line.indexOf(RT, tailFrom) >= 0;
    emitHop(
      {
        ts,
        client,
        status,
        bytes,
        latencyMs: extended ? seconds(tailValue(line, tailFrom, RT)) : undefined,
        upstream: extended ? lastListed(tailValue(line, tailFrom, UA)) : undefined,
        upstreamMs: extended ? seconds(tailValue(line, tailFrom, URT)) : undefined,
      },
      options,
      sink,
    );
    return undefined;
  };
}
