// Type-aware linting for the whole project; generated and vendored folders are ignored.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The server bundle runs through vm.Script (server/src/serverLoader.ts), which cannot load a dynamic import.
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: 'The server bundle runs through vm.Script, where import() fails: use require or a static import.' }],
    },
  },
);
