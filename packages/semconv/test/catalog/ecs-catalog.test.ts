/** The catalog's ECS categorization (defaults and variants) against `@elastic/ecs` (ecs_flat allowed values). */
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { checkCategoryTypeMatrix, loadEcsFlat } from '../external/ecs-checker.js';

const ecs = loadEcsFlat();
const allowed = (field: string) => new Set((ecs[field]?.allowed_values ?? []).map((v) => v.name));

describe('catalog ECS categorization', () => {
  const cases = catalog.events.flatMap((e) => [
    { event: e.name, kind: e.ecs.kind, category: e.ecs.category, type: e.ecs.type },
    ...(e.ecs.variants ?? []).map((v) => ({ event: e.name, kind: e.ecs.kind, ...v.use })),
  ]);

  it('uses only allowed event.kind, event.category and event.type values', () => {
    const kinds = allowed('event.kind');
    const categories = allowed('event.category');
    const types = allowed('event.type');
    expect(categories.size).toBeGreaterThan(10);
    for (const c of cases) {
      expect(kinds.has(c.kind), c.event).toBe(true);
      for (const x of c.category) expect(categories.has(x), `${c.event}: ${x}`).toBe(true);
      for (const x of c.type) expect(types.has(x), `${c.event}: ${x}`).toBe(true);
    }
  });

  it('keeps every category/type combination inside the ECS category → expected type matrix', () => {
    for (const c of cases) expect(checkCategoryTypeMatrix(ecs, c.category, c.type), c.event).toEqual([]);
  });
});
