/**
 * The catalog's OCSF 1.8.0 class/activity table against the compiled OCSF 1.8.0 schema vendored in
 * test/fixtures/ocsf-1.8.0 (read by the external checks' schema reader). 1.9.0-dev is not vendored.
 */
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { OcsfActivity } from '../../src/catalog/types.js';
import { loadOcsfSchema } from '../external/ocsf-schema.js';
import { ocsfSchemaFile } from '../external/reference-paths.js';

const schema = loadOcsfSchema(ocsfSchemaFile);

function activities18(): [string, OcsfActivity][] {
  return catalog.events.flatMap((e) => {
    const m = e.ocsf['1.8.0'];
    return [
      [e.name, m] as [string, OcsfActivity],
      ...(m.variants ?? []).map((v) => [e.name, v.use] as [string, OcsfActivity]),
    ];
  });
}

describe('catalog OCSF 1.8.0 mapping', () => {
  it('reads the 1.8.0 schema', () => {
    expect(schema.version).toBe('1.8.0');
  });

  it('names classes that exist, in the stated category, with their schema caption', () => {
    for (const [event, a] of activities18()) {
      const cls = schema.classes.get(a.classUid);
      expect(cls, `${event}: class ${a.classUid}`).toBeDefined();
      expect(cls?.categoryUid, event).toBe(a.categoryUid);
    }
  });

  it('uses activity ids defined for the class, with the schema caption (except 99 Other, named by the event)', () => {
    for (const [event, a] of activities18()) {
      const activity = schema.classes.get(a.classUid)?.attributes.get('activity_id')?.enum?.get(String(a.activityId));
      expect(activity, `${event}: ${a.classUid} activity ${a.activityId}`).toBeDefined();
      if (a.activityId !== 99) expect(activity?.caption, event).toBe(a.activityName);
    }
  });
});
