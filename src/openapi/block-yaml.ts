/**
 * A reader for the YAML that specs are written in, in about half the CPU time js-yaml takes on a 4 MB spec: block
 * mappings and sequences, plain, quoted and block scalars (| and >, chomping and indentation indicators), flow
 * collections on one line or several, comments, and the core schema's scalars (null, booleans, integers, floats).
 *
 * It gives exactly what js-yaml's load with the core schema gives, or nothing: anything it does not read the way
 * js-yaml does (anchors, aliases, tags, complex `?` keys, directives, several documents, tabs in indentation, CR line
 * ends, duplicate keys, non-printable characters, every construct js-yaml refuses) makes it step aside, and js-yaml
 * reads the document, with its own errors and limits. A test holds both readers equal on every YAML file of the corpus
 * and on each construct.
 */

/**
 * Thrown inside the reader when the text uses YAML it leaves to js-yaml: one instance, made once (an Error's stack
 * is taken when it is made, not when it is thrown), and caught by readBlockYaml.
 */
const UNSUPPORTED = new Error('left to js-yaml');
const unsupported = (): never => {
  throw UNSUPPORTED;
};

/** Nesting deeper than this is left to js-yaml, whose maxDepth refuses what is too deep with its own error. */
const MAX_DEPTH = 128;

const TAB = 0x09;
const LF = 0x0a;
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const SINGLE = 0x27;
const DOUBLE = 0x22;

const isBlank = (c: number) => c === SPACE || c === TAB;
/** Blank, line end, or the end of the text (NaN). */
const isBlankOrEnd = (c: number) => c === SPACE || c === TAB || c === LF || Number.isNaN(c);
const isFlowIndicator = (c: number) => c === COMMA || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;

/**
 * Control characters other than tab and LF (a CR leaves line ends to js-yaml too), C1 controls but NEL, U+FFFE and
 * U+FFFF: js-yaml refuses them in content, so a text holding one goes to js-yaml, which says where.
 */
