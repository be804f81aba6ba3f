import { defineConfig } from 'vitest/config';

// Test and hook timeouts are safety nets, not expectations: tests poll for what they wait on
// (test/support/timeouts.ts), and these bounds scale with TEST_TIMEOUT_SCALE alike.
const scale = Math.max(1, Number(process.env.TEST_TIMEOUT_SCALE) || 1);

export default defineConfig({
  // graphql ships CJS and ESM builds; Pothos and yoga must share one, or the schema's
  // types come from "another realm". Node resolves them to the CJS build, so do the same.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    // Each project below extends this: pool, timeouts and the alias above.
    pool: 'forks',
    testTimeout: 180_000 * scale,
    hookTimeout: 600_000 * scale,
    projects: [
      {
        extends: true,
        // In-process tests: each integration file creates its own databases; two workers
        // match the two cores.
        test: {
          name: 'unit+integration',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        // Files that run the gateway as separate processes (and a browser) go after the rest,
        // so that their servers do not compete with two busy integration workers; within
        // them, test/support/server-process.ts lets only two servers start at a time.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
