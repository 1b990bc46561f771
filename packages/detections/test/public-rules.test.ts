/**
 * The re-evaluation of public content (evaluation/) against the current projections: the figures the README states
 * for "after" hold, and the checker can fail (a multi-valued field breaks an ES|QL `==`, a missing field is named).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EcsDoc, evaluateRule, tally } from '../evaluation/evaluate.js';
import { PUBLIC_RULES } from '../evaluation/public-rules.js';

const goldenDir = join(import.meta.dirname, '..', '..', 'semconv', 'test', 'fixtures', 'golden');
const docs: EcsDoc[] = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => (JSON.parse(readFileSync(join(goldenDir, f), 'utf8')) as { cases: { ecs: EcsDoc }[] }).cases)
  .map((c) => c.ecs);

describe('public detection content on seclog output', () => {
  it('covers every alert category with Elastic and Sigma rules', () => {
    expect(new Set(PUBLIC_RULES.map((r) => r.alert)).size).toBe(8);
    expect(PUBLIC_RULES.filter((r) => r.source.startsWith('elastic/')).length).toBe(12);
    expect(PUBLIC_RULES.filter((r) => r.source.startsWith('SigmaHQ/')).length).toBe(8);
  });

  it('after the issue: 19 of 20 fire after a constants-only port; travel needs the opt-in coordinates', () => {
    const verdicts = PUBLIC_RULES.map((r) => evaluateRule(r, docs));
    expect(tally(verdicts)).toEqual({
      'fires as-is': 0,
      'fires after a constants-only port': 19,
      'needs seclog changes': 1,
    });
    const travel = verdicts.find((v) => v.verdict === 'needs seclog changes');
    expect(travel?.rule.alert).toBe('impossible_travel');
    expect(travel?.missing).toEqual(['source.geo.location']);
  });

  it('fails a rule whose ES|QL == meets a multi-valued field, and names what is missing', () => {
    const rule = PUBLIC_RULES.find((r) => r.engine === 'esql' && r.needs['event.category'] === 'equals')!;
    const doc = {
      'event.dataset': 'seclog.security_event',
      'event.action': rule.portTo.event,
      'event.outcome': rule.portTo.outcome ?? 'success',
      'event.category': ['database', 'file'],
    };
    const verdict = evaluateRule(rule, [doc]);
    expect(verdict.verdict).toBe('needs seclog changes');
    expect(verdict.missing).toContain('event.category (single value)');
  });
});
