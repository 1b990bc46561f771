/**
 * `@seclog/detections` (the rule pack and DuckDB) is an optional peer of the CLI: without it `seclog verify` and
 * `seclog keygen` run, and `seclog alerts replay` says what is missing (exit 3) instead of the CLI failing to load.
 * The built CLI runs here with a resolve hook that makes `@seclog/detections` not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'dist', 'bin.js');
const dir = mkdtempSync(join(tmpdir(), 'seclog-no-detections-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, 'hooks.mjs'),
  `export async function resolve(specifier, context, next) {
  if (specifier === '@seclog/detections') {
    const error = new Error(\`Cannot find package '@seclog/detections' imported from \${context.parentURL}\`);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}
`,
);
writeFileSync(
  join(dir, 'without-detections.mjs'),
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
);

const empty = join(dir, 'empty.jsonl');
writeFileSync(empty, '');

const seclog = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', join(dir, 'without-detections.mjs'), bin, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('the CLI without @seclog/detections installed', () => {
  it('runs seclog keygen and seclog verify', () => {
    const keygen = seclog('keygen', '--out', join(dir, 'keys'));
    expect(keygen.status, keygen.stderr).toBe(0);
    const verify = seclog('verify', '--public-key', join(dir, 'keys', 'signing.pub.pem'), '--allow-empty', empty);
    expect(verify.stderr).not.toMatch(/detections/);
    expect(verify.status, verify.stderr).toBe(0);
  });

  it('answers seclog alerts replay with what is missing, exit 3', () => {
    const replay = seclog('alerts', 'replay', empty);
    expect(replay.stderr).toContain('seclog alerts: replay needs @seclog/detections, which is not installed');
    expect(replay.status).toBe(3);
  });
});
