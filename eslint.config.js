// @ts-check
import tseslint from 'typescript-eslint';

// Type-checked rules on our TypeScript; .astro files are checked by `astro check`.
export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-fixture/**',
      'dist-base/**',
      'dist-isolation/**',
      'public/node-runner/**',
      '.astro/**',
      'node_modules/**',
      'sandboxes/**',
      'tests/fixtures/**',
      'playwright-report/**',
      'test-results/**',
      '**/*.astro',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
