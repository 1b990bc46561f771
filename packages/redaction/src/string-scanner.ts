import { type Detector, type Finding, PRIORITY, type ScanContext } from './detector.js';
import { BUILTIN_DETECTORS } from './detectors/registry.js';
import type { KeyClassifier } from './key-classifier.js';
import type { CompiledCustomDetector, ResolvedPolicy } from './policy.js';
import type { Pseudonymizer } from './pseudonymizer.js';
import { renderReplacement } from './replacement.js';
import { SHAPE_BITS, SHAPE_WINDOWS, type ShapeCandidates, type ShapeName, scanShapes } from './shape-prefilter.js';
import type { Action, KeyClass, RedactionReport } from './types.js';

interface TriggerTarget {
  detector: Detector;
  /** Index into the per-scan skip table. */
  slot: number;
}

/** Thrown inside a scan when one string has more findings than the budget allows. */
class TooManyFindings extends Error {}

const CUSTOM_WINDOW_BACK = 64;
const MIN_BUILTIN_MATCH = 5;
/** Strings longer than this get windowed shape scans (shorter ones are scanned whole: windows would not pay). */
const WINDOWED_MIN_LENGTH = 512;
const CUSTOM_WINDOW_FORWARD = 1024;

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * The string scan pipeline (design §6.2): one case-insensitive trigger regex over rare literals plus cheap gates →
 * detectors only at trigger hits / on gated strings → validators → allowlist → overlap resolution → one rebuild.
 * A string with no trigger hit and no open gate returns by identity without allocating.
 */
export class StringScanner {
  readonly #policy: ResolvedPolicy;
  readonly #classifier: KeyClassifier;
  readonly #pseudonymizer: Pseudonymizer;
  readonly #trigger: RegExp | null;
  readonly #byLiteral = new Map<string, TriggerTarget[]>();
  /** The same lists keyed by the exact spelling seen in text (skips `toLowerCase` on repeated spellings). */
  readonly #bySpelling = new Map<string, { literal: string; targets: TriggerTarget[] }>();
  #triggerDetectors = 0;
  readonly #gated: Detector[];
  readonly #shaped: { detector: Detector; bit: number }[];
  readonly #wantedShapes: number;
  readonly #unkeyedCustom: CompiledCustomDetector[];

  constructor(policy: ResolvedPolicy, classifier: KeyClassifier, pseudonymizer: Pseudonymizer) {
    this.#policy = policy;
    this.#classifier = classifier;
    this.#pseudonymizer = pseudonymizer;
    const enabled = BUILTIN_DETECTORS.filter((d) => policy.detectors.get(d.name)?.enabled);
    const literals = new Map<string, Detector[]>();
    const addLiteral = (lit: string, d: Detector) => literals.set(lit, [...(literals.get(lit) ?? []), d]);
    for (const d of enabled) for (const t of d.triggers) addLiteral(t, d);
    for (const c of policy.custom.filter((c) => c.keywords.length > 0)) {
      const d = customAsDetector(c);
      for (const k of c.keywords) addLiteral(k, d);
    }
    // A literal's hit also counts for every shorter literal that is its prefix (same start, alternation takes one).
    const slots = new Map<Detector, number>();
    for (const [lit, ds] of literals) {
      const all = new Set<Detector>(ds);
      for (const [other, ods] of literals) if (other !== lit && lit.startsWith(other)) for (const d of ods) all.add(d);
      const targets = [...all].map((d) => {
        let slot = slots.get(d);
        if (slot === undefined) {
          slot = slots.size;
          slots.set(d, slot);
        }
        return { detector: d, slot };
      });
      this.#byLiteral.set(lit, targets);
    }
    this.#triggerDetectors = slots.size;
    const sorted = [...literals.keys()].sort((a, b) => b.length - a.length);
    this.#trigger = sorted.length > 0 ? new RegExp(sorted.map(escapeLiteral).join('|'), 'gi') : null;
    this.#gated = enabled.filter((d) => d.gate !== undefined && d.scan !== undefined);
    this.#shaped = enabled
      .filter((d) => d.shape !== undefined && d.scan !== undefined)
      .map((d) => ({ detector: d, bit: SHAPE_BITS[d.shape!] }));
    this.#wantedShapes = this.#shaped.reduce((m, s) => m | s.bit, 0);
    this.#unkeyedCustom = policy.custom.filter((c) => c.keywords.length === 0);
  }

