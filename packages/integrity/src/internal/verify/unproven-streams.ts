import type { Finding } from '../../verify/report.js';
import { countOf, LeftOutStreamIds } from './left-out-streams.js';

/**
 * Streams tracked at once without a signature-valid checkpoint, unless the caller raises it. A stream id costs an
 * attacker one short record (about 180 bytes) and the verifier about 2 KB (its state while reading, then its report),
 * so without a bound a few hundred MB of forged stream ids exceed any heap and the run ends without a report. 16,384
 * unproven streams take about 35 MB, a small part of the bin's 512 MB heap, and a genuine archive read in order rarely
 * has more streams whose records come before their first checkpoint: that many producers writing at once.
 */
export const DEFAULT_MAX_UNPROVEN_STREAMS = 16_384;

/**
 * The budget of streams that have no signature-valid checkpoint yet ("unproven"). A record of a new stream is tracked
 * only while the budget has room; otherwise it is counted and left out, and the report says so (`VERIFIER-LIMIT`, a
 * failure: the verdict is never clean when records were not verified). A stream frees its place when its first valid
 * checkpoint is taken; streams already tracked keep being tracked. Checkpoint records of new streams are always taken,
 * since an attacker cannot make them valid; one that fails verification while the budget is full is left out too.
 */
export class UnprovenStreams {
  #count = 0;
  #records = 0;
  #checkpoints = 0;
  readonly #named = new LeftOutStreamIds();

  constructor(readonly max: number) {}

  /** Streams being tracked without a valid checkpoint. */
  get count(): number {
    return this.#count;
  }

  /** Whether one more stream without a valid checkpoint may be tracked. */
  get hasRoom(): boolean {
    return this.#count < this.max;
  }

  /** Whether anything has been left out so far: a stream first tracked from now on may have lost earlier records. */
  get leftSome(): boolean {
    return this.#records + this.#checkpoints > 0;
  }

  /** A stream is tracked without a valid checkpoint (yet). */
  opened(): void {
    this.#count++;
  }

  /** A tracked stream took its first valid checkpoint and frees its place. */
  proved(): void {
    this.#count--;
  }

  /** A record of the untracked stream `streamId` was left out. */
  leaveRecord(streamId: string): void {
    this.#records++;
    this.#named.add(streamId);
  }

  /** A stream opened for a checkpoint record that did not verify, while the budget was full, is forgotten. */
  forget(streamId: string): void {
    this.#count--;
    this.#checkpoints++;
    this.#named.add(streamId);
  }

  /** The archive-level finding when anything was left out. */
  finding(): Finding | undefined {
    if (!this.leftSome) return undefined;
    const checkpoints =
      this.#checkpoints === 0
        ? ''
        : ` (and ${countOf(this.#checkpoints, 'checkpoint record')} that ${this.#checkpoints === 1 ? 'does' : 'do'} not verify)`;
    return {
      status: 'VERIFIER-LIMIT',
      subject: 'archive',
      count: this.#records + this.#checkpoints,
      detail:
        `${countOf(this.#records, 'record')}${checkpoints} of new streams not verified: the limit of ` +
        `${countOf(this.max, 'stream')} without a valid checkpoint was reached (raise it with --max-unproven-streams, ` +
        `or give the files holding checkpoints first); first stream ids left out: ${this.#named}`,
    };
  }
}

/** The finding of a stream first tracked after records of new streams began to be left out. */
export const STREAM_TRACKED_LATE: Finding = {
  status: 'VERIFIER-LIMIT',
  subject: 'stream',
  count: 1,
  detail:
    'first tracked after the verifier began leaving records of new streams out (--max-unproven-streams): ' +
    'records of this stream read before then were not verified, and show as MISSING or TRUNCATED if signed',
};
