import { defineConfig } from 'vitest/config';

// One vitest run covers unit, integration and browser (Chromium) tests.
// Integration and e2e tests start real servers on port 0, so files run in separate forks.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    env: { NODE_ENV: 'test', ATELIER_FAST_HASH: '1' },
  },
});
