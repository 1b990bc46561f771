/**
 * The docs that enumerate the projection functions name every one `src/projections/index.ts` exports, and no other:
 * the export table of packages/semconv/README.md and the opening of "Projections" in docs/design/semconv.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as projections from '../../src/projections/index.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const exported = Object.keys(projections)
  .filter((name) => /^to[A-Z]/.test(name) && typeof projections[name as keyof typeof projections] === 'function')
  .sort();

/** The `toX` names on the first line of `text` that starts with `lead`. */
function namesOnLine(text: string, lead: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(lead));
  expect(line, `a line starting ${lead}`).toBeDefined();
  return [...(line ?? '').matchAll(/`(to[A-Z]\w*)`/g)].map((m) => m[1] as string).sort();
}

describe('the projection functions in the docs', () => {
  it('packages/semconv/README.md lists every exported projection in its export table', () => {
    const readme = readFileSync(join(root, 'packages', 'semconv', 'README.md'), 'utf8');
    expect(namesOnLine(readme, '| `to')).toEqual(exported);
  });

  it('docs/design/semconv.md opens "Projections" with every exported projection', () => {
    const design = readFileSync(join(root, 'docs', 'design', 'semconv.md'), 'utf8');
    const section = design.slice(design.indexOf('## Projections') + '## Projections'.length);
    expect(namesOnLine(section.trimStart(), '`to')).toEqual(exported);
  });
});
