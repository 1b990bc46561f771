/**
 * Span-level detection quality (docs/design/redaction.md#measuring-it): per type precision/recall/F1 with exact and ≥ 50 % overlap matching,
 * leak rate (labelled sensitive characters that survive) and over-redaction (unlabelled characters removed).
 * Input: labelled texts and the ranges a redactor removed (see span-alignment.ts).
 */
import type { LabelledSpan } from './corpus/fragment.ts';
import type { RemovedRange } from './span-alignment.ts';

export interface EvaluatedText {
  text: string;
  spans: readonly LabelledSpan[];
  removed: readonly RemovedRange[];
}

export interface TypeQuality {
  type: string;
  labelled: number;
  predicted: number;
  exactTp: number;
  overlapTp: number;
  /** Labels covered ≥ 50 % by a removed range of any type (the redaction outcome, whatever the label). */
  caughtAnyType: number;
  precisionExact: number;
  recallExact: number;
  f1Exact: number;
  precisionOverlap: number;
  recallOverlap: number;
  f1Overlap: number;
  recallAnyType: number;
  leakedChars: number;
  labelledChars: number;
  leakRate: number;
  /** Characters outside every positive label removed by this type's predictions. */
  overRedactedChars: number;
  missed: string[];
  falsePositives: string[];
}

