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

    // One record before (the app's own stdout) and after (sealed): the password is gone, the record is sealed.
    const before = /before \(the app's own stdout, not shipped\): (\{.*\})$/m.exec(out)?.[1];
    const after = /after {2}\(sealed in the archive\): +(\{.*\})$/m.exec(out)?.[1];
    const raw = JSON.parse(before ?? '{}') as { password?: string; msg?: string };
    const sealed = JSON.parse(after ?? '{}') as Record<string, unknown>;
    expect(raw.msg).toBe('login attempt');
    expect(raw.password).toMatch(/\S/);
    expect(sealed.password).toBe('[REDACTED:CREDENTIAL]');
    expect(sealed['seclog.integrity.seq']).toEqual(expect.any(Number));
    expect(after).not.toContain(raw.password as string);

    // The tampered copy is caught.
    expect(out).toMatch(
      /a copy with one sealed record changed \(security_event\.authentication\.login seq \d+: outcome/,
    );
    expect(out).toMatch(/MODIFIED seq \d+: digest differs/);
    expect(out).toMatch(/FAILED — failures: MODIFIED/);

    // The verify commands run as pasted, in a shell without the project's tools on PATH.
    const commands = out
      .slice(out.indexOf('Verify it yourself'))
      .split('\n')
      .slice(1, 3)
      .map((l) => l.trim());
    const shell = (command: string) =>
      spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8', timeout: 60_000, env: { PATH: '/usr/bin:/bin' } });
    const original = shell(commands[0] as string);
    expect(original.status, original.stdout + original.stderr).toBe(0);
    expect(original.stdout).toMatch(/all valid\./);
    const tampered = shell(commands[1] as string);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toMatch(/MODIFIED/);
  });
});
