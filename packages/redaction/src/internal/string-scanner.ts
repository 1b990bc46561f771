import { BUILTIN_DETECTORS } from '../detectors/registry.js';
import type { CompiledCustomDetector, ResolvedPolicy } from '../policy.js';
import type { Pseudonymizer } from '../pseudonymizer.js';
import type { Action, RedactionReport } from '../types.js';
import { customAction, customAsDetector, runCustom } from './custom-detectors.js';
import { decodeView } from './decoded-view.js';
import type { Detector, Finding } from './detector.js';
import type { KeyClassifier } from './key-classifier.js';
import { resolveOverlaps } from './overlaps.js';
import {
  type MemoryHolder,
  MIN_REMEMBERED_LENGTH,
  memoryOf,
  type RenderTemplate,
  rememberIn,
} from './record-memory.js';
import { renderReplacement } from './replacement.js';
import { Context, scanWindows, TooManyFindings } from './scan-context.js';
import {
  SHAPE_BITS,
  SHAPE_ESCAPE,
  SHAPE_WINDOWS,
  type ShapeCandidates,
  type ShapeName,
  scanText,
} from './shape-prefilter.js';
import { type TriggerHits, TriggerIndex } from './trigger-index.js';

interface TriggerTarget {
  detector: Detector;
  /** Index into the per-scan skip table. */
  slot: number;
}

const MIN_BUILTIN_MATCH = 5;
/** Strings longer than this get windowed shape scans (shorter ones are scanned whole: windows would not pay). */
const WINDOWED_MIN_LENGTH = 512;

function newCandidates(): ShapeCandidates {
  return { card: [], ssn: [], iban: [], ip: [] };
}

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Per-call options of a scan (the walker passes its per-record budget, which has these fields). */
export interface ScanOptions extends MemoryHolder {
  /** Counts go to `<prefix><detector>:<action>` (key names count as `KEY.<detector>`). */
  countPrefix: string;
}

/** A scanned prefix: the rebuilt text and where it ends in the input (past `keep` when a finding straddles it). */
export interface ScannedPrefix {
  out: string;
  end: number;
}

/**
 * The string scan pipeline (docs/design/redaction.md#string-scanner): one character pass that finds the value shapes
 * and every occurrence of the trigger literals together (`shape-prefilter.ts`, `trigger-index.ts`; a case-insensitive
 * alternation regex only when a custom keyword cannot be indexed) plus cheap gates → detectors only at trigger hits /
 * on gated strings → validators → allowlist → overlap resolution → one rebuild.
 * A string with no trigger hit and no open gate returns by identity without allocating.
 */
