/**
 * Redaction quality on the public corpora (gitleaks fixtures, lnav/mtail/crowdsec system logs, real user agents,
 * presidio-evaluator sentences; `test/quality/public/README.md`), tuning and held-out splits side by side. The
 * figures come from the gate test itself (`public-quality.test.ts`), which writes them when `SECLOG_QUALITY_REPORT`
 * names a file, so the benchmark and the gate can never measure different things. Run: `pnpm bench public-quality`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'seclog-quality-'));
try {
  const report = join(dir, 'quality.md');
  const run = spawnSync('pnpm', ['exec', 'vitest', 'run', 'packages/redaction/test/quality/public'], {
    cwd: root,
    env: { ...process.env, SECLOG_QUALITY_REPORT: report },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // The report is written whether or not a gate failed; a failed gate is part of the figures, and fails the bench.
  console.log(readFileSync(report, 'utf8'));
  if (run.status !== 0) {
    console.log('\n**A quality gate failed** (`pnpm exec vitest run packages/redaction/test/quality/public`).');
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
