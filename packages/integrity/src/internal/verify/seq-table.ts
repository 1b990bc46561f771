const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
const DIGEST = 32;
/** Distinct digests remembered per conflicting seq (more are counted, not kept). */
const MAX_CONFLICT_VARIANTS = 8;

/** Per-seq flags. */
export const SEEN = 1;
export const DUPLICATE = 2;
export const CONFLICTING = 4;
export const SIGNED = 8;
export const SIGNED_CONFLICT = 16;

interface Page {
  /**
   * One digest per slot: the signed digest when a leaf list covered the seq, else the observed one. An observed digest
   * that differs from the signed one (tampering) is kept in the side map instead, so a clean archive costs 32 bytes
   * per record rather than 64.
   */
  digest: Uint8Array;
  flags: Uint8Array;
  /** Copies seen per slot beyond the first (saturating). */
  extra: Uint8Array;
  locFile: Uint16Array;
  locLine: Uint32Array;
  /**
   * A sparse page: the index within the page that each used slot holds (found by a scan). `undefined` once the page
   * is dense: slot = index. Pages start sparse so that a stream with a handful of records — a forged stream id costs
   * an attacker one short record — takes a few hundred bytes, not a 40 KB page.
   */
  keys: Uint16Array | undefined;
  used: number;
}

/** Slots of a new sparse page; it doubles up to {@link SPARSE_MAX_SLOTS}, then becomes dense. */
const SPARSE_FIRST_SLOTS = 4;
const SPARSE_MAX_SLOTS = 32;

/**
 * A page whose arrays are views into one buffer: an ArrayBuffer costs a header and a separately allocated backing store
 * each, which made up most of a small sparse page when every array had its own.
 */
function newPage(slots: number, sparse: boolean): Page {
  // Widest elements first, so that every view starts at a multiple of its element size.
  const lineAt = slots * DIGEST;
  const fileAt = lineAt + slots * 4;
  const keyAt = fileAt + slots * 2;
  const flagAt = keyAt + (sparse ? slots * 2 : 0);
  const buffer = new ArrayBuffer(flagAt + slots * 2);
  return {
    digest: new Uint8Array(buffer, 0, slots * DIGEST),
    locLine: new Uint32Array(buffer, lineAt, slots),
    locFile: new Uint16Array(buffer, fileAt, slots),
    keys: sparse ? new Uint16Array(buffer, keyAt, slots) : undefined,
    flags: new Uint8Array(buffer, flagAt, slots),
    extra: new Uint8Array(buffer, flagAt + slots, slots),
    used: 0,
  };
}

/** What {@link SeqTable} points at before its first lookup. */
const NO_PAGE = newPage(0, false);

/** Moves the used slots of `from` to `to` (dense: at their index; sparse: in order). */
function copySlots(from: Page, to: Page): void {
  for (let slot = 0; slot < from.used; slot++) {
    const at = to.keys === undefined ? from.keys![slot]! : slot;
    if (to.keys !== undefined) to.keys[slot] = from.keys![slot]!;
    to.digest.set(from.digest.subarray(slot * DIGEST, (slot + 1) * DIGEST), at * DIGEST);
    to.flags[at] = from.flags[slot]!;
    to.extra[at] = from.extra[slot]!;
    to.locFile[at] = from.locFile[slot]!;
    to.locLine[at] = from.locLine[slot]!;
  }
  to.used = from.used;
}

/** A copy of a digest that owns its memory (never a view into a pooled buffer). */
function own(d: Uint8Array): Uint8Array {
  return new Uint8Array(d);
}

/**
 * Bounded per-stream state indexed by seq: one 32-byte digest (signed, else observed), a few flag bits and where the
 * record was first read, about 40 bytes per record. Storage is paged by 1024 seqs, so a forged huge seq costs one
 * page rather than a giant array, and record bodies are never kept.
 */
export class SeqTable {
  /**
   * Pages by key (seq / 1024), made when a second page opens: until then the only page is {@link cached}. Most
   * streams an attacker can forge hold one record, and a map costs more than their page.
   */
  private pages: Map<number, Page> | undefined;
  private pageCount = 0;
  /** The page of the last lookup and its key (-1: none; seqs are ≥ 0): records come in seq order, so most hit it. */
  private cachedKey = -1;
  private cached: Page = NO_PAGE;
  /** Digests of conflicting copies per seq (made on first conflict, like {@link mismatched}: both are rare). */
  private conflicts: Map<number, Uint8Array[]> | undefined;
  /** Observed digests that differ from the signed digest of their seq. */
  private mismatched: Map<number, Uint8Array> | undefined;
  /** Largest seq with any information (observed or signed), -1 when empty. */
  maxSeq = -1;
  minObserved = Number.POSITIVE_INFINITY;
  maxObserved = -1;

