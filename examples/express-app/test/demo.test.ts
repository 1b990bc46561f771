import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the demo (`pnpm run demo`)', () => {
  it('runs the scenario on the embedded default and prints events, redactions and a VALID verification', () => {
    const run = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'src', 'demo.ts')], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NODE_ENV: 'development' },
    });
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/Security events by type/);
    expect(out).toMatch(/\d+ {2}security_event\.authentication\.login/);
    expect(out).toMatch(/\d+ {2}security_event\.account\.lock/);
    expect(out).toMatch(/Redactions by detector:action \(counts only/);
    expect(out).toMatch(/\d+ {2}K1\.credential:redact/);
    expect(out).toMatch(/Planted secrets\/PII found in the archive: none/);
    expect(out).toMatch(/all valid\./);
    // the ephemeral-key notice goes to stderr, once, without key material
    expect(run.stderr.match(/development mode: generated ephemeral/g)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/BEGIN|PRIVATE KEY/);
  });
});
