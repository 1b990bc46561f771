// Every generator of the repository, in one table: `make generate` runs them all, `make generate-check` (part of
// `make test`) runs each with --check, which writes nothing and fails when a committed file is stale. Generators read
// the built packages, so `make build` comes first (the Makefile does it).
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

/**
 * name: what it writes; command: how to run it (from the repository root); each takes --check, except the steps
 * marked writeOnly, which run only when writing.
 */
const GENERATORS = [
  {
    name: 'semconv catalog artefacts (catalog.json, src/generated/*, docs/catalog.md)',
    command: [process.execPath, 'packages/semconv/scripts/generate.ts'],
  },
  {
    // The generators below read the built packages: compile what the catalog generator just rewrote, or they would
    // read the previous build (and a second `make generate` would be needed). Nothing to do when only checking.
    name: 'rebuild after the catalog sources changed',
    command: ['pnpm', 'run', 'build'],
    writeOnly: true,
  },
  {
    name: 'semconv golden projections (test/fixtures/golden/*.json)',
    command: [process.execPath, 'packages/semconv/test/fixtures/generate.ts'],
  },
  {
    name: 'integrity golden vectors for docs/spec (test-vectors/olcf1.json, checkpoints.json)',
    command: [process.execPath, 'packages/integrity/test-vectors/generate-olcf1.mjs'],
  },
  {
    name: 'collector-config blocks (safety net from @seclog/redaction; identities, ECS and Datadog from the catalog)',
    command: [process.execPath, 'scripts/collector/generate-transforms.mjs'],
  },
  {
    name: 'public API reports (packages/*/api-report.md)',
    command: [process.execPath, 'scripts/api-report.mjs'],
  },
  {
    name: 'detections artefacts from the Sigma rules (SPL, Elastic, Datadog; pySigma in a pinned venv)',
    command: ['bash', 'packages/detections/scripts/sigma-generate.sh'],
  },
];

const check = process.argv.includes('--check');
let failed = 0;
for (const g of GENERATORS) {
  if (check && g.writeOnly) continue;
  const [cmd, ...args] = g.command;
  console.log(`${check ? 'checking' : 'generating'}: ${g.name}`);
  const r = spawnSync(cmd, check ? [...args, '--check'] : args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`  ${check ? 'stale or failed' : 'failed'}: ${g.name}${check ? ' — run `make generate`' : ''}`);
  }
}
if (failed > 0) process.exit(1);
