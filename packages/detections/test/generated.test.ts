/**
 * The committed artefacts in generated/ are what pySigma makes of rules/ now. The test creates the pinned venv on
 * first use (scripts/sigma-env.sh, outside the repository), so it runs on a fresh machine with PyPI reachable.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const packageDir = join(import.meta.dirname, '..');
const generate = join(packageDir, 'scripts', 'sigma-generate.sh');

function runCheck(dir: string) {
  return spawnSync('bash', [generate, '--check', dir], { encoding: 'utf8', timeout: 540_000 });
}

describe('generated artefacts', () => {
  it('are fresh: regenerating from rules/ changes nothing', () => {
    const result = runCheck(packageDir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 600_000);

  it('are reported stale when a rule changes (the check can fail)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'seclog-detections-check-'));
    try {
      cpSync(join(packageDir, 'rules'), join(copy, 'rules'), { recursive: true });
      cpSync(join(packageDir, 'generated'), join(copy, 'generated'), { recursive: true });
      const rule = join(copy, 'rules', 'brute-force.yml');
      writeFileSync(rule, readFileSync(rule, 'utf8').replace('gte: 10', 'gte: 11'));
      const result = runCheck(copy);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('stale: generated/replay/pack.json');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 600_000);
});
