/**
 * The two forms of a seq-table page (1024 seqs). A page starts sparse — sorted slots for the seqs it knows — and turns
 * dense only once a quarter of its seqs are known, so that a dense page (40 KB) always stands for at least 256
 * records: an archive cannot make the verifier hold 40 KB for a handful of records per page.
 */

export const PAGE_BITS = 10;
export const PAGE_SIZE = 1 << PAGE_BITS;
export const PAGE_MASK = PAGE_SIZE - 1;
export const DIGEST = 32;

/** Used slots at which a sparse page turns dense: a quarter of the page. */
export const DENSE_AT = PAGE_SIZE / 4;
/** Slots of a new sparse page; it doubles up to {@link DENSE_AT}, then becomes dense. */
const SPARSE_FIRST_SLOTS = 2;

/**
 * Bytes of a page besides its slots: the page object, its typed arrays and buffer, its entry in the table's map, and
 * what the allocator adds (RSS per page measured with Node 24 over 100,000 pages). Counted against the seq-table
 * budget with the slots, so that the budget bounds RSS rather than only the bytes asked for.
 */
const SPARSE_OBJECT_BYTES = 520;
const DENSE_OBJECT_BYTES = 1024;
const DENSE_COST = PAGE_SIZE * (DIGEST + 4 + 2 + 1 + 1) + DENSE_OBJECT_BYTES;

/** What the seq table reads and writes in a page, by slot. */
export interface SeqPage {
  /** Slots in use (sparse) or seqs known (dense). */
  readonly used: number;
  /** Bytes the page holds, its objects included: what the seq-table budget counts. */
  readonly cost: number;
  /** The slot holding page index `index` (seq & PAGE_MASK), or -1. A dense page answers every index. */
  slotOf(index: number): number;
  /** The page index a slot holds. */
  indexAt(slot: number): number;
  flags(slot: number): number;
  setFlags(slot: number, flags: number): void;
  /** Copies seen beyond the first (saturating at 255). */
  extra(slot: number): number;
  addExtra(slot: number): void;
  digest(slot: number): Uint8Array;
  digestEquals(slot: number, d: Uint8Array): boolean;
  setDigest(slot: number, d: Uint8Array): void;
  file(slot: number): number;
  line(slot: number): number;
  setLocation(slot: number, file: number, line: number): void;
}

/**
 * A page of 1024 slots, one per seq, in typed arrays that share one buffer (an ArrayBuffer costs a header and a
 * separately allocated backing store each). Fast: a slot is its index.
 */
export class DensePage implements SeqPage {
  readonly cost = DENSE_COST;
  private readonly digests: Uint8Array;
  private readonly lines: Uint32Array;
  private readonly files: Uint16Array;
  private readonly flagBytes: Uint8Array;
  private readonly extras: Uint8Array;
  used = 0;

  constructor() {
    // Widest elements first, so that every view starts at a multiple of its element size.
    const lineAt = PAGE_SIZE * DIGEST;
    const fileAt = lineAt + PAGE_SIZE * 4;
    const flagAt = fileAt + PAGE_SIZE * 2;
    const buffer = new ArrayBuffer(flagAt + PAGE_SIZE * 2);
    this.digests = new Uint8Array(buffer, 0, lineAt);
    this.lines = new Uint32Array(buffer, lineAt, PAGE_SIZE);
    this.files = new Uint16Array(buffer, fileAt, PAGE_SIZE);
    this.flagBytes = new Uint8Array(buffer, flagAt, PAGE_SIZE);
    this.extras = new Uint8Array(buffer, flagAt + PAGE_SIZE, PAGE_SIZE);
  }

  /** The dense form of a full sparse page. */
  static of(sparse: SparsePage): DensePage {
    const page = new DensePage();
    for (let slot = 0; slot < sparse.used; slot++) {
      const i = sparse.indexAt(slot);
      page.digests.set(sparse.digest(slot), i * DIGEST);
      page.lines[i] = sparse.line(slot);
      page.files[i] = sparse.file(slot);
      page.flagBytes[i] = sparse.flags(slot);
      page.extras[i] = sparse.extra(slot);
    }
    page.used = sparse.used;
    return page;
  }

  slotOf(index: number): number {
    return index;
  }

  indexAt(slot: number): number {
    return slot;
  }

  flags(slot: number): number {
    return this.flagBytes[slot]!;
  }

  setFlags(slot: number, flags: number): void {
    if (this.flagBytes[slot] === 0 && flags !== 0) this.used++;
    this.flagBytes[slot] = flags;
  }

  extra(slot: number): number {
    return this.extras[slot]!;
  }

  addExtra(slot: number): void {
    if (this.extras[slot]! < 255) this.extras[slot]!++;
  }

  digest(slot: number): Uint8Array {
    return this.digests.subarray(slot * DIGEST, (slot + 1) * DIGEST);
  }

  digestEquals(slot: number, d: Uint8Array): boolean {
    return equalAt(this.digests, slot * DIGEST, d);
  }

  setDigest(slot: number, d: Uint8Array): void {
    this.digests.set(d, slot * DIGEST);
  }

  file(slot: number): number {
    return this.files[slot]!;
  }

