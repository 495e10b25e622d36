import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { locateLines } from '../../src/openapi/locate.js';
import { escapePointer } from '../../src/openapi/parse.js';
import { corpusPath } from '../helpers/corpus.js';

const CORPUS = corpusPath('openapi/specs/');

/** Every pointer of a YAML text with its line, from the `yaml` package's source ranges: the independent answer. */
function linesByYamlPackage(text: string): Map<string, number> {
  const lineCounter = new LineCounter();
  const lines = new Map<string, number>();
  const walk = (node: unknown, pointer: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const child = `${pointer}/${escapePointer(String(pair.key.value))}`;
        lines.set(child, lineCounter.linePos(pair.key.range![0]).line);
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const range = (item as { range?: [number] } | null)?.range;
        if (range) lines.set(`${pointer}/${index}`, lineCounter.linePos(range[0]).line);
        walk(item, `${pointer}/${index}`);
      });
    }
  };
  walk(parseDocument(text, { lineCounter, uniqueKeys: false }).contents, '');
  return lines;
}

function assertSameLines(text: string, pointers?: string[]) {
  const expected = linesByYamlPackage(text);
  const wanted = pointers ?? [...expected.keys()];
  const found = locateLines(text, wanted);
  for (const pointer of wanted) assert.equal(found.get(pointer), expected.get(pointer), pointer);
}

const TRICKY = `%YAML 1.2
---
# comment
openapi: 3.0.3
info: {title: "flow: style", version: '1'}
paths:
  /items/{id}:
    get:
      description: |
        key: not a key, a line of a block scalar
        - nor an item
      summary: a plain scalar
        continued on the next line
      parameters:
      - name: id
        in: path
        schema: { $ref: '#/components/schemas/Id' }
      -   name: "quoted \\u0041"
          in: query
      - - nested: 1
        - [a, b, {c: d}]
      responses:
        '200': {description: ok}
        "404":
          description: >-
            folded
        ? a very long key written the explicit way
        : description: explicit
          content: {}
components:
  schemas:
    x5t#S256: &anchored
      type: string
    alias: *anchored
    Id:
      enum:
        [
          one,
          two,
        ]
      example: Q&A # a comment
    'it''s': {}
`;

describe('line numbers of JSON pointers', () => {
  it('follows block YAML line by line as a YAML parser does: scalars, flow values, explicit keys, nested items', () => {
    assertSameLines(TRICKY);
  });

  it('reads Windows line endings', () => {
    const pointers = [...linesByYamlPackage(TRICKY).keys()];
    assert.deepEqual(locateLines(TRICKY.replace(/\n/g, '\r\n'), pointers), locateLines(TRICKY, pointers));
  });

  it('finds lines in JSON by a character scan', () => {
    const text = JSON.stringify({ a: { 'b/c': [1, { d: 'x' }] }, e: 'f' }, null, 2);
    const found = locateLines(text, ['/a/b~1c/1/d', '/e', '/missing']);
    assert.deepEqual(
      [...found],
      [
        ['/a/b~1c/1/d', 6],
        ['/e', 10],
      ],
    );
  });

  it('locates any pointer of a large corpus spec as the yaml package does', () => {
    const text = readFileSync(`${CORPUS}okta-legacy-v1.v2.0.yaml`, 'utf8');
    const pointers = [...linesByYamlPackage(text).keys()].filter((_, index) => index % 7 === 0);
    assertSameLines(text, pointers);
  });
});
