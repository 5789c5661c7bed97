// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      '.test-build/**',
      '.test-build-outbox/**',
      '.bench/**',
      // examples/ is its own npm project; its sources are linted, its dependencies and generated code are not.
      'examples/node_modules/**',
      'examples/gql/**',
      'examples/**/__generated__/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      // Lets consistent-type-imports keep value imports that decorator metadata needs at run time.
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
