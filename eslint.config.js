// Lint configuration: typescript-eslint's recommended rules, plus the import boundaries
// the architecture relies on (shared/ is pure; server/ and client/ never import each other).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noImport = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'client/dist', 'coverage', 'tests/bench/results', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // Preload scripts the benchmark injects into server processes: plain CommonJS for Node.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { process: 'readonly', require: 'readonly', global: 'readonly', module: 'writable', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': noImport(['node:*', '**/server/**', '**/client/**', '**/tests/**', 'fs', 'path', 'better-sqlite3', 'ws', 'express'], 'shared/ is pure: no I/O, no node:*, nothing of server/ or client/.'),
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': noImport(['**/client/**', '**/tests/**'], 'server/ imports shared/ only.') },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': noImport(['**/server/**', '**/tests/**', 'node:*'], 'client/ imports shared/ only.') },
  },
);
