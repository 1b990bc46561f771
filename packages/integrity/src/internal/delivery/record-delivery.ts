/**
 * Delivery of sealed records and checkpoints to the exporter: batching, a timeout per export, retries with backoff,
 * then a declared drop; back-pressure instead of loss when the exporter can write synchronously; a bounded flush;
 * and a last synchronous write or spill at process exit. Replaces the SDK's BatchLogRecordProcessor, which drops
 * silently when its queue is full and cannot tell the integrity layer which seqs it lost.
 */
import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { DeliveryMetrics, type DeliveryStats } from '../../delivery/delivery-metrics.js';
import type { ResolvedDeliveryOptions } from '../../delivery/delivery-options.js';
import { isSynchronousExporter, type SynchronousLogRecordExporter } from '../../delivery/synchronous-exporter.js';
import type { SeqRange } from '../../note/checkpoint-body.js';
import { DeliveryQueue, type QueueEntry } from './delivery-queue.js';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;
/** Batches written per event-loop turn by a synchronous exporter, so a long queue does not block one turn. */
const SYNC_BATCHES_PER_TURN = 8;

/** What happened to everything still queued when the process exits. */
export interface FinalWrite {
  /** Entries written by the exporter itself (synchronous exporters). */
  readonly written: number;
  /** Entries written to the spill destination. */
  readonly spilled: number;
  /** Entries that reached neither. */
  readonly lost: number;
  /** Sealed records among the lost entries. */
  readonly lostRecords: number;
}

/**
 * Drives a {@link DeliveryQueue} against one exporter. One export is in flight at a time, so records leave in the
 * order they were sealed (checkpoints after the records they cover).
 */
export class RecordDelivery {
  readonly #exporter: LogRecordExporter;
  readonly #sync: SynchronousLogRecordExporter | undefined;
  readonly #o: ResolvedDeliveryOptions;
  readonly #queue: DeliveryQueue<ReadableLogRecord>;
  readonly #onDropped: (ranges: SeqRange[]) => void;
  readonly metrics: DeliveryMetrics;
  #busy: Promise<void> | undefined;
  #attempts = 0;
  #retryAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #stopped = false;

