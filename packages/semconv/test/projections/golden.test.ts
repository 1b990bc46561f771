import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { toDatadog, toECS, toOCSF, toSplunkCIM } from '../../src/projections/index.js';
import { buildGoldenFixtures, GOLDEN_DIR, REGENERATE_COMMAND } from '../fixtures/golden.ts';

const dir = path.join(import.meta.dirname, '..', 'fixtures', GOLDEN_DIR);
const expected = buildGoldenFixtures(catalog, { toECS, toOCSF, toSplunkCIM, toDatadog });

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

describe('golden fixture comparison', () => {
  it('detects a stale fixture: a projection that changes one field no longer matches the files', () => {
    const drifted = buildGoldenFixtures(catalog, {
      toECS: (r) => ({ ...toECS(r), 'event.module': 'seclog' }),
      toOCSF,
      toSplunkCIM,
      toDatadog,
    });
    const stale = [...drifted].filter(([file, text]) => readFileSync(path.join(dir, file), 'utf8') !== text);
    expect(stale).toHaveLength(catalog.events.length);
  });
});