// eslint-disable-next-line no-control-regex
const REFUSED = /[\x00-\x08\x0B-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

/** Whether every character is one js-yaml takes as content (surrogates only in pairs: isWellFormed, ES2024). */
const printable = (text: string) =>
  !REFUSED.test(text) && (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * The value of a YAML document, or undefined when js-yaml must read it (see above). Throws nothing of its own.
 */
export function readBlockYaml(text: string): { value: unknown } | undefined {
  if (!printable(text)) return undefined;
  try {
    return { value: new BlockReader(text.endsWith('\n') ? text : `${text}\n`).document() };
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

// -- the core schema's plain scalars, as js-yaml resolves them ------------------------------------------------------

const INTEGER = /^[-+]?(?:0b[01]+|0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+)$/;
const FLOAT =
  /^(?:[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function integerValue(text: string): number {
  let sign = 1;
  let digits = text;
  if (digits[0] === '-' || digits[0] === '+') {
    if (digits[0] === '-') sign = -1;
    digits = digits.slice(1);
  }
  // js-yaml gives 0 (not -0) for "-0"
  if (digits === '0') return 0;
  if (digits[0] === '0') {
    if (digits[1] === 'b') return sign * parseInt(digits.slice(2), 2);
    if (digits[1] === 'x') return sign * parseInt(digits.slice(2), 16);
    if (digits[1] === 'o') return sign * parseInt(digits.slice(2), 8);
  }
  return sign * parseInt(digits, 10);
}

function floatValue(text: string): number {
  let value = text.toLowerCase();
  const sign = value[0] === '-' ? -1 : 1;
  if (value[0] === '-' || value[0] === '+') value = value.slice(1);
  if (value === '.inf') return sign * Infinity;
  if (value === '.nan') return NaN;
  return sign * parseFloat(value);
}

/** A plain scalar's value under the core schema: null, a boolean, an integer, a float, or the text itself. */
export function plainScalar(text: string): unknown {
  const first = text.charCodeAt(0);
  // null, booleans and numbers start with one of these: every other plain scalar is a string
  const candidate =
    (first >= 0x30 && first <= 0x39) ||
    first === 0x2b ||
    first === DASH ||
    first === 0x2e ||
    first === 0x7e ||
    first === 0x6e ||
    first === 0x4e ||
    first === 0x74 ||
    first === 0x54 ||
    first === 0x66 ||
    first === 0x46;
  if (!candidate) return text;
  switch (text) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (INTEGER.test(text)) {
    const value = integerValue(text);
    if (Number.isFinite(value)) return value;
  }
  if (FLOAT.test(text) && (Number.isFinite(parseFloat(text)) || FLOAT_SPECIAL.test(text))) return floatValue(text);
  return text;
}

/** A mapping key as js-yaml stores it: the key node's value as a string. */
const keyOf = (text: string, quoted: boolean): string => (quoted ? text : String(plainScalar(text)));

function setEntry(object: Record<string, unknown>, key: string, value: unknown): void {
  if (Object.prototype.hasOwnProperty.call(object, key)) unsupported(); // js-yaml refuses duplicate keys
  // an own property named __proto__, never the prototype (as js-yaml does)
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\x00',
  a: '\x07',
  b: '\x08',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\x0b',
  f: '\x0c',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A line break count folded as YAML folds quoted and plain scalars: one is a space, n are n - 1 newlines. */
const folded = (breaks: number) => (breaks === 1 ? ' ' : '\n'.repeat(breaks - 1));

/** An implicit key: its text, whether it was quoted, and where its value starts (after the `:`). */
interface Key {
  key: string;
  quoted: boolean;
  after: number;
  /** written as `? key`: a block collection may follow its `:` on the same line */
  explicit?: boolean;
}

class BlockReader {
  /**
   * The current content line (not blank, not a comment): where it starts, its indentation and its end. Every node
   * reader leaves it at the first content line after the node; at the end of the text the indent is -1.
   */
  private lineStart = 0;
  private indent = 0;
  private lineEnd = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    this.seek(0);
    const text = this.text;
    if (this.indent === 0 && text.charCodeAt(0) === DASH && this.marker(0)) {
      // a leading `---` with nothing but a comment behind it
      let at = 3;
      while (isBlank(text.charCodeAt(at))) at++;
      if (at !== this.lineEnd && text.charCodeAt(at) !== HASH) unsupported();
      this.seek(this.lineEnd + 1);
    }
    if (this.indent === -1) unsupported(); // an empty document: js-yaml says undefined
    const value = this.node(this.lineStart + this.indent, -1);
    if (this.indent !== -1) unsupported(); // more after the root: js-yaml refuses it
    return value;
  }

  /** Moves to the first content line at or after `from`. A tab in indentation, a marker or a directive: js-yaml. */
  private seek(from: number): void {
    const text = this.text;
    let start = from;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      let at = start;
      while (text.charCodeAt(at) === SPACE) at++;
      const first = text.charCodeAt(at);
      if (first === TAB) unsupported();
      if (at < end && first !== HASH) {
        this.lineStart = start;
        this.indent = at - start;
        this.lineEnd = end;
        // a document marker is read by document() at the start, anywhere else js-yaml reads it
        if (at === start && (first === DASH || first === 0x2e || first === 0x25) && this.marker(start) && start !== 0)
          unsupported();
        if (at === start && first === 0x25) unsupported();
        return;
      }
      start = end + 1;
    }
    this.lineStart = this.lineEnd = text.length;
    this.indent = -1;
  }

  /** `---`, `...` or a `%` directive at `start`, the start of a line. */
  private marker(start: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === 0x25) return true;
    return (
      text.charCodeAt(start + 1) === c && text.charCodeAt(start + 2) === c && isBlankOrEnd(text.charCodeAt(start + 3))
    );
  }

  /** The node whose content starts at `at` on the current line, in a collection at column `parentIndent` (-1: root). */
  private node(at: number, parentIndent: number): unknown {
    if (++this.depth > MAX_DEPTH) unsupported();
    const text = this.text;
    const column = at - this.lineStart;
    let value: unknown;
    let key: Key | undefined;
    if (text.charCodeAt(at) === DASH && isBlankOrEnd(text.charCodeAt(at + 1))) value = this.sequence(column);
    else if ((key = this.keyAt(at)) !== undefined) value = this.mapping(column, key);
    else if (parentIndent === -1)
      unsupported(); // a document that is a scalar or a flow collection: rare
    else value = this.scalarOrFlow(at, parentIndent);
    this.depth--;
    return value;
  }

  /** A value that is not a block collection: a flow collection, a block scalar, a quoted or a plain scalar. */
  private scalarOrFlow(at: number, parentIndent: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 0x5b || c === 0x7b) {
      const flow = new FlowReader(text, at, this.depth);
      const value = flow.collection();
      this.endOfLine(flow.position);
      return value;
    }
    if (c === 0x7c || c === 0x3e) return this.blockScalar(at, parentIndent);
    if (c === SINGLE || c === DOUBLE) {
      const quoted = readQuoted(text, at);
      this.endOfLine(quoted.end);
      return quoted.value;
    }
    if (startsNoPlain(c) || ((c === 0x3f || c === COLON || c === DASH) && isBlankOrEnd(text.charCodeAt(at + 1))))
      unsupported();
    return this.plain(at, parentIndent + 1);
  }

  /** After a node that ended mid-line at `position`: only blanks or a comment may follow; then the next line. */
  private endOfLine(position: number): void {
    const text = this.text;
    let at = position;
    while (isBlank(text.charCodeAt(at))) at++;
    const c = text.charCodeAt(at);
    if (c === HASH && at > position) at = text.indexOf('\n', at);
    else if (c !== LF) unsupported();
    this.seek(at + 1);
  }

  /**
   * If an implicit key starts at `at` (a plain or one-line quoted scalar followed by `:` and a blank or the line
   * end), its text, whether it was quoted, and where its value starts; else undefined.
   */
  private keyAt(at: number): Key | undefined {
    const text = this.text;
    const end = this.lineEnd;
    const c = text.charCodeAt(at);
    if (c === SINGLE || c === DOUBLE) {
      const close = c === SINGLE ? singleQuoteEnd(text, at, end) : doubleQuoteEnd(text, at, end);
      if (close === -1) return undefined;
      let colon = close;
      while (isBlank(text.charCodeAt(colon))) colon++;
      if (text.charCodeAt(colon) !== COLON || !isBlankOrEnd(text.charCodeAt(colon + 1))) return undefined;
      return { key: readQuoted(text, at).value, quoted: true, after: colon + 1 };
    }
    if (startsNoPlain(c)) return undefined;
    if (c === 0x3f && isBlankOrEnd(text.charCodeAt(at + 1))) return this.explicitKey(at);
    if (c === COLON && isBlankOrEnd(text.charCodeAt(at + 1))) unsupported(); // a value without a key
    for (let i = at; i < end; i++) {
      const char = text.charCodeAt(i);
      if (char === COLON) {
        if (isBlankOrEnd(text.charCodeAt(i + 1))) {
          let keyEnd = i;
          while (isBlank(text.charCodeAt(keyEnd - 1))) keyEnd--;
          return { key: text.slice(at, keyEnd), quoted: false, after: i + 1 };
        }
      } else if (char === HASH && isBlank(text.charCodeAt(i - 1))) return undefined;
    }
    return undefined;
  }

  /**
   * An explicit key as long keys are written (`? key` on one line, `: value` at the same column on the next content
   * line): the key a plain or quoted scalar alone on its line. Moves the current line to the `:` line. Any other
   * explicit key (a collection, a scalar over several lines, no `:` line) is js-yaml's.
   */
  private explicitKey(at: number): Key {
    const text = this.text;
    const column = at - this.lineStart;
    let start = at + 1;
    while (isBlank(text.charCodeAt(start))) start++;
    const c = text.charCodeAt(start);
    let key: string;
    let quoted = false;
    if (c === SINGLE || c === DOUBLE) {
      const close =
        c === SINGLE ? singleQuoteEnd(text, start, this.lineEnd) : doubleQuoteEnd(text, start, this.lineEnd);
      if (close === -1) unsupported();
      key = readQuoted(text, start).value;
      quoted = true;
      let rest = close;
      while (isBlank(text.charCodeAt(rest))) rest++;
      if (rest !== this.lineEnd) unsupported();
    } else {
      if (
        start >= this.lineEnd ||
        startsNoPlain(c) ||
        ((c === 0x3f || c === COLON || c === DASH) && isBlankOrEnd(text.charCodeAt(start + 1)))
      )
        unsupported();
      let end = this.lineEnd;
      for (let i = start; i < end; i++) {
        const char = text.charCodeAt(i);
        if (
          (char === COLON && isBlankOrEnd(text.charCodeAt(i + 1))) ||
          (char === HASH && isBlank(text.charCodeAt(i - 1)))
        )
          unsupported();
      }
      while (isBlank(text.charCodeAt(end - 1))) end--;
      key = text.slice(start, end);
    }
    this.seek(this.lineEnd + 1);
    const colon = this.lineStart + column;
    if (this.indent !== column || text.charCodeAt(colon) !== COLON || !isBlankOrEnd(text.charCodeAt(colon + 1)))
      unsupported();
    return { key, quoted, after: colon + 1, explicit: true };
  }

  /** A block mapping at `column`, its first key read already (on the current line, maybe after `- `). */
  private mapping(column: number, first: Key): Record<string, unknown> {
    const text = this.text;
    const result: Record<string, unknown> = {};
    let key: Key | undefined = first;
    for (;;) {
      if (key === undefined) return unsupported(); // a line in a mapping that is not `key: value`
      let rest = key.after;
      while (isBlank(text.charCodeAt(rest))) rest++;
      const c = text.charCodeAt(rest);
      const value =
        rest >= this.lineEnd || (c === HASH && rest > key.after)
          ? this.valueOnNextLines(column)
          : key.explicit
            ? this.node(rest, column)
            : this.scalarOrFlow(rest, column);
      setEntry(result, keyOf(key.key, key.quoted), value);
      if (this.indent > column) unsupported(); // js-yaml: bad indentation of a mapping entry
      if (this.indent < column) return result;
      const at = this.lineStart + column;
      if (text.charCodeAt(at) === DASH && isBlankOrEnd(text.charCodeAt(at + 1))) unsupported();
      key = this.keyAt(at);
    }
  }

  /** A block sequence at `column`, its first `-` on the current line at that column. */
  private sequence(column: number): unknown[] {
    const text = this.text;
    const result: unknown[] = [];
    let dash = this.lineStart + column;
    for (;;) {
      let at = dash + 1;
      while (isBlank(text.charCodeAt(at))) at++;
      const c = text.charCodeAt(at);
      if (at < this.lineEnd && !(c === HASH && at > dash + 1)) result.push(this.node(at, column));
      else {
        // `-` alone: the node on the following lines when they are indented deeper, else null
        this.seek(this.lineEnd + 1);
        if (this.indent > column) result.push(this.node(this.lineStart + this.indent, column));
        else {
          result.push(null);
          // after a null entry js-yaml takes a `-` less indented as this sequence's next entry: its reading
          const next = this.lineStart + this.indent;
          if (this.indent < column && text.charCodeAt(next) === DASH && isBlankOrEnd(text.charCodeAt(next + 1)))
            unsupported();
        }
      }
      if (this.indent > column) unsupported(); // js-yaml: bad indentation of a sequence entry
      if (this.indent < column) return result;
      dash = this.lineStart + column;
      if (text.charCodeAt(dash) !== DASH || !isBlankOrEnd(text.charCodeAt(dash + 1))) return result;
    }
  }

  /**
   * The value of `key:` with nothing behind it: the node on the following lines when they are indented deeper, or a
   * sequence at the key's column, else null.
   */
  private valueOnNextLines(column: number): unknown {
    this.seek(this.lineEnd + 1);
    if (this.indent > column) return this.node(this.lineStart + this.indent, column);
    const at = this.lineStart + column;
    if (this.indent === column && this.text.charCodeAt(at) === DASH && isBlankOrEnd(this.text.charCodeAt(at + 1))) {
      if (++this.depth > MAX_DEPTH) unsupported();
      const value = this.sequence(column);
      this.depth--;
      return value;
    }
    return null;
  }

  /** A plain scalar from `at`, continued on following lines indented at least `minIndent`, folded as YAML folds. */
  private plain(at: number, minIndent: number): unknown {
    const text = this.text;
    let result = '';
    let start = at;
    let lineEnd = this.lineEnd;
    for (;;) {
      let end = lineEnd;
      let comment = false;
      for (let i = start; i < lineEnd; i++) {
        const c = text.charCodeAt(i);
        if (c === COLON && isBlankOrEnd(text.charCodeAt(i + 1))) unsupported(); // js-yaml refuses `a: b: c`
        if (c === HASH && isBlank(text.charCodeAt(i - 1))) {
          end = i;
          comment = true;
          break;
        }
      }
      while (isBlank(text.charCodeAt(end - 1))) end--;
      result += text.slice(start, end);
      if (comment) break;
      // the following lines: blank ones are line breaks, the next one indented deep enough continues the scalar
      let breaks = 1;
      let next = lineEnd + 1;
      let content = -1;
      while (next < text.length) {
        let i = next;
        while (text.charCodeAt(i) === SPACE) i++;
        const c = text.charCodeAt(i);
        if (c === TAB) unsupported();
        if (c !== LF) {
          if (i - next >= minIndent) content = i;
          break;
        }
        breaks++;
        next = i + 1;
      }
      if (content === -1) break;
      if (text.charCodeAt(content) === HASH) unsupported();
      if (content === next && this.marker(next)) unsupported();
      lineEnd = text.indexOf('\n', content);
      if (lineEnd === -1) lineEnd = text.length;
      result += folded(breaks);
      start = content;
    }
    this.seek(lineEnd + 1);
    return plainScalar(result);
  }

  /** A literal (|) or folded (>) block scalar whose header is at `at`, in a collection at column `parentIndent`. */
  private blockScalar(at: number, parentIndent: number): string {
    const text = this.text;
    const folding = text.charCodeAt(at) === 0x3e;
    let chomping: 'clip' | 'keep' | 'strip' = 'clip';
    let textIndent = parentIndent + 1;
    let detectedIndent = false;
    let i = at + 1;
    for (; ; i++) {
      const c = text.charCodeAt(i);
      if ((c === 0x2b || c === DASH) && chomping === 'clip') chomping = c === 0x2b ? 'keep' : 'strip';
      else if (c >= 0x31 && c <= 0x39 && !detectedIndent) {
        textIndent = parentIndent + (c - 0x30);
        detectedIndent = true;
      } else break;
    }
    const afterHeader = i;
    while (isBlank(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === HASH && i > afterHeader) i = text.indexOf('\n', i);
    if (text.charCodeAt(i) !== LF) unsupported();
    let result = '';
    let emptyLines = 0;
    let didReadContent = false;
    let atMoreIndented = false;
    let position = i + 1;
    while (position < text.length) {
      let lineIndent = 0;
      let c = text.charCodeAt(position);
      while ((!detectedIndent || lineIndent < textIndent) && c === SPACE) c = text.charCodeAt(position + ++lineIndent);
      if (!detectedIndent && lineIndent > textIndent) textIndent = lineIndent;
      if (c === LF) {
        emptyLines++;
        position += lineIndent + 1;
        continue;
      }
      if (lineIndent < textIndent) break;
      if (folding) {
        if (isBlank(c)) {
          atMoreIndented = true;
          result += newlines(didReadContent ? 1 + emptyLines : emptyLines);
        } else if (atMoreIndented) {
          atMoreIndented = false;
          result += newlines(emptyLines + 1);
        } else if (emptyLines === 0) {
          if (didReadContent) result += ' ';
        } else result += newlines(emptyLines);
      } else result += newlines(didReadContent ? 1 + emptyLines : emptyLines);
      didReadContent = true;
      detectedIndent = true;
      emptyLines = 0;
      const contentStart = position + lineIndent;
      const end = text.indexOf('\n', contentStart);
      result += text.slice(contentStart, end);
      position = end + 1;
    }
    if (chomping === 'keep') result += newlines(didReadContent ? 1 + emptyLines : emptyLines);
    else if (chomping === 'clip' && didReadContent) result += '\n';
    // the line that ended the scalar (less indented, or the end of the text) is where the reading goes on
    this.seek(position);
    return result;
  }
}

const newlines = (count: number) => (count === 0 ? '' : count === 1 ? '\n' : '\n'.repeat(count));

/** Characters that cannot start a plain scalar (indicators and reserved characters). */
function startsNoPlain(c: number): boolean {
  return (
    isFlowIndicator(c) ||
    c === HASH ||
    c === 0x26 || // & anchor
    c === 0x2a || // * alias
    c === 0x21 || // ! tag
    c === 0x7c || // |
    c === 0x3e || // >
    c === SINGLE ||
    c === DOUBLE ||
    c === 0x25 || // %
    c === 0x40 || // @
    c === 0x60 // `
  );
}

/** The index just after the closing quote of a single-quoted scalar that closes before `end`, else -1. */
function singleQuoteEnd(text: string, at: number, end: number): number {
  for (let i = at + 1; i < end; i++) {
    if (text.charCodeAt(i) === SINGLE) {
      if (text.charCodeAt(i + 1) === SINGLE) i++;
      else return i + 1;
    }
  }
  return -1;
}

/** The index just after the closing quote of a double-quoted scalar that closes before `end`, else -1. */
function doubleQuoteEnd(text: string, at: number, end: number): number {
  for (let i = at + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === DOUBLE) return i + 1;
  }
  return -1;
}

/**
 * A single- or double-quoted scalar from its opening quote at `at`, over as many lines as it spans (line breaks
 * folded, escapes decoded as js-yaml decodes them). Returns its value and the index after the closing quote.
 */
function readQuoted(text: string, at: number): { value: string; end: number } {
  const double = text.charCodeAt(at) === DOUBLE;
  const quote = double ? DOUBLE : SINGLE;
  let result = '';
  let segmentStart = at + 1;
  let segmentEnd = segmentStart;
  let i = segmentStart;
  for (;;) {
    if (i >= text.length) unsupported(); // unterminated: js-yaml says so
    const c = text.charCodeAt(i);
    if (c === quote) {
      if (!double && text.charCodeAt(i + 1) === SINGLE) {
        result += text.slice(segmentStart, i + 1);
        i += 2;
        segmentStart = segmentEnd = i;
        continue;
      }
      result += text.slice(segmentStart, i);
      return { value: result, end: i + 1 };
    }
    if (double && c === 0x5c) {
      result += text.slice(segmentStart, i);
      const escape = text[i + 1];
      if (escape === '\n') {
        // an escaped line break joins the lines: the next line's leading blanks go
        i = skipBreaks(text, i + 1).position;
      } else if (escape in SIMPLE_ESCAPES) {
        result += SIMPLE_ESCAPES[escape];
        i += 2;
      } else if (escape in HEX_ESCAPES) {
        const digits = text.slice(i + 2, i + 2 + HEX_ESCAPES[escape]);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== HEX_ESCAPES[escape]) unsupported();
        const code = parseInt(digits, 16);
        if (code > 0x10ffff) unsupported();
        result += String.fromCodePoint(code);
        i += 2 + digits.length;
      } else unsupported();
      segmentStart = segmentEnd = i;
      continue;
    }
    if (c === LF) {
      result += text.slice(segmentStart, segmentEnd);
      const skipped = skipBreaks(text, i);
      result += folded(skipped.breaks);
      i = segmentStart = segmentEnd = skipped.position;
      continue;
    }
    i++;
    if (!isBlank(c)) segmentEnd = i;
  }
}

/**
 * From a line break at `at`: skips line breaks and blanks (not comments) to the next content. A document marker at
 * the start of a line inside a quoted scalar is an error js-yaml reports.
 */
function skipBreaks(text: string, at: number): { breaks: number; position: number } {
  let breaks = 0;
  let i = at;
  for (;;) {
    while (isBlank(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== LF) break;
    breaks++;
    i++;
    const c = text.charCodeAt(i);
    if ((c === DASH || c === 0x2e) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) unsupported();
  }
  if (i >= text.length) unsupported();
  return { breaks, position: i };
}

/** A flow collection (`[...]` or `{...}`), over one line or several. */
class FlowReader {
  constructor(
    private readonly text: string,
    public position: number,
    private depth: number,
  ) {}

  collection(): unknown {
    if (++this.depth > MAX_DEPTH) unsupported();
    const text = this.text;
    const mapping = text.charCodeAt(this.position) === 0x7b;
    const close = mapping ? 0x7d : 0x5d;
    this.position++;
    const result: unknown = mapping ? {} : [];
    for (;;) {
      this.space();
      if (text.charCodeAt(this.position) === close) break;
      if (mapping) {
        const line = this.line();
        const key = this.scalar();
        if (this.line() !== line) unsupported();
        this.spaceOnLine();
        if (text.charCodeAt(this.position) !== COLON) unsupported(); // a key without a value
        this.position++;
        this.space();
        const c = text.charCodeAt(this.position);
        const value = c === COMMA || c === close ? null : this.value();
        setEntry(result as Record<string, unknown>, key.quoted ? key.text : keyOf(key.text, false), value);
      } else {
        (result as unknown[]).push(this.value());
        this.spaceOnLine();
        if (text.charCodeAt(this.position) === COLON) unsupported(); // a single-pair mapping
      }
      this.space();
      const c = text.charCodeAt(this.position);
      if (c === COMMA) this.position++;
      else if (c !== close) unsupported();
      else break;
    }
    this.position++;
    this.depth--;
    return result;
  }

  private line(): number {
    return this.text.lastIndexOf('\n', this.position - 1);
  }

  private value(): unknown {
    const c = this.text.charCodeAt(this.position);
    if (c === 0x5b || c === 0x7b) return this.collection();
    const scalar = this.scalar();
    return scalar.quoted ? scalar.text : plainScalar(scalar.text);
  }

  /** A quoted or plain scalar in flow context (a plain one ends at an indicator, and on its line). */
  private scalar(): { text: string; quoted: boolean } {
    const text = this.text;
    const c = text.charCodeAt(this.position);
    if (c === SINGLE || c === DOUBLE) {
      const quoted = readQuoted(text, this.position);
      this.position = quoted.end;
      return { text: quoted.value, quoted: true };
    }
    const next = text.charCodeAt(this.position + 1);
    if (
      isBlankOrEnd(c) ||
      startsNoPlain(c) ||
      ((c === 0x3f || c === COLON || c === DASH) && (isBlankOrEnd(next) || isFlowIndicator(next)))
    )
      unsupported();
    const start = this.position;
    let end = start;
    let i = start;
    for (; ; i++) {
      const char = text.charCodeAt(i);
      if (char === LF || isFlowIndicator(char)) break;
      // `a:b` is one scalar, `a: b` a pair: both rare in flow collections outside a mapping's key, left to js-yaml
      if (char === COLON) {
        const after = text.charCodeAt(i + 1);
        if (isBlankOrEnd(after) || isFlowIndicator(after)) break;
        unsupported();
      }
      if (char === HASH && isBlank(text.charCodeAt(i - 1))) unsupported();
      if (!isBlank(char)) end = i + 1;
    }
    if (text.charCodeAt(i) === LF) {
      // a plain scalar would go on on the next line, unless an indicator ends it there
      let after = i;
      while (isBlankOrEnd(text.charCodeAt(after)) && after < text.length) after++;
      const following = text.charCodeAt(after);
      if (following !== COMMA && following !== 0x5d && following !== 0x7d) unsupported();
    }
    this.position = end;
    return { text: text.slice(start, end), quoted: false };
  }

  /** Blanks, line breaks and comments. */
  private space(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.position);
      if (isBlank(c)) this.position++;
      else if (c === LF) {
        this.position++;
        const first = text.charCodeAt(this.position);
        // a document marker inside a flow collection: js-yaml's to judge
        if ((first === DASH || first === 0x2e) && text.startsWith(first === DASH ? '---' : '...', this.position))
          unsupported();
      } else if (c === HASH && isBlankOrEnd(text.charCodeAt(this.position - 1))) {
        const end = text.indexOf('\n', this.position);
        this.position = end === -1 ? text.length : end;
      } else if (Number.isNaN(c)) unsupported();
      else return;
    }
  }

  private spaceOnLine(): void {
    while (isBlank(this.text.charCodeAt(this.position))) this.position++;
  }
}
