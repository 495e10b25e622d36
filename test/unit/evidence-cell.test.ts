import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { cellText } from '../../src/model/evidence-cell.js';
import type { Evidence } from '../../src/model/finding.js';
import { evidenceToMarkdown } from '../../src/report/evidence-text.js';
import { evidenceToHtml } from '../../src/report/html-evidence.js';

describe('one formatter for evidence cells', () => {
  test('each column type reads one way', () => {
    assert.equal(cellText(1234.56, 'ms'), '1,234.6 ms');
    assert.equal(cellText(512, 'bytes'), '512 B');
    assert.equal(cellText(1536, 'bytes'), '1.5 KiB');
    assert.equal(cellText(5 * 1024 * 1024, 'bytes'), '5.0 MiB');
    assert.equal(cellText(12345, 'number'), '12,345');
    assert.equal(cellText('2026-06-01T10:00:05.123Z', 'date'), '2026-06-01 10:00:05 UTC');
    assert.equal(cellText(Date.UTC(2026, 5, 1, 10), 'date'), '2026-06-01 10:00:00 UTC');
    assert.equal(cellText('2026-06-01', 'date'), '2026-06-01', 'a calendar date stays a date');
    assert.equal(cellText('not a date', 'date'), 'not a date');
    assert.equal(cellText(true, 'text'), 'yes');
    assert.equal(cellText(false, 'number'), 'no');
    assert.equal(cellText(8443, 'code'), '8443', 'a port or code is not grouped like a quantity');
    for (const empty of [null, undefined, '']) assert.equal(cellText(empty, 'text'), undefined);
  });

  test('the HTML and Markdown reports show the same text for every cell', () => {
    const evidence: Evidence = {
      kind: 'table',
      title: 'Cells',
      // one column of each type the cell formatter knows, keyed by its type
      columns: (['ms', 'bytes', 'date', 'number', 'text'] as const).map((type) => ({ key: type, label: type, type })),
      rows: [{ ms: 1234.56, bytes: 1536, date: '2026-06-01T10:00:05.000Z', number: 12345, text: false }],
    };
    const html = evidenceToHtml(evidence);
    const markdown = evidenceToMarkdown(evidence);
    for (const text of ['1,234.6 ms', '1.5 KiB', '2026-06-01 10:00:05 UTC', '12,345', 'no']) {
      assert.ok(html.includes(text), `HTML shows ${text}`);
      assert.ok(markdown.includes(`| ${text} |`) || markdown.includes(`| ${text}`), `Markdown shows ${text}`);
    }
    const list: Evidence = {
      kind: 'list',
      items: [
        { label: 'Pool', value: 1000 },
        { label: 'TLS', value: true },
      ],
    };
    assert.match(evidenceToHtml(list), /<dd>1,000<\/dd><dt>TLS<\/dt><dd>yes<\/dd>/);
    assert.equal(evidenceToMarkdown(list), '- Pool: 1,000\n- TLS: yes');
  });
});
