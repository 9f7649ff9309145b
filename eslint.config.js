// ESLint flat config: typescript-eslint recommended plus the folder-boundary rules of STYLE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noNode = [{ group: ['node:*'], message: 'src-shared and src-renderer are runtime-neutral: no Node built-ins here.' }];
const noElectron = [{ group: ['electron', 'electron/*'], message: 'Only src-main/desktop may import electron; use the in-process API of src-main/server.' }];

// The layers of src-main (README "How the code is laid out"): shells → app (assembly) → control → features → core.
const FEATURES = ['relay', 'ingest', 'notify', 'cluster'];
const forbid = (folders, message) => ({ group: folders.map((f) => `**/${f}/**`), message });
const throughCoreFace = { group: ['**/server/**', '!**/server/index.js'], message: 'Outside src-main/server, import the core only through server/index.ts, its one public face.' };
const boundaries = {
  server: [forbid([...FEATURES, 'control', 'app', 'headless', 'desktop'], 'The core (src-main/server) never imports features, control, the app assembly or a shell.')],
  ...Object.fromEntries(FEATURES.map((feature) => [feature, [
    forbid(FEATURES.filter((f) => f !== feature), 'Features (relay, ingest, notify, cluster) never import each other; the app assembly wires them together.'),
    forbid(['control', 'app', 'headless', 'desktop'], 'A feature never imports control, the app assembly or a shell.'),
    throughCoreFace,
  ]])),
  control: [forbid(['app', 'headless', 'desktop'], 'control never imports the app assembly or a shell.'), throughCoreFace],
  app: [forbid(['headless', 'desktop'], 'The app assembly never imports a shell.'), throughCoreFace],
  headless: [forbid(['desktop'], 'No shell imports another shell: share code through src-main/app.'), throughCoreFace],
  desktop: [forbid(['headless'], 'No shell imports another shell: share code through src-main/app.'), throughCoreFace],
};
const folderRules = Object.entries(boundaries).map(([folder, patterns]) => ({
  files: [`src-main/${folder}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { patterns: folder === 'desktop' ? patterns : [...patterns, ...noElectron] }] },
}));

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
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noNode, ...noElectron, { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared imports neither side; move the shared fact into src-shared.' }] }],
    },
  },
  ...folderRules,
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
