// ESLint (flat config) with typescript-eslint; Prettier owns formatting (eslint-config-prettier turns off the rules
// it would fight). `npm run lint` runs both, and `npm test` runs `npm run lint` first.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'dist-vsix/**', 'test-results/**', 'node_modules/**', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `typeof import('…')` stays allowed: it types the lazy bundles (src/vscode/lazy.ts) without loading them.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Source: functions short enough to read at once, no console (the log channel and CliIo are the outputs).
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
      'no-console': 'error',
    },
  },
  {
    // Tests read SDK answers and fixtures loosely and load built bundles with require().
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.{mjs,cjs}', '*.mjs', 'test/fixtures/**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['scripts/**/*.cjs', 'test/fixtures/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
