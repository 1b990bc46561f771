// Writes the OTTL transform processors generated from the @seclog/semconv catalog into the collector configs, between
// the `# BEGIN GENERATED <id>` / `# END GENERATED <id>` marker lines (each config stays one self-contained file that
// `otelcol validate` can check on its own).
//
//   node scripts/collector/generate-transforms.mjs          rewrite the blocks
//   node scripts/collector/generate-transforms.mjs --check  exit 1 if a block differs from the catalog
//
// Needs the built package: `pnpm exec tsc -b packages/semconv`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const semconv = await import(join(root, 'packages/semconv/dist/index.js')).catch((error) => {
  console.error(`cannot load packages/semconv/dist (build it: pnpm exec tsc -b packages/semconv): ${error.message}`);
  process.exit(2);
});

const targets = [
  {
    file: 'collector-config/elastic.yaml',
    id: 'transform/seclog_ecs',
    render: () => semconv.ecsTransformProcessorYaml({ indent: 2 }),
  },
  {
    file: 'collector-config/datadog.yaml',
    id: 'transform/seclog_datadog',
    render: () => semconv.datadogTransformProcessorYaml({ indent: 2 }),
  },
];

/** Replaces the lines between the markers of `id` with `block`; throws when the markers are missing. */
function replaceBlock(text, id, block) {
  const lines = text.split('\n');
  const begin = lines.findIndex((l) => l.trim().startsWith(`# BEGIN GENERATED ${id} `));
  const end = lines.findIndex((l) => l.trim() === `# END GENERATED ${id}`);
  if (begin < 0 || end < begin)
    throw new Error(`markers "# BEGIN GENERATED ${id} ..." / "# END GENERATED ${id}" not found`);
  const body = block.endsWith('\n') ? block.slice(0, -1) : block;
  return [...lines.slice(0, begin + 1), ...body.split('\n'), ...lines.slice(end)].join('\n');
}

const check = process.argv.includes('--check');
let stale = 0;
for (const { file, id, render } of targets) {
  const path = join(root, file);
  const current = readFileSync(path, 'utf8');
  const next = replaceBlock(current, id, render());
  if (next === current) continue;
  if (check) {
    console.error(
      `${file}: ${id} is out of date with the @seclog/semconv catalog (run node ${'scripts/collector/generate-transforms.mjs'})`,
    );
    stale++;
  } else {
    writeFileSync(path, next);
    console.log(`${file}: ${id} updated`);
  }
}
process.exit(stale > 0 ? 1 : 0);
