import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
/**
 * Runtime dependencies outside @opentelemetry/* and @seclog/* that a package may have, each with the reason. Every
 * entry is a supply-chain and install-size cost for every user of the package, so each is argued for here.
 */
const RUNTIME_DEPENDENCY_ALLOWLIST: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '@seclog/detections': {
    '@duckdb/node-api':
      'detections replay needs a real query engine: the rules are SQL (windowed aggregates, COUNT(DISTINCT …)) ' +
      'that pySigma converts for DuckDB, and running them in that engine tests the rules, not a re-implementation; ' +
      'the registry package ships prebuilt binaries, nothing is compiled at install time',
  },
};

const packageDirs = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')));

describe('workspace conventions', () => {
  it('pins pnpm and requires Node >= 22.18 at the root, where `node script.ts` must run without a flag', () => {
    const pkg = readJson(join(root, 'package.json'));
    expect(pkg.packageManager).toBe('pnpm@12.4.2');
    expect(pkg.engines.node).toBe('>=22.18.0');
    // scripts/bootstrap.sh installs Node 24 below the same version.
    const bootstrap = readFileSync(join(root, 'scripts', 'bootstrap.sh'), 'utf8');
    expect(`>=22.${/a===22&&b>=(\d+)/.exec(bootstrap)?.[1]}.0`).toBe(pkg.engines.node);
  });

  it.each(packageDirs)('%s is an ESM package whose exports point at built dist/ JS and .d.ts', (dir) => {
    const pkg = readJson(join(dir, 'package.json'));
    expect(pkg.name).toMatch(/^@seclog\//);
    expect(pkg.type).toBe('module');
    expect(pkg.engines.node).toBe('>=22.15.0');
    const entry = pkg.exports['.'];
    expect(entry.types).toMatch(/^\.\/dist\/.*\.d\.ts$/);
    expect(entry.default).toMatch(/^\.\/dist\/.*\.js$/);
    expect(existsSync(join(dir, entry.default))).toBe(true);
    expect(existsSync(join(dir, entry.types))).toBe(true);
  });

  it.each(packageDirs)('%s takes @opentelemetry/api only as a peer (one API global per process)', (dir) => {
    const pkg = readJson(join(dir, 'package.json'));
    expect(pkg.dependencies?.['@opentelemetry/api']).toBeUndefined();
  });

  it.each(packageDirs)(
    '%s has no runtime dependency outside @opentelemetry/* and @seclog/*, but the allowed',
    (dir) => {
      const pkg = readJson(join(dir, 'package.json'));
      const allowed = RUNTIME_DEPENDENCY_ALLOWLIST[pkg.name] ?? {};
      const outside = Object.keys(pkg.dependencies ?? {}).filter(
        (d) => !/^@(opentelemetry|seclog)\//.test(d) && allowed[d] === undefined,
      );
      expect(outside).toEqual([]);
    },
  );

  it('allows only dependencies that are still there, each with its reason', () => {
    for (const [name, allowed] of Object.entries(RUNTIME_DEPENDENCY_ALLOWLIST)) {
      const dir = packageDirs.find((d) => readJson(join(d, 'package.json')).name === name);
      expect(dir, `${name} is not a workspace package`).toBeDefined();
      const deps = readJson(join(dir as string, 'package.json')).dependencies ?? {};
      for (const [dependency, reason] of Object.entries(allowed)) {
        expect(
          deps[dependency],
          `${name} no longer depends on ${dependency}: drop it from the allowlist`,
        ).toBeDefined();
        expect(reason.length).toBeGreaterThan(20);
      }
    }
  });
});
