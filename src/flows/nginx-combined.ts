import {
  emitHop,
  emptyHop,
  hopPeers,
  JUNCTION_PRODUCT,
  NO_OPERATION,
  NO_PEER,
  OWN_PROBE,
  productEnd,
  type CallSink,
  type HopContext,
} from './record.js';
import { isMethodToken, pathEnd, pathStart } from './request-target.js';

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

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
      minute =
        Date.UTC(
          Number(text.slice(7, 11)),
          month ?? NaN,
          Number(text.slice(0, 2)),
          Number(text.slice(12, 14)),
          Number(text.slice(15, 17)),
        ) -
        offset * 60_000;
      if (!Number.isFinite(minute)) return undefined;
      this.minutes.set(key, minute);
    }
    const seconds = Number(text.slice(18, 20));
    return Number.isFinite(seconds) ? minute + seconds * 1000 : undefined;
  }
}

const SPACE = 0x20;
const QUOTE = 0x22;
const DASH = 0x2d;
const DOT = 0x2e;
const J = 0x4a;
const COMMA = 0x2c;
const COLON = 0x3a;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const R = 0x72;
const T = 0x74;
const U = 0x75;
const A = 0x61;

/**
 * `indexOf` of one delimiter over a batch's text, remembering where it was last found. The string's indexOf is the
 * fastest scan V8 has, but it does not stop at the end of a line: without the memo, a batch with no `"` at all
 * would be rescanned to its end for every line (quadratic); with it, no stretch is scanned twice.
 */
class Finder {
  private text = '';
  private searchedFrom = Infinity;
  private foundAt = 0;

  constructor(private readonly char: string) {}

  reset(text: string): void {
    this.text = text;
    this.searchedFrom = Infinity;
  }

  /** The first occurrence in [from, end), or -1. */
  find(from: number, end: number): number {
    let at = this.foundAt;
    if (from < this.searchedFrom || from > at) {
      at = this.text.indexOf(this.char, from);
      if (at < 0) at = this.text.length;
      this.searchedFrom = from;
      this.foundAt = at;
    }
    return at < end ? at : -1;
  }
}

/** `dd/Mon/yyyy:hh:mm:ss +zzzz`: its length, and where its seconds are. */
const TIME_LENGTH = 26;
const SECONDS_AT = 18;
const SAME_TIME = 0;
const NEW_SECOND = 1;
const NEW_MINUTE = 2;

/**
 * How the time at bytes[start, start + TIME_LENGTH) differs from the last line's: not at all, in its seconds only, or
 * more. Compared byte by byte (a string compare of a slice of the batch was 3× slower).
 */
function timeChange(last: Uint8Array, bytes: Buffer, start: number): number {
  let change = SAME_TIME;
  for (let i = TIME_LENGTH - 1; i >= 0; i--) {
    if (last[i] === bytes[start + i]) continue;
    if (i !== SECONDS_AT && i !== SECONDS_AT + 1) return NEW_MINUTE;
    change = NEW_SECOND;
  }
  return change;
}

/** The unsigned integer in bytes[start, end), or -1. */
function digits(bytes: Buffer, start: number, end: number): number {
  if (end <= start) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = bytes[i] - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The start of the entry that counts in nginx's `a, b : c` lists (one entry per retry, groups per internal
 * redirect): the last one, past its leading spaces. Same rule as `lastListed` for text.
 */
function lastEntryStart(bytes: Buffer, start: number, end: number): number {
  let at = start;
  for (let i = end - 1; i >= start; i--) {
    if (bytes[i] === COMMA || (bytes[i] === COLON && i > start && bytes[i - 1] === SPACE && bytes[i + 1] === SPACE)) {
      at = i + 1;
      break;
    }
  }
  while (at < end && bytes[at] === SPACE) at++;
  return at;
}

/** The closing quote of a quoted field opened before `from`; `\\"` (Apache's escape) does not close it. */
function closingQuote(quotes: Finder, bytes: Buffer, from: number, end: number): number {
  let at = quotes.find(from, end);
  while (at > 0 && bytes[at - 1] === BACKSLASH) at = quotes.find(at + 1, end);
  return at;
}

