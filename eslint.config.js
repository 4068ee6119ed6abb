// ESLint flat config: typescript-eslint's type-aware rules over the whole tree (src, test, bench, scripts).
// Formatting is Prettier's job (`npm run format`), so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'examples/demo/service/dist/', 'coverage/', 'test/.tmp/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      // A `default` is a deliberate catch-all over a library's union (zod's issue codes, yaml's error codes,
      // Docker's container states); pyat's own unions are switched over without one, so a new member still fails.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Numbers and booleans read fine in messages; objects, undefined and null still fail.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `() => resolve(x)` as a callback is the common idiom and hides nothing: the rule still catches
      // `return voidCall()` and a void call used as a value, which are the confusing cases.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // In a test, a wrong `!` throws at once and fails that test with a stack pointing at the line: the
    // assertion it would be replaced by says no more.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A fake of an async interface is clearest as `async () => value`: there is nothing to await in it.
      '@typescript-eslint/require-await': 'off',
      // vitest's asymmetric matchers (expect.any, expect.stringMatching…) are typed `any` by design, and a
      // test reads pyat's JSON output with JSON.parse to assert on it: the assertion is the type check.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
);
