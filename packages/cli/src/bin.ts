#!/usr/bin/env node
import { runCli } from './run-cli.js';

// The bin only wires process streams to the testable runner and turns its result into an exit code.
runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.stderr.write('seclog: internal error\n');
    process.exitCode = 3;
  },
);