/** Seconds in bytes[start, end) (`0.012`, or the last of a list) as milliseconds; NaN for `-`, empty or unreadable. */
function milliseconds(bytes: Buffer, start: number, end: number): number {
  let whole = 0;
  let scale = 1;
  let dot = false;
  for (let i = start; i < end; i++) {
    const digit = bytes[i] - 0x30;
    if (digit >= 0 && digit <= 9) {
      whole = whole * 10 + digit;
      if (dot) scale *= 10;
    } else if (bytes[i] === DOT && !dot) {
      dot = true;
    } else {
      return listedMilliseconds(bytes, start, end);
    }
  }
  if (end === start) return Number.NaN;
  // nginx logs milliseconds: an exact integer; otherwise one division, as exact as Number() on the text
  return scale <= 1000 ? whole * (1000 / scale) : scale < 1e15 ? (whole / scale) * 1000 : Number.NaN;
}

/** The slow path of `milliseconds`: a retry list, `-`, spaces, an exponent. */
function listedMilliseconds(bytes: Buffer, start: number, end: number): number {
  start = lastEntryStart(bytes, start, end);
  while (end > start && bytes[end - 1] === SPACE) end--;
  const value = bytes.toString('latin1', start, end);
  return value === '-' || value === '' ? Number.NaN : Number(value) * 1000;
}

/** Which extension a `name=` at `at` is: ` rt=`, ` urt=`, ` ua=`, or none of them. */
function tailKey(bytes: Buffer, at: number): 'rt' | 'urt' | 'ua' | undefined {
  if (bytes[at] === R && bytes[at + 1] === T && bytes[at + 2] === EQUALS) return 'rt';
  if (bytes[at] === U && bytes[at + 1] === R && bytes[at + 2] === T && bytes[at + 3] === EQUALS) return 'urt';
  if (bytes[at] === U && bytes[at + 1] === A && bytes[at + 2] === EQUALS) return 'ua';
  return undefined;
}

/**
 * Byte sequences → ids (the sink's peer or operation ids). One seen before costs a hash, a probe and a compare, and
 * no string or Map lookup: logs repeat the same few clients, upstreams and paths millions of times. Open addressing
 * over typed arrays, the known sequences' bytes kept in one arena; past `limit` sequences it starts over, so endless
 * distinct paths (ids in them) cost memory for a while, not for ever.
 */
class ByteIds {
  private table = new Int32Array(1024).fill(-1);
  private arena = Buffer.allocUnsafe(16 * 1024);
  private used = 0;
  /** per known sequence: where its bytes are in the arena, how many, its hash and its id */
  private offsets: number[] = [];
  private lengths: number[] = [];
  private hashes: number[] = [];
  private ids: number[] = [];

  constructor(
    private readonly idOf: (bytes: Buffer, start: number, end: number) => number,
    private readonly limit = Infinity,
  ) {}

  id(bytes: Buffer, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const mask = this.table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const known = this.table[slot];
      if (known < 0) return this.add(bytes, start, end, hash, slot);
      if (this.hashes[known] === hash && this.sameBytes(known, bytes, start, end)) return this.ids[known];
    }
  }

  /** Forgets every sequence (their ids are no longer valid, or too many are held). */
  clear(): void {
    this.table = new Int32Array(1024).fill(-1);
    this.used = 0;
    this.offsets = [];
    this.lengths = [];
    this.hashes = [];
    this.ids = [];
  }

  private sameBytes(known: number, bytes: Buffer, start: number, end: number): boolean {
    if (this.lengths[known] !== end - start) return false;
    const offset = this.offsets[known] - start;
    for (let i = start; i < end; i++) if (this.arena[offset + i] !== bytes[i]) return false;
    return true;
  }

  private add(bytes: Buffer, start: number, end: number, hash: number, slot: number): number {
    if (this.ids.length >= this.limit) {
      this.clear();
      return this.id(bytes, start, end);
    }
    const known = this.ids.length;
    if (this.used + end - start > this.arena.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + end - start));
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
    bytes.copy(this.arena, this.used, start, end);
    this.offsets.push(this.used);
    this.lengths.push(end - start);
    this.hashes.push(hash);
    this.ids.push(this.idOf(bytes, start, end));
    this.used += end - start;
    this.table[slot] = known;
    // at most half full, so probes stay short
    if (2 * this.ids.length > this.table.length) this.rehash();
    return this.ids[known];
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = this.table.length - 1;
    this.hashes.forEach((hash, known) => {
      let slot = hash & mask;
      while (this.table[slot] >= 0) slot = (slot + 1) & mask;
      this.table[slot] = known;
    });
  }
}

/** Distinct request lines (method and path) a parser remembers before it starts over. */
const OPERATION_BYTES_LIMIT = 50_000;