export interface QualityReport {
  types: TypeQuality[];
  unlabelledChars: number;
  overRedactedChars: number;
  overRedactionRate: number;
  /** Predictions that touch no positive label at all (false alarms) over all predictions. */
  falseAlarms: number;
  predictions: number;
  falseAlarmPrecision: number;
  /** Hard-negative spans (kind 'negative') that lost at least one character, by look-alike kind. */
  negativesHit: Record<string, { hit: number; total: number; examples: string[] }>;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const intersect = (a: { start: number; end: number }, b: { start: number; end: number }): number =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

function overlaps50(pred: { start: number; end: number }, label: { start: number; end: number }): boolean {
  const i = intersect(pred, label);
  return i > 0 && i * 2 >= label.end - label.start && i * 2 >= pred.end - pred.start;
}

/**
 * Computes the report. `mapType` turns an engine type name into the label vocabulary (or undefined when it has no
 * counterpart). Only labels whose type is in `types` are scored per type; all positive labels count as "labelled"
 * for over-redaction and false alarms.
 */
export function evaluateSpans(
  texts: readonly EvaluatedText[],
  types: readonly string[],
  mapType: (engineType: string) => string | undefined,
  examplesPerType = 5,
): QualityReport {
  const byType = new Map<string, TypeQuality>();
  for (const type of types) {
    byType.set(type, {
      type,
      labelled: 0,
      predicted: 0,
      exactTp: 0,
      overlapTp: 0,
      caughtAnyType: 0,
      precisionExact: 0,
      recallExact: 0,
      f1Exact: 0,
      precisionOverlap: 0,
      recallOverlap: 0,
      f1Overlap: 0,
      recallAnyType: 0,
      leakedChars: 0,
      labelledChars: 0,
      leakRate: 0,
      overRedactedChars: 0,
      missed: [],
      falsePositives: [],
    });
  }
  const exactPredTp = new Map<string, number>();
  const overlapPredTp = new Map<string, number>();
  let unlabelledChars = 0;
  let overRedactedChars = 0;
  let falseAlarms = 0;
  let predictions = 0;
  const negativesHit: QualityReport['negativesHit'] = {};

  for (const t of texts) {
    const positives = t.spans.filter((s) => s.kind === 'positive');
    const removedMask = new Uint8Array(t.text.length);
    for (const r of t.removed) removedMask.fill(1, r.start, r.end);
    const labelMask = new Uint8Array(t.text.length);
    for (const s of positives) labelMask.fill(1, s.start, s.end);
    for (let i = 0; i < t.text.length; i++) {
      if (labelMask[i] === 0) {
        unlabelledChars++;
        if (removedMask[i] === 1) overRedactedChars++;
      }
    }
    for (const s of positives) {
      const q = byType.get(s.type);
      if (!q) continue;
      q.labelled++;
      q.labelledChars += s.end - s.start;
      let leaked = 0;
      for (let i = s.start; i < s.end; i++) if (removedMask[i] === 0) leaked++;
      q.leakedChars += leaked;
      const typed = t.removed.filter((r) => mapType(r.type) === s.type);
      if (typed.some((r) => r.start === s.start && r.end === s.end)) q.exactTp++;
      if (typed.some((r) => overlaps50(r, s))) q.overlapTp++;
      else if (q.missed.length < examplesPerType) q.missed.push(describe(t, s));
      if (t.removed.some((r) => intersect(r, s) * 2 >= s.end - s.start)) q.caughtAnyType++;
    }
    for (const r of t.removed) {
      predictions++;
      const touching = positives.filter((s) => intersect(r, s) > 0);
      if (touching.length === 0) falseAlarms++;
      const type = mapType(r.type);
      const q = type === undefined ? undefined : byType.get(type);
      if (!q || type === undefined) continue;
      q.predicted++;
      let outside = 0;
      for (let i = r.start; i < r.end; i++) if (labelMask[i] === 0) outside++;
      q.overRedactedChars += outside;
      const same = positives.filter((s) => s.type === type);
      if (same.some((s) => s.start === r.start && s.end === r.end))
        exactPredTp.set(type, (exactPredTp.get(type) ?? 0) + 1);
      if (same.some((s) => overlaps50(r, s))) overlapPredTp.set(type, (overlapPredTp.get(type) ?? 0) + 1);
      else if (q.falsePositives.length < examplesPerType) q.falsePositives.push(describe(t, r));
    }
    for (const s of t.spans) {
      if (s.kind !== 'negative') continue;
      const entry = negativesHit[s.type] ?? { hit: 0, total: 0, examples: [] };
      negativesHit[s.type] = entry;
      entry.total++;
      let touched = false;
      for (let i = s.start; i < s.end; i++) if (removedMask[i] === 1) touched = true;
      if (touched) {
        entry.hit++;
        if (entry.examples.length < 3) entry.examples.push(describe(t, s));
      }
    }
  }
  for (const q of byType.values()) {
    q.precisionExact = ratio(exactPredTp.get(q.type) ?? 0, q.predicted);
    q.precisionOverlap = ratio(overlapPredTp.get(q.type) ?? 0, q.predicted);
    q.recallExact = ratio(q.exactTp, q.labelled);
    q.recallOverlap = ratio(q.overlapTp, q.labelled);
    q.recallAnyType = ratio(q.caughtAnyType, q.labelled);
    q.f1Exact = f1(q.precisionExact, q.recallExact);
    q.f1Overlap = f1(q.precisionOverlap, q.recallOverlap);
    q.leakRate = q.labelledChars === 0 ? 0 : q.leakedChars / q.labelledChars;
  }
  return {
    types: [...byType.values()],
    unlabelledChars,
    overRedactedChars,
    overRedactionRate: unlabelledChars === 0 ? 0 : overRedactedChars / unlabelledChars,
    falseAlarms,
    predictions,
    falseAlarmPrecision: ratio(predictions - falseAlarms, predictions),
    negativesHit,
  };
}

/** A short description of a span in context, with the span's characters shape-masked (never a raw value). */
function describe(t: EvaluatedText, s: { start: number; end: number; type: string }): string {
  const before = t.text.slice(Math.max(0, s.start - 24), s.start).replace(/\s+/g, ' ');
  return `${s.type} «${before}⟦${shapeOf(t.text.slice(s.start, s.end))}⟧»`;
}

/** Shape of a value: letters → a/A, digits → 9, other characters kept; long values are abbreviated. */
export function shapeOf(value: string): string {
  const shape = value.replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A').replace(/[0-9]/g, '9');
  return shape.length > 48 ? `${shape.slice(0, 40)}…(${shape.length})` : shape;
}