  /** Records observed (first copies): pages allocated for unsigned seqs are budgeted against it. */
  private observedCount = 0;

  /**
   * Whether an unsigned record may open a new page: forged records with far-away seqs must not cost a page (up to
   * 40 KB once dense) each. Real streams are dense (seqs are contiguous), so at least 16 records per page on average are required
   * once 256 pages exist.
   */
  private mayOpenPage(seq: number): boolean {
    return this.pageCount < 256 || this.pageCount * 16 <= this.observedCount || this.page(seq, false) !== undefined;
  }

  private page(seq: number, create: true): Page;
  private page(seq: number, create: false): Page | undefined;
  private page(seq: number, create: boolean): Page | undefined {
    const key = Math.floor(seq / PAGE_SIZE);
    if (key === this.cachedKey) return this.cached;
    let p = this.pages?.get(key);
    if (!p && create) {
      p = newPage(SPARSE_FIRST_SLOTS, true);
      if (this.pageCount === 1) this.pages = new Map([[this.cachedKey, this.cached]]);
      this.pages?.set(key, p);
      this.pageCount++;
    }
    if (p) {
      this.cachedKey = key;
      this.cached = p;
    }
    return p;
  }

  /** The slot of `seq` in its page, made when `create` (the page grows or turns dense); -1 when it has none. */
  private slot(p: Page, seq: number, create: boolean): number {
    const i = seq & PAGE_MASK;
    const keys = p.keys;
    if (keys === undefined) return i;
    for (let slot = 0; slot < p.used; slot++) if (keys[slot] === i) return slot;
    if (!create) return -1;
    if (p.used === keys.length) {
      const grown = keys.length < SPARSE_MAX_SLOTS ? newPage(keys.length * 2, true) : newPage(PAGE_SIZE, false);
      copySlots(p, grown);
      Object.assign(p, grown);
      if (p.keys === undefined) return i;
    }
    p.keys![p.used] = i;
    return p.used++;
  }

  /**
   * Records one observed copy of `seq` with digest `d`. Returns what happened: the first copy, an identical duplicate,
   * a conflicting copy (different digest at the same seq), or `rejected` when the seq lies so far from every other
   * that storing it would break the memory bound (see `mayOpenPage`).
   */
  observe(seq: number, d: Uint8Array, file: number, line: number): 'first' | 'duplicate' | 'conflict' | 'rejected' {
    if (!this.mayOpenPage(seq)) return 'rejected';
    const p = this.page(seq, true);
    const i = this.slot(p, seq, true);
    const off = i * DIGEST;
    if (seq > this.maxSeq) this.maxSeq = seq;
    if (seq < this.minObserved) this.minObserved = seq;
    if (seq > this.maxObserved) this.maxObserved = seq;
    const f = p.flags[i]!;
    if ((f & SEEN) === 0) {
      this.observedCount++;
      if ((f & SIGNED) === 0) p.digest.set(d, off);
      else if (!equalAt(p.digest, off, d)) this.mismatch(seq, own(d));
      p.flags[i] = f | SEEN;
      p.locFile[i] = file;
      p.locLine[i] = line;
      return 'first';
    }
    if (p.extra[i]! < 255) p.extra[i]!++;
    const first = this.observed(seq)!;
    if (equalAt(first, 0, d)) {
      p.flags[i] = f | DUPLICATE;
      if ((f & CONFLICTING) === 0) return 'duplicate';
    }
    this.conflicts ??= new Map();
    let variants = this.conflicts.get(seq);
    if (!variants) {
      variants = [own(first)];
      this.conflicts.set(seq, variants);
    }
    if (!variants.some((v) => equalAt(v, 0, d))) {
      if (variants.length < MAX_CONFLICT_VARIANTS) variants.push(own(d));
      p.flags[i] = p.flags[i]! | CONFLICTING;
      return 'conflict';
    }
    return (p.flags[i]! & CONFLICTING) !== 0 ? 'conflict' : 'duplicate';
  }

  /** Stores the digest a signed leaf list gives for `seq`; a different digest from another checkpoint is flagged. */
  sign(seq: number, d: Uint8Array): void {
    const p = this.page(seq, true);
    const i = this.slot(p, seq, true);
    const off = i * DIGEST;
    if (seq > this.maxSeq) this.maxSeq = seq;
    const f = p.flags[i]!;
    if ((f & SIGNED) !== 0) {
      if (!equalAt(p.digest, off, d)) p.flags[i] = f | SIGNED_CONFLICT;
      return;
    }
    if ((f & SEEN) !== 0 && !equalAt(p.digest, off, d)) this.mismatch(seq, p.digest.slice(off, off + DIGEST));
    p.digest.set(d, off);
    p.flags[i] = f | SIGNED;
  }

