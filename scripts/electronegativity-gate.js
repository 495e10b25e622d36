#!/usr/bin/env node
// Static security gate for the desktop shell: runs Electronegativity (1.10.x) over electron/ and the built renderer,
// keeps its SARIF output, and fails on any high or medium result that scripts/electronegativity-explained.json does
// not explain. Electronegativity always exits 0 and looks things up online; here it runs offline and its verdict is counted.
//   node scripts/electronegativity-gate.js [--out DIR]      (SARIF goes to test-output/electronegativity/ by default)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ELECTRON_VERSION = '45.0.0';
const BLOCKING = new Set(['HIGH', 'MEDIUM']);

/** Loads Electronegativity's runner with its HTTP client replaced by one that always fails: no request leaves the machine. */
function loadRunner() {
  const require = createRequire(join(ROOT, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'runner.js'));
  const gotPath = require.resolve('got');
  const offline = () => Promise.reject(new Error('offline: Electronegativity runs without network in this gate'));
  offline.head = offline;
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
  return require('./runner.js');
}

/** Electronegativity writes its report with a fire-and-forget fs.writeFile: wait until the file is complete JSON. */
async function readWhenWritten(file) {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      await sleep(50);
    }
  }
  throw new Error(`Electronegativity wrote no SARIF to ${file}`);
}

/** Global checks (CSP, navigation, permissions) judge the whole app and point at no file. */
const globalUri = (uri) => uri === 'file:///';

/** Runs one input; returns the SARIF results, each with the severity and confidence the runner gave its issue. */
export async function scan(input, sarifFile) {
  const run = loadRunner();
  rmSync(sarifFile, { force: true });
  const { issues, errors } = await run(
    {
      input,
      output: sarifFile,
      isSarif: true,
      customScan: [],
      excludeFromScan: [],
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: ELECTRON_VERSION,
      parserPlugins: [],
    },
    false,
  );
  const sarif = await readWhenWritten(sarifFile);
  const results = sarif.runs[0].results;
  // writeIssues emits one SARIF result per issue, in order; SARIF itself carries no severity.
  if (results.length !== issues.length)
    throw new Error(`SARIF has ${results.length} results for ${issues.length} issues`);
  return {
    errors,
    results: results.map((result, index) => {
      if (result.ruleId !== issues[index].id)
        throw new Error(`SARIF result ${index} is ${result.ruleId}, issue is ${issues[index].id}`);
      return {
        id: result.ruleId,
        file: globalUri(result.locations[0].physicalLocation.artifactLocation.uri)
          ? 'N/A'
          : relative(input, resolve(input, result.locations[0].physicalLocation.artifactLocation.uri)),
        line: result.locations[0].physicalLocation.region.startLine,
        severity: issues[index].severity.name,
        confidence: issues[index].confidence.name,
        message: result.message.text,
      };
    }),
  };
}

/** An explained result matches an entry by check id and file (and line, when the entry names one). */
export function unexplained(results, explained) {
  return results.filter(
    (result) =>
      BLOCKING.has(result.severity) &&
      !explained.some(
        (entry) =>
          entry.id === result.id &&
          entry.file === result.file &&
          (entry.line === undefined || entry.line === result.line),
      ),
  );
}

/** What the gate scans: the shell's source and the built renderer, staged together so global checks see the whole app. */
const SOURCES = [
  { from: 'electron', to: 'electron' },
  { from: join('dist', 'renderer'), to: 'renderer' },
  // The built bundle holds library code Electronegativity cannot traverse (private class fields): scan the source too.
  { from: join('renderer', 'src'), to: 'renderer-src' },
];

async function main() {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = resolve(outIndex >= 0 ? args[outIndex + 1] : join(ROOT, 'test-output', 'electronegativity'));
  const stage = mkdtempSync(join(tmpdir(), 'junction-electronegativity-'));
  for (const source of SOURCES) {
    if (existsSync(join(ROOT, source.from)))
      cpSync(join(ROOT, source.from), join(stage, source.to), { recursive: true });
    else console.log(`skipped ${source.from}: not there (run "npm run build" to scan the renderer)`);
  }
  const toRepoPath = (file) => {
    const source = SOURCES.find((candidate) => file === candidate.to || file.startsWith(`${candidate.to}/`));
    return source ? join(source.from, file.slice(source.to.length)) : file;
  };
  const explained = JSON.parse(
    readFileSync(join(ROOT, 'scripts', 'electronegativity-explained.json'), 'utf8'),
  ).explained;
  mkdirSync(out, { recursive: true });
  const sarifFile = join(out, 'electronegativity.sarif');
  const { results, errors } = await scan(stage, sarifFile);
  for (const result of results) result.file = toRepoPath(result.file);
  const blocking = results.filter((result) => BLOCKING.has(result.severity));
  const open = unexplained(results, explained);
  const unparsed = errors
    .map((error) => toRepoPath(relative(stage, error.file)))
    .filter((file) => !explained.some((entry) => entry.id === 'UNPARSED' && new RegExp(entry.filePattern).test(file)));
  console.log(
    `Electronegativity ${ELECTRON_VERSION}: ${results.length} results, ${blocking.length} high/medium, ` +
      `${open.length} unexplained (SARIF: ${relative(ROOT, sarifFile)})`,
  );
  for (const result of results) {
    const mark = open.includes(result) ? 'FAIL' : BLOCKING.has(result.severity) ? 'explained' : 'info';
    console.log(`  ${mark.padEnd(9)} ${result.severity.padEnd(13)} ${result.id} ${result.file}:${result.line}`);
  }
  for (const error of errors)
    console.log(
      `  ${unparsed.includes(toRepoPath(relative(stage, error.file))) ? 'FAIL' : 'explained'} could not ` +
        `parse ${toRepoPath(relative(stage, error.file))}: ${error.message ?? error.error}`,
    );
  rmSync(stage, { recursive: true, force: true });
  if (open.length + unparsed.length > 0) {
    console.error(
      `electronegativity gate: ${open.length} unexplained high/medium result(s), ${unparsed.length} unparsed file(s)`,
    );
    process.exitCode = 1;
  } else {
    console.log('electronegativity gate: passed');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
