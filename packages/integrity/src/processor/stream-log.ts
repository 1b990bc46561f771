/**
 * Pure core of one sealed stream: sequence numbers, the RFC 6962 compact range, the leaf list of the open range, and
 * checkpoint texts chained through `p`. No OTel, no timers, no signing: the processor drives it.
 */
import { CompactRange } from '../merkle/compact-range.js';
import {
  CHECKPOINT_MAX_BYTES,
  checkpointTextHash,
  formatCheckpointBody,
  MAX_DROPPED_RANGES,
  type SeqRange,
  ZERO_HASH,
} from '../note/checkpoint-body.js';

/** Clocks used for `t` and `m` (injectable for tests). */
export interface StreamClock {
  /** Wall-clock Unix time in nanoseconds. */
  wallNanos(): bigint;
  /** Monotonic nanoseconds from an arbitrary origin. */
  monotonicNanos(): bigint;
}

/** The system clock: `Date.now()` for wall time, `process.hrtime.bigint()` for the monotonic counter. */
export const systemClock: StreamClock = {
  wallNanos: () => BigInt(Date.now()) * 1_000_000n,
  monotonicNanos: () => process.hrtime.bigint(),
};

/** A checkpoint text built by {@link StreamLog.buildCheckpoint}, not yet signed. */
export interface PendingCheckpoint {
  readonly index: number;
  readonly treeSize: number;
  readonly final: boolean;
  /** The note text to sign. */
  readonly text: string;
}

/** Options of a {@link StreamLog}. */
export interface StreamLogOptions {
  readonly namespace: string;
  readonly streamId: string;
  /** Keep the record digests of the open range for the `l` line. */
  readonly leafList: boolean;
  /** Bytes reserved for the signature block when checking the 8 KB cap (blank line + signature lines). */
  readonly signatureBytes: number;
  readonly clock?: StreamClock;
}

/**
 * Sequence, Merkle state and checkpoint chain of one stream.
 *
 * @example
 * const log = new StreamLog({ namespace, streamId, leafList: true, signatureBytes: 120 });
 * const seq = log.append(recordDigest(text));
 * const cp = log.buildCheckpoint(false); // sign cp.text, then export it
 */
export class StreamLog {
  readonly namespace: string;
  readonly streamId: string;
  readonly #leafList: boolean;
  readonly #signatureBytes: number;
  readonly #clock: StreamClock;
  readonly #monotonicOrigin: bigint;
  readonly #range = new CompactRange();
  /** Record digests of the open range, standard base64 (as the `l` line carries them). */
  #openDigests: string[] = [];
  #checkpointedSize = 0;
  #nextIndex = 0;
  #previousHash: Buffer = ZERO_HASH;
  /** Dropped seq ranges not yet declared by a checkpoint: ascending, disjoint. */
  #undeclaredDrops: SeqRange[] = [];
  /** Records refused before sealing since the last checkpoint. */
  #refused = 0;

  constructor(options: StreamLogOptions) {
    this.namespace = options.namespace;
    this.streamId = options.streamId;
    this.#leafList = options.leafList;
    this.#signatureBytes = options.signatureBytes;
    this.#clock = options.clock ?? systemClock;
    this.#monotonicOrigin = this.#clock.monotonicNanos();
  }

  /** Number of leaves sealed so far = the next sequence number. */
  get size(): number {
    return this.#range.size;
  }

  /** Leaves sealed since the last checkpoint. */
  get uncheckpointed(): number {
    return this.#range.size - this.#checkpointedSize;
  }

  /** Whether the next checkpoint has losses to declare (so it is due even when no leaf was added). */
  get hasUndeclaredLosses(): boolean {
    return this.#undeclaredDrops.length > 0 || this.#refused > 0;
  }

  /** Number of checkpoints built so far. */
  get checkpointCount(): number {
    return this.#nextIndex;
  }

  /** Appends a record digest `d` (bytes or standard base64, see `recordDigestBase64`); returns its seq. */
  append(recordDigest: Uint8Array | string): number {
    const seq = this.#range.size;
    this.#range.appendDigest(recordDigest);
    if (this.#leafList) {
      this.#openDigests.push(
        typeof recordDigest === 'string' ? recordDigest : Buffer.from(recordDigest).toString('base64'),
      );
    }
    return seq;
  }

  /** Records seqs that were sealed but will not be delivered; the next checkpoints declare them (`d` line). */
  declareDropped(ranges: readonly SeqRange[]): void {
    if (ranges.length === 0) return;
    const all = [...this.#undeclaredDrops, ...ranges].sort((a, b) => a.start - b.start);
    const merged: SeqRange[] = [];
    for (const r of all) {
      const last = merged[merged.length - 1];
      if (last && r.start <= last.end)
        merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
      else merged.push(r);
    }
    this.#undeclaredDrops = merged;
  }

  /** Counts records refused before sealing (they get no seq); the next checkpoint declares the count (`x` line). */
  refuse(count = 1): void {
    this.#refused += count;
  }

  /**
   * Builds the next checkpoint over everything appended so far and advances the chain (`k`, `p`, range start).
   * A heartbeat has an empty range. To stay under 8 KB the `c` line goes first (only when a leaf list is present: it
   * then carries every digest anyway), then `d` ranges wait for the next checkpoint (never dropped, only deferred).
   */
  buildCheckpoint(final: boolean): PendingCheckpoint {
    const treeSize = this.#range.size;
    const body = {
      namespace: this.namespace,
      streamId: this.streamId,
      treeSize,
      root: this.#range.root(),
      index: this.#nextIndex,
      timeUnixNano: this.#clock.wallNanos(),
      monotonicNanos: this.#clock.monotonicNanos() - this.#monotonicOrigin,
      epoch: 0,
      previousHash: this.#previousHash,
      rangeStart: this.#checkpointedSize,
      rangeEnd: treeSize,
      ...(this.#leafList ? { leafDigests: this.#openDigests } : {}),
      compactRange: this.#range.nodes() as readonly Uint8Array[] | undefined,
      droppedRanges: this.#undeclaredDrops.slice(0, MAX_DROPPED_RANGES),
      refusedRecords: this.#refused,
      final,
    };
    const fits = (text: string) => Buffer.byteLength(text, 'utf8') + this.#signatureBytes <= CHECKPOINT_MAX_BYTES;
    let text = formatCheckpointBody(body);
    if (!fits(text) && this.#leafList) {
      body.compactRange = undefined;
      text = formatCheckpointBody(body);
    }
    while (!fits(text) && body.droppedRanges.length > 0) {
      body.droppedRanges = body.droppedRanges.slice(0, body.droppedRanges.length >> 1);
      text = formatCheckpointBody(body);
    }
    const pending = { index: this.#nextIndex, treeSize, final, text };
    this.#nextIndex++;
    this.#previousHash = checkpointTextHash(text);
    this.#checkpointedSize = treeSize;
    this.#openDigests = [];
    this.#undeclaredDrops = this.#undeclaredDrops.slice(body.droppedRanges.length);
    this.#refused = 0;
    return pending;
  }
}
