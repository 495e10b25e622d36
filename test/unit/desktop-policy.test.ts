import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import {
  APP_ENTRY,
  CONTENT_SECURITY_POLICY,
  appResponseHeaders,
  isAppUrl,
  isTrustedSender,
  resolveAppFile,
} from '../../src/desktop/policy.js';

describe('desktop web policy', () => {
  it('knows the app’s own URLs from everything else', () => {
    assert.equal(isAppUrl(APP_ENTRY), true);
    assert.equal(isAppUrl('junction://app/assets/index-abc.js'), true);
    for (const url of [
      'https://app',
      'junction://evil/index.html',
      'junction://user:pw@app/',
      'file:///etc/passwd',
      'http://127.0.0.1:5173/',
      'javascript:alert(1)',
      '',
      'not a url',
    ]) {
      assert.equal(isAppUrl(url), false, url);
    }
    assert.equal(isAppUrl(undefined), false);
  });

  it('accepts IPC only from the app’s top-level frame', () => {
    assert.equal(isTrustedSender({ senderFrame: { url: APP_ENTRY, parent: null } }), true);
    assert.equal(isTrustedSender({ senderFrame: { url: APP_ENTRY, parent: {} } }), false, 'a sub-frame');
    assert.equal(
      isTrustedSender({ senderFrame: { url: 'https://example.test/', parent: null } }),
      false,
      'a page navigated to',
    );
    assert.equal(isTrustedSender({ senderFrame: null }), false, 'a frame already gone');
  });

  it('has a strict Content-Security-Policy', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]),
    );
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    assert.equal(appResponseHeaders('text/html')['content-security-policy'], CONTENT_SECURITY_POLICY);
  });

  it('serves only files of the built renderer, falling back to index.html for app routes', () => {
    const root = mkdtempSync(join(tmpdir(), 'junction-renderer-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'junction-secret.txt'), 'secret');
    assert.deepEqual(resolveAppFile(root, 'junction://app/assets/app.js'), {
      file: join(root, 'assets', 'app.js'),
      type: 'text/javascript; charset=utf-8',
    });
    assert.equal(resolveAppFile(root, 'junction://app/')!.file, join(root, 'index.html'));
    assert.equal(resolveAppFile(root, 'junction://app/estate/systems')!.file, join(root, 'index.html'), 'an app route');
    assert.equal(
      resolveAppFile(root, 'junction://app/assets/missing.js'),
      undefined,
      'a missing asset is a 404, not index.html',
    );
    for (const url of [
      'junction://app/../junction-secret.txt',
      'junction://app/%2e%2e/junction-secret.txt',
      'junction://app/assets/..%2f..%2fjunction-secret.txt',
      'junction://app/%5c..%5cjunction-secret.txt',
      'junction://other/index.html',
      'junction://app/%00',
    ]) {
      const found = resolveAppFile(root, url);
      assert.ok(found === undefined || found.file.startsWith(root), `${url} → ${found?.file}`);
      assert.notEqual(found?.file, join(tmpdir(), 'junction-secret.txt'));
    }
  });
});
