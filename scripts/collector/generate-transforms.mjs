// Writes the generated blocks of the collector configs between their `# BEGIN GENERATED <id>` / `# END GENERATED <id>`
// marker lines (each config stays one self-contained file that `otelcol validate` can check on its own):
//   - `safety_net` (all five configs): the redaction + transform safety net, defined once in @seclog/redaction
//     (src/internal/collector-safety-net.ts: shapes copied from the engine's detectors, RE2 stand-ins for the rest);
//   - `redaction/identities` (all five): the identity attributes of the @seclog/semconv catalog (sensitivity `pii`,
//     naming a person) pseudonymized before the safety net;
//   - `transform/seclog_ecs` / `transform/seclog_datadog`: the projections generated from the catalog.
//
//   node scripts/collector/generate-transforms.mjs          rewrite the blocks
//   node scripts/collector/generate-transforms.mjs --check  exit 1 if a block differs from its source
//
// Needs the built packages (`make build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const load = (path) =>
  import(join(root, path)).catch((error) => {
    console.error(`cannot load ${path} (build first: make build): ${error.message}`);
    process.exit(2);
  });
const semconv = await load('packages/semconv/dist/index.js');
// Internal module of @seclog/redaction (not part of its public API), imported by path.
const safetyNet = await load('packages/redaction/dist/internal/collector-safety-net.js');

const CONFIGS = ['archive', 'datadog', 'elastic', 'gateway', 'splunk'].map((n) => `collector-config/${n}.yaml`);

/** Catalog attributes that name a person (`pii`, last segment name / email / full_name). */
function identityAttributes() {
  return semconv.catalog.attributes
    .filter((a) => a.sensitivity === 'pii' && /(?:^|\.)(?:name|email|full_name)$/.test(a.name))
    .map((a) => a.name);
}

function identitiesYaml() {
  const keys = identityAttributes().map((n) => n.replaceAll('.', '[.]'));
  return [
    '  redaction/identities:',
    '    allow_all_keys: true # only the keys below are touched',
    '    blocked_key_patterns:',
    `      - '^(${keys.join('|')})$'`,
    '    # Already a pseudonym (hashed by an earlier hop, e.g. the gateway): passed as is, so every copy has one token.',
    '    allowed_values:',
    "      - '^[0-9a-f]{64}$'",
    '    hash_function: hmac-sha256',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Collector's env syntax, written as is
    '    hmac_key: ${env:SECLOG_IDENTITY_HMAC_KEY}',
    '    summary: silent',
  ].join('\n');
}

const targets = [
  ...CONFIGS.flatMap((file) => [
    { file, id: 'redaction/identities', source: '@seclog/semconv catalog', render: identitiesYaml },
    { file, id: 'safety_net', source: '@seclog/redaction', render: () => safetyNet.renderCollectorSafetyNet(2) },
  ]),
  {
    file: 'collector-config/elastic.yaml',
    id: 'transform/seclog_ecs',
    source: '@seclog/semconv',
    render: () => semconv.ecsTransformProcessorYaml({ indent: 2 }),
  },
  {
    file: 'collector-config/datadog.yaml',
    id: 'transform/seclog_datadog',
    source: '@seclog/semconv',
    render: () => semconv.datadogTransformProcessorYaml({ indent: 2 }),
  },
];

/** Replaces the lines between the markers of `id` with `block`; throws when the markers are missing. */
function replaceBlock(text, file, id, block) {
  const lines = text.split('\n');
  const begin = lines.findIndex((l) => l.trim().startsWith(`# BEGIN GENERATED ${id} `));
  const end = lines.findIndex((l) => l.trim() === `# END GENERATED ${id}`);
  if (begin < 0 || end < begin) {
    throw new Error(`${file}: markers "# BEGIN GENERATED ${id} ..." / "# END GENERATED ${id}" not found`);
  }
  const body = block.endsWith('\n') ? block.slice(0, -1) : block;
  return [...lines.slice(0, begin + 1), ...body.split('\n'), ...lines.slice(end)].join('\n');
}

const check = process.argv.includes('--check');
const texts = new Map(CONFIGS.concat(targets.map((t) => t.file)).map((f) => [f, readFileSync(join(root, f), 'utf8')]));
const original = new Map(texts);
let stale = 0;
for (const { file, id, source, render } of targets) {
  const next = replaceBlock(texts.get(file), file, id, render());
  if (next !== texts.get(file) && check) {
    console.error(`${file}: ${id} is out of date with ${source} (run make generate)`);
    stale++;
  }
  texts.set(file, next);
}
if (!check) {
  for (const [file, text] of texts) {
    if (text === original.get(file)) continue;
    writeFileSync(join(root, file), text);
    console.log(`${file}: updated`);
  }
}
process.exit(stale > 0 ? 1 : 0);