/**
 * `METHOD target` at the start of a quoted $request → the sink's operation id, from the bytes: the method and the
 * target's path up to its query are one contiguous run (`GET /a/b` of `GET /a/b?c HTTP/1.1`), interned whole.
 * `byteAt` and `spaces` read the parser's current batch.
 */
function requestOperations(
  sink: CallSink,
  byteAt: (i: number) => number,
  spaces: Finder,
): (bytes: Buffer, start: number, end: number) => number {
  let generation = sink.operationGeneration;
  const ids = new ByteIds((bytes, start, end) => {
    const space = bytes.indexOf(SPACE, start);
    const pathAt = pathStart(byteAt, space + 1, end);
    const path = pathAt === end ? '/' : bytes.toString('utf8', pathAt, end);
    return sink.operation(bytes.toString('latin1', start, space), path);
  }, OPERATION_BYTES_LIMIT);
  return (bytes, start, end) => {
    const space = spaces.find(start, end);
    if (space < 0 || !isMethodToken(byteAt, start, space)) return NO_OPERATION;
    const targetEnd = spaces.find(space + 1, end);
    const stop = targetEnd < 0 ? end : targetEnd;
    const pathAt = pathStart(byteAt, space + 1, stop);
    if (pathAt < 0) return NO_OPERATION;
    if (sink.operationGeneration !== generation) {
      ids.clear();
      generation = sink.operationGeneration;
    }
    return ids.id(bytes, start, pathEnd(byteAt, pathAt, stop));
  };
}

export interface CombinedOptions extends HopContext {
  clientIdentity: 'address' | 'user-agent';
}

/** Lines from the bytes of a batch of complete lines. */
export interface ByteLineParser {
  /** The next batch: `text` is `bytes` decoded as latin1 (one char per byte, so offsets agree). */
  batch(text: string, bytes: Buffer): void;
  /** One line of the batch, bytes[start, end); returns why it is malformed (or OWN_PROBE), or undefined. */
  line(start: number, end: number): string | undefined;
}

/**
 * Lines of nginx/Apache combined format, optionally extended with
 * `rt=$request_time urt="$upstream_response_time" ua="$upstream_addr"`. This is the hot loop of an import, so no
 * string is made per line: delimiters are found with the string's indexOf, peers are interned from the bytes,
 * numbers are read from the bytes.
 */
