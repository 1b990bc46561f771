/** Options of the integrity processor, validated at construction (errors name the field). */
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { resolveSnapshotLimits, type SnapshotLimits, SnapshotLimitsError } from '@seclog/snapshot';
import { DEFAULT_NAMESPACE, namespaceError } from '../canonical/seal-attributes.js';
import {
  type DeliveryOptions,
  type ResolvedDeliveryOptions,
  resolveDeliveryOptions,
} from '../delivery/delivery-options.js';
import { isValidKeyName, type NoteSigner } from '../note/signed-note.js';
import type { CheckpointPolicy } from '../records/stream-bodies.js';

/** Checkpoint cadence (docs/spec/checkpoint-note.md#producer-rules). */
export interface CheckpointOptions {
  /** Checkpoint after this many new leaves. Default 128; at most 150 with leaf lists (8 KB cap). */
  readonly maxRecords?: number;
  /** …or this long after the first unsealed leaf, whichever comes first. Default 5000. */
  readonly maxIntervalMs?: number;
  /** Heartbeat checkpoint when idle for this long. Default 60000. */
  readonly heartbeatMs?: number;
  /** Put the record digests of each range on the checkpoint (`l` line). Default true. */
  readonly leafList?: boolean;
  /** A signature not produced within this time counts as a signer failure (retried later). Default 10000. */
  readonly signTimeoutMs?: number;
}

/** Options of {@link IntegrityProcessor}. */
export interface IntegrityProcessorOptions {
  /**
   * Where sealed records and checkpoints go. The processor batches and retries itself (it replaces the SDK's
   * `BatchLogRecordProcessor`), so it knows every seq that could not be delivered and declares it.
   */
  readonly exporter: LogRecordExporter;
  /** Checkpoint signer: `ed25519Signer(...)` or `hmacSigner(...)`. */
  readonly signer: NoteSigner;
  readonly checkpoint?: CheckpointOptions;
  /** Queue bounds, batching, retries, flush budget, spill destination, metrics. */
  readonly delivery?: DeliveryOptions;
  /** Attribute namespace: records get `<ns>.stream` and `<ns>.seq`. Default `seclog.integrity`. */
  readonly namespace?: string;
  /** Limits of the plain-data snapshot taken at `onEmit` (see `@seclog/snapshot`); defaults are generous. */
  readonly snapshot?: Partial<SnapshotLimits>;
}

/** Validated options with defaults applied. */
export interface ResolvedOptions {
  readonly exporter: LogRecordExporter;
  readonly signer: NoteSigner;
  readonly namespace: string;
  readonly policy: CheckpointPolicy;
  readonly delivery: ResolvedDeliveryOptions;
  readonly snapshot: SnapshotLimits;
  readonly signTimeoutMs: number;
}

/** Most leaves per checkpoint with a leaf list: 150 × 45 bytes keeps the note under 8 KB. */
export const MAX_RECORDS_WITH_LEAF_LIST = 150;
const MAX_RECORDS = 1_000_000;
const MAX_MS = 86_400_000;

function fail(field: string, message: string): never {
  throw new TypeError(`IntegrityProcessor: ${field} ${message}`);
}

function integer(field: string, v: unknown, fallback: number, min: number, max: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(field, `must be an integer from ${min} to ${max}`);
  }
  return v;
}

/** Validates options; throws a `TypeError` naming the offending field. */
export function resolveOptions(options: IntegrityProcessorOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('IntegrityProcessor: options are required');
  const { exporter, signer } = options;
  if (typeof exporter?.export !== 'function' || typeof exporter.shutdown !== 'function') {
    fail('exporter', 'must be a LogRecordExporter (export, shutdown)');
  }
  if (typeof signer?.sign !== 'function' || !isValidKeyName(signer.keyName) || !Number.isInteger(signer.keyId)) {
    throw new TypeError('IntegrityProcessor: signer must be a NoteSigner (use ed25519Signer or hmacSigner)');
  }
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const nsError = namespaceError(namespace);
  if (nsError) throw new TypeError(`IntegrityProcessor: namespace ${nsError}`);
  const cp = options.checkpoint ?? {};
  if (typeof cp !== 'object' || cp === null) throw new TypeError('IntegrityProcessor: checkpoint must be an object');
  if (cp.leafList !== undefined && typeof cp.leafList !== 'boolean') {
    throw new TypeError('IntegrityProcessor: checkpoint.leafList must be a boolean');
  }
  const leafList = cp.leafList ?? true;
  const maxRecords = integer(
    'checkpoint.maxRecords',
    cp.maxRecords,
    128,
    1,
    leafList ? MAX_RECORDS_WITH_LEAF_LIST : MAX_RECORDS,
  );
  const maxIntervalMs = integer('checkpoint.maxIntervalMs', cp.maxIntervalMs, 5000, 1, MAX_MS);
  const heartbeatMs = integer('checkpoint.heartbeatMs', cp.heartbeatMs, 60_000, 1, MAX_MS);
  const signTimeoutMs = integer('checkpoint.signTimeoutMs', cp.signTimeoutMs, 10_000, 1, 600_000);
  let snapshot: SnapshotLimits;
  try {
    snapshot = resolveSnapshotLimits(options.snapshot, 'snapshot');
  } catch (error) {
    if (error instanceof SnapshotLimitsError) throw new TypeError(`IntegrityProcessor: ${error.message}`);
    throw error;
  }
  return {
    exporter,
    signer,
    namespace,
    policy: { maxRecords, maxIntervalMs, heartbeatMs, leafList },
    delivery: resolveDeliveryOptions(options.delivery, fail),
    snapshot,
    signTimeoutMs,
  };
}
