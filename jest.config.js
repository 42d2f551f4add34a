/**
 * One `npm test` runs every suite: unit specs beside the code (`src/**\/*.spec.ts`) and end-to-end
 * specs in `test/` that boot the real app and talk to it over HTTP.
 * @type {import('jest').Config}
 */
const tsJest = [
  'ts-jest',
  {
    tsconfig: '<rootDir>/../tsconfig.check.json',
    // The Swagger CLI plugin, as `nest build` applies it (nest-cli.json).
    astTransformers: { before: ['<rootDir>/../test/support/swagger-transformer.js'] },
  },
];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      rootDir: 'src',
      testRegex: '.*\\.spec\\.ts$',
      transform: { '^.+\\.ts$': tsJest },
      moduleFileExtensions: ['js', 'json', 'ts'],
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: 'test',
      testRegex: '.*\\.e2e-spec\\.ts$',
      transform: { '^.+\\.ts$': tsJest },
      moduleFileExtensions: ['js', 'json', 'ts'],
      testEnvironment: 'node',
      // The leak test (operations issue): every app and process the suite starts logs at debug
      // level into one capture directory; the teardown fails the run if any captured line holds
      // a JWT, an Agora token, an Authorization value or a secret the tests used.
      globalSetup: '<rootDir>/log-capture/global-setup.ts',
      globalTeardown: '<rootDir>/log-capture/global-teardown.ts',
    },
  ],
};
