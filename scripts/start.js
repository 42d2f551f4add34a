#!/usr/bin/env node
// `npm start`: one command from a fresh clone to a running service on embedded development
// defaults. Installs dependencies if needed, builds, then runs the compiled app in this process
// group so Ctrl-C and SIGTERM reach it.
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
};

run(process.execPath, [join(__dirname, 'ensure-deps.js')]);
run(process.execPath, [join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build']);

const app = spawn(process.execPath, [join(root, 'dist', 'main.js')], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => app.kill(signal));
}
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
