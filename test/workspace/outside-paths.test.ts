/**
 * The repository is self-contained: no tracked file under packages/, test/, examples/ or scripts/ reads, links or
 * names a path outside it — no sibling folder (`../shared`, `join(root, '..', 'shared')`), no absolute path of the
 * workplace (`/work/…`), no corpus staged outside (`redaction-public`), no Markdown link or symlink that leaves the
 * repository. Vendored third-party data (`test/quality/corpus/public/`) is data, not a reference: it is checked for
 * symlinks only.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const self = relative(root, import.meta.filename);

// Built from parts so that this file does not match itself.
const dot2 = '\\.\\.';
const FORBIDDEN: readonly { what: string; re: RegExp }[] = [
  { what: 'sibling folder ../shared', re: new RegExp(`${dot2}[\\\\/]shared\\b`) },
  { what: "path join to '..', 'shared'", re: new RegExp(`['"\`]${dot2}['"\`]\\s*,\\s*['"\`]shared['"\`]`) },
  { what: 'absolute workplace path /work/', re: new RegExp(`(?<![\\w:/.~-])/${'work'}/`) },
  { what: 'corpus staged outside the repository', re: new RegExp(`redaction-${'public'}`) },
];

const DATA = /(^|\/)test\/quality\/corpus\/public\//;
const BINARY = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.ico',
  '.pdf',
  '.gz',
  '.tgz',
  '.zip',
  '.woff',
  '.woff2',
  '.wasm',
]);

interface Entry {
  mode: string;
  path: string;
}

function tracked(): Entry[] {
  const out = execFileSync('git', ['ls-files', '-s', '-z', '--', 'packages', 'test', 'examples', 'scripts'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  }).toString();
  return out
    .split('\0')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [meta = '', path = ''] = l.split('\t');
      return { mode: meta.split(' ')[0] ?? '', path };
    });
}

const inside = (p: string): boolean => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !resolve(rel).startsWith('/..'));
};

/** `[text](target)` links of a Markdown file whose relative target resolves outside the repository. */
function markdownLinksOutside(path: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = (m[1] ?? '').split('#')[0] ?? '';
    if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const abs = target.startsWith('/') ? target : resolve(root, dirname(path), target);
    if (target.startsWith('/') || !inside(abs)) out.push(`${path}: Markdown link to ${target}`);
  }
  return out;
}

describe('repository self-containment', () => {
  const entries = tracked();

  it('lists the tracked files it checks', () => {
    expect(entries.length).toBeGreaterThan(100);
  });

  it('has no tracked symlink that points outside the repository', () => {
    const bad = entries
      .filter((e) => e.mode === '120000')
      .map((e) => ({ path: e.path, target: readlinkSync(join(root, e.path)) }))
      .filter((l) => !inside(resolve(root, dirname(l.path), l.target)))
      .map((l) => `${l.path} -> ${l.target}`);
    expect(bad).toEqual([]);
  });

  it('has no tracked file that reads, links or names a path outside the repository', () => {
    const bad: string[] = [];
    for (const { mode, path } of entries) {
      if (mode === '120000' || mode === '160000' || path === self || DATA.test(path)) continue;
      if (BINARY.has(extname(path).toLowerCase())) continue;
      let text: string;
      try {
        text = readFileSync(join(root, path), 'utf8');
      } catch {
        continue; // deleted in the work tree
      }
      if (text.includes('\0')) continue;
      text.split('\n').forEach((line, i) => {
        for (const f of FORBIDDEN) if (f.re.test(line)) bad.push(`${path}:${i + 1}: ${f.what}`);
      });
      if (path.endsWith('.md')) bad.push(...markdownLinksOutside(path, text));
    }
    expect(bad, bad.join('\n')).toEqual([]);
  });
});
