/** Options of the integrity processor, validated at construction (errors name the field). */
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { optionReader, SeclogConfigError } from '@seclog/config';
import { resolveSnapshotLimits, type SnapshotLimits } from '@seclog/snapshot';
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

/** A wrong option of the integrity processor; names the field, never the value. */
export class IntegrityConfigError extends SeclogConfigError {
  override readonly name = 'IntegrityConfigError';
}

const read = optionReader('IntegrityProcessor', IntegrityConfigError);
const OPTION_NAMES = ['exporter', 'signer', 'checkpoint', 'delivery', 'namespace', 'snapshot'] as const;
const CHECKPOINT_OPTION_NAMES = ['maxRecords', 'maxIntervalMs', 'heartbeatMs', 'leafList', 'signTimeoutMs'] as const;

/** Validates options; throws {@link IntegrityConfigError} naming the offending field. */
export function resolveOptions(options: IntegrityProcessorOptions): ResolvedOptions {
  if (options === undefined) read.fail('options', 'are required');
  const o = read.object('options', options, OPTION_NAMES) as Partial<IntegrityProcessorOptions>;
  const { exporter, signer } = o;
  if (typeof exporter?.export !== 'function' || typeof exporter.shutdown !== 'function') {
    read.fail('exporter', 'must be a LogRecordExporter (export, shutdown)');
  }
  if (typeof signer?.sign !== 'function' || !isValidKeyName(signer.keyName) || !Number.isInteger(signer.keyId)) {
    read.fail('signer', 'must be a NoteSigner (use ed25519Signer or hmacSigner)');
  }
  const namespace = read.string('namespace', o.namespace, DEFAULT_NAMESPACE);
  const nsError = namespaceError(namespace);
  if (nsError) read.fail('namespace', nsError);
  const cp = read.object('checkpoint', o.checkpoint, CHECKPOINT_OPTION_NAMES);
  const leafList = read.boolean('checkpoint.leafList', cp.leafList, true);
  const maxRecords = read.integer('checkpoint.maxRecords', cp.maxRecords, {
    fallback: 128,
    min: 1,
    max: leafList ? MAX_RECORDS_WITH_LEAF_LIST : MAX_RECORDS,
  });
  const ms = (field: string, fallback: number, max = MAX_MS) =>
    read.integer(`checkpoint.${field}`, cp[field], { fallback, min: 1, max });
  return {
    exporter: exporter as LogRecordExporter,
    signer: signer as NoteSigner,
    namespace,
    policy: { maxRecords, maxIntervalMs: ms('maxIntervalMs', 5000), heartbeatMs: ms('heartbeatMs', 60_000), leafList },
    delivery: resolveDeliveryOptions(o.delivery, read),
    snapshot: resolveSnapshotLimits(o.snapshot, 'snapshot', read),
    signTimeoutMs: ms('signTimeoutMs', 10_000, 600_000),
  };
}
