// Runs every benchmark file (packages/*/bench/*.bench.ts, test/*/bench/*.bench.ts) in its own Node process,
// one after another, so that one benchmark's heap and JIT state do not colour the next.
// Node >= 22.18 runs the TypeScript sources directly (type stripping); benchmarks import packages by name (dist/).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = [];
for (const group of ['packages', 'test']) {
  const base = join(root, group);
  if (!existsSync(base)) continue;
  for (const name of readdirSync(base)) {
    const dir = join(base, name, 'bench');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o) || name.includes(o)))) {
        files.push(join(dir, f));
      }
    }
  }
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file.slice(root.length)} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', file], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
if (failed > 0) {
  console.error(`${failed} benchmark file(s) failed`);
  process.exit(1);
}
