/**
 * A package's source says what is public by where it lives: a module that `src/index.ts` re-exports (directly or
 * through a barrel it re-exports) is public and sits outside `src/internal/`; every other module is an internal and
 * sits under it. Two kinds of module stay outside `src/internal/` without being re-exported: entry points loaded by
 * path (`bin.ts`, `register.ts`) and the definition data the public API is derived from, which CONTRIBUTING's
 * extension paths edit (the event catalog, the detector registry). No other package imports another's internals.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const PACKAGES = readdirSync(join(root, 'packages')).filter((p) => {
  try {
    return statSync(join(root, 'packages', p, 'src', 'index.ts')).isFile();
  } catch {
    return false;
  }
});
const ENTRY_POINTS = new Set(['bin.ts', 'register.ts']);
const DEFINITION_DIRS = ['semconv/src/catalog/', 'redaction/src/detectors/'] as const;
const EXPORT_FROM = /export\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+['"](\.{1,2}\/[^'"]+)['"]/g;
const RELATIVE_IMPORT = /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function resolveModule(from: string, spec: string): string | undefined {
  const target = normalize(join(dirname(from), spec));
  for (const candidate of [target.replace(/\.js$/, '.ts'), `${target}.ts`, join(target, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return undefined;
}

/** Modules reached from `src/index.ts` and the entry points through `export … from` chains. */
function publicModules(src: string): Set<string> {
  const seen = new Set<string>();
  const todo = [join(src, 'index.ts'), ...[...ENTRY_POINTS].map((e) => join(src, e))];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    try {
      statSync(file);
    } catch {
      continue;
    }
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(EXPORT_FROM)) {
      const target = resolveModule(file, m[1] as string);
      if (target) todo.push(target);
    }
  }
  return seen;
}

/** Modules of one `src/` in the wrong place: unexported outside `internal/`, or exported from inside it. */
function misplacedModules(src: string, definitionDirs: readonly string[]): { outside: string[]; exported: string[] } {
  const pub = publicModules(src);
  const isInternal = (f: string) => relative(src, f).startsWith('internal/');
  const isDefinition = (f: string) => definitionDirs.some((d) => `${relative(src, f)}`.startsWith(d));
  return {
    outside: walk(src).filter((f) => !isInternal(f) && !pub.has(f) && !isDefinition(f)),
    exported: [...pub].filter(isInternal),
  };
}

describe('src/internal/ holds exactly the modules a package does not export', () => {
  for (const pkg of PACKAGES) {
    it(`${pkg}: every module outside src/internal/ is public, an entry point or definition data; none inside is`, () => {
      const src = join(root, 'packages', pkg, 'src');
      const definitions = DEFINITION_DIRS.filter((d) => d.startsWith(`${pkg}/src/`)).map((d) =>
        d.slice(`${pkg}/src/`.length),
      );
      const found = misplacedModules(src, definitions);
      expect({
        outside: found.outside.map((f) => relative(root, f)),
        exported: found.exported.map((f) => relative(root, f)),
      }).toEqual({ outside: [], exported: [] });
    });
  }

  it("no package's source or tests import another package's internals by path", () => {
    const offenders: string[] = [];
    for (const pkg of PACKAGES) {
      const dir = join(root, 'packages', pkg);
      const files = ['src', 'test', 'bench'].flatMap((d) => {
        try {
          return walk(join(dir, d));
        } catch {
          return [];
        }
      });
      for (const f of files) {
        for (const m of readFileSync(f, 'utf8').matchAll(RELATIVE_IMPORT)) {
          const target = relative(join(root, 'packages'), normalize(join(dirname(f), m[1] as string)));
          if (/^[^/]+\/src\/internal\//.test(target) && !target.startsWith(`${pkg}/`)) {
            offenders.push(`${relative(root, f)} → ${target}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the check can fail: it names a stray module and an exported internal', () => {
    const src = join(mkdtempSync(join(tmpdir(), 'seclog-internal-')), 'src');
    try {
      mkdirSync(join(src, 'internal'), { recursive: true });
      writeFileSync(join(src, 'index.ts'), "export { a } from './a.js';\nexport * from './internal/c.js';\n");
      writeFileSync(join(src, 'a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
      writeFileSync(join(src, 'b.ts'), 'export const b = 1;\n');
      writeFileSync(join(src, 'internal', 'c.ts'), 'export const c = 1;\n');
      const found = misplacedModules(src, []);
      expect(found.outside.map((f) => relative(src, f))).toEqual(['b.ts']);
      expect(found.exported.map((f) => relative(src, f))).toEqual(['internal/c.ts']);
    } finally {
      rmSync(dirname(src), { recursive: true, force: true });
    }
  });
});