export function createCombinedParser(options: CombinedOptions, sink: CallSink): ByteLineParser {
  const times = new LogTimeParser();
  const peers = hopPeers(options, sink);
  const peerBytes = new ByteIds((bytes, start, end) => sink.peer(bytes.toString('utf8', start, end)));
  const spaces = new Finder(' ');
  const quotes = new Finder('"');
  const brackets = new Finder('[');
  const closeBrackets = new Finder(']');
  const commas = new Finder(',');
  const hop = emptyHop();
  hop.protocol = peers.http;
  const ownAgent = `${JUNCTION_PRODUCT}/`;
  const byteAt = (i: number) => bytes[i];
  const operationOf = requestOperations(sink, byteAt, spaces);
  /** the last address of `$upstream_addr`, unless `-` */
  const upstreamPeer = (bytes: Buffer, start: number, end: number) => {
    if (commas.find(start, end) >= 0 || spaces.find(start, end) >= 0) {
      start = lastEntryStart(bytes, start, end);
      while (end > start && bytes[end - 1] === SPACE) end--;
    }
    return end === start || (end === start + 1 && bytes[start] === DASH) ? NO_PEER : peerBytes.id(bytes, start, end);
  };
  // consecutive lines mostly share their second, or their minute: compare the bytes before parsing the time again
  const lastTime = new Uint8Array(TIME_LENGTH);
  let lastTimeValid = false;
  let lastMinuteTs = Number.NaN;
  let lastTs = Number.NaN;
  let text = '';
  let bytes: Buffer = Buffer.alloc(0);
  return {
    batch(batchText, batchBytes) {
      text = batchText;
      bytes = batchBytes;
      spaces.reset(text);
      quotes.reset(text);
      brackets.reset(text);
      closeBrackets.reset(text);
      commas.reset(text);
    },
    line(start, end) {
      const addressEnd = spaces.find(start, end);
      const open = brackets.find(addressEnd, end);
      const close = open >= 0 && bytes[open + 27] === CLOSE_BRACKET ? open + 27 : closeBrackets.find(open + 1, end);
      if (addressEnd <= start || open < 0 || close < 0) return 'not combined format (no [time])';
      const change =
        lastTimeValid && close - open - 1 === TIME_LENGTH ? timeChange(lastTime, bytes, open + 1) : NEW_MINUTE;
      if (change !== SAME_TIME) {
        const seconds = digits(bytes, open + 1 + SECONDS_AT, open + 3 + SECONDS_AT);
        const ts =
          change === NEW_SECOND && seconds >= 0 && seconds < 60
            ? lastMinuteTs + seconds * 1000
            : times.parse(text.slice(open + 1, close));
        lastTimeValid = ts !== undefined && close - open - 1 === TIME_LENGTH;
        if (ts === undefined) return 'unreadable time';
        if (lastTimeValid) bytes.copy(lastTime, 0, open + 1, close);
        lastMinuteTs = ts - seconds * 1000;
        lastTs = ts;
      }
      // the usual layout is checked in place; only what deviates from it is searched for
      const requestOpen = bytes[close + 2] === QUOTE ? close + 2 : quotes.find(close, end);
      const requestClose = requestOpen < 0 ? -1 : closingQuote(quotes, bytes, requestOpen + 1, end);
      if (requestClose < 0) return 'no quoted request';
      hop.operation = operationOf(bytes, requestOpen + 1, requestClose);
      const statusStart = requestClose + 2;
      const statusEnd = bytes[statusStart + 3] === SPACE ? statusStart + 3 : spaces.find(statusStart, end);
      const status = digits(bytes, statusStart, statusEnd);
      if (status < 0) return 'no status';
      const bytesEnd = spaces.find(statusEnd + 1, end);
      const bytesStop = bytesEnd < 0 ? end : bytesEnd;
      const dash = bytesStop === statusEnd + 2 && bytes[statusEnd + 1] === DASH;
      const sent = dash ? 0 : digits(bytes, statusEnd + 1, bytesStop);
      if (sent < 0) return 'no byte count';
      let tail = bytesStop;
      let agentStart = -1;
      let agentEnd = -1;
      if (bytesEnd >= 0 && bytes[bytesEnd + 1] === QUOTE) {
        const refererClose =
          bytes[bytesEnd + 2] === DASH && bytes[bytesEnd + 3] === QUOTE
            ? bytesEnd + 3
            : closingQuote(quotes, bytes, bytesEnd + 2, end);
        const agentOpen =
          refererClose < 0
            ? -1
            : bytes[refererClose + 2] === QUOTE
              ? refererClose + 2
              : quotes.find(refererClose + 1, end);
        agentEnd = agentOpen < 0 ? -1 : closingQuote(quotes, bytes, agentOpen + 1, end);
        if (agentEnd < 0) return 'unterminated referer or user agent';
        agentStart = agentOpen + 1;
        tail = agentEnd + 1;
      }
      if (agentEnd > agentStart && bytes[agentStart] === J && text.startsWith(ownAgent, agentStart)) return OWN_PROBE;
      if (
        options.clientIdentity === 'user-agent' &&
        agentEnd > agentStart &&
        !(agentEnd === agentStart + 1 && bytes[agentStart] === DASH)
      ) {
        hop.client = peerBytes.id(bytes, agentStart, productEnd(byteAt, agentStart, agentEnd));
      } else {
        hop.client = peerBytes.id(bytes, start, addressEnd);
      }
      hop.ts = lastTs;
      hop.status = status;
      hop.bytes = sent;
      hop.latencyMs = Number.NaN;
      hop.upstream = NO_PEER;
      hop.upstreamMs = Number.NaN;
      // the extension, ` name=value` or ` name="value"`, in any order
      for (let space = bytes[tail] === SPACE ? tail : spaces.find(tail, end); space >= 0;) {
        const key = tailKey(bytes, space + 1);
        if (key === undefined) {
          space = spaces.find(space + 1, end);
          continue;
        }
        let valueStart = space + key.length + 2;
        let valueEnd: number;
        if (bytes[valueStart] === QUOTE) {
          valueStart++;
          valueEnd = quotes.find(valueStart, end);
          if (valueEnd < 0) valueEnd = end;
          space = valueEnd + 1 < end && bytes[valueEnd + 1] === SPACE ? valueEnd + 1 : spaces.find(valueEnd, end);
        } else {
          space = spaces.find(valueStart, end);
          valueEnd = space < 0 ? end : space;
        }
        if (key === 'rt') hop.latencyMs = milliseconds(bytes, valueStart, valueEnd);
        else if (key === 'urt') hop.upstreamMs = milliseconds(bytes, valueStart, valueEnd);
        else hop.upstream = upstreamPeer(bytes, valueStart, valueEnd);
      }
      emitHop(hop, peers, sink);
      return undefined;
    },
  };
}
