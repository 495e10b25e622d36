import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { PACKAGED_SQLITE_BINDING } from '../../src/desktop/channels.js';
import { openDatabase } from '../../src/store/database.js';
import { REPO_ROOT } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const builderConfig = parse(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
> & {
  extraResources: { from: string; to: string }[];
  asarUnpack: string[];
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
};

describe('desktop packaging', () => {
  it('electron-builder.yml validates against electron-builder’s own configuration schema', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv.default({ strict: false, allErrors: true }).compile(schema);
    assert.equal(validate(builderConfig), true, JSON.stringify(validate.errors, null, 2));
    assert.equal(validate({ ...builderConfig, asar: 'yes please' }), false, 'the schema is really applied');
  });

  it('builds AppImage, deb, NSIS and dmg, keeps asar with native modules unpacked, and never rebuilds node_modules', () => {
    assert.deepEqual(
      [builderConfig.linux.target, builderConfig.win.target, builderConfig.mac.target],
      [['AppImage', 'deb'], ['nsis'], ['dmg']],
    );
    assert.equal(builderConfig.asar, true);
    assert.deepEqual(builderConfig.asarUnpack, ['**/*.node']);
    assert.equal(builderConfig.npmRebuild, false);
    assert.deepEqual(builderConfig.extraResources, [
      { from: 'build/native/better_sqlite3.node', to: PACKAGED_SQLITE_BINDING },
    ]);
  });

  it('has a 512×512 PNG icon', () => {
    const png = readFileSync(join(REPO_ROOT, 'assets', 'icons', '512x512.png'));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [512, 512]);
  });

  it('opens the database through the binary JUNCTION_SQLITE_BINDING names (how the packaged app loads the Electron build)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'junction-binding-'));
    const previous = process.env.JUNCTION_SQLITE_BINDING;
    try {
      process.env.JUNCTION_SQLITE_BINDING = join(dir, 'missing', 'better_sqlite3.node');
      assert.throws(() => openDatabase(join(dir, 'a.db')), /Cannot find module|better_sqlite3\.node/);
      process.env.JUNCTION_SQLITE_BINDING = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
      const db = openDatabase(join(dir, 'b.db'));
      assert.equal((db.prepare('SELECT 1 AS one').get() as { one: number }).one, 1);
      db.close();
    } finally {
      if (previous === undefined) delete process.env.JUNCTION_SQLITE_BINDING;
      else process.env.JUNCTION_SQLITE_BINDING = previous;
    }
  });
});