  /**
   * Replaces a provisionally observed digest of `seq` by its corrected value (all copies that had it). Copies that
   * now agree stop being a conflict.
   */
  replace(seq: number, before: Uint8Array, after: Uint8Array): void {
    const i = this.locate(seq);
    const p = this.located;
    if (i < 0 || (p.flags[i]! & SEEN) === 0) return;
    const off = i * DIGEST;
    const signed = (p.flags[i]! & SIGNED) !== 0;
    const current = this.observed(seq)!;
    if (equalAt(current, 0, before)) {
      if (!signed) p.digest.set(after, off);
      else if (equalAt(p.digest, off, after)) this.mismatched?.delete(seq);
      else this.mismatch(seq, own(after));
    }
    const variants = this.conflicts?.get(seq);
    if (!variants) return;
    const merged: Uint8Array[] = [];
    for (const v of variants) {
      const w = equalAt(v, 0, before) ? after : v;
      if (!merged.some((m) => equalAt(m, 0, w))) merged.push(own(w));
    }
    if (merged.length <= 1) {
      this.conflicts!.delete(seq);
      p.flags[i] = (p.flags[i]! & ~CONFLICTING) | DUPLICATE;
    } else {
      this.conflicts!.set(seq, merged);
    }
  }

  /** Keeps the observed digest of `seq` that differs from its signed one. */
  private mismatch(seq: number, observed: Uint8Array): void {
    this.mismatched ??= new Map();
    this.mismatched.set(seq, observed);
  }

  /** The page {@link locate} found (set by it; read right after the call). */
  private located: Page = NO_PAGE;

  /** The slot of `seq`, its page in {@link located}; -1 when nothing is known about it. No allocation per call. */
  private locate(seq: number): number {
    const page = this.page(seq, false);
    if (!page) return -1;
    this.located = page;
    return this.slot(page, seq, false);
  }

  flags(seq: number): number {
    const i = this.locate(seq);
    return i < 0 ? 0 : this.located.flags[i]!;
  }

  /** Copies of `seq` seen beyond the first (saturates at 255). */
  extraCopies(seq: number): number {
    const i = this.locate(seq);
    return i < 0 ? 0 : this.located.extra[i]!;
  }

  /** The observed digest (first copy), or undefined when the seq was not seen. */
  observed(seq: number): Uint8Array | undefined {
    const i = this.locate(seq);
    const p = this.located;
    if (i < 0 || (p.flags[i]! & SEEN) === 0) return undefined;
    return this.mismatched?.get(seq) ?? p.digest.subarray(i * DIGEST, (i + 1) * DIGEST);
  }

  /** The digest signed for `seq` in a leaf list, or undefined. */
  signed(seq: number): Uint8Array | undefined {
    const i = this.locate(seq);
    const p = this.located;
    if (i < 0 || (p.flags[i]! & SIGNED) === 0) return undefined;
    return p.digest.subarray(i * DIGEST, (i + 1) * DIGEST);
  }

  /** All distinct digests seen at a conflicting seq (first copy first). */
  variants(seq: number): readonly Uint8Array[] {
    const v = this.conflicts?.get(seq);
    if (v) return v;
    const o = this.observed(seq);
    return o ? [o] : [];
  }

  location(seq: number): { file: number; line: number } | undefined {
    const i = this.locate(seq);
    const p = this.located;
    if (i < 0 || (p.flags[i]! & SEEN) === 0) return undefined;
    return { file: p.locFile[i]!, line: p.locLine[i]! };
  }

  /** Seqs that have a page (observed or signed), ascending, for sparse iteration beyond the signed tree. */
  *pageStarts(): Generator<number> {
    const keys = this.pages ? [...this.pages.keys()].sort((a, b) => a - b) : this.pageCount > 0 ? [this.cachedKey] : [];
    for (const k of keys) yield k * PAGE_SIZE;
  }

  static readonly PAGE_SIZE = PAGE_SIZE;
}

/** Whether `a[off..off+32)` equals `b[0..32)`. */
export function equalAt(a: Uint8Array, off: number, b: Uint8Array): boolean {
  for (let j = 0; j < DIGEST; j++) if (a[off + j] !== b[j]) return false;
  return true;
}
