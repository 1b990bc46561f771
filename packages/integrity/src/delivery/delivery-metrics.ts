/**
 * Delivery counters, kept in process (for `stats()`), published as OTel metrics through the configured
 * MeterProvider, and summarised in a rate-limited diagnostic warning: a loss is never silent.
 */
import { type Counter, diag, type MeterProvider, type ObservableResult } from '@opentelemetry/api';

/** Why records did not reach the exporter. */
/** Why records were not delivered: the `reason` attribute of `seclog.records.dropped`. */
export const DROP_REASONS = ['queue_full', 'shutdown_budget', 'export_failed', 'shutdown', 'after_shutdown'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

const zeroPerReason = (): Record<DropReason, number> =>
  Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>;

/** Counts of a delivery (a snapshot). */
export interface DeliveryStats {
  /** Records and priority entries (checkpoints, genesis, resource snapshots) waiting now. */
  readonly queuedRecords: number;
  readonly queuedCheckpoints: number;
  /** Records the exporter accepted. */
  readonly exportedRecords: number;
  /** Failed export attempts (each retry counts). */
  readonly exportFailures: number;
  /**
   * Records refused before sealing (declared with `x`): the export queue or the worker pipeline's hand-off was full,
   * or the worker pipeline still held them when the shutdown budget ran out.
   */
  readonly refusedRecords: number;
  /** Sealed records dropped after the last export attempt failed (declared with `d`). */
  readonly droppedRecords: number;
  /** Sealed records still undelivered when shutdown or exit ran out of time (declared with `d`). */
  readonly undeliveredRecords: number;
  /** Records emitted after shutdown (not sealed, not exported). */
  readonly recordsAfterShutdown: number;
  /** Records and checkpoints written to the spill destination at shutdown or exit. */
  readonly spilledEntries: number;
}

const WARNING_INTERVAL_MS = 30_000;

/** Mutable counters plus their OTel instruments. */
export class DeliveryMetrics {
  exportedRecords = 0;
  exportFailures = 0;
  spilledEntries = 0;
  readonly #dropped: Record<DropReason, number> = zeroPerReason();
  readonly #droppedCounter: Counter | undefined;
  readonly #exportedCounter: Counter | undefined;
  readonly #failureCounter: Counter | undefined;
  readonly #warn: (message: string) => void;
  /** Drops not yet reported in a warning, and when the last warning went out. */
  readonly #unreported: Record<DropReason, number> = zeroPerReason();
  #lastWarning = Number.NEGATIVE_INFINITY;

  constructor(
    meterProvider: MeterProvider | undefined,
    queueDepth: () => { records: number; checkpoints: number },
    warn: (message: string) => void = (m) => diag.warn(m),
  ) {
    this.#warn = warn;
    if (!meterProvider) return;
    const meter = meterProvider.getMeter('@seclog/integrity');
    this.#droppedCounter = meter.createCounter('seclog.records.dropped', {
      description: 'Log records that did not reach the exporter, by reason (each is declared in a signed checkpoint)',
      unit: '{record}',
    });
    this.#exportedCounter = meter.createCounter('seclog.records.exported', {
      description: 'Log records the exporter accepted',
      unit: '{record}',
    });
    this.#failureCounter = meter.createCounter('seclog.export.failures', {
      description: 'Failed export attempts (retries included)',
      unit: '{attempt}',
    });
    meter
      .createObservableGauge('seclog.queue.depth', { description: 'Records waiting for export', unit: '{record}' })
      .addCallback((r: ObservableResult) => r.observe(queueDepth().records));
    meter
      .createObservableGauge('seclog.queue.checkpoints', {
        description: 'Checkpoints, genesis and resource records waiting for export (never dropped)',
        unit: '{record}',
      })
      .addCallback((r: ObservableResult) => r.observe(queueDepth().checkpoints));
  }

  /** Counts records that will not be delivered, and warns (at most every 30 s, the first time at once). */
  dropped(reason: DropReason, count: number): void {
    if (count <= 0) return;
    this.#dropped[reason] += count;
    this.#unreported[reason] += count;
    this.#droppedCounter?.add(count, { reason });
    this.#maybeWarn(false);
  }

  exported(count: number): void {
    this.exportedRecords += count;
    this.#exportedCounter?.add(count);
  }

  exportFailed(): void {
    this.exportFailures++;
    this.#failureCounter?.add(1);
  }

  /** Reports drops not yet warned about, now (shutdown: the process may not live another 30 s). */
  flushWarnings(): void {
    this.#maybeWarn(true);
  }

  droppedBy(reason: DropReason): number {
    return this.#dropped[reason];
  }

  #maybeWarn(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.#lastWarning < WARNING_INTERVAL_MS) return;
    const parts = DROP_REASONS.filter((r) => this.#unreported[r] > 0).map(
      (r) => `${this.#unreported[r]} ${REASON_TEXT[r]}`,
    );
    if (parts.length === 0) return;
    this.#lastWarning = now;
    for (const r of DROP_REASONS) this.#unreported[r] = 0;
    this.#warn(
      `seclog: log records not delivered: ${parts.join(', ')}; sealed losses are declared in the next signed checkpoint`,
    );
  }
}

const REASON_TEXT: Readonly<Record<DropReason, string>> = {
  queue_full: 'refused (export queue full)',
  shutdown_budget: 'not sealed within the shutdown budget (still in the pipeline worker)',
  export_failed: 'dropped (export failed after all retries)',
  shutdown: 'undelivered at shutdown',
  after_shutdown: 'emitted after shutdown (not sealed)',
};
