/** Options of delivery (queue bounds, batching, retries, shutdown budget), validated at construction. */
import type { MeterProvider } from '@opentelemetry/api';
import type { OptionReader } from '@seclog/config';
import type { SynchronousLogRecordExporter } from './synchronous-exporter.js';

/** How sealed records reach the exporter. Every field is optional; defaults in {@link resolveDeliveryOptions}. */
export interface DeliveryOptions {
  /** Records waiting for export at most. When full, a synchronous exporter is written to at once (no loss);
   * otherwise new records are refused before sealing, counted and declared in the next checkpoint. Default 8192. */
  readonly maxQueueSize?: number;
  /** Approximate bytes of waiting records at most (canonical size). Default 64 MiB. */
  readonly maxQueueBytes?: number;
  /** Records per export call. Default 512. */
  readonly maxExportBatchSize?: number;
  /** Wait at most this long before exporting a partial batch. Default 200 ms. */
  readonly scheduledDelayMillis?: number;
  /** An export that has not answered within this time counts as failed. Default 10000 ms. */
  readonly exportTimeoutMillis?: number;
  /** Attempts per batch; after the last failure its records are dropped and declared. Default 5. */
  readonly maxExportAttempts?: number;
  /** Checkpoints (and genesis/resource records) waiting for signing or export at most. Default 1024. */
  readonly maxPendingCheckpoints?: number;
  /** `forceFlush()` and `shutdown()` return within about this long, whatever the exporter does. Default 5000 ms. */
  readonly flushTimeoutMillis?: number;
  /**
   * Where whatever the exporter could not take by shutdown or process exit is written synchronously (e.g. an
   * OTLP/JSON file next to the app): the records, and the checkpoints that declare them. Without it they are lost,
   * and counted.
   */
  readonly spill?: SynchronousLogRecordExporter;
  /** Publishes `seclog.records.dropped`, `seclog.records.exported`, `seclog.export.failures`, `seclog.queue.*`. */
  readonly meterProvider?: MeterProvider;
  /**
   * Receives the warning about records not delivered (at once for the first loss, then at most every 30 s, and at
   * shutdown). Default: `diag.warn` of `@opentelemetry/api`, which prints nothing unless a diag logger is set.
   */
  readonly onWarning?: (message: string) => void;
}

/** Delivery options with defaults applied. */
export interface ResolvedDeliveryOptions {
  readonly maxQueueSize: number;
  readonly maxQueueBytes: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
  readonly maxExportAttempts: number;
  readonly maxPendingCheckpoints: number;
  readonly flushTimeoutMillis: number;
  readonly spill: SynchronousLogRecordExporter | undefined;
  readonly meterProvider: MeterProvider | undefined;
  readonly onWarning: ((message: string) => void) | undefined;
}

/** Integer options: default and accepted range. One table, so defaults, validation and docs cannot drift apart. */
const INTEGER_OPTIONS = {
  maxQueueSize: { fallback: 8192, min: 1, max: 10_000_000 },
  maxQueueBytes: { fallback: 64 << 20, min: 1 << 16, max: 8 << 30 },
  maxExportBatchSize: { fallback: 512, min: 1, max: 100_000 },
  scheduledDelayMillis: { fallback: 200, min: 0, max: 60_000 },
  exportTimeoutMillis: { fallback: 10_000, min: 1, max: 600_000 },
  maxExportAttempts: { fallback: 5, min: 1, max: 1000 },
  maxPendingCheckpoints: { fallback: 1024, min: 4, max: 100_000 },
  flushTimeoutMillis: { fallback: 5000, min: 1, max: 600_000 },
} as const;

/** Validates delivery options with the caller's reader, so errors carry the caller's class and full field path. */
export function resolveDeliveryOptions(
  input: DeliveryOptions | undefined,
  read: OptionReader,
): ResolvedDeliveryOptions {
  const known = [...Object.keys(INTEGER_OPTIONS), 'spill', 'meterProvider', 'onWarning'];
  const o = read.object('delivery', input, known) as DeliveryOptions;
  const out: Record<string, number> = {};
  for (const [name, rule] of Object.entries(INTEGER_OPTIONS)) {
    out[name] = read.integer(`delivery.${name}`, (o as Record<string, unknown>)[name], rule);
  }
  if (o.spill !== undefined && typeof o.spill?.exportSync !== 'function') {
    read.fail('delivery.spill', 'must be an exporter with exportSync (e.g. an OTLP/JSON file exporter)');
  }
  if (o.meterProvider !== undefined && typeof o.meterProvider?.getMeter !== 'function') {
    read.fail('delivery.meterProvider', 'must be a MeterProvider');
  }
  const onWarning = read.optionalFunction<(message: string) => void>('delivery.onWarning', o.onWarning);
  const resolved = out as unknown as Omit<ResolvedDeliveryOptions, 'spill' | 'meterProvider' | 'onWarning'>;
  return {
    ...resolved,
    maxExportBatchSize: Math.min(resolved.maxExportBatchSize, resolved.maxQueueSize),
    spill: o.spill,
    meterProvider: o.meterProvider,
    onWarning,
  };
}
