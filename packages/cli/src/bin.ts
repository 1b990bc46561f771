#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from './run-cli.js';

/**
 * Heap settings for verifying large archives. Without them V8 sizes its heap from the machine's memory and lets
 * garbage from parsed lines pile up (835 MB peak RSS on a 1.16 GB archive); with them the same run stays far lower.
 * The old-space limit leaves room for the longest accepted line (64 MiB) and the largest single parse the verifier
 * allows (`MAX_PARSE_TOKENS`, about 160 MB whatever the line holds): hostile archives stay under 200 MB peak RSS,
 * a record holding one 60 MB string about 410 MB.
 */
const HEAP_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=512'];
const CHILD_MARKER = 'SECLOG_CLI_HEAP_CONFIGURED';
/**
 * glibc gives each thread that allocates its own malloc arena; `verify` reads ahead in a worker thread, and buffers
 * freed across two arenas linger as fragmentation (about 20 MB of peak RSS on a 1.16 GB archive). Two arenas are
 * enough for the CLI's threads. A value set by the user wins; other C libraries ignore the variable.
 */
const MALLOC_ENV = { MALLOC_ARENA_MAX: '2' };

function runHere(): void {
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
}

const configured =
  process.env[CHILD_MARKER] === '1' || process.execArgv.some((a) => /^--max-(old|semi)-space-size/.test(a));
if (configured) {
  runHere();
} else {
  // Re-run this file in a child Node with the heap flags (they cannot be set reliably once V8 has started).
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...HEAP_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...MALLOC_ENV, ...process.env, [CHILD_MARKER]: '1' },
    },
  );
  child.on('error', runHere);
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 3;
  });
}
