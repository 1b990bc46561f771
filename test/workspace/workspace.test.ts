import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const packageDirs = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')));

describe('workspace conventions', () => {
  it('pins pnpm and requires Node >= 22.15 at the root', () => {
    const pkg = readJson(join(root, 'package.json'));
    expect(pkg.packageManager).toBe('pnpm@12.4.2');
    expect(pkg.engines.node).toBe('>=22.15.0');
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

  it.each(packageDirs)('%s has no runtime dependency outside @opentelemetry/* and @seclog/*', (dir) => {
    const pkg = readJson(join(dir, 'package.json'));
    const outside = Object.keys(pkg.dependencies ?? {}).filter((d) => !/^@(opentelemetry|seclog)\//.test(d));
    expect(outside).toEqual([]);
  });
});
