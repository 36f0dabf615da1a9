import type { Config } from 'jest';
import { pathsToModuleNameMapper } from 'ts-jest';
import { compilerOptions } from './tsconfig.json';

const moduleNameMapper = pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });
// Type-checking is `npm run typecheck`'s job; tests only transpile, which keeps the suite fast.
const transform: Record<string, [string, unknown]> = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.local/'],
};

const config: Config = {
  // Two cores: more workers only fight over them.
  maxWorkers: 2,
  transform,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{services,libs,deploy,bench}/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '\\.system\\.spec\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{services,libs,deploy}/**/*.int.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/integration-timeout.ts'],
    },
    {
      ...common,
      displayName: 'system',
      testMatch: ['<rootDir>/{services,libs,deploy}/**/*.system.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/system-timeout.ts'],
    },
  ],
};

export default config;
