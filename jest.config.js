/**
 * `npm test` at the root runs everything: the repository's own tests (tests/) and each app's,
 * with that app's own jest.config.js (examples/<group>/<app>/). In an app's folder, `npm test`
 * runs just that app's.
 * @type {import('jest').Config}
 */
module.exports = {
  testTimeout: 20000,
  projects: [
    {
      displayName: 'pyramid-ts',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': 'ts-jest' },
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
    '<rootDir>/examples/*/*/jest.config.js',
  ],
};
