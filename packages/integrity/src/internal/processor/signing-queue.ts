/**
 * Ordered, bounded queue of checkpoint texts waiting for a signature. Signing is asynchronous (threadpool, KMS), so
 * it never runs inside `onEmit`. Checkpoints are signed and released strictly in order; on a signer failure the
 * queue keeps them and retries with backoff (fail-open: records keep flowing, checkpoints are late).
 */
import { formatSignatureLine, type NoteSigner } from '../../note/signed-note.js';
import type { PendingCheckpoint } from '../../processor/stream-log.js';

const MAX_BACKOFF_MS = 30_000;

/** Counters kept by the queue. */
export interface SigningCounters {
  signerFailures: number;
}

export class CheckpointSigningQueue {
  readonly #signer: NoteSigner;
  readonly #release: (note: string, checkpoint: PendingCheckpoint) => void;
  readonly #counters: SigningCounters;
  readonly #queue: PendingCheckpoint[] = [];
  #run: Promise<void> | undefined;
  #failures = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #closed = false;

  readonly #signTimeoutMs: number;

  constructor(
    signer: NoteSigner,
    release: (note: string, checkpoint: PendingCheckpoint) => void,
    counters: SigningCounters,
    signTimeoutMs: number,
  ) {
    this.#signer = signer;
    this.#release = release;
    this.#counters = counters;
    this.#signTimeoutMs = signTimeoutMs;
  }

  /** Checkpoints not yet signed. */
  get length(): number {
    return this.#queue.length;
  }

  /**
   * Queues a checkpoint and starts signing. Never drops one (a lost checkpoint breaks the chain): the processor builds
   * no new checkpoint while `maxPendingCheckpoints` are waiting here or for export.
   */
  enqueue(checkpoint: PendingCheckpoint): void {
    this.#queue.push(checkpoint);
    void this.drain();
  }

  /** Signs and releases queued checkpoints in order; resolves when the queue is empty or the signer failed. */
  drain(): Promise<void> {
    this.#run ??= this.#pump().finally(() => {
      this.#run = undefined;
    });
    return this.#run;
  }

  /**
   * Signs and releases every queued checkpoint now, in order, with the signer's `signSync` (process exit). Returns
   * false, releasing nothing further, when the signer cannot sign synchronously or fails.
   */
  drainSync(): boolean {
    const signSync = this.#signer.signSync?.bind(this.#signer);
    if (!signSync) return this.#queue.length === 0;
    while (this.#queue.length > 0) {
      const cp = this.#queue[0]!;
      let signature: Uint8Array;
      try {
        signature = signSync(Buffer.from(cp.text, 'utf8'));
      } catch {
        this.#counters.signerFailures++;
        return false;
      }
      this.#queue.shift();
      this.#releaseSigned(cp, signature);
    }
    return true;
  }

  /** Stops retry timers; queued checkpoints stay until a final `drain()`. */
  close(): void {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  async #pump(): Promise<void> {
    while (this.#queue.length > 0) {
      const cp = this.#queue[0]!;
      let signature: Uint8Array;
      try {
        signature = await this.#signWithTimeout(Buffer.from(cp.text, 'utf8'));
      } catch {
        this.#counters.signerFailures++;
        this.#failures++;
        this.#scheduleRetry();
        return;
      }
      this.#failures = 0;
      // A synchronous drain (process exit) may have signed and released it while this signature was pending.
      if (this.#queue[0] !== cp) continue;
      this.#queue.shift();
      this.#releaseSigned(cp, signature);
    }
  }

  #releaseSigned(cp: PendingCheckpoint, signature: Uint8Array): void {
    const note = `${cp.text}\n${formatSignatureLine(this.#signer.keyName, this.#signer.keyId, signature)}`;
    try {
      this.#release(note, cp);
    } catch {
      // The release callback counts its own failures; the queue must keep going.
    }
  }

  /** A signer that never answers (KMS outage) counts as a failure, so `forceFlush`/`shutdown` cannot hang on it. */
  #signWithTimeout(text: Uint8Array): Promise<Uint8Array> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('signer timed out')), this.#signTimeoutMs);
      timer.unref();
    });
    return Promise.race([this.#signer.sign(text), timeout]).finally(() => clearTimeout(timer));
  }

  #scheduleRetry(): void {
    if (this.#closed || this.#retryTimer) return;
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.#failures, 10));
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.drain();
    }, delay);
    this.#retryTimer.unref();
  }
}
