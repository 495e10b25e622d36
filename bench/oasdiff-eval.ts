/**
 * bench/oasdiff-eval: Junction's `spec diff` judged on oasdiff's own test fixtures, which Junction's rules were not
 * written from.
 *
 * oasdiff's checker tests (checker/*_test.go) load a base and a revision spec from data/ and assert which rule ids
 * oasdiff reports. This script reads those tests (not oasdiff's code), keeps the ones that compare two different
 * files as they are (tests that edit a loaded spec in Go, or change oasdiff's options, are left out), and takes the ids
 * each one expects, with their levels from ../shared/corpus/oasdiff/rules.json. A pair is breaking when some test
 * expects an ERR or WARN id on it, and safe when its tests expect only INFO ids or no change at all. Junction then
 * diffs every pair and is scored on both: breaking pairs where it finds an ERR or WARN change (goal ≥ 90 %), and safe
 * pairs it calls breaking (goal ≤ 10 %).
 *
 * Caveat: many oasdiff tests run a single check, so a "safe" pair is safe for that check; another of oasdiff's checks
 * could still fire on it. Such pairs are kept: they are what oasdiff's authors chose to assert as safe.
 *
 * oasdiff's files are never copied: give the path of a checkout (its checker/ and data/ folders), e.g.
 *   git -C /work/.mirror/oasdiff+oasdiff/repo archive HEAD checker data | tar -x -C /tmp/oasdiff
 *   npx tsx bench/oasdiff-eval.ts /tmp/oasdiff [--verbose]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffSpecs } from '../src/openapi/diff.js';
import { ingestSpec } from '../src/openapi/ingest.js';

const RULES = fileURLToPath(new URL('../../shared/corpus/oasdiff/rules.json', import.meta.url));

interface Pair {
  base: string;
  revision: string;
  tests: string[];
  expected: Set<string>;
}

const [checkout, ...flags] = process.argv.slice(2);
if (!checkout || !existsSync(join(checkout, 'checker')) || !existsSync(join(checkout, 'data'))) {
  process.stderr.write('usage: npx tsx bench/oasdiff-eval.ts <oasdiff checkout with checker/ and data/> [--verbose]\n');
  process.exit(2);
}
if (!existsSync(RULES)) {
  process.stderr.write(`missing ${RULES} (../shared/corpus/oasdiff/rules.json)\n`);
  process.exit(2);
}
const verbose = flags.includes('--verbose');
const levels = new Map(
  (JSON.parse(readFileSync(RULES, 'utf8')) as { rules: { id: string; level: string }[] }).rules.map((rule) => [
    rule.id,
    rule.level,
  ]),
);

/** Go constant name → rule id, from the `FooId = "foo"` declarations of oasdiff's checker package. */
function ruleConstants(dir: string): Map<string, string> {
  const constants = new Map<string, string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.go') && !name.endsWith('_test.go'))) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/^\s*(\w+Id)\s*=\s*"([a-z0-9-]+)"/gm))
      constants.set(match[1], match[2]);
  }
  return constants;
}

/** The helpers of checker/helpers_test.go that name a data folder. */
const DATA_FOLDERS: Record<string, string> = {
  deprecationFile: 'deprecation',
  paramDeprecationFile: 'param-deprecation',
  requiredPropertyFile: 'required-properties',
  stabilityFile: 'stability',
};

/** The spec files one test loads, in order; undefined when it loads them in a way this script does not follow. */
function loadedFiles(body: string): string[] | undefined {
  const files: string[] = [];
  const loader = new RegExp(
    [
      /\bopen\(\s*(?:(\w+)\()?"([^"]+)"\)?/.source,
      /LoadFromFile\(\s*"([^"]+)"\)/.source,
      /\bl\(t,\s*(\d+)\)/.source,
      /\bd\(t,\s*[^,]+,\s*(\d+),\s*(\d+)\)/.source,
      /stabilityChanges\(t,\s*"([^"]+)",\s*"([^"]+)"/.source,
      /NewSpecInfo\(\s*\w+,\s*load\.NewSource\("([^"]+)"\)/.source,
    ].join('|'),
    'g',
  );
  for (const match of body.matchAll(loader)) {
    if (match[2] !== undefined) {
      if (match[1] !== undefined && !DATA_FOLDERS[match[1]]) return undefined;
      files.push(match[1] ? `data/${DATA_FOLDERS[match[1]]}/${match[2]}` : match[2]);
    } else if (match[3] !== undefined) files.push(match[3]);
    else if (match[4] !== undefined) files.push(`data/openapi-test${match[4]}.yaml`);
    else if (match[5] !== undefined)
      files.push(`data/openapi-test${match[5]}.yaml`, `data/openapi-test${match[6]}.yaml`);
    else if (match[7] !== undefined) files.push(`data/stability/${match[7]}`, `data/stability/${match[8]}`);
    else files.push(match[9]);
  }
  return files.map((file) => normalize(file.replace(/^(\.\.\/)+/, '')));
}

