/**
 * Reusable buffers for the lines the parse-ahead queue holds. They are shared with the worker, so a line crosses to
 * it without a copy, and reused, so reading an archive does not allocate a buffer per line (per-line buffers made by
 * two threads fragment the allocator's memory, which shows in the peak RSS).
 */
export class LineSlots {
  readonly #free: SharedArrayBuffer[] = [];

  /** @param keep how many free buffers are kept for reuse (the queue's line bound). */
  constructor(private readonly keep: number) {}

  /** A buffer of at least `length` bytes, not in use. */
  take(length: number): SharedArrayBuffer {
    for (let i = this.#free.length - 1; i >= 0; i--) {
      const slot = this.#free[i]!;
      if (slot.byteLength >= length) {
        this.#free.splice(i, 1);
        return slot;
      }
    }
    // Sized with room to spare: lines of similar sizes fit the same buffers, and a line's per-record arrays (about a
    // fifth of its size for ordinary records) fit after it (line-records.ts).
    return new SharedArrayBuffer(Math.max(64 * 1024, 2 ** Math.ceil(Math.log2(length * 1.25))));
  }

  /** Returns a buffer once its line has been handled (nothing reads it any more). */
  give(slot: SharedArrayBuffer): void {
    if (this.#free.length < this.keep) this.#free.push(slot);
  }
}
