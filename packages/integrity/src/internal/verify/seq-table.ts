import { DENSE_AT, equalAt, NEW_PAGE_COST, PAGE_MASK, PAGE_SIZE, type SeqPage, SparsePage } from './seq-pages.js';
import { type SeqTableMemory, unlimitedSeqTableMemory } from './seq-table-memory.js';

export { equalAt };

/** Distinct digests remembered per conflicting seq (more are counted, not kept). */
const MAX_CONFLICT_VARIANTS = 8;
/**
 * Heap bytes of a digest kept outside the pages (a 32-byte Uint8Array and its slot in a list or map) and of a map
 * entry with its list; what the budget counts for conflicting and mismatched digests.
 */
const DIGEST_COPY_BYTES = 160;
const CONFLICT_ENTRY_BYTES = 120;

/** Per-seq flags. */
export const SEEN = 1;
export const DUPLICATE = 2;
export const CONFLICTING = 4;
export const SIGNED = 8;
export const SIGNED_CONFLICT = 16;
/**
 * The first copy's export could not be canonicalized (its digest is that of an unverifiable tuple): a match with the
 * signed digest proves the seq, not the content. A flag rather than a map, so it lives under the table's budget.
 */
export const UNENCODABLE = 32;

/**
 * Pages a stream may open whatever its records; beyond them, its pages must hold {@link MIN_SEQS_PER_PAGE} known seqs
 * on average. A sparse page costs about 600 bytes with one record, and a forged record about 135 bytes of archive,
 * so pages of one record each would cost the verifier 4–5 bytes per byte of archive: they are allowed only within
 * the free pages. Four seqs per page on average bounds any mix of pages to about 2 bytes per byte of archive
 * (measured: docs/spec/verification.md, "Memory limit"), and a genuine stream holds far more — its seqs are
 * contiguous, and every line holds a run of them.
 */
const FREE_PAGES = 16;
const MIN_SEQS_PER_PAGE = 4;

/** What {@link SeqTable} points at before its first lookup. */
const NO_PAGE: SeqPage = new SparsePage(0);

/** A copy of a digest that owns its memory (never a view into a pooled buffer or a page that may move). */
function own(d: Uint8Array): Uint8Array {
  return new Uint8Array(d);
}

/**
 * Bounded per-stream state indexed by seq: one 32-byte digest (signed, else observed), a few flag bits and where the
 * record was first read, about 40 bytes per record. Storage is paged by 1024 seqs (seq-pages.ts), so a forged huge
 * seq costs one small page rather than a giant array, and record bodies are never kept. Memory beyond what is there
 * is taken from a budget shared by all streams ({@link SeqTableMemory}); a record that needs memory the budget does
 * not have is left out.
 */
export class SeqTable {
  /**
   * Pages by key (seq / 1024), made when a second page opens: until then the only page is {@link cached}. Most
   * streams an attacker can forge hold one record, and a map costs more than their page.
   */
  private pages: Map<number, SeqPage> | undefined;
  private pageCount = 0;
  /** The page of the last lookup and its key (-1: none; seqs are ≥ 0): records come in seq order, so most hit it. */
  private cachedKey = -1;
  private cached: SeqPage = NO_PAGE;
  /** Digests of conflicting copies per seq (made on first conflict, like {@link mismatched}: both are rare). */
  private conflicts: Map<number, Uint8Array[]> | undefined;
  /** Observed digests that differ from the signed digest of their seq. */
  private mismatched: Map<number, Uint8Array> | undefined;
  /** Largest seq with any information (observed or signed), -1 when empty. */
  maxSeq = -1;
  minObserved = Number.POSITIVE_INFINITY;
  maxObserved = -1;
  /** Records left out because the budget had no room for them. */
  recordsLeftOut = 0;

  /** Seqs with any information (observed or signed): pages are budgeted against it. */
  private knownCount = 0;

  constructor(private readonly memory: SeqTableMemory = unlimitedSeqTableMemory()) {}

  /**
   * Whether a record may open a new page: forged records with far-away seqs must not cost a page each. Signed seqs
   * count as known: a leaf list read before the records opens their pages, and cannot be forged.
   */
  private mayOpenPage(): boolean {
    return this.pageCount < FREE_PAGES || this.pageCount * MIN_SEQS_PER_PAGE <= this.knownCount;
  }

  /** The page holding `seq`, or undefined; the one found is cached. */
  private page(seq: number): SeqPage | undefined {
    const key = Math.floor(seq / PAGE_SIZE);
    if (key === this.cachedKey) return this.cached;
    const p = this.pages?.get(key);
    if (p) {
      this.cachedKey = key;
      this.cached = p;
    }
    return p;
  }

