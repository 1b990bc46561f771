// `make pack`: one installable tarball per public package in dist-packages/ (or --out <dir>), each checked before it
// is written. What goes into a tarball is staged first, because the workspace copy is not what a user should get:
//   - `workspace:*` ranges become the exact version of the sibling package (npm cannot install `workspace:`);
//   - source maps, declaration maps and .tsbuildinfo are left out, and `sourceMappingURL` comments removed: they
//     point at src/, which is not shipped;
//   - LICENSE (the repository's, Apache-2.0), README.md and CHANGELOG.md are in every package; `repository` (with its
//     `directory`, for npm provenance) and `publishConfig` are set; devDependencies and scripts are dropped;
//   - only the package's `files` are shipped, and of those only what git tracks, plus the built dist/ (without the
//     output of sources that no longer exist, which tsc -b leaves behind).
// Every tarball is then listed and checked again (no map, no tsbuildinfo, no `workspace:`, LICENSE/README present).
//
//   node scripts/pack.mjs [--out <dir>]        (after `make build`)
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = values.out ?? join(root, 'dist-packages');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const repositoryUrl = rootManifest.repository?.url;
if (typeof repositoryUrl !== 'string')
  fail('package.json (root): repository.url is required (npm provenance checks it)');

const packages = readdirSync(join(root, 'packages'))
  .sort()
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);
const versions = new Map(packages.map(({ manifest }) => [manifest.name, manifest.version]));

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const staging = join(outDir, '.staging');
const written = [];
for (const pkg of packages) written.push(packOne(pkg));
rmSync(staging, { recursive: true, force: true });
for (const w of written) console.log(`packed ${relative(process.cwd(), w)}`);

function packOne({ dir, manifest }) {
  const where = relative(root, dir);
  checkManifest(manifest, where);
  const stage = join(staging, where);
  mkdirSync(stage, { recursive: true });
  for (const entry of manifest.files) copyEntry(dir, stage, entry);
  copyFileSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
  copyFileSync(join(dir, 'README.md'), join(stage, 'README.md'));
  writeFileSync(join(stage, 'CHANGELOG.md'), changelogOf(dir, manifest, where));
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(publishedManifest(manifest, where), null, 2)}\n`);
  const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], {
    cwd: stage,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1);
  const tarball = join(outDir, file);
  checkTarball(tarball, manifest);
  return tarball;
}

function checkManifest(m, where) {
  const problems = [];
  if (!/^@seclog\//.test(m.name)) problems.push('name must be @seclog/*');
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(m.version ?? '')) problems.push('version must be semver');
  if (m.license !== 'Apache-2.0') problems.push('license must be Apache-2.0 (the LICENSE file shipped)');
  if (m.type !== 'module') problems.push('type must be module');
  if (!Array.isArray(m.files) || m.files.length === 0) problems.push('files must list what is shipped');
  const entry = m.exports?.['.'];
  if (typeof entry?.types !== 'string' || typeof entry?.default !== 'string') {
    problems.push('exports["."] needs types and default');
  }
  if (!existsSync(join(root, where, 'README.md'))) problems.push('README.md is missing');
  if (problems.length > 0) fail(`${where}/package.json: ${problems.join('; ')}`);
  for (const target of exportTargets(m.exports)) {
    if (!target.includes('*') && !existsSync(join(root, where, target))) {
      fail(`${where}: exports point at ${target}, which does not exist (run make build)`);
    }
  }
}

function exportTargets(exports) {
  if (typeof exports === 'string') return [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}

/** Copies one `files` entry: the built dist/ as built (minus maps), anything else as git tracks it. */
function copyEntry(dir, stage, entry) {
  if (entry === 'dist') {
    copyDist(join(dir, 'dist'), join(stage, 'dist'));
    return;
  }
  const tracked = execFileSync('git', ['ls-files', '-z', '--', entry], { cwd: dir, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  if (tracked.length === 0) fail(`${relative(root, dir)}: files entry "${entry}" matches nothing tracked`);
  for (const file of tracked) {
    mkdirSync(dirname(join(stage, file)), { recursive: true });
    copyFileSync(join(dir, file), join(stage, file));
  }
}

function copyDist(from, to, src = join(dirname(from), 'src')) {
  if (!existsSync(from)) fail(`${relative(root, from)} is missing (run make build)`);
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (statSync(source).isDirectory()) {
      copyDist(source, join(to, name), join(src, name));
      continue;
    }
    if (name.endsWith('.map') || name.endsWith('.tsbuildinfo')) continue;
    // tsc -b never deletes the output of a source that is gone: left out (nothing imports it, or the build failed).
    const stem = name.replace(/\.d\.ts$|\.js$/, '');
    if (stem !== name && !existsSync(join(src, `${stem}.ts`))) {
      console.warn(`pack: leaving out ${relative(root, source)}: stale build output, its source is gone`);
      continue;
    }
    mkdirSync(to, { recursive: true });
    if (/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(name)) {
      // The maps they name are not shipped (they would point at src/, which is not either).
      const text = readFileSync(source, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
      writeFileSync(join(to, name), text);
    } else {
      copyFileSync(source, join(to, name));
    }
  }
}

function publishedManifest(m, where) {
  const { devDependencies: _dev, scripts: _scripts, private: _private, ...rest } = m;
  const out = {
    ...rest,
    // npm always ships README and LICENSE, not CHANGELOG.
    files: [...new Set([...m.files, 'CHANGELOG.md'])],
    repository: { type: 'git', url: repositoryUrl, directory: where },
    publishConfig: { access: 'public', provenance: true },
  };
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    if (out[field] === undefined) continue;
    out[field] = Object.fromEntries(
      Object.entries(out[field]).map(([name, range]) => [name, resolveRange(name, range, where)]),
    );
  }
  return out;
}

function resolveRange(name, range, where) {
  if (typeof range !== 'string' || !range.startsWith('workspace:')) return range;
  const version = versions.get(name);
  if (version === undefined) fail(`${where}: ${name} is a workspace dependency but not a packed package`);
  // workspace:* and workspace:^ / ~ map as pnpm publish maps them.
  const spec = range.slice('workspace:'.length);
  return spec === '^' ? `^${version}` : spec === '~' ? `~${version}` : spec === '*' || spec === '' ? version : spec;
}

/** The package's CHANGELOG.md, which must have an entry for the version being packed. */
function changelogOf(dir, m, where) {
  const file = join(dir, 'CHANGELOG.md');
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    if (!new RegExp(`^## ${m.version.replace(/\./g, '\\.')}\\b`, 'm').test(text)) {
      fail(`${where}/CHANGELOG.md has no "## ${m.version}" entry for the version being packed`);
    }
    return text;
  }
  fail(`${where}/CHANGELOG.md is missing`);
}

function checkTarball(tarball, m) {
  const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const problems = [];
  for (const required of ['package/package.json', 'package/LICENSE', 'package/README.md', 'package/CHANGELOG.md']) {
    if (!listing.includes(required)) problems.push(`${required} missing`);
  }
  const stray = listing.filter((f) => /\.map$|\.tsbuildinfo$|(^|\/)src\//.test(f));
  if (stray.length > 0) problems.push(`ships ${stray.slice(0, 3).join(', ')}`);
  const shipped = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
  if (shipped.includes('workspace:')) problems.push('package.json still has a workspace: range');
  if (problems.length > 0) fail(`${m.name} tarball: ${problems.join('; ')}`);
}

function fail(message) {
  console.error(`pack: ${message}`);
  process.exit(1);
}
