import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';
import { plainScalar, readBlockYaml } from '../../src/openapi/block-yaml.js';
import { corpusPath } from '../helpers/corpus.js';

/** js-yaml's reading, as parseText asks for it: the value, or the error it throws. */
function jsYaml(text: string): { value: unknown } | { error: string } {
  try {
    return { value: load(text, { schema: CORE_SCHEMA }) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Equal as values (NaN, -0) and in key order, which JSON text keeps. */
const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b) && JSON.stringify(a) === JSON.stringify(b);

/** The block reader's promise: js-yaml's value exactly, or nothing (then js-yaml reads, errors included). */
function assertAgrees(text: string, label: string): 'read' | 'left' {
  const ours = readBlockYaml(text);
  const theirs = jsYaml(text);
  if (ours === undefined) return 'left';
  assert.ok('value' in theirs, `${label}: the block reader read what js-yaml refuses (${JSON.stringify(theirs)})`);
  assert.ok(
    same(ours.value, theirs.value),
    `${label}: ${JSON.stringify(ours.value)} ≠ ${JSON.stringify(theirs.value)}`,
  );
  return 'read';
}

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('block YAML reader', () => {
  it('reads every YAML file of the corpus as js-yaml does, and the anchored ones are left to js-yaml', () => {
    const files = yamlFiles(corpusPath('openapi'));
    assert.ok(files.length > 50, `${files.length} files`);
    const left: string[] = [];
    for (const file of files) if (assertAgrees(readFileSync(file, 'utf8'), file) === 'left') left.push(file);
    // the two OpenAI pair files use anchors and aliases (`&chat_completion_example`): the only ones it leaves
    assert.deepEqual(
      left.map((file) => file.slice(file.indexOf('openapi/'))),
      ['openapi/pairs/openai-2023-12-to-2024-01/new.yaml', 'openapi/pairs/openai-2023-12-to-2024-01/old.yaml'].filter(
        (file) => left.some((path) => path.endsWith(file)),
      ),
    );
    assert.ok(left.length <= 2, left.join(', '));
    for (const spec of [
      'stripe-2023-09.v3.0.yaml',
      'openai.v3.1.yaml',
      'okta-management.v3.0.yaml',
      'twilio-api-v2010.v3.0.yaml',
    ])
      assert.ok(!left.some((file) => file.endsWith(spec)), `${spec} is read by the block reader`);
  });

  /** Each construct the reader takes, read as js-yaml reads it. */
  const READ: Record<string, string> = {
    'nested mappings': 'a:\n  b:\n    c: 1\n  d: two\ne: null\n',
    'sequences, compact and at the key column': 'a:\n- 1\n- b: 2\n  c: 3\n- - x\n  - y\nd:\n  - [1, 2]\n  -\n  - ~\n',
    'sequence entry on the next line': '-\n  a: 1\n-\n- last\n',
    'plain scalars of the core schema':
      'n: ~\nb: True\nf: FALSE\ni: -0\nj: 0x1F\nk: 0o17\nl: 0b101\nm: 1_000\nx: 1e3\ny: .5\nz: -.inf\n' +
      'w: .NaN\nv: 007\nu: +12\nt: 1.\ns: 12:30\nr: 0x\nq: -.5\np: 1e400\n',
    'keys that resolve': '200: ok\n1.0: float key\ntrue: yes\n~: tilde\n0x10: hex\n.inf: infinite\n',
    'multi-line plain scalars':
      'a: one\n  two\n\n  three\n\n\n  four\nb:\n  on the next\n  line\n- not a list\n'.replace(
        '\n- not a list\n',
        '\n',
      ),
    'plain scalars with indicators inside': 'a: b-c d:e #f\nb: x # comment\nc: x[y]{z},w\nd: a - b\ne: "q" \n',
    'single-quoted': "a: 'it''s'\nb: '  spaced  '\nc: 'over\n  two lines\n\n  and a paragraph'\nd: ''\n",
    'double-quoted escapes':
      'a: "tab\\tnl\\nq\\"bs\\\\sl\\/"\nb: "\\x41\\u00e9\\U0001F600"\nc: "fold\n  ed \\\n  joined"\nd: "\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\ "\n',
    'quoted keys': '"a b": 1\n\'c: d\': 2\n"": empty\n',
    'literal block scalars':
      'a: |\n  line 1\n   indented\n\n  line 3\nb: |-\n  stripped\n\nc: |+\n  kept\n\n\nd: |2\n    two more\ne: x\n',
    'folded block scalars':
      'a: >\n  folded\n  text\n\n  para\n    more indented\n  back\nb: >-\n  x\n  y\nc: >+\n  keep\n\nd: >\n\n  leading blank\ne: |\n  # not a comment\n',
    'block scalar followed by a less indented comment': 'a:\n  b: |\n    text\n  # comment\n  c: 1\n',
    'flow collections':
      'a: [1, "two", \'three\', {x: 1, "y": [2]}, [], {}]\nb: {a: , c: d}\nc: [a,\n  b, # note\n  c,\n]\nd: {k: [1,2],}\n',
    'comments everywhere': '# head\na: 1 # one\n  # indented comment\nb:\n  # before\n  c: 2\n# tail\n',
    'a leading document marker': '--- # the document\na: 1\n',
    'an explicit key and a compact value':
      'a:\n  ? long key\n  : type: object\n    more: 1\n  ? "quoted key"\n  : plain\n',
    'a __proto__ key stays an own property': '__proto__:\n  polluted: true\na: 1\n',
    'a root sequence': '- a\n- b: c\n',
    'unicode content': 'a: "é ✓ 😀"\nb: 中文\n',
    'deep indentation of a root mapping': '  a: 1\n  b: 2\n',
    'no final newline': 'a: 1\nb: |\n  x',
    'trailing blanks': 'a: b   \nc:   \n  d\n',
  };

  for (const [name, text] of Object.entries(READ))
    it(`reads ${name} as js-yaml does`, () => {
      assert.ok('value' in jsYaml(text), `js-yaml reads it: ${JSON.stringify(jsYaml(text))}`);
      assert.equal(assertAgrees(text, name), 'read', `${name} is taken by the block reader`);
    });

  /** What it leaves to js-yaml: js-yaml reads some of these, refuses the others, with its own message. */
  const LEFT: Record<string, string> = {
    anchors: 'a: &x 1\nb: *x\n',
    tags: 'a: !!str 1\n',
    'tabs in indentation': 'a:\n\tb: 1\n',
    'CR line ends': 'a: 1\r\nb: 2\r\n',
    'duplicate keys': 'a: 1\na: 2\n',
    'several documents': 'a: 1\n---\nb: 2\n',
    directives: '%YAML 1.2\n---\na: 1\n',
    'a mapping value inside a plain scalar': 'a: b: c\n',
    'a complex key': '? [a, b]\n: c\n',
    'bad indentation': 'a:\n    b: 1\n  c: 2\n',
    'a sequence after a mapping entry at its column': 'a: 1\n- b\n',
    'a non-printable character': 'a: "\u0007"\n',
    'a lone surrogate': 'a: "\ud800"\n',
    'an unknown escape': 'a: "\\q"\n',
    'an unterminated quote': 'a: "open\n',
    'a scalar document': 'just text\n',
    'an empty document': '# only a comment\n',
    'a flow pair in a sequence': 'a: [b: c]\n',
    'content after a quoted value': 'a: "b" c\n',
    'a block scalar without indentation': 'a: |\nb\n',
    'a comment right after a quote': 'a: "b"#c\n',
    'a zero indentation indicator': 'a: |0\n  x\n',
    'content after a flow collection': 'a: [x]y\n',
    'a less indented entry after an empty one (js-yaml nests it)': '- - a\n  -\n- b\n',
  };

  for (const [name, text] of Object.entries(LEFT))
    it(`leaves ${name} to js-yaml`, () => {
      assert.equal(readBlockYaml(text), undefined);
    });

  it('resolves plain scalars as js-yaml core schema does', () => {
    const types = (
      CORE_SCHEMA as unknown as { compiledImplicit: { resolve(s: string): boolean; construct(s: string): unknown }[] }
    ).compiledImplicit;
    const theirs = (text: string) => {
      for (const type of types) if (type.resolve(text)) return type.construct(text);
      return text;
    };
    // every string up to four characters over the characters numbers, nulls and booleans are made of
    const alphabet = ['0', '1', '7', '9', '+', '-', '.', 'e', 'E', 'x', 'b', 'o', '_', 'a', 'n', 'i', 'f', 'N', '~'];
    let strings = [''];
    let checked = 0;
    for (let length = 1; length <= 4; length++) {
      strings = strings.flatMap((prefix) => alphabet.map((char) => prefix + char));
      for (const text of strings) {
        assert.ok(Object.is(plainScalar(text), theirs(text)) || same(plainScalar(text), theirs(text)), text);
        checked++;
      }
    }
    for (const text of [
      'null',
      'Null',
      'NULL',
      'nULL',
      'true',
      'True',
      'TRUE',
      'tRUE',
      'false',
      'False',
      'FALSE',
      '.inf',
      '+.Inf',
      '-.INF',
      '.NaN',
      '.nan',
      '.NAN',
      '1e400',
      '9'.repeat(400),
      '0x' + 'f'.repeat(300),
      '12:30',
      '1_000',
      '-0',
      '+0',
      '-00',
      '0.0',
      '-0.0',
      '1e-5',
      '3.',
    ])
      assert.ok(Object.is(plainScalar(text), theirs(text)), text);
    assert.ok(checked > 100_000);
  });

  it('agrees with js-yaml on thousands of generated documents and their mutations', () => {
    // a seeded generator of spec-like YAML (every construct above), then single-character mutations of each
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const scalars = [
      '1',
      'x',
      'two words',
      "'q''s'",
      '"d\\"q"',
      '~',
      'true',
      '0x1f',
      '[a, b]',
      '{k: v}',
      '-1.5',
      'a#b',
      'url://x',
      '[]',
      '"multi\n  line"',
      'plain\n  continued',
    ];
    const block = (indent: number, depth: number): string => {
      const pad = ' '.repeat(indent);
      const lines: string[] = [];
      const entries = 1 + Math.floor(random() * 3);
      const sequence = random() < 0.3;
      for (let i = 0; i < entries; i++) {
        const head = sequence ? `${pad}- ` : `${pad}k${i}${pick(['', ' ', ''])}: `;
        const kind = depth > 3 ? 0 : Math.floor(random() * 5);
        if (kind === 0) lines.push(head + pick(scalars).replace(/\n/g, `\n${pad}`) + pick(['', ' # c']));
        else if (kind === 1) lines.push(`${head.trimEnd()}\n${block(indent + 2, depth + 1)}`);
        else if (kind === 2)
          lines.push(`${head}${pick(['|', '>', '|-', '>+', '|2'])}\n${pad}  text one\n${pad}   more\n\n${pad}  end`);
        else if (kind === 3 && !sequence)
          lines.push(`${head.trimEnd()}\n${block(indent, depth + 1).replace(/^( *)k/gm, '$1- k')}`);
        else lines.push(`${head.trimEnd()}\n${pad}  # comment\n${block(indent + 2, depth + 1)}`);
      }
      return lines.join('\n');
    };
    const mutations = [' ', '\n', ':', '#', '-', "'", '"', '\t', '|', '[', ']', '{', '}', ',', '?', '&', '*', '!'];
    let read = 0;
    let valid = 0;
    const left: string[] = [];
    let documents = 0;
    for (let i = 0; i < 400; i++) {
      const text = `${block(0, 0)}\n`;
      if ('value' in jsYaml(text)) valid++;
      if (assertAgrees(text, text) === 'read') read++;
      else if ('value' in jsYaml(text)) left.push(text);
      documents++;
      for (let m = 0; m < 10; m++) {
        const at = Math.floor(random() * text.length);
        const mutated =
          random() < 0.5
            ? text.slice(0, at) + pick(mutations) + text.slice(at)
            : text.slice(0, at) + text.slice(at + 1);
        assertAgrees(mutated, JSON.stringify(mutated));
        documents++;
      }
    }
    assert.ok(documents >= 4000);
    // the unmutated documents js-yaml reads hold only what the block reader takes
    assert.ok(valid > 200, `js-yaml reads ${valid} of the 400 generated documents`);
    assert.equal(read, valid, `left to js-yaml:\n${left.slice(0, 3).join('\n=====\n')}`);
  });
});
