import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { ConfigError } from '../../src/estate/errors.js';
import { openWorkspace, type OutsideFiles } from '../../src/estate/workspace.js';
import { runCli } from '../helpers/cli.js';
import { tempWorkspace } from '../helpers/estate.js';

/** An estate of one system with `fields` under it, then `rest` (top-level sections). */
const estate = (fields: string, rest = '') =>
  `version: 1\nname: Files\nsystems:\n  - id: orders\n    name: Orders\n    baseUrl: https://127.0.0.1:1\n${fields}${rest}`;
const logSource = (path: string) => `logSources:\n  - { id: gw, type: nginx-combined, path: "${path}" }\n`;

function refusal(dir: string, outsideFiles?: OutsideFiles): ConfigError {
  try {
    openWorkspace(dir, { outsideFiles });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('expected the workspace to be refused');
}

const LOG_LINE = '127.0.0.1 - - [10/Oct/2026:13:55:36 +0000] "GET /orders HTTP/1.1" 200 12 "-" "svc/shop 2.3"\n';

describe('files the estate names stay inside the workspace', () => {
  it('refuses relative paths that climb out, with file:line:field, whatever the flag', () => {
    const cases: [string, string, string, number][] = [
      ['    spec: ../../../../etc/passwd\n', '', 'systems[0].spec', 7],
      ['    specPrevious: specs/../../old.yaml\n', '', 'systems[0].specPrevious', 7],
      ['    tls: { ca: ../ca.pem }\n', '', 'systems[0].tls.ca', 7],
      ['', logSource('../../var/log/nginx/access.log'), 'logSources[0].path', 8],
    ];
    for (const [fields, rest, field, line] of cases) {
      const dir = tempWorkspace(estate(fields, rest));
      for (const outside of ['refuse', 'allow'] as const) {
        const error = refusal(dir, outside);
        assert.equal(error.field, field);
        assert.equal(error.line, line);
        assert.match(error.message, /resolves outside the workspace/);
      }
    }
  });

  it('refuses absolute paths and links out of the folder unless allowed; reads what is inside', () => {
    const absolute = tempWorkspace(estate('    tls: { ca: /etc/hosts }\n'));
    const error = refusal(absolute);
    assert.equal(error.field, 'systems[0].tls.ca');
    assert.match(
      error.describe(),
      /junction\.yaml:7 systems\[0\]\.tls\.ca: \/etc\/hosts is outside the workspace: pass --allow-outside-workspace/,
    );
    assert.equal(openWorkspace(absolute, { outsideFiles: 'allow' }).estate.systems[0].tls?.ca, '/etc/hosts');
    assert.ok(
      openWorkspace(absolute, { outsideFiles: 'not-read' }),
      'commands that never read the files are not stopped',
    );

    const linked = tempWorkspace(estate('    spec: specs/orders.yaml\n'));
    mkdirSync(join(linked, 'specs'));
    symlinkSync('/etc/passwd', join(linked, 'specs', 'orders.yaml'));
    assert.match(refusal(linked).message, /is a link to \/etc\/passwd, outside the workspace/);

    const inside = tempWorkspace(estate('    spec: specs/orders.yaml\n', logSource(join('logs', 'access.log'))));
    const workspace = openWorkspace(inside);
    assert.equal(workspace.resolvePath('specs/orders.yaml'), join(inside, 'specs', 'orders.yaml'));
    const own = tempWorkspace('');
    writeFileSync(join(own, 'junction.yaml'), estate(`    spec: ${join(own, 'spec.yaml')}\n`));
    assert.ok(openWorkspace(own), 'an absolute path inside the workspace is inside');
  });

  it('the CLI exits 2 with file:line; --allow-outside-workspace reads an absolute log on purpose', async () => {
    const passwd = tempWorkspace(estate('    spec: ../../../../etc/passwd\n'));
    const audit = await runCli(['audit', passwd]);
    assert.equal(audit.code, 2, audit.stderr);
    assert.match(
      audit.stderr,
      /junction\.yaml:7 systems\[0\]\.spec: \.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd resolves outside the workspace/,
    );
    assert.doesNotMatch(audit.stdout + audit.stderr, /root:x:0/, 'nothing of the file was read');

    const logs = mkdtempSync(join(tmpdir(), 'junction-logs-'));
    const log = join(logs, 'access.log');
    writeFileSync(log, LOG_LINE.repeat(3));
    const dir = tempWorkspace(estate('', logSource(log)));
    const refused = await runCli(['flows', 'import', dir]);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /junction\.yaml:8 logSources\[0\]\.path: .* is outside the workspace: pass --allow-outside-workspace/,
    );
    const allowed = await runCli(['flows', 'import', dir, '--allow-outside-workspace', '--json']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal((JSON.parse(allowed.stdout) as { imports: { lines: number }[] }).imports[0].lines, 3);
    const show = await runCli(['flows', 'show', dir, '--json']);
    assert.equal(show.code, 0, `flows show reads no log file, so it needs no flag: ${show.stderr}`);
  });
});
