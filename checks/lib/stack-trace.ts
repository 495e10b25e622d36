/** Signatures of stack traces from common runtimes, as they appear in leaked error bodies. */
const STACK_TRACE_PATTERNS: { runtime: string; pattern: RegExp }[] = [
  { runtime: 'Node.js', pattern: /\n\s+at [\w.$<>[\] ]+ \(?[^\s()]+:\d+:\d+\)?/ },
  { runtime: 'Python', pattern: /Traceback \(most recent call last\)/ },
  { runtime: 'Java', pattern: /\n\s*at [\w.$]+\([\w$]+\.(java|kt|scala):\d+\)/ },
  { runtime: '.NET', pattern: /\bat [\w.`<>]+\(.*\) in [^\n]+:line \d+/ },
  { runtime: 'PHP', pattern: /Stack trace:\s*\n?\s*#0 / },
  { runtime: 'Ruby', pattern: /\.rb:\d+:in `/ },
  { runtime: 'Go', pattern: /goroutine \d+ \[[\w ]+\]:/ },
];

/** The runtime whose stack trace a body leaks, or undefined. */
export function leakedStackTrace(body: string | undefined): string | undefined {
  if (!body) return undefined;
  return STACK_TRACE_PATTERNS.find(({ pattern }) => pattern.test(body))?.runtime;
}