/** Tests that edit a loaded spec, load composed spec sets, or change oasdiff's options: their files alone do not say what oasdiff reports. */
const UNFOLLOWED = new RegExp(
  [
    /\.Spec\.|\bSpec\s*=|loadFrom\(|loadSide|NewConfig\(\)\.With|diff\.Config\{/.source,
    /WithSeverityLevels|WithDeprecation|WithAttributes|WithOptionalCheck|WithIncludeChecks|WithExcludeElements/.source,
    /ExcludeElements|IncludePathParams|MatchPath|StripPrefix|PrefixBase|PrefixRevision|Unmatch|flatten|allof\./.source,
    /OpenAPISpecInfo|\.Url\s*=/.source,
  ].join('|'),
);

function readPairs(dir: string, constants: Map<string, string>): Map<string, Pair> {
  const pairs = new Map<string, Pair>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('_test.go'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const match of text.matchAll(/^func (Test\w+)\(t \*testing\.T\) \{\n([^]*?)^\}/gm)) {
      const [, name, body] = match;
      if (UNFOLLOWED.test(body)) continue;
      const files = loadedFiles(body);
      if (!files || files.length !== 2 || files[0] === files[1]) continue;
      const expected = new Set<string>();
      // negative assertions name ids that must not appear: drop those lines
      const positive = body
        .split('\n')
        .filter((line) => !/requireNoChange|NotContains|require\.False|NotEqual|assert\.False/.test(line))
        .join('\n');
      for (const id of positive.matchAll(/checker\.(\w+Id)\b/g)) {
        const rule = constants.get(id[1]);
        if (rule && levels.has(rule)) expected.add(rule);
      }
      for (const literal of positive.matchAll(/"([a-z0-9]+(?:-[a-z0-9]+)+)"/g))
        if (levels.has(literal[1])) expected.add(literal[1]);
      const assertsNothing = /require\.Empty\(t, \w+\)|require\.Len\(t, \w+, 0\)/.test(body);
      if (expected.size === 0 && !assertsNothing) continue;
      const key = `${files[0]} → ${files[1]}`;
      const pair = pairs.get(key) ?? { base: files[0], revision: files[1], tests: [], expected: new Set() };
      pair.tests.push(name);
      for (const rule of expected) pair.expected.add(rule);
      pairs.set(key, pair);
    }
  }
  return pairs;
}

const isBreakingLevel = (level: string | undefined) => level === 'ERR' || level === 'WARN';
const percent = (part: number, whole: number) => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)} %`);

async function main(): Promise<void> {
  const load = loadavg().map((value) => value.toFixed(2));
  const pairs = readPairs(join(checkout, 'checker'), ruleConstants(join(checkout, 'checker')));
  let breakingPairs = 0;
  let found = 0;
  let safePairs = 0;
  let flagged = 0;
  let unreadable = 0;
  let expectedIds = 0;
  let sameIds = 0;
  const idMisses = new Map<string, number>();
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  for (const [key, pair] of pairs) {
    const oasdiffBreaking = [...pair.expected].some((rule) => isBreakingLevel(levels.get(rule)));
    let ids: string[];
    let all: Set<string>;
    try {
      const [before, after] = await Promise.all([
        ingestSpec(join(checkout, pair.base), 'base', { validate: false }),
        ingestSpec(join(checkout, pair.revision), 'revision', { validate: false }),
      ]);
      const { changes } = diffSpecs(before, after);
      ids = changes.filter((change) => change.breaking).map((change) => change.id);
      all = new Set(changes.map((change) => change.id));
    } catch (error) {
      unreadable += 1;
      if (verbose) process.stdout.write(`unreadable ${key}: ${(error as Error).message}\n`);
      continue;
    }
    const junctionBreaking = ids.length > 0;
    for (const rule of pair.expected) {
      if (!isBreakingLevel(levels.get(rule))) continue;
      expectedIds += 1;
      if (all.has(rule)) sameIds += 1;
      else idMisses.set(rule, (idMisses.get(rule) ?? 0) + 1);
    }
    const expected = [...pair.expected].map((rule) => `${rule} (${levels.get(rule)})`).join(', ') || 'no change';
    const line = `${key}\n    oasdiff: ${expected}\n    junction: ${[...new Set(ids)].join(', ') || 'nothing breaking'}`;
    if (oasdiffBreaking) {
      breakingPairs += 1;
      if (junctionBreaking) found += 1;
      else misses.push(line);
    } else {
      safePairs += 1;
      if (junctionBreaking) {
        flagged += 1;
        falseAlarms.push(line);
      }
    }
  }
  if (verbose) {
    process.stdout.write(
      `\nExpected ids not reported:\n${[...idMisses].map(([rule, count]) => `  ${rule} ×${count}`).join('\n')}\n`,
    );
    process.stdout.write(`\nMissed (${misses.length}):\n${misses.map((line) => `  ${line}`).join('\n')}\n`);
    process.stdout.write(
      `\nSafe pairs called breaking (${falseAlarms.length}):\n${falseAlarms.map((line) => `  ${line}`).join('\n')}\n\n`,
    );
  }
  process.stdout.write(
    [
      `oasdiff fixture pairs read from ${checkout}: ${pairs.size} (${unreadable} unreadable by Junction, left out)`,
      `breaking pairs (oasdiff expects ERR or WARN): ${breakingPairs}; Junction finds a breaking change in ` +
        `${found} = ${percent(found, breakingPairs)} (goal >= 90 %)`,
      `safe pairs (oasdiff expects INFO or nothing): ${safePairs}; Junction calls ${flagged} breaking = ${percent(flagged, safePairs)} (goal <= 10 %)`,
      `oasdiff's expected ERR/WARN ids that Junction reports under the same id: ${sameIds} of ${expectedIds} = ${percent(sameIds, expectedIds)}`,
      `load average ${load.join(' ')} → ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
      '',
    ].join('\n'),
  );
}

await main();
