import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { PROJECTIONS, type Projection, toECS } from '../../src/projections/index.js';
import { buildGoldenFixtures, GOLDEN_DIR, REGENERATE_COMMAND } from '../fixtures/golden.ts';
import { SAMPLE_VALUES } from '../fixtures/samples.ts';

const dir = path.join(import.meta.dirname, '..', 'fixtures', GOLDEN_DIR);
const expected = buildGoldenFixtures(catalog, PROJECTIONS);

describe('golden fixtures (every event × projection)', () => {
  it('has one fixture per catalog event and no others', () => {
    const onDisk = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(onDisk, `fixture set differs from the catalog; run: ${REGENERATE_COMMAND}`).toEqual(
      [...expected.keys()].sort(),
    );
    expect(onDisk).toHaveLength(catalog.events.length);
  });

  for (const [file, text] of expected) {
    it(`${file} is up to date`, () => {
      const target = path.join(dir, file);
      expect(existsSync(target), `missing ${file}; run: ${REGENERATE_COMMAND}`).toBe(true);
      // Compare parsed JSON for a readable diff, then the exact text (formatting is part of the fixture).
      const onDisk = readFileSync(target, 'utf8');
      expect(JSON.parse(onDisk), `stale ${file}; run: ${REGENERATE_COMMAND}`).toEqual(JSON.parse(text));
      expect(onDisk).toBe(text);
    });
  }
});

describe('sample records', () => {
  it('have a value for every attribute an event requires or recommends (so no mapping goes unexercised)', () => {
    const setBySamples = new Set([
      'security_event.category',
      'security_event.outcome',
      'security_event.actor.type',
      'error.type',
    ]);
    const listed = new Set<string>([
      ...catalog.common.recommended,
      ...catalog.common.actorIdentity.flatMap((r) => r.attributes),
    ]);
    for (const def of catalog.events) {
      for (const name of [
        ...def.required,
        ...def.recommended,
        ...def.conditionallyRequired.flatMap((c) => c.attributes),
      ]) {
        listed.add(name);
      }
    }
    const missing = [...listed].filter((name) => !(name in SAMPLE_VALUES) && !setBySamples.has(name));
    expect(missing).toEqual([]);
  });
});

describe('golden fixture comparison', () => {
  it('detects a stale fixture: a projection that changes one field no longer matches the files', () => {
    const drifted = buildGoldenFixtures(
      catalog,
      PROJECTIONS.map(
        (p): Projection =>
          p.key === 'ecs' ? { ...p, project: (r) => ({ ...toECS(r), 'event.provider': 'drifted' }) } : p,
      ),
    );
    const stale = [...drifted].filter(([file, text]) => readFileSync(path.join(dir, file), 'utf8') !== text);
    expect(stale).toHaveLength(catalog.events.length);
  });
});
