#!/usr/bin/env node
'use strict';
// `agora-token-authority`: this project's token CLI. (Not `agora-token`: that name is Agora's own
// npm package, which has no command.) The CLI is TypeScript compiled by `npm run build`
// (nest build) into dist/, which mirrors src/.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`agora-token-authority: ${main} is missing; run \`npm run build\` first\n`);
  process.exitCode = 2;
} else {
  require(main)
    .run(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code;
    });
}
