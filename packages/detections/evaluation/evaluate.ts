/**
 * Re-evaluates public detection content against seclog's ECS output: for each rule of `public-rules.ts`, whether it
 * fires as-is (its own dataset and event constants), after a port that only replaces those constants with seclog's
 * (`event.dataset` seclog.security_event, `event.action` the catalog event), or needs seclog changes (a field it
 * reads is missing, or multi-valued where it compares with `==` in ES|QL). Run against any build of
 * `@seclog/semconv`: the golden sample records of the current catalog, projected by that build's `toECS`.
 */
import type { PublicRule } from './public-rules.js';

/** An ECS document as `toECS` returns it. */
export type EcsDoc = Readonly<Record<string, unknown>>;

/** The three outcomes of a rule. */
export type Verdict = 'fires as-is' | 'fires after a constants-only port' | 'needs seclog changes';

/** A rule's verdict and, when it needs changes, what is missing. */
export interface RuleVerdict {
  readonly rule: PublicRule;
  readonly verdict: Verdict;
  readonly missing: readonly string[];
}

const SECLOG_DATASET = 'seclog.security_event';

/** Whether a field satisfies the use: present (non-empty), or comparable with `==` (one value; ES|QL needs that). */
function satisfies(doc: EcsDoc, field: string, use: 'present' | 'equals', engine: PublicRule['engine']): boolean {
  const v = doc[field];
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) {
    if (v.length === 0) return false;
    // KQL, EQL and Sigma match any member of a multi-valued field; ES|QL `==` is null on one.
    if (use === 'equals' && engine === 'esql' && v.length > 1) return false;
  }
  return true;
}

/**
 * The verdict of one rule over the ECS documents of its port target event (every sample case of that event that
 * has the outcome the rule needs): it fires when one document satisfies everything.
 */
export function evaluateRule(
  rule: PublicRule,
  docs: readonly EcsDoc[],
  options: { readonly requireScope?: boolean } = {},
): RuleVerdict {
  const requireScope = options.requireScope ?? true;
  const candidates = docs.filter(
    (d) =>
      d['event.action'] === rule.portTo.event &&
      (rule.portTo.outcome === undefined || d['event.outcome'] === rule.portTo.outcome),
  );
  const asIs = candidates.some(
    (d) => d['event.dataset'] === rule.asIs.dataset && d['event.action'] === rule.asIs.action,
  );
  if (asIs) return { rule, verdict: 'fires as-is', missing: [] };
  let best: string[] | undefined;
  for (const d of candidates) {
    const missing: string[] = [];
    if (requireScope && d['event.dataset'] !== SECLOG_DATASET) missing.push('event.dataset (scope)');
    if (!satisfies(d, 'event.action', 'equals', rule.engine)) missing.push('event.action');
    for (const [field, use] of Object.entries(rule.needs)) {
      if (!satisfies(d, field, use, rule.engine)) missing.push(use === 'equals' ? `${field} (single value)` : field);
    }
    if (best === undefined || missing.length < best.length) best = missing;
  }
  const missing = best ?? ['no sample of the port target event'];
  return missing.length === 0
    ? { rule, verdict: 'fires after a constants-only port', missing }
    : { rule, verdict: 'needs seclog changes', missing };
}

/** Counts per verdict. */
export function tally(verdicts: readonly RuleVerdict[]): Record<Verdict, number> {
  const out: Record<Verdict, number> = {
    'fires as-is': 0,
    'fires after a constants-only port': 0,
    'needs seclog changes': 0,
  };
  for (const v of verdicts) out[v.verdict]++;
  return out;
}
