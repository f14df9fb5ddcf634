import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

/** Pages and components get the view types of lib/api/contract.ts, never Drizzle rows (.dependency-cruiser.cjs holds the rest: no lib/db, no row modules). */
const noRows = { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'app/ and components/ use the view types of lib/api/contract.ts, never Drizzle rows.' };

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/orders/**', 'components/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/lib/wechat', '@/lib/wechat/*'], message: 'lib/orders and components never import the WeChat client (STYLE.md: data flows one way).' }, noRows] }],
    },
  },
  {
    files: ['app/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRows] }] },
  },
  tseslint.configs.disableTypeChecked && { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  globalIgnores(['.next/**', 'out/**', 'build/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**']),
]);
