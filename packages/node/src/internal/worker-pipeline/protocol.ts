/**
 * What the application's thread and the pipeline worker say to each other. Records travel in batches (one
 * transferable buffer per batch, see `record-codec.ts`); everything else is a few small messages and shared words.
 */
import type { DeliveryStats } from '@seclog/integrity';
import type { RedactionStats } from '@seclog/redaction';
import type { SecureLoggingOptions } from '../../secure-logging-options.js';
import type { MetricReport } from './remote-metrics.js';

/** Indexes of the shared `Int32Array` control words. */
export const CONTROL = {
  /** 0 while the worker starts, then {@link READY_OK} or {@link READY_FAILED}. */
  ready: 0,
  /** Set to 1 by the worker once `finish` (the synchronous last write at process exit) is done. */
  finished: 1,
  /** Bytes of batches posted and not yet processed (the worker subtracts after each batch). */
  inFlightBytes: 2,
  /** 1 while the application's thread waits for room (the worker then notifies on `inFlightBytes`). */
  producerWaiting: 3,
} as const;
export const CONTROL_WORDS = 4;
export const READY_OK = 1;
export const READY_FAILED = 2;

/**
 * Indexes of the shared `Float64Array` the worker keeps current after every batch: what `deliveryStats()` reads
 * without a round trip.
 */
export const STAT = {
  queuedRecords: 0,
  queuedCheckpoints: 1,
  exportedRecords: 2,
  exportFailures: 3,
  refusedRecords: 4,
  droppedRecords: 5,
  undeliveredRecords: 6,
  recordsAfterShutdown: 7,
  spilledEntries: 8,
  /** Records the worker has taken from batches (sealed, refused or counted after shutdown). */
  receivedRecords: 9,
  /** Records refused at the hand-off that the worker has declared (read from the batches). */
  upstreamRefused: 10,
  /**
   * Written by the application's thread (the only slot it writes): when shutdown or exit began, the `Date.now()` after
   * which the worker stops sealing its backlog and declares it instead, so that the final checkpoint is written
   * within the budget. 0: no deadline.
   */
  sealUntil: 11,
} as const;
export const STAT_SLOTS = 12;

/** The options the worker builds its chain from: those of the application, minus what cannot cross threads. */
export type WorkerChainOptions = Omit<SecureLoggingOptions, 'notice' | 'meterProvider' | 'geo' | 'exporter'> & {
  exporter?: Exclude<SecureLoggingOptions['exporter'], { export: unknown } | { kind: 'custom' }>;
};

/** `workerData` of the pipeline worker. */
export interface WorkerStart {
  readonly control: SharedArrayBuffer;
  readonly stats: SharedArrayBuffer;
  readonly options: WorkerChainOptions;
  readonly component: string;
  /** The application runs the SecurityEventProcessor itself (it has a `geo` lookup, a function): start at redaction. */
  readonly startAtRedaction: boolean;
  /** Whether the application asked for metrics (a `meterProvider`): the worker then reports them. */
  readonly metrics: boolean;
}

/** From the application's thread to the worker. */
export type ToWorker =
  | {
      readonly type: 'batch';
      readonly buffer: ArrayBuffer;
      readonly length: number;
      readonly records: number;
      /** Records refused at the hand-off, declared by refusal frames inside this batch. */
      readonly refused: number;
    }
  | { readonly type: 'flush'; readonly id: number }
  | { readonly type: 'shutdown'; readonly id: number }
  /** Process exit: seal what came before, final checkpoint, synchronous write; then set `CONTROL.finished`. */
  | { readonly type: 'finish' };

/** From the worker to the application's thread. */
export type FromWorker =
  | { readonly type: 'failed'; readonly reason: string }
  | { readonly type: 'notice'; readonly message: string }
  | { readonly type: 'metrics'; readonly report: MetricReport }
  | { readonly type: 'redaction'; readonly stats: RedactionStats }
  /** A batch buffer of the standard size, handed back for reuse. */
  | { readonly type: 'buffer'; readonly buffer: ArrayBuffer }
  | {
      readonly type: 'done';
      readonly id: number;
      readonly delivery: DeliveryStats;
      readonly redaction: RedactionStats;
      readonly receivedRecords: number;
    };