  /** Scans and rebuilds `text` (already within the scan-length budget). `path` is the normalized key context. */
  scan(text: string, path: string, report: RedactionReport | undefined): string {
    // No built-in detector matches fewer than 5 characters (`pwd=x`; `a@b.co` is 6): skip tiny strings outright.
    if (text.length < MIN_BUILTIN_MATCH && this.#unkeyedCustom.length === 0 && this.#policy.custom.length === 0)
      return text;
    let ctx: Context | null = null;
    const trigger = this.#trigger;
    try {
      if (trigger !== null) {
        trigger.lastIndex = 0;
        // Per detector: the position before which its further hits are redundant (bounded work per string).
        let skip: Int32Array | null = null;
        for (let m = trigger.exec(text); m !== null; m = trigger.exec(text)) {
          const spelling = this.#spelling(m[0]);
          const index = m.index;
          ctx ??= this.#context(text, path);
          skip ??= new Int32Array(this.#triggerDetectors);
          for (const { detector, slot } of spelling.targets) {
            if ((skip[slot] as number) > index) continue;
            const next = detector.onTrigger?.(ctx, index, spelling.literal);
            if (next !== undefined) skip[slot] = next;
          }
          ctx.check();
          trigger.lastIndex = index + 1;
        }
      }
      if (this.#wantedShapes !== 0) {
        // Short strings: flags only (early exit). Long strings: candidate positions, so detectors scan windows.
        const candidates: ShapeCandidates | undefined =
          text.length > WINDOWED_MIN_LENGTH ? { card: [], ssn: [], iban: [], ip: [] } : undefined;
        const shapes = scanShapes(text, this.#wantedShapes, candidates);
        if (shapes !== 0) {
          for (const { detector, bit } of this.#shaped) {
            if ((shapes & bit) === 0) continue;
            ctx ??= this.#context(text, path);
            const shape = detector.shape as ShapeName;
            const positions = shape === 'at' || candidates === undefined ? null : candidates[shape];
            if (positions === null || shape === 'at') detector.scan!(ctx);
            else scanWindows(detector, ctx, positions, SHAPE_WINDOWS[shape]);
            ctx.check();
          }
        }
      }
      for (const d of this.#gated) {
        if (!d.gate!.test(text)) continue;
        ctx ??= this.#context(text, path);
        d.scan!(ctx);
        ctx.check();
      }
      for (const c of this.#unkeyedCustom) {
        ctx ??= this.#context(text, path);
        runCustom(c, ctx, 0, text.length);
        ctx.check();
      }
    } catch (e) {
      if (!(e instanceof TooManyFindings)) throw e;
      bump(report?.budget ?? new Map(), 'too_many_findings');
      if (report) bump(report.findings, 'TOO_MANY_FINDINGS:redact');
      return '[REDACTED:TOO_MANY_FINDINGS]';
    } finally {
      if (trigger !== null) trigger.lastIndex = 0;
    }
    if (ctx === null || ctx.out.length === 0) return text;
    return this.#rebuild(text, ctx.out, report);
  }

  #spelling(seen: string): { literal: string; targets: TriggerTarget[] } {
    let entry = this.#bySpelling.get(seen);
    if (entry === undefined) {
      const literal = seen.toLowerCase();
      entry = { literal, targets: this.#byLiteral.get(literal) ?? [] };
      if (this.#bySpelling.size < 4096) this.#bySpelling.set(seen, entry);
    }
    return entry;
  }

  #context(text: string, path: string): Context {
    const policy = this.#policy;
    return new Context(
      text,
      path,
      this.#classifier,
      policy.limits.maxFindingsPerString,
      policy.keepJwtHeaderFields,
      policy.keepPrivateIps,
      (c) => policy.keyClassActions[c],
    );
  }

  #allowed(f: Finding, value: string): boolean {
    const p = this.#policy;
    if (p.allowLiterals.size > 0) {
      if (p.allowLiterals.has(value)) return true;
      if (f.valueType === 'card' && p.allowLiterals.has(value.replace(/\D/g, ''))) return true;
      if (f.valueType === 'email' && p.allowLiterals.has(value.toLowerCase())) return true;
    }
    if (f.valueType === 'email' && p.allowEmailDomains.length > 0) {
      const domain = value.slice(value.lastIndexOf('@') + 1).toLowerCase();
      if (p.allowEmailDomains.some((d) => domain === d || domain.endsWith(`.${d}`))) return true;
    }
    for (const re of p.allowPatterns) if (re.test(value)) return true;
    return false;
  }

  #rebuild(text: string, found: Finding[], report: RedactionReport | undefined): string {
    const kept = found.filter((f) => !this.#allowed(f, text.slice(f.start, f.end)));
    if (kept.length === 0) return text;
    const accepted = resolveOverlaps(kept);
    const parts: string[] = [];
    let pos = 0;
    for (const f of accepted) {
      const action: Action =
        f.action ?? this.#policy.detectors.get(f.detector)?.action ?? customAction(this.#policy, f.detector);
      parts.push(text.slice(pos, f.start));
      parts.push(renderReplacement(action, f.label, f.valueType, text.slice(f.start, f.end), this.#pseudonymizer));
      pos = f.end;
      if (report) bump(report.findings, `${f.detector}:${action}`);
    }
    parts.push(text.slice(pos));
    return parts.join('');
  }
}

/** Orders two overlapping findings: the more specific detector wins (secret > PII > generic), then the longer span. */
function better(a: Finding, b: Finding): number {
  return a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/**
 * Overlap resolution in O(n log n + Σ cluster²): findings are grouped into clusters of transitively overlapping
 * spans; inside a cluster the best findings are accepted greedily. Returns non-overlapping findings sorted by start.
 */
function resolveOverlaps(found: Finding[]): Finding[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const accepted: Finding[] = [];
  let i = 0;
  while (i < found.length) {
    let j = i + 1;
    let clusterEnd = found[i]!.end;
    while (j < found.length && found[j]!.start < clusterEnd) clusterEnd = Math.max(clusterEnd, found[j++]!.end);
    if (j === i + 1) accepted.push(found[i]!);
    else {
      const cluster = found.slice(i, j).sort(better);
      const chosen: Finding[] = [];
      for (const f of cluster) if (!chosen.some((a) => a.start < f.end && f.start < a.end)) chosen.push(f);
      chosen.sort((a, b) => a.start - b.start);
      for (const f of chosen) accepted.push(f);
    }
    i = j;
  }
  return accepted;
}

function customAction(policy: ResolvedPolicy, name: string): Action {
  return policy.custom.find((c) => c.name === name)?.action ?? 'redact';
}

class Context implements ScanContext {
  readonly out: Finding[] = [];
  runOwner: object | null = null;
  runFrom = 0;
  runEnd = 0;
  constructor(
    readonly text: string,
    readonly path: string,
    readonly classifier: KeyClassifier,
    readonly maxFindings: number,
    readonly keepJwtHeaderFields: readonly ('alg' | 'kid')[],
    readonly keepPrivateIps: boolean,
    readonly keyClassAction: (c: KeyClass) => Action,
  ) {}
  check(): void {
    if (this.out.length > this.maxFindings) throw new TooManyFindings();
  }
}

/** Runs a shape detector over merged windows around its candidate positions (sorted ascending). */
function scanWindows(
  detector: Detector,
  ctx: ScanContext,
  positions: number[],
  window: { back: number; forward: number },
): void {
  const n = ctx.text.length;
  let i = 0;
  while (i < positions.length) {
    const from = Math.max(0, (positions[i] as number) - window.back);
    let to = Math.min(n, (positions[i] as number) + window.forward);
    i++;
    while (i < positions.length && (positions[i] as number) - window.back <= to) {
      to = Math.min(n, (positions[i] as number) + window.forward);
      i++;
    }
    detector.scan!(ctx, from, to);
  }
}

function customAsDetector(c: CompiledCustomDetector): Detector {
  return {
    name: c.name,
    id: c.name,
    category: 'generic',
    defaultAction: c.action,
    defaultEnabled: true,
    triggers: c.keywords,
    patterns: [c.re],
    onTrigger(ctx, index) {
      const from = Math.max(0, index - CUSTOM_WINDOW_BACK);
      const to = Math.min(ctx.text.length, index + CUSTOM_WINDOW_FORWARD);
      runCustom(c, ctx, from, to);
      return to;
    },
  };
}

/** Runs a custom pattern over `text[from, to)`; validators may throw (the caller fails closed). */
function runCustom(c: CompiledCustomDetector, ctx: ScanContext, from: number, to: number): void {
  const window = from === 0 && to === ctx.text.length ? ctx.text : ctx.text.slice(from, to);
  const re = c.re;
  re.lastIndex = 0;
  for (let m = re.exec(window); m !== null; m = re.exec(window)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (c.validate !== undefined && !c.validate(m[0])) continue;
    ctx.out.push({
      start: from + m.index,
      end: from + m.index + m[0].length,
      detector: c.name,
      label: c.name,
      valueType: c.name.toLowerCase(),
      priority: PRIORITY.generic,
      action: c.action,
    });
    if (ctx.out.length > 100_000) break;
  }
}
