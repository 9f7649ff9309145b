// ESLint flat config: typescript-eslint recommended plus the folder-boundary rules of STYLE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noNode = [{ group: ['node:*'], message: 'src-shared is runtime-neutral: no Node built-ins here.' }];
const noElectron = [{ group: ['electron', 'electron/*'], message: 'Only src-main/desktop may import electron; use the in-process API of src-main/server.' }];
const noServer = [{ group: ['**/src-main/**'], message: 'src-shared must not import the main process; move the shared fact into src-shared.' }];

export default tseslint.config(
  { ignores: ['.tmp/**', 'dist/**', 'dist-renderer/**', 'node_modules/**', 'test-results/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...noNode, ...noElectron, ...noServer] }] },
  },
  {
    files: ['src-main/server/**/*.ts', 'src-main/relay/**/*.ts', 'src-main/notify/**/*.ts', 'src-main/headless/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: noElectron }] },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noNode, ...noElectron, { group: ['**/src-main/**'], message: 'The renderer talks to main only through the Bridge (src-shared/bridge).' }] }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
