/**
 * Regenerates the checked-in artefacts from the catalog. The catalog is read from the build output, so build first:
 *
 *   pnpm exec tsc -b packages/semconv && node packages/semconv/scripts/generate.ts [--check]
 *
 * `--check` writes nothing and exits 1 when a file is stale.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderArtefacts } from './artefacts.ts';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const { catalog } = await import(pathToFileURL(join(packageDir, 'dist', 'catalog', 'index.js')).href);
const check = process.argv.includes('--check');
let stale = 0;
for (const { path, content } of renderArtefacts(catalog)) {
  const file = join(packageDir, path);
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === content) continue;
  stale += 1;
  if (check) {
    console.error(`stale: ${path}`);
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${path}`);
  }
}
if (check && stale > 0) process.exit(1);
