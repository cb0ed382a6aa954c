/**
 * The vitest configuration Stryker runs against each mutant (tests/stryker.config.mjs): the
 * unit and integration tests that guard the mutated folders, without the browser tests and
 * the process-spawning drills (a spawned server would not run the mutated code). Narrow it
 * with MUTATION_TESTS=<glob>[,<glob>…].
 */
import { defineConfig } from 'vitest/config';
import base from '../vitest.config.js';

const selected = process.env.MUTATION_TESTS?.split(',').map((glob) => glob.trim()).filter(Boolean);

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: selected?.length
      ? selected
      : [
          'tests/unit/**/*.test.ts',
          'tests/integration/permissionTable.*.test.ts',
          'tests/integration/httpAccess.test.ts',
          'tests/integration/collab.*.test.ts',
          'tests/integration/suggest.*.test.ts',
          'tests/integration/comments.*.test.ts',
          'tests/integration/compaction.d4.test.ts',
          'tests/integration/releases.test.ts',
          'tests/integration/revisions.test.ts',
          'tests/integration/unitOfWork.test.ts',
        ],
    exclude: ['tests/bench/**', 'tests/e2e/**', 'node_modules/**', 'tests/integration/collab.durability.test.ts', 'tests/integration/collab.faults.test.ts', 'tests/integration/collab.soak.test.ts'],
    maxWorkers: 1,
  },
});
