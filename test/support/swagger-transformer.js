// Runs the @nestjs/swagger CLI plugin under ts-jest with nest-cli.json's options, so the app the
// tests boot documents itself exactly like the `nest build` output (see test/openapi.e2e-spec.ts).
const { before } = require('@nestjs/swagger/plugin');
const nestCli = require('../../nest-cli.json');

const plugin = nestCli.compilerOptions.plugins.find((entry) => entry.name === '@nestjs/swagger');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (compiler) => before(plugin.options, compiler.program),
};
