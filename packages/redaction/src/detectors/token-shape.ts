import {
  type Detector,
  finding,
  isAlnum,
  leftBoundary,
  matchAt,
  rightBoundary,
  type ScanContext,
} from '../internal/detector.js';

/** One fixed-prefix token shape: the sticky regex starts at the trigger literal (minus `back` characters). */
export interface TokenShape {
  triggers: string[];
  re: RegExp;
  label: string;
  /** Characters between the token start and the trigger literal (`sk_live_` triggers on `k_live_`). */
  back?: number;
  /** Require a non-word character before the token (and `-` for base64url alphabets). */
  boundary?: 'word' | 'dash' | 'none';
  /** Require a non-word character after the token. */
  endBoundary?: boolean;
  validate?: (token: string, ctx: ScanContext, start: number) => boolean;
  /**
   * Set when `re` is exactly `<prefix of fixed length>` + characters of one class, `{min,max}` of them, and nothing
   * after (a first character of a narrower class is fine): the end of a match is then known from the run of class
   * characters, so hits inside one long run (`xoxb-xoxb-…`) are rejected by the end-boundary rule without running
   * the regex (each run is walked once per string).
   */
  tail?: { prefix: number; max: number; inClass: (c: number) => boolean };
}

/**
 * A shape with every option resolved: all shapes share one object layout, so the per-hit property reads in
 * `onTrigger` stay monomorphic (dense adversarial inputs call it once every few characters).
 */
interface ResolvedShape {
  re: RegExp;
  label: string;
  back: number;
  boundary: 'word' | 'dash' | 'none';
  endBoundary: boolean;
  validate: ((token: string, ctx: ScanContext, start: number) => boolean) | null;
  tail: { prefix: number; max: number; inClass: (c: number) => boolean } | null;
}

function resolveShape(s: TokenShape): ResolvedShape {
  return {
    re: s.re,
    label: s.label,
    back: s.back ?? 0,
    boundary: s.boundary ?? 'word',
    endBoundary: s.endBoundary ?? true,
    validate: s.validate ?? null,
    tail: s.tail ?? null,
  };
}

/** Where a `tail` shape's match starting at `start` would end (ignoring its prefix and minimum length). */
function tailEnd(ctx: ScanContext, tail: NonNullable<ResolvedShape['tail']>, start: number): number {
  const text = ctx.text;
  const from = start + tail.prefix;
  // The run cache lives in the scan's context: one slot, owned by the character class of the last walked run, so
  // shapes of one class that share a trigger (`xox…`) reuse it instead of walking the run in turn.
  if (ctx.runOwner !== tail.inClass || from < ctx.runFrom || from > ctx.runEnd) {
    let end = from;
    while (end < text.length && tail.inClass(text.charCodeAt(end))) end++;
    ctx.runOwner = tail.inClass;
    ctx.runFrom = from;
    ctx.runEnd = end;
  }
  return Math.min(ctx.runEnd, from + tail.max);
}

/** ASCII letter, digit or `-`. */
export function isAlnumDash(c: number): boolean {
  return isAlnum(c) || c === 45;
}

/**
 * Random-looking: at least one digit, one upper-case and one lower-case letter. Vendor keys are random base62/base64
 * strings, which almost always mix all three past ~30 characters; identifiers and words that share a prefix
 * (`SG.Helpers…`, `ghs_build_status_…`) rarely do.
 */
export function mixesCases(token: string): boolean {
  let digit = false;
  let upper = false;
  let lower = false;
  for (let i = 0; i < token.length && !(digit && upper && lower); i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
  }
  return digit && upper && lower;
}

/** At least one ASCII digit. */
export function hasDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Builds a trigger detector from fixed-prefix token shapes (one entry of the detector table). */
export function shapeDetector<N extends string>(name: N, id: string, shapes: TokenShape[]): Detector<N> {
  const byTrigger = new Map<string, ResolvedShape[]>();
  for (const shape of shapes) {
    const s = resolveShape(shape);
    for (const t of shape.triggers) byTrigger.set(t, [...(byTrigger.get(t) ?? []), s]);
  }
  const d: Detector<N> = {
    name,
    id,
    category: 'secret',
    defaultAction: 'redact',
    defaultEnabled: true,
    selfEvident: true,
    triggers: [...byTrigger.keys()],
    patterns: shapes.map((s) => s.re),
    onTrigger(ctx, index, literal) {
      let skip: number | undefined;
      for (const s of byTrigger.get(literal) ?? []) {
        const start = index - s.back;
        if (s.boundary !== 'none' && !leftBoundary(ctx.text, start, s.boundary === 'dash')) continue;
        const tail = s.tail;
        if (tail !== null && s.endBoundary && !rightBoundary(ctx.text, tailEnd(ctx, tail, start))) continue;
        const m = matchAt(s.re, ctx.text, start);
        if (m === null) continue;
        const end = start + m[0].length;
        // Hits inside an over-long run cost at most the shape's bounded length each (no skip: a max-length match
        // that ends before a `-` is valid, so skipping inside runs could hide a token).
        if (s.endBoundary && !rightBoundary(ctx.text, end)) continue;
        if (s.validate !== null && !s.validate(m[0], ctx, start)) continue;
        ctx.out.push(finding(d, start, end, s.label));
        skip = Math.max(skip ?? 0, end);
      }
      return skip;
    },
  };
  return d;
}
