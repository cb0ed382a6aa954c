// @ts-check
/**
 * Mutation testing (issue 22): StrykerJS with the vitest runner over the code whose rules the
 * suite must protect — the collaboration pipeline, the permission matrix, the suggestion
 * model and the published-page renderer. Not part of CI (it reruns tests for every mutant);
 * run it with `npm run test:mutation`, narrowed when needed:
 *
 *   npm run test:mutation -- --mutate shared/permissions.ts
 *   MUTATION_TESTS=tests/unit/sanitiser.test.ts npm run test:mutation -- --mutate server/render/renderHtml.ts
 *
 * MUTATION_TESTS (comma-separated globs) picks the tests run against each mutant (see
 * tests/vitest.mutation.config.ts). Scores and explained survivors: tests/README.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: {
    configFile: 'tests/vitest.mutation.config.ts',
    // Integration tests reach the server over HTTP and websockets, not by importing it:
    // "related" test selection would miss them.
    related: false,
  },
  mutate: ['server/collab/**/*.ts', 'shared/permissions.ts', 'shared/suggestions/**/*.ts', 'server/render/**/*.ts'],
  coverageAnalysis: 'perTest',
  // Two cores, shared: one test runner at a time.
  concurrency: 1,
  timeoutMS: 60_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // The sandbox copies the project; data, builds and reports stay out of it.
  ignorePatterns: ['data', 'reports', 'client/dist', 'tests/bench/results', '.stryker-tmp'],
};
export default config;