  line(slot: number): number {
    return this.lines[slot]!;
  }

  setLocation(slot: number, file: number, line: number): void {
    this.files[slot] = file;
    this.lines[slot] = line;
  }
}

/** A sparse slot, packed in one byte array: digest, line (u32 LE), file (u16 LE), page index (u16 LE), flags, extra. */
const SLOT = DIGEST + 4 + 2 + 2 + 1 + 1;
const LINE_AT = DIGEST;
const FILE_AT = LINE_AT + 4;
const INDEX_AT = FILE_AT + 2;
const FLAGS_AT = INDEX_AT + 2;
const EXTRA_AT = FLAGS_AT + 1;

/**
 * A page holding only the seqs it knows, in slots sorted by page index in one byte array: one typed array rather than
 * five keeps a page with a single record at a few hundred bytes. Lookups are a binary search; records come mostly in
 * increasing seq order, so an insertion is mostly an append, and otherwise one move of the slots after it.
 */
export class SparsePage implements SeqPage {
  private readonly bytes: Uint8Array;
  used = 0;

  constructor(readonly capacity = SPARSE_FIRST_SLOTS) {
    this.bytes = new Uint8Array(capacity * SLOT);
  }

  get cost(): number {
    return sparseCost(this.capacity);
  }

  get full(): boolean {
    return this.used === this.capacity;
  }

  /** The page that takes this one's place when it is full: twice its slots, or dense at {@link DENSE_AT}. */
  grown(): SeqPage {
    if (this.capacity * 2 > DENSE_AT) return DensePage.of(this);
    const page = new SparsePage(this.capacity * 2);
    page.bytes.set(this.bytes);
    page.used = this.used;
    return page;
  }

  /** What {@link grown} adds to the cost. */
  get growthCost(): number {
    return (this.capacity * 2 > DENSE_AT ? DENSE_COST : sparseCost(this.capacity * 2)) - this.cost;
  }

  slotOf(index: number): number {
    let lo = 0;
    let hi = this.used - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.indexAt(mid);
      if (at === index) return mid;
      if (at < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** A new empty slot for `index` (not yet held; the page is not full), kept in index order. */
  insert(index: number): number {
    let slot = this.used;
    if (slot > 0 && this.indexAt(slot - 1) > index) {
      // Out of order: the first slot holding a larger index, and the slots from there move up by one.
      let lo = 0;
      let hi = slot - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.indexAt(mid) < index) lo = mid + 1;
        else hi = mid;
      }
      slot = lo;
      this.bytes.copyWithin((slot + 1) * SLOT, slot * SLOT, this.used * SLOT);
      this.bytes.fill(0, slot * SLOT, (slot + 1) * SLOT);
    }
    const at = slot * SLOT + INDEX_AT;
    this.bytes[at] = index & 0xff;
    this.bytes[at + 1] = index >>> 8;
    this.used++;
    return slot;
  }

  indexAt(slot: number): number {
    const at = slot * SLOT + INDEX_AT;
    return this.bytes[at]! | (this.bytes[at + 1]! << 8);
  }

  flags(slot: number): number {
    return this.bytes[slot * SLOT + FLAGS_AT]!;
  }

  setFlags(slot: number, flags: number): void {
    this.bytes[slot * SLOT + FLAGS_AT] = flags;
  }

  extra(slot: number): number {
    return this.bytes[slot * SLOT + EXTRA_AT]!;
  }

  addExtra(slot: number): void {
    const at = slot * SLOT + EXTRA_AT;
    if (this.bytes[at]! < 255) this.bytes[at]!++;
  }

  digest(slot: number): Uint8Array {
    return this.bytes.subarray(slot * SLOT, slot * SLOT + DIGEST);
  }

  digestEquals(slot: number, d: Uint8Array): boolean {
    return equalAt(this.bytes, slot * SLOT, d);
  }

  setDigest(slot: number, d: Uint8Array): void {
    this.bytes.set(d, slot * SLOT);
  }

  file(slot: number): number {
    const at = slot * SLOT + FILE_AT;
    return this.bytes[at]! | (this.bytes[at + 1]! << 8);
  }

  line(slot: number): number {
    const b = this.bytes;
    const at = slot * SLOT + LINE_AT;
    return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
  }

  setLocation(slot: number, file: number, line: number): void {
    const b = this.bytes;
    const at = slot * SLOT + LINE_AT;
    b[at] = line & 0xff;
    b[at + 1] = (line >>> 8) & 0xff;
    b[at + 2] = (line >>> 16) & 0xff;
    b[at + 3] = line >>> 24;
    b[at + 4] = file & 0xff;
    b[at + 5] = (file >>> 8) & 0xff;
  }
}

function sparseCost(capacity: number): number {
  return capacity * SLOT + SPARSE_OBJECT_BYTES;
}

/** What a new sparse page costs. */
export const NEW_PAGE_COST = sparseCost(SPARSE_FIRST_SLOTS);

/** Whether `a[off..off+32)` equals `b[0..32)`. */
export function equalAt(a: Uint8Array, off: number, b: Uint8Array): boolean {
  for (let j = 0; j < DIGEST; j++) if (a[off + j] !== b[j]) return false;
  return true;
}
