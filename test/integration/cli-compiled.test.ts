import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli.js';
import { REPO_ROOT, runNode } from '../helpers/cli.js';
import { corpusPath } from '../helpers/corpus.js';

const SPECS = corpusPath('openapi/specs/');
const SOURCES = join(REPO_ROOT, 'src', 'cli', 'main.ts');

/** Everything an output file loads before it runs: its static imports, followed through our chunks. */
function staticClosure(metafile: Metafile, output: string): { packages: Set<string>; sources: Set<string> } {
  const packages = new Set<string>();
  const sources = new Set<string>();
  const seen = new Set([output]);
  const pending = [output];
  while (pending.length > 0) {
    const file = metafile.outputs[pending.pop()!];
    for (const input of Object.keys(file.inputs)) sources.add(input);
    for (const imported of file.imports) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) {
        if (!imported.path.startsWith('node:')) packages.add(imported.path);
      } else if (!seen.has(imported.path)) {
        seen.add(imported.path);
        pending.push(imported.path);
      }
    }
  }
  return { packages, sources };
}

/** The output chunk holding a source file's code. */
function outputOf(metafile: Metafile, source: string): string {
  const found = Object.entries(metafile.outputs).find(([, output]) => source in output.inputs);
  assert.ok(found, `no output holds ${source}`);
  return found[0];
}

describe('the compiled CLI (scripts/build-cli.ts)', () => {
  // Inside the repository, as dist/cli is: the compiled code finds Junction's folder by walking up.
  const outdir = join(REPO_ROOT, 'test-output', `cli-${process.pid}`);
  let main: string;
  let metafile: Metafile;

  beforeAll(async () => {
    ({ main, metafile } = await buildCli(outdir));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('starts with commander and the command definitions only: every action is loaded when it runs', () => {
    const entry = relative(REPO_ROOT, main);
    const { packages, sources } = staticClosure(metafile, entry);
    assert.deepEqual([...packages], ['commander']);
    for (const source of sources)
      assert.match(
        source,
        /^src\/(cli\/(main|errors|outside-files)\.ts|cli\/commands\/|model\/|util\/usage-error\.ts|estate\/errors\.ts)/,
        `${source} is loaded by every command`,
      );
    const actions = metafile.outputs[entry].imports.filter((imported) => imported.kind === 'dynamic-import');
    assert.ok(actions.length >= 9, 'one dynamic import per command action');
  });

  it('loads a browser, OpenTelemetry, the load generator and the server only for the commands that use them', () => {
    const loadedBy = (action: string) =>
      staticClosure(metafile, outputOf(metafile, `src/cli/actions/${action}.ts`)).packages;
    const spec = loadedBy('spec');
    const audit = loadedBy('audit');
    for (const heavy of [
      'playwright-core',
      '@opentelemetry/api',
      'undici',
      'hdr-histogram-js',
      'better-sqlite3',
      'zod',
      // YAML readers: js-yaml for a YAML spec only, the yaml package's document model for a line the scan misses
      'js-yaml',
      'yaml',
    ])
      assert.ok(!spec.has(heavy), `spec inspect loads ${heavy}`);
    // spec lint too: the schemas and the YAML document model load only to read --config or ./junction.yaml's lint:
    const lint = loadedBy('spec-lint');
    for (const heavy of ['zod', 'js-yaml', 'yaml', 'better-sqlite3', 'ajv'])
      assert.ok(!lint.has(heavy), `spec lint loads ${heavy}`);
    for (const heavy of ['playwright-core', '@opentelemetry/api', 'undici', 'hdr-histogram-js'])
      assert.ok(!audit.has(heavy), `audit loads ${heavy} before it needs it`);
    const auditSources = staticClosure(metafile, outputOf(metafile, 'src/cli/actions/audit.ts')).sources;
    assert.ok(!auditSources.has('src/server/server.ts'), 'audit loads the server');
    assert.ok(
      [...auditSources].every((source) => !source.includes('/generated/openapi-')),
      'audit loads the OpenAPI validators of every family',
    );
    assert.ok(loadedBy('demo').has('@opentelemetry/sdk-trace-node'), 'the demo exports traces');
  });

  it('prints the same help and the same spec inspection as the TypeScript sources', async () => {
    for (const args of [
      ['--help'],
      ['spec', 'inspect', '--help'],
      ['spec', 'inspect', '--json', join(SPECS, 'okta-legacy-v1.v2.0.yaml')],
      ['spec', 'inspect', '--json', join(SPECS, 'okta-management.v3.0.yaml')],
      ['audit', '--no-such-option'],
    ]) {
      const [compiled, sources] = await Promise.all([
        runNode([main, ...args]),
        runNode(['--import', 'tsx', SOURCES, ...args]),
      ]);
      assert.equal(compiled.code, sources.code, `exit code of ${args.join(' ')}`);
      assert.equal(compiled.stdout, sources.stdout, `stdout of ${args.join(' ')}`);
      assert.equal(compiled.stderr, sources.stderr, `stderr of ${args.join(' ')}`);
      if (args.includes('--json')) assert.ok(JSON.parse(compiled.stdout).operations > 100, 'a real inspection');
      else assert.match(compiled.stdout + compiled.stderr, /Usage: junction/);
    }
  });
});

describe('bin/junction.js', () => {
  // A stand-in project: the real bin script, a "compiled" main and "sources" that say which ran.
  let root: string;
  const source = () => join(root, 'src', 'cli', 'main.ts');
  const run = () => runNode([join(root, 'bin', 'junction.js'), 'arg']);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'junction-bin-'));
    mkdirSync(join(root, 'bin'));
    cpSync(join(REPO_ROOT, 'bin', 'junction.js'), join(root, 'bin', 'junction.js'));
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
    mkdirSync(join(root, 'src', 'cli'), { recursive: true });
    writeFileSync(source(), "const from: string = 'sources';\nconsole.log(from, process.argv.slice(2).join(' '));\n");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const build = (inputs: string[]) => {
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cli', 'main.js'), "console.log('compiled', process.argv.slice(2).join(' '));\n");
    writeFileSync(join(root, 'dist', 'cli', 'inputs.json'), JSON.stringify(inputs));
  };

  it('runs the TypeScript sources through tsx while there is no build, and says so on stderr', async () => {
    const result = await run();
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'sources arg\n');
    assert.equal(
      result.stderr,
      'junction: running the TypeScript sources: dist/cli is missing (npm run build compiles the CLI)\n',
    );
  });

  it('runs the build when it is newer than every source it was built from', async () => {
    const past = new Date(Date.now() - 60_000);
    utimesSync(source(), past, past);
    build(['src/cli/main.ts']);
    const result = await run();
    assert.deepEqual([result.code, result.stdout, result.stderr], [0, 'compiled arg\n', '']);
  });

  it('falls back to the sources when one of them changed after the build, or is gone', async () => {
    const future = new Date(Date.now() + 60_000);
    utimesSync(source(), future, future);
    const changed = await run();
    assert.equal(changed.stdout, 'sources arg\n');
    assert.match(
      changed.stderr,
      /^junction: running the TypeScript sources: src\/cli\/main\.ts is newer than dist\/cli/,
    );
    build(['src/cli/main.ts', 'src/cli/removed.ts']);
    utimesSync(source(), new Date(0), new Date(0));
    const removed = await run();
    assert.equal(removed.stdout, 'sources arg\n');
    assert.match(removed.stderr, /src\/cli\/removed\.ts, built into dist\/cli, is gone/);
  });
});