  /** Puts `p` at the key of `seq` (a new page, or one that grew) and caches it. */
  private setPage(seq: number, p: SeqPage, isNew: boolean): void {
    const key = Math.floor(seq / PAGE_SIZE);
    if (isNew) {
      if (this.pageCount === 1) this.pages = new Map([[this.cachedKey, this.cached]]);
      this.pageCount++;
    }
    this.pages?.set(key, p);
    this.cachedKey = key;
    this.cached = p;
  }

  /** What making a slot for `seq` would add to memory (0: it has one). */
  private slotCost(seq: number): number {
    const p = this.page(seq);
    if (p === undefined) return NEW_PAGE_COST;
    if (!(p instanceof SparsePage) || p.slotOf(seq & PAGE_MASK) >= 0 || !p.full) return 0;
    return p.growthCost;
  }

  /** The slot of `seq` and its page (in {@link located}), made if need be: the page is opened, grows or turns dense. */
  private claim(seq: number): number {
    const index = seq & PAGE_MASK;
    let p = this.page(seq);
    if (p === undefined) {
      p = new SparsePage();
      this.setPage(seq, p, true);
    }
    this.located = p;
    if (!(p instanceof SparsePage)) return index;
    const slot = p.slotOf(index);
    if (slot >= 0) return slot;
    if (p.full) {
      const grown = p.grown();
      this.setPage(seq, grown, false);
      this.located = grown;
      if (!(grown instanceof SparsePage)) return index;
      return grown.insert(index);
    }
    return p.insert(index);
  }

  /**
   * Records one observed copy of `seq` with digest `d`. Returns what happened: the first copy, an identical duplicate,
   * a conflicting copy (different digest at the same seq), `rejected` when the seq lies so far from every other that
   * storing it would break the memory bound (see `mayOpenPage`), or `left-out` when it needs memory the budget shared
   * by all streams does not have (the table counts it in {@link recordsLeftOut}).
   */
  observe(
    seq: number,
    d: Uint8Array,
    file: number,
    line: number,
    unencodable = false,
  ): 'first' | 'duplicate' | 'conflict' | 'rejected' | 'left-out' {
    if (this.page(seq) === undefined && !this.mayOpenPage()) return 'rejected';
    const cost = this.slotCost(seq);
    if (cost > 0 && !this.memory.take(cost)) return this.leaveOut();
    const i = this.claim(seq);
    const p = this.located;
    if (seq > this.maxSeq) this.maxSeq = seq;
    if (seq < this.minObserved) this.minObserved = seq;
    if (seq > this.maxObserved) this.maxObserved = seq;
    const f = p.flags(i);
    if ((f & SEEN) === 0) {
      if ((f & SIGNED) === 0) p.setDigest(i, d);
      else if (!p.digestEquals(i, d)) {
        this.memory.force(DIGEST_COPY_BYTES);
        this.mismatch(seq, own(d));
      }
      if (f === 0) this.knownCount++;
      p.setFlags(i, f | SEEN | (unencodable ? UNENCODABLE : 0));
      p.setLocation(i, file, line);
      return 'first';
    }
    const first = this.observed(seq)!;
    const sameAsFirst = equalAt(first, 0, d);
    let variants = this.conflicts?.get(seq);
    const known = sameAsFirst || (variants?.some((v) => equalAt(v, 0, d)) ?? false);
    if (!known) {
      // A new conflicting digest is kept (up to MAX_CONFLICT_VARIANTS) if the budget has room, else the copy is left out.
      const keeps = variants === undefined ? 2 : variants.length < MAX_CONFLICT_VARIANTS ? 1 : 0;
      const bytes = keeps * DIGEST_COPY_BYTES + (variants === undefined ? CONFLICT_ENTRY_BYTES : 0);
      if (bytes > 0 && !this.memory.take(bytes)) return this.leaveOut();
    }
    p.addExtra(i);
    if (sameAsFirst) {
      p.setFlags(i, f | DUPLICATE);
      if ((f & CONFLICTING) === 0) return 'duplicate';
    }
    if (known) return (p.flags(i) & CONFLICTING) !== 0 ? 'conflict' : 'duplicate';
    if (variants === undefined) {
      variants = [own(first)];
      this.conflicts ??= new Map();
      this.conflicts.set(seq, variants);
    }
    if (variants.length < MAX_CONFLICT_VARIANTS) variants.push(own(d));
    p.setFlags(i, p.flags(i) | CONFLICTING);
    return 'conflict';
  }

  private leaveOut(): 'left-out' {
    this.recordsLeftOut++;
    return 'left-out';
  }

