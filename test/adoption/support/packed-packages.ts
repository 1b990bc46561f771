/**
 * The tarballs `make pack` would write, packed once per test file into a temporary folder outside the workspace (the
 * packages must have been built: `make test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The repository root. */
export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

/** Packed tarballs: their folder and absolute paths by package name (`@seclog/node` → …/seclog-node-0.1.0.tgz). */
export interface PackedPackages {
  readonly dir: string;
  readonly tarballs: ReadonlyMap<string, string>;
}

/** Runs scripts/pack.mjs into a fresh temporary folder. */
export function packAll(): PackedPackages {
  const dir = mkdtempSync(join(tmpdir(), 'seclog-packed-'));
  execFileSync(process.execPath, [join(repositoryRoot, 'scripts', 'pack.mjs'), '--out', dir], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 120_000,
  });
  const tarballs = new Map<string, string>();
  for (const file of readdirSync(dir)) {
    const m = /^seclog-(.+)-\d+\.\d+\.\d+(?:-[\w.]+)?\.tgz$/.exec(file);
    if (m) tarballs.set(`@seclog/${m[1]}`, join(dir, file));
  }
  return { dir, tarballs };
}

/** Removes the packed tarballs' folder. */
export function removePacked(packed: PackedPackages | undefined): void {
  if (packed !== undefined) rmSync(packed.dir, { recursive: true, force: true });
}