export class StringScanner {
  readonly #policy: ResolvedPolicy;
  readonly #classifier: KeyClassifier;
  readonly #pseudonymizer: Pseudonymizer;
  /** The trigger literals, found by the one character pass (`null`: none, or one it cannot index). */
  readonly #triggers: TriggerIndex | null;
  /** Targets of each literal of `#triggers`, by literal id. */
  readonly #targetsById: TriggerTarget[][] = [];
  /** Fallback when a custom keyword cannot be indexed (non-ASCII, one character): one alternation regex. */
  readonly #trigger: RegExp | null;
  readonly #byLiteral = new Map<string, TriggerTarget[]>();
  /** The same lists keyed by the exact spelling seen in text (skips `toLowerCase` on repeated spellings). */
  readonly #bySpelling = new Map<string, { literal: string; targets: TriggerTarget[] }>();
  #triggerDetectors = 0;
  /**
   * The skip table of the next scan, reused: allocating a typed array per string with trigger hits was ~4% of W8.
   * Taken (set to null) while a scan uses it, so a scan reentered from a custom detector gets a fresh one.
   */
  #spareSkip: Int32Array | null = null;
  readonly #gated: Detector[];
  readonly #shaped: { detector: Detector; bit: number }[];
  readonly #wantedShapes: number;
  readonly #unkeyedCustom: CompiledCustomDetector[];
  readonly #selfEvident: ReadonlySet<string> = new Set(
    BUILTIN_DETECTORS.filter((d) => d.selfEvident === true).map((d) => d.name),
  );

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
    this.#triggers = sorted.length > 0 ? TriggerIndex.of(sorted) : null;
    if (this.#triggers !== null) {
      for (const lit of this.#triggers.literals) this.#targetsById.push(this.#byLiteral.get(lit) ?? []);
    }
    this.#trigger =
      sorted.length > 0 && this.#triggers === null ? new RegExp(sorted.map(escapeLiteral).join('|'), 'gi') : null;
    this.#gated = enabled.filter((d) => d.gate !== undefined && d.scan !== undefined);
    this.#shaped = enabled
      .filter((d) => d.shape !== undefined && d.scan !== undefined)
      .map((d) => ({ detector: d, bit: SHAPE_BITS[d.shape!] }));
    this.#wantedShapes = this.#shaped.reduce((m, s) => m | s.bit, 0);
    this.#unkeyedCustom = policy.custom.filter((c) => c.keywords.length === 0);
  }

  /** Where the output of the last `#run` ends in its input (read by `scanPrefix`; `#run` allocates no result). */
  #end = 0;

  /** Scans and rebuilds `text` (already within the scan-length budget). `path` is the normalized key context. */
  scan(text: string, path: string, report: RedactionReport | undefined, opts?: ScanOptions): string {
    return this.#run(text, text.length, path, report, opts);
  }

  /**
   * Scans all of `text` but rebuilds only what starts before `keep`: a finding that starts before `keep` is
   * replaced whole even when it reaches past it, so a value straddling a cut never survives in part. Strings with
   * escapes (`%40`, `\u0040`) are scanned in their decoded view and findings mapped back to the escaped spans.
   */
  scanPrefix(
    text: string,
    keep: number,
    path: string,
    report: RedactionReport | undefined,
    opts?: ScanOptions,
  ): ScannedPrefix {
    const out = this.#run(text, keep, path, report, opts);
    return { out, end: this.#end };
  }

  #run(text: string, keep: number, path: string, report: RedactionReport | undefined, opts?: ScanOptions): string {
    this.#end = keep;
    // Values found so far in the record: searched for in this string, and extended with what it reveals.
    const holder: MemoryHolder = opts ?? { memory: null, pendingValue: null, pendingRender: null };
    // No built-in detector matches fewer than 5 characters (`pwd=x`; `a@b.co` is 6), nor a remembered value.
    if (text.length < MIN_BUILTIN_MATCH && this.#policy.custom.length === 0) return text;
    // One character pass records the value shapes, where the trigger literals occur, and whether the string holds
    // escapes or look-alikes (`%`, `\`, `&`, full-width or invisible characters: then the decoded view is read
    // again, and only that reading counts).
    const triggers = this.#triggers;
    let candidates = text.length > WINDOWED_MIN_LENGTH ? newCandidates() : undefined;
    let shapes = scanText(text, this.#wantedShapes | SHAPE_ESCAPE, triggers, candidates);
    let hits = triggers === null ? null : triggers.takeHits();
    const view = (shapes & SHAPE_ESCAPE) === 0 ? null : decodeView(text);
    const scanned = view === null ? text : view.text;
    if (view !== null) {
      candidates = scanned.length > WINDOWED_MIN_LENGTH ? newCandidates() : undefined;
      shapes = scanText(scanned, this.#wantedShapes, triggers, candidates);
      hits = triggers === null ? null : triggers.takeHits();
    }
    let ctx: Context | null;
    const before = holder.memory !== null ? holder.memory.values.length : holder.pendingValue !== null ? 1 : 0;
    try {
      ctx = this.#detect(scanned, path, shapes & this.#wantedShapes, candidates, hits);
      // Values found by context (`password=…`, headers) are remembered, so that later strings — and other spellings
      // in this one — are searched for them. Values of earlier strings are searched in every spelling; this string's
      // own values in their clear spelling only when the string had escapes (a percent-encoded copy decodes to it).
      if (ctx !== null && ctx.out.length > 0) this.#remember(scanned, ctx.out, holder);
      const after = holder.memory !== null ? holder.memory.values.length : holder.pendingValue !== null ? 1 : 0;
      // Earlier values: always searched. This string's own values: only their other spellings, which need a `+`
      // or `\` in the string, or an escape decoded (then a copy reads like the value itself).
      const searchOwn = after > before && (view !== null || scanned.includes('+') || scanned.includes('\\'));
      const pending = holder.pendingValue;
      const searchOld =
        before > 0 &&
        (holder.memory !== null ? holder.memory.fits(scanned) : pending !== null && scanned.length >= pending.length);
      const memory = searchOld || searchOwn ? memoryOf(holder) : null;
      if (memory?.fits(scanned)) {
        ctx ??= this.#context(scanned, path);
        const limit = this.#policy.limits.maxFindingsPerString;
        if (searchOld) memory.find(scanned, ctx.out, limit, 0, before, true);
        if (searchOwn) memory.find(scanned, ctx.out, limit, before, memory.values.length, view !== null);
        ctx.check();
      }
    } catch (e) {
      if (!(e instanceof TooManyFindings)) throw e;
      bump(report?.budget ?? new Map(), 'too_many_findings');
      if (report) bump(report.findings, `${opts?.countPrefix ?? ''}TOO_MANY_FINDINGS:redact`);
      this.#end = text.length;
      return '[REDACTED:TOO_MANY_FINDINGS]';
    }
    if (ctx === null || ctx.out.length === 0) return keep === text.length ? text : text.slice(0, keep);
    return this.#rebuild(text, scanned, view?.at ?? null, ctx.out, keep, report, opts?.countPrefix ?? '');
  }

  /** Remembers the values of context-found findings (not self-evident ones, not allowlisted ones). */
  #remember(scanned: string, found: readonly Finding[], holder: MemoryHolder): void {
    for (const f of found) {
      if (this.#selfEvident.has(f.detector) || f.end - f.start < MIN_REMEMBERED_LENGTH) continue;
      const value = scanned.slice(f.start, f.end);
      if (this.#allowed(f, value)) continue;
      // The finding itself is the render template of its copies (its action resolved now; rendering is the same).
      f.action ??= this.#actionOf(f);
      rememberIn(holder, value, f as RenderTemplate);
    }
  }

  #actionOf(f: Finding): Action {
    return f.action ?? this.#policy.detectors.get(f.detector)?.action ?? customAction(this.#policy, f.detector);
  }

  /**
   * Runs the detectors over `text` (`shapes`: its shape flags; `candidates`: positions for windowed scans of long
   * strings; `hits`: where its trigger literals occur); returns the context with its findings, or null when nothing
   * ran.
   */
  #detect(
    text: string,
    path: string,
    shapes: number,
    candidates: ShapeCandidates | undefined,
    hits: TriggerHits | null,
  ): Context | null {
    let ctx: Context | null = null;
    const trigger = this.#trigger;
    // Per detector: the position before which its further hits are redundant (bounded work per string).
    let skip: Int32Array | null = null;
    try {
      if (hits !== null) {
        const literals = (this.#triggers as TriggerIndex).literals;
        skip = this.#takeSkip();
        ctx = this.#context(text, path);
        for (let h = 0; h < hits.length; h += 2) {
          const index = hits[h] as number;
          const id = hits[h + 1] as number;
          const literal = literals[id] as string;
          const targets = this.#targetsById[id] as TriggerTarget[];
          for (let t = 0; t < targets.length; t++) {
            const { detector, slot } = targets[t] as TriggerTarget;
            if ((skip[slot] as number) > index) continue;
            const next = detector.onTrigger?.(ctx, index, literal);
            if (next !== undefined) skip[slot] = next;
          }
          ctx.check();
        }
      } else if (trigger !== null) {
        trigger.lastIndex = 0;
        for (let m = trigger.exec(text); m !== null; m = trigger.exec(text)) {
          const spelling = this.#spelling(m[0]);
          const index = m.index;
          ctx ??= this.#context(text, path);
          const table: Int32Array = skip ?? this.#takeSkip();
          skip = table;
          for (const { detector, slot } of spelling.targets) {
            if ((table[slot] as number) > index) continue;
            const next = detector.onTrigger?.(ctx, index, spelling.literal);
            if (next !== undefined) table[slot] = next;
          }
          ctx.check();
          trigger.lastIndex = index + 1;
        }
      }
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
    } finally {
      if (trigger !== null) trigger.lastIndex = 0;
      if (skip !== null) this.#spareSkip = skip;
    }
    return ctx;
  }

  /** A zeroed skip table: the spare one when no scan holds it. */
  #takeSkip(): Int32Array {
    const spare = this.#spareSkip;
    if (spare === null) return new Int32Array(this.#triggerDetectors);
    this.#spareSkip = null;
    spare.fill(0);
    return spare;
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

  /**
   * Replaces accepted findings (positions in `scanned`, mapped to `text` through `at` when it is a decoded view)
   * up to `keep`, and counts them.
   */
  #rebuild(
    text: string,
    scanned: string,
    at: readonly number[] | null,
    found: Finding[],
    keep: number,
    report: RedactionReport | undefined,
    countPrefix: string,
  ): string {
    const kept = found.filter((f) => !this.#allowed(f, f.remembered ?? scanned.slice(f.start, f.end)));
    const accepted = resolveOverlaps(kept);
    const parts: string[] = [];
    let pos = 0;
    for (const f of accepted) {
      const start = at === null ? f.start : (at[f.start] as number);
      if (start >= keep) break;
      const value = f.remembered ?? scanned.slice(f.start, f.end);
      const action = this.#actionOf(f);
      parts.push(text.slice(pos, start));
      parts.push(renderReplacement(action, f.label, f.valueType, value, this.#pseudonymizer));
      pos = at === null ? f.end : (at[f.end] as number);
      if (report) bump(report.findings, `${countPrefix}${f.detector}:${action}`);
    }
    if (pos === 0 && parts.length === 0) return keep === text.length ? text : text.slice(0, keep);
    if (pos < keep) parts.push(text.slice(pos, keep));
    this.#end = Math.max(pos, keep);
    return parts.join('');
  }
}