  /** Stores the digest a signed leaf list gives for `seq`; a different digest from another checkpoint is flagged. */
  sign(seq: number, d: Uint8Array): void {
    this.memory.force(this.slotCost(seq));
    const i = this.claim(seq);
    const p = this.located;
    if (seq > this.maxSeq) this.maxSeq = seq;
    const f = p.flags(i);
    if ((f & SIGNED) !== 0) {
      if (!p.digestEquals(i, d)) p.setFlags(i, f | SIGNED_CONFLICT);
      return;
    }
    if ((f & SEEN) !== 0 && !p.digestEquals(i, d)) {
      this.memory.force(DIGEST_COPY_BYTES);
      this.mismatch(seq, own(p.digest(i)));
    }
    if (f === 0) this.knownCount++;
    p.setDigest(i, d);
    p.setFlags(i, f | SIGNED);
  }

  /**
   * Replaces a provisionally observed digest of `seq` by its corrected value (all copies that had it). Copies that
   * now agree stop being a conflict.
   */
  replace(seq: number, before: Uint8Array, after: Uint8Array): void {
    const i = this.locate(seq);
    const p = this.located;
    if (i < 0 || (p.flags(i) & SEEN) === 0) return;
    const signed = (p.flags(i) & SIGNED) !== 0;
    const current = this.observed(seq)!;
    if (equalAt(current, 0, before)) {
      if (!signed) p.setDigest(i, after);
      else if (p.digestEquals(i, after)) this.mismatched?.delete(seq);
      else {
        this.memory.force(DIGEST_COPY_BYTES);
        this.mismatch(seq, own(after));
      }
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
      p.setFlags(i, (p.flags(i) & ~CONFLICTING) | DUPLICATE);
    } else {
      this.conflicts!.set(seq, merged);
    }
  }

  /** Keeps the observed digest of `seq` that differs from its signed one. */
  private mismatch(seq: number, observed: Uint8Array): void {
    this.mismatched ??= new Map();
    this.mismatched.set(seq, observed);
  }

  /** The page {@link locate} or {@link claim} found (set by them; read right after the call). */
  private located: SeqPage = NO_PAGE;

  /** The slot of `seq`, its page in {@link located}; -1 when nothing is known about it. No allocation per call. */
  private locate(seq: number): number {
    const page = this.page(seq);
    if (!page) return -1;
    this.located = page;
    return page.slotOf(seq & PAGE_MASK);
  }

  flags(seq: number): number {
    const i = this.locate(seq);
    return i < 0 ? 0 : this.located.flags(i);
  }

  /** Copies of `seq` seen beyond the first (saturates at 255). */
  extraCopies(seq: number): number {
    const i = this.locate(seq);
    return i < 0 ? 0 : this.located.extra(i);
  }

  /** The observed digest (first copy), or undefined when the seq was not seen. */
  observed(seq: number): Uint8Array | undefined {
    const i = this.locate(seq);
    const p = this.located;
    if (i < 0 || (p.flags(i) & SEEN) === 0) return undefined;
    return this.mismatched?.get(seq) ?? p.digest(i);
  }

  /** The digest signed for `seq` in a leaf list, or undefined. */
  signed(seq: number): Uint8Array | undefined {
    const i = this.locate(seq);
    const p = this.located;
    if (i < 0 || (p.flags(i) & SIGNED) === 0) return undefined;
    return p.digest(i);
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
    if (i < 0 || (p.flags(i) & SEEN) === 0) return undefined;
    return { file: p.file(i), line: p.line(i) };
  }

  /** Seqs with any information (observed or signed) from `from` on, ascending: a walk over the pages, not the seqs. */
  *knownSeqs(from = 0): Generator<number> {
    const keys = this.pages ? [...this.pages.keys()].sort((a, b) => a - b) : this.pageCount > 0 ? [this.cachedKey] : [];
    for (const key of keys) {
      if ((key + 1) * PAGE_SIZE <= from) continue;
      const p = this.pages?.get(key) ?? this.cached;
      const start = key * PAGE_SIZE;
      if (p instanceof SparsePage) {
        // Slots are in index order; the page does not change while a caller walks it (only reading follows).
        for (let slot = 0; slot < p.used; slot++) {
          const seq = start + p.indexAt(slot);
          if (seq >= from) yield seq;
        }
      } else {
        for (let i = Math.max(0, from - start); i < PAGE_SIZE; i++) if (p.flags(i) !== 0) yield start + i;
      }
    }
  }

  /** Pages and the bytes they hold (for tests and measurements). */
  get pageStats(): { pages: number; sparse: number; bytes: number } {
    const pages = this.pages ? [...this.pages.values()] : this.pageCount > 0 ? [this.cached] : [];
    let bytes = 0;
    for (const p of pages) bytes += p.cost;
    return { pages: pages.length, sparse: pages.filter((p) => p instanceof SparsePage).length, bytes };
  }

  static readonly PAGE_SIZE = PAGE_SIZE;
  static readonly DENSE_AT = DENSE_AT;
}
