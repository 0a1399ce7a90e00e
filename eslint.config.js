import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronBan = {
  name: 'electron',
  message: 'electron/engine/ is plain Node: pass side effects in instead of importing electron.',
};
// Only the process runner talks to execa/child_process: one place for redaction, cancellation and exit codes.
const execaBan = ['execa', 'node:child_process', 'child_process'].map((name) => ({
  name,
  message: 'Start processes through electron/engine/process/run-process.ts.',
}));
const shellBan = [{ group: ['electron/*', '**/main/**', '**/preload/**'], message: 'The engine must not depend on the Electron shell.' }];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.tmp/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Plain CommonJS that Node runs as is (the gzip worker): require() is how it loads Node's modules.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [...execaBan] }] },
  },
  {
    // The engine runs in plain Node (CLI, daemon, tests, `kura serve`): it must never load Electron.
    files: ['electron/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan, ...execaBan], patterns: shellBan }] },
  },
  {
    // The one file allowed to start processes.
    files: ['electron/engine/process/run-process.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: shellBan }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'execa', 'keytar', 'fs', 'child_process'].map((name) => ({ name, message: 'The renderer talks to the engine only through renderer/src/lib/api.ts.' })),
          patterns: [
            { group: ['node:*'], message: 'The renderer imports no Node module.' },
            // Only the browser-safe contract files may be shared with the engine side.
            { group: ['**/electron/*', '!**/electron/shared'], message: 'The renderer may import only electron/shared/* (the contract and ws-bridge).' },
          ],
        },
      ],
    },
  },
);
