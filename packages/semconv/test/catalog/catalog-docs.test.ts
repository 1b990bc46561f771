/**
 * The numbers written by hand about the catalog stay true: the event count of packages/semconv/README.md, the id
 * groups of docs/design/semconv.md (which cover 1…n once each) and the "Events a–b" header of every events-*.ts file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessEvents } from '../../src/catalog/events-access.js';
import { accountEvents } from '../../src/catalog/events-account.js';
import { authenticationEvents } from '../../src/catalog/events-authentication.js';
import { dataEvents } from '../../src/catalog/events-data.js';
import { integrityEvents } from '../../src/catalog/events-integrity.js';
import { catalog } from '../../src/catalog/index.js';
import type { EventDefinition } from '../../src/catalog/types.js';

const semconv = join(import.meta.dirname, '..', '..');
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');
const count = catalog.events.length;

/** `[1–7]` or `[39]` → the ids in it. */
function idsOf(a: string, b: string | undefined): number[] {
  const from = Number(a);
  const to = Number(b ?? a);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('what the docs say about the catalog', () => {
  it('gives the event count in packages/semconv/README.md', () => {
    expect(read(semconv, 'README.md')).toContain(`one catalog of ${count} security events`);
  });

  it('groups the ids in docs/design/semconv.md so that every event is in exactly one group', () => {
    const design = read(semconv, '..', '..', 'docs', 'design', 'semconv.md');
    const groups = design.slice(design.indexOf('The events fall into these groups'), design.indexOf('### Common'));
    const ids = [...groups.matchAll(/\[(\d+)(?:–(\d+))?\]/g)].flatMap((m) => idsOf(m[1] as string, m[2]));
    expect(ids).toEqual(catalog.events.map((e) => e.id));
  });

  it.each([
    ['events-authentication.ts', authenticationEvents],
    ['events-account.ts', accountEvents],
    ['events-access.ts', accessEvents],
    ['events-data.ts', dataEvents],
    ['events-integrity.ts', integrityEvents],
  ] as const)('heads %s with the ids it defines', (file, events: readonly EventDefinition[]) => {
    const head = /Events? (\d+)(?:–(\d+))?:/.exec(read(semconv, 'src', 'catalog', file));
    expect(head, `"Events a–b:" in ${file}`).not.toBeNull();
    expect(idsOf(head?.[1] as string, head?.[2])).toEqual(events.map((e) => e.id).sort((a, b) => a - b));
  });
});
