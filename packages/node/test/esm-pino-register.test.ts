/**
 * pino in an ES-module app: `node --import @seclog/node/register` really installs the loader hooks, so a statically
 * imported pino is instrumented and its records are sealed and redacted; without it they are lost. (The command the
 * docs used to give, `--import @opentelemetry/instrumentation/hook.mjs`, only exports hooks, and under pnpm cannot
 * even be resolved from the app.)
 */
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyArchive } from '@seclog/integrity';
import { describe, expect, it } from 'vitest';

const app = join(import.meta.dirname, 'fixtures', 'esm-pino-app.mjs');

function run(importFlags: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'seclog-esm-pino-'));
  const r = spawnSync(process.execPath, [...importFlags, app, dir], {
    cwd: join(import.meta.dirname, '..'),
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  if (r.status !== 0) throw new Error(`app exited ${r.status}: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { archivePath: string; publicKeyPath: string };
  // No record at all means no stream, and no archive file.
  return { ...out, archive: existsSync(out.archivePath) ? readFileSync(out.archivePath, 'utf8') : '' };
}

describe('pino in an ES-module app', () => {
  it('with --import @seclog/node/register: pino records are sealed, redacted and verify', async () => {
    const { archive, archivePath, publicKeyPath } = run(['--import', '@seclog/node/register']);
    expect(archive).toContain('@opentelemetry/instrumentation-pino');
    expect(archive).toContain('esm pino hello');
    expect(archive).not.toContain('hunter2-esm');
    expect(archive).not.toContain('dana@corp-mail.net');
    const key = createPublicKey(readFileSync(publicKeyPath, 'utf8'));
    expect((await verifyArchive([archivePath], { trust: { publicKeys: [key] } })).verdict).toBe('valid');
  });

  it('without it, pino records never arrive (the ES-module import is not patched)', () => {
    expect(run([]).archive).not.toContain('esm pino hello');
  });
});
