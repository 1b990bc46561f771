// Type-checks tests, benchmarks, examples and e2e code: every tsconfig.test.json under packages/, and the
// tsconfig.json of each folder in examples/ and test/. Source packages are checked by `tsc -b` (make build).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const hasTs = (dir) => existsSync(dir) && readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.ts'));

import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const projects = [];
for (const [group, file] of [
  ['packages', 'tsconfig.test.json'],
  ['examples', 'tsconfig.json'],
  ['test', 'tsconfig.json'],
]) {
  const base = join(root, group);
  if (!existsSync(base)) continue;
  for (const name of readdirSync(base).sort()) {
    const p = join(base, name, file);
    const dir = join(base, name);
    if (
      existsSync(p) &&
      (hasTs(join(dir, 'test')) || hasTs(join(dir, 'bench')) || (group !== 'packages' && hasTs(dir)))
    )
      projects.push(p);
  }
}
// The workspace's own compiler, so the script also works when run with plain `node` (not through `pnpm run`,
// which is what puts node_modules/.bin on PATH).
const localTsc = join(root, 'node_modules', '.bin', 'tsc');
const tsc = existsSync(localTsc) ? localTsc : 'tsc';
let failed = 0;
for (const p of projects) {
  const r = spawnSync(tsc, ['-p', p], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`type errors in ${p.slice(root.length)}`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