  constructor(exporter: LogRecordExporter, options: ResolvedDeliveryOptions, onDropped: (ranges: SeqRange[]) => void) {
    this.#exporter = exporter;
    this.#sync = isSynchronousExporter(exporter) ? exporter : undefined;
    this.#o = options;
    this.#onDropped = onDropped;
    this.#queue = new DeliveryQueue({
      maxRecords: options.maxQueueSize,
      maxBytes: options.maxQueueBytes,
      maxPriority: options.maxPendingCheckpoints,
    });
    this.metrics = new DeliveryMetrics(
      options.meterProvider,
      () => ({ records: this.#queue.records, checkpoints: this.#queue.priority }),
      options.onWarning,
    );
  }

  /** Whether the exporter can take a last write synchronously (then nothing queued is lost at exit). */
  get writesSynchronously(): boolean {
    return this.#sync !== undefined;
  }

  /**
   * Whether one more record may be sealed. With a synchronous exporter a full queue is written out first
   * (back-pressure on the caller, never loss). `pendingCheckpoints` are checkpoints still waiting for a signature:
   * they will need a place in the lane too.
   */
  hasRecordRoom(pendingCheckpoints: number): boolean {
    const room = () => this.#queue.hasRecordRoom() && this.#checkpointSlots(pendingCheckpoints) > 0;
    if (!room() && this.#sync) this.#drainUntil(room);
    return room();
  }

  /** Whether one more checkpoint may be built (checkpoints waiting for a signature count too). */
  hasCheckpointRoom(pendingCheckpoints: number): boolean {
    const room = () => this.#checkpointSlots(pendingCheckpoints) > 0;
    if (!room() && this.#sync) this.#drainUntil(room);
    return room();
  }

  /** Counts a record refused before sealing (the queue was full); the caller declares it in the next checkpoint. */
  refused(): void {
    this.metrics.dropped('queue_full', 1);
  }

  /** Queues a sealed record. `bytes` approximates its size (the canonical text length). */
  enqueueRecord(record: ReadableLogRecord, seq: number, bytes: number): void {
    this.#queue.push({ item: record, seq, priority: false, bytes });
    this.#schedule();
  }

  /** Queues a checkpoint, genesis or resource-snapshot record: never dropped. */
  enqueuePriority(record: ReadableLogRecord): void {
    this.#queue.push({ item: record, seq: undefined, priority: true, bytes: 0 });
    this.#schedule();
  }

  /** Seq ranges of the sealed records still waiting. */
  pendingRecordRanges(): SeqRange[] {
    return this.#queue.pendingRecordRanges();
  }

  /** Exports until the queue is empty or the deadline (`performance.now()` ms) passes; true when empty. */
  async flush(deadline: number): Promise<boolean> {
    while (this.#queue.length > 0) {
      const now = performance.now();
      if (now >= deadline) return false;
      if (this.#retryAt > now) {
        await sleep(Math.min(this.#retryAt, deadline) - now);
        continue;
      }
      await Promise.race([this.#exclusive(() => this.#exportHead()), sleep(deadline - now)]);
    }
    return true;
  }

  /**
   * Writes everything still queued, now, without waiting for anything: through the exporter when it writes
   * synchronously, else to the spill destination. For process exit (and the end of a shutdown that ran out of time).
   */
  writeAllSync(): FinalWrite {
    let written = 0;
    if (this.#sync) {
      while (this.#queue.length > 0) {
        const batch = this.#queue.peek(this.#o.maxExportBatchSize);
        try {
          this.#sync.exportSync(batch.map((e) => e.item));
        } catch {
          break;
        }
        this.#delivered(batch);
        written += batch.length;
      }
    }
    const rest = this.#queue.takeAll();
    const unspilled = rest.slice(this.#spill(rest));
    return {
      written,
      spilled: rest.length - unspilled.length,
      lost: unspilled.length,
      lostRecords: unspilled.filter((e) => !e.priority).length,
    };
  }

  /** Stops timers and shuts the exporter (and the spill) down, waiting at most until the deadline. */
  async stop(deadline: number): Promise<void> {
    this.#stopped = true;
    this.#clearTimers();
    const closing = Promise.allSettled([this.#exporter.shutdown(), this.#o.spill?.shutdown()]);
    await Promise.race([closing, sleep(Math.max(0, deadline - performance.now()))]);
  }

  stats(counts: { refusedRecords: number; recordsAfterShutdown: number }): DeliveryStats {
    return {
      queuedRecords: this.#queue.records,
      queuedCheckpoints: this.#queue.priority,
      exportedRecords: this.metrics.exportedRecords,
      exportFailures: this.metrics.exportFailures,
      droppedRecords: this.metrics.droppedBy('export_failed'),
      undeliveredRecords: this.metrics.droppedBy('shutdown'),
      spilledEntries: this.metrics.spilledEntries,
      ...counts,
    };
  }

  #checkpointSlots(pendingCheckpoints: number): number {
    return this.#o.maxPendingCheckpoints - this.#queue.priority - pendingCheckpoints;
  }

  /**
   * Synchronous exporters only: writes batches from the head until `done()`. A failing write is retried at once and
   * after its last attempt the batch's records are dropped (declared), so room is made either way; the guard only
   * stops a batch of checkpoints alone from being retried forever here.
   */
  #drainUntil(done: () => boolean): void {
    for (let guard = 0; !done() && this.#queue.length > 0 && guard < 4 * this.#o.maxExportAttempts; guard++) {
      this.#exportHeadSync();
    }
  }

  #schedule(): void {
    if (this.#stopped || this.#busy || this.#immediate) return;
    const now = performance.now();
    if (this.#queue.length >= this.#o.maxExportBatchSize && this.#retryAt <= now) {
      this.#clearTimers();
      this.#immediate = setImmediate(() => this.#onTurn(true));
      this.#immediate.unref();
      return;
    }
    if (this.#timer || this.#queue.length === 0) return;
    const delay = Math.max(this.#o.scheduledDelayMillis, this.#retryAt - now);
    this.#timer = setTimeout(() => this.#onTurn(false), delay);
    this.#timer.unref();
  }

  #onTurn(fullBatchesOnly: boolean): void {
    this.#immediate = undefined;
    this.#timer = undefined;
    const maxBatches = this.#sync ? SYNC_BATCHES_PER_TURN : 1;
    void this.#exclusive(async () => {
      for (let i = 0; i < maxBatches; i++) {
        if (this.#queue.length === 0 || this.#retryAt > performance.now()) break;
        if (fullBatchesOnly && this.#queue.length < this.#o.maxExportBatchSize) break;
        if (!(await this.#exportHead())) break;
      }
    });
  }

  /** Runs `fn` when no other export runs (one export in flight keeps the order). */
  async #exclusive(fn: () => Promise<unknown>): Promise<void> {
    while (this.#busy) await this.#busy;
    const run = (async () => {
      try {
        await fn();
      } catch {
        // exportHead never throws; this only guards the queue against a bug turning into an unhandled rejection.
      }
    })();
    this.#busy = run;
    try {
      await run;
    } finally {
      this.#busy = undefined;
      // Whatever arrived meanwhile, or is left after a failure, gets its timer again.
      this.#schedule();
    }
  }

  /** Exports the head batch once; on failure counts the attempt, then drops its records after the last one. */
  async #exportHead(): Promise<boolean> {
    if (this.#queue.length === 0) return true;
    await waitForResources(this.#queue.peek(this.#o.maxExportBatchSize), this.#o.exportTimeoutMillis);
    // Peeked again after the wait: a synchronous drain may have written the head meanwhile.
    if (this.#sync) return this.#exportHeadSync();
    const batch = this.#queue.peek(this.#o.maxExportBatchSize);
    return this.#settle(batch, await this.#exportAsync(batch.map((e) => e.item)));
  }

  #exportHeadSync(): boolean {
    const batch = this.#queue.peek(this.#o.maxExportBatchSize);
    if (batch.length === 0 || !this.#sync) return false;
    return this.#settle(
      batch,
      tryExportSync(
        this.#sync,
        batch.map((e) => e.item),
      ),
    );
  }

  #settle(batch: QueueEntry<ReadableLogRecord>[], ok: boolean): boolean {
    if (ok) {
      this.#delivered(batch);
      this.#attempts = 0;
      this.#retryAt = 0;
      return true;
    }
    this.metrics.exportFailed();
    this.#attempts++;
    if (this.#attempts >= this.#o.maxExportAttempts) {
      const ranges = this.#queue.dropRecords(batch.length);
      const count = ranges.reduce((n, r) => n + r.end - r.start, 0);
      this.#attempts = 0;
      this.#retryAt = 0;
      this.metrics.dropped('export_failed', count);
      this.#onDropped(ranges);
    } else {
      const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (this.#attempts - 1));
      this.#retryAt = performance.now() + backoff * (0.8 + 0.4 * Math.random());
    }
    return false;
  }

  #delivered(batch: QueueEntry<ReadableLogRecord>[]): void {
    this.#queue.delivered(batch.length);
    this.metrics.exported(batch.reduce((n, e) => n + (e.priority ? 0 : 1), 0));
  }

  #exportAsync(records: ReadableLogRecord[]): Promise<boolean> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (ok: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(ok);
      };
      // An exporter that never answers must not stall delivery: past the timeout the attempt counts as failed.
      const timer = setTimeout(() => finish(false), this.#o.exportTimeoutMillis);
      timer.unref();
      try {
        // The exporter's own HTTP calls must not be traced (they would log and export themselves in a loop).
        context.with(suppressTracing(context.active()), () =>
          this.#exporter.export(records, (result) => finish(result.code === ExportResultCode.SUCCESS)),
        );
      } catch {
        finish(false);
      }
    });
  }

  /** Writes entries to the spill destination in order, in batches, until one fails; returns how many were written. */
  #spill(entries: QueueEntry<ReadableLogRecord>[]): number {
    const spill = this.#o.spill;
    if (!spill) return 0;
    let written = 0;
    while (written < entries.length) {
      const batch = entries.slice(written, written + this.#o.maxExportBatchSize);
      if (
        !tryExportSync(
          spill,
          batch.map((e) => e.item),
        )
      )
        break;
      written += batch.length;
    }
    this.metrics.spilledEntries += written;
    return written;
  }

  #clearTimers(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
  }
}

function tryExportSync(exporter: SynchronousLogRecordExporter, records: ReadableLogRecord[]): boolean {
  try {
    exporter.exportSync(records);
    return true;
  } catch {
    return false;
  }
}

/** The serializers read `resource.attributes`; wait (bounded) until async resource attributes have settled. */
async function waitForResources(entries: readonly QueueEntry<ReadableLogRecord>[], timeoutMs: number): Promise<void> {
  const pending = new Set<ReadableLogRecord['resource']>();
  for (const { item: r } of entries) {
    if (r.resource.asyncAttributesPending && r.resource.waitForAsyncAttributes) pending.add(r.resource);
  }
  if (pending.size === 0) return;
  const settled = Promise.allSettled([...pending].map((res) => res.waitForAsyncAttributes?.()));
  await Promise.race([settled, sleep(timeoutMs)]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    t.unref();
  });
}
