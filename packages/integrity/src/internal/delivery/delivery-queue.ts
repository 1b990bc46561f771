/**
 * Pure core of delivery: the ordered queue between sealing and the exporter, with its bounds and the bookkeeping of
 * what was delivered and what was dropped. No OTel, no timers, no I/O; `RecordDelivery` drives it.
 *
 * Two lanes share one order. Sealed records may be dropped (the exporter failed past its retry budget): their seqs
 * come back as ranges for the next checkpoint to declare. Priority entries — checkpoints, genesis and resource
 * snapshots, without which nothing verifies — are never dropped: a failed batch puts them back at the head.
 */
import type { SeqRange } from '../../note/checkpoint-body.js';

/** One queued item: a sealed record (with its seq and size) or a priority entry. */
export interface QueueEntry<T> {
  readonly item: T;
  /** Seq of a sealed record; `undefined` for priority entries. */
  readonly seq: number | undefined;
  readonly priority: boolean;
  /** Approximate bytes held (the sealed canonical text length): what bounds the queue's memory. */
  readonly bytes: number;
}

/** Bounds of a {@link DeliveryQueue}. */
export interface QueueBounds {
  /** Records (not priority entries) held at once. */
  readonly maxRecords: number;
  /** Approximate bytes of records held at once. */
  readonly maxBytes: number;
  /** Priority entries held at once; past it no new checkpoint is built until some are delivered. */
  readonly maxPriority: number;
}

/**
 * FIFO of entries with separate bounds per lane. Batches are always taken from the head and settled in order, one
 * at a time, so the queue never needs to search.
 */
export class DeliveryQueue<T> {
  readonly #bounds: QueueBounds;
  #entries: QueueEntry<T>[] = [];
  #head = 0;
  #records = 0;
  #bytes = 0;
  #priority = 0;

  constructor(bounds: QueueBounds) {
    this.#bounds = bounds;
  }

  /** Entries waiting (including a batch being exported). */
  get length(): number {
    return this.#entries.length - this.#head;
  }
  /** Sealed records waiting. */
  get records(): number {
    return this.#records;
  }
  /** Priority entries waiting. */
  get priority(): number {
    return this.#priority;
  }
  /** Approximate bytes of the records waiting. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Whether one more record fits; a record is refused when either lane is full (see the class comment). */
  hasRecordRoom(): boolean {
    return (
      this.#records < this.#bounds.maxRecords &&
      this.#bytes < this.#bounds.maxBytes &&
      this.#priority < this.#bounds.maxPriority
    );
  }

  /** Whether one more priority entry fits. */
  hasPriorityRoom(): boolean {
    return this.#priority < this.#bounds.maxPriority;
  }

  /** Appends an entry. Bounds are checked by the caller before sealing, so push itself never refuses. */
  push(entry: QueueEntry<T>): void {
    this.#entries.push(entry);
    if (entry.priority) this.#priority++;
    else {
      this.#records++;
      this.#bytes += entry.bytes;
    }
  }

  /** Up to `max` entries from the head, without removing them. */
  peek(max: number): QueueEntry<T>[] {
    return this.#entries.slice(this.#head, this.#head + max);
  }

  /** The first `count` entries were delivered: removes them. */
  delivered(count: number): void {
    for (let i = 0; i < count; i++) this.#forget(this.#entries[this.#head + i]!);
    this.#head += count;
    this.#compact();
  }

  /**
   * The first `count` entries could not be delivered within the retry budget: removes the records among them and
   * keeps the priority entries at the head, in order. Returns the dropped records' seq ranges.
   */
  dropRecords(count: number): SeqRange[] {
    const batch = this.#entries.slice(this.#head, this.#head + count);
    const kept = batch.filter((e) => e.priority);
    const dropped = batch.filter((e) => !e.priority);
    for (const e of dropped) this.#forget(e);
    this.#entries.splice(this.#head, count, ...kept);
    this.#compact();
    return seqRanges(dropped.map((e) => e.seq!));
  }

  /** Removes and returns everything (for a last synchronous write or a spill). */
  takeAll(): QueueEntry<T>[] {
    const all = this.#entries.slice(this.#head);
    this.#entries = [];
    this.#head = 0;
    this.#records = 0;
    this.#bytes = 0;
    this.#priority = 0;
    return all;
  }

  /** Seq ranges of the records still waiting (to declare as undelivered at shutdown). */
  pendingRecordRanges(): SeqRange[] {
    const seqs: number[] = [];
    for (let i = this.#head; i < this.#entries.length; i++) {
      const e = this.#entries[i]!;
      if (!e.priority) seqs.push(e.seq!);
    }
    return seqRanges(seqs);
  }

  #forget(e: QueueEntry<T>): void {
    if (e.priority) this.#priority--;
    else {
      this.#records--;
      this.#bytes -= e.bytes;
    }
  }

  /** Drops the consumed prefix once it is most of the array, so shifting stays amortised O(1). */
  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }
}

/** Coalesces ascending seqs into half-open ranges: [3,4,5,9] → [3,6) [9,10). */
export function seqRanges(seqs: readonly number[]): SeqRange[] {
  const out: SeqRange[] = [];
  for (const s of seqs) {
    const last = out[out.length - 1];
    if (last && last.end === s) out[out.length - 1] = { start: last.start, end: s + 1 };
    else out.push({ start: s, end: s + 1 });
  }
  return out;
}
