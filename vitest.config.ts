import { defineConfig } from 'vitest/config';

// Three projects: unit (pure modules and checks on recorded artifacts; no Debian peers, well under a minute),
// integration (real servers on 127.0.0.1: nginx, openssl, Prometheus, Node services) and e2e (Chromium).
// Each test file runs in its own child process (forks): tests start servers, open SQLite files and spawn the CLI.
// No timeouts of Vitest's own: an integration test ends by its own probes' timeouts, as a real audit does.
const shared = { pool: 'forks' as const, testTimeout: 600_000, hookTimeout: 600_000 };

export default defineConfig({
  test: {
    ...shared,
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['src/**', 'checks/**'],
      exclude: ['src/openapi/generated/**'],
      reporter: ['text-summary'],
    },
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { ...shared, name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { test: { ...shared, name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
