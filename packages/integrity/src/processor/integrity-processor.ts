/**
 * `IntegrityProcessor`: the last processor of the chain. It takes a plain-data snapshot of each record, seals it into
 * a per-stream RFC 6962 Merkle log, emits signed checkpoints, and delivers records and checkpoints to the exporter
 * itself, so that every record either arrives or is declared lost in a signed checkpoint (docs/spec).
 */
import { randomBytes } from 'node:crypto';
import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { LogRecordSnapshotter } from '@seclog/snapshot';
import { recordDigestBase64 } from '../canonical/digest.js';
import { canonicalizeLogRecord } from '../canonical/from-record.js';
import { type IntegrityAttributeKeys, integrityAttributeKeys } from '../canonical/seal-attributes.js';
import { unverifiableText } from '../canonical/tuple.js';
import type { DeliveryStats } from '../delivery/delivery-metrics.js';
import { RecordDelivery } from '../internal/delivery/record-delivery.js';
import { buildIntegrityRecord } from '../internal/processor/integrity-records.js';
import { type ResourceDigest, ResourceDigests } from '../internal/processor/resource-digests.js';
import { CheckpointSigningQueue } from '../internal/processor/signing-queue.js';
import { type IntegrityEventNames, integrityEventNames } from '../records/event-names.js';
import { formatGenesisBody, formatResourceSnapshotBody } from '../records/stream-bodies.js';
import { type IntegrityProcessorOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { StreamLog } from './stream-log.js';

type Resource = ReadWriteLogRecord['resource'];

/** Counters of an {@link IntegrityProcessor} (a snapshot; for metrics and tests). */
export interface IntegrityStats {
  /** Leaves sealed, including genesis and resource snapshots. */
  readonly recordsSealed: number;
  /** Records sealed as `olcf1-unverifiable` leaves. */
  readonly unverifiableRecords: number;
  /** Lone surrogates replaced by U+FFFD in sealed records. */
  readonly loneSurrogates: number;
  /** Values the snapshot cut, replaced or left out (depth, size, cycles, throwing getters), all records together. */
  readonly valuesTruncated: number;
  /** Signed checkpoints handed to delivery. */
  readonly checkpointsEmitted: number;
  /** Checkpoints built but not yet signed. */
  readonly checkpointsPending: number;
  readonly signerFailures: number;
  /** Unexpected internal errors (the record concerned is declared dropped when it had a seq). */
  readonly internalErrors: number;
  /** What happened to records on their way to the exporter. */
  readonly delivery: DeliveryStats;
}

interface OpenStream {
  readonly log: StreamLog;
  resourceDigest: string;
  resource: Resource;
  /** `performance.now()` of the last checkpoint (or stream start). */
  lastCheckpointAt: number;
}

/** Before the final checkpoint, records are sealed (also while a shutdown flushes); after it they are refused. */
type State = 'open' | 'closing' | 'closed';

const SIGNATURE_BLOCK_BYTES = 1 + 4 + 1 + 92 + 1; // blank line, "— ", space, base64(4 + 64), newline
/** When a checkpoint could not be built for lack of room, try again this soon. */
const CHECKPOINT_RETRY_MS = 250;

/**
 * Seals log records for tamper evidence and delivers them: sets `<ns>.stream` and `<ns>.seq`, digests the OLCF-1
 * canonical form at `onEmit`, appends it to the stream's Merkle log, emits genesis, resource-snapshot and signed
 * checkpoint records, and exports everything in order. Never throws into `logger.emit()`.
 *
 * **Nothing lost silently.** A record refused because the export queue is full, or dropped after its last export
 * attempt, or still undelivered when shutdown runs out of time, is counted (`stats()`, metrics, a rate-limited
 * warning) and declared in the next signed checkpoint, so `seclog verify` reports it as DROPPED rather than
 * MISSING. Checkpoints themselves are never dropped. With a synchronous exporter (the OTLP/JSON file exporter) a
 * full queue is written out at once instead: no record is refused.
 *
 * @example
 * const provider = new LoggerProvider({
 *   resource,
 *   processors: [new IntegrityProcessor({
 *     exporter: new OTLPLogExporter(),
 *     signer: ed25519Signer(privateKeyPem, { keyName: 'checkout.example/seclog' }),
 *   })],
 * });
 */
export class IntegrityProcessor implements LogRecordProcessor {
  readonly #options: ResolvedOptions;
  readonly #keys: IntegrityAttributeKeys;
  readonly #events: IntegrityEventNames;
  readonly #resources = new ResourceDigests();
  readonly #snapshots: LogRecordSnapshotter;
  readonly #signing: CheckpointSigningQueue;
  readonly #delivery: RecordDelivery;
  readonly #counts = {
    recordsSealed: 0,
    unverifiableRecords: 0,
    loneSurrogates: 0,
    valuesTruncated: 0,
    checkpointsEmitted: 0,
    signerFailures: 0,
    internalErrors: 0,
    refusedRecords: 0,
    recordsAfterShutdown: 0,
  };
  #stream: OpenStream | undefined;
  #timer: NodeJS.Timeout | undefined;
  #timerDeadline = Number.POSITIVE_INFINITY;
  #state: State = 'open';
  #finalBuilt = false;
  /** Set once the final checkpoint and the last records were handed to the exporter or the spill. */
  #finished = false;
  #shutdown: Promise<void> | undefined;
  /** Upstream refusals reported before the stream opened; the first checkpoint declares them. */
  #refusedBeforeStream = 0;

  /** Throws a `TypeError` naming the field when the options are invalid. */
  constructor(options: IntegrityProcessorOptions) {
    this.#options = resolveOptions(options);
    this.#keys = integrityAttributeKeys(this.#options.namespace);
    this.#events = integrityEventNames(this.#options.namespace);
    this.#snapshots = new LogRecordSnapshotter(this.#options.snapshot);
    this.#signing = new CheckpointSigningQueue(
      this.#options.signer,
      (note) => this.#releaseCheckpoint(note),
      this.#counts,
      this.#options.signTimeoutMs,
    );
    this.#delivery = new RecordDelivery(this.#options.exporter, this.#options.delivery, (ranges) =>
      this.#stream?.log.declareDropped(ranges),
    );
  }

  /** The current stream id (`undefined` before the first record). */
  get streamId(): string | undefined {
    return this.#stream?.log.streamId;
  }

  /** A copy of the counters. */
  stats(): IntegrityStats {
    const { refusedRecords, recordsAfterShutdown, ...rest } = this.#counts;
    return {
      ...rest,
      checkpointsPending: this.#signing.length,
      delivery: this.#delivery.stats({ refusedRecords, recordsAfterShutdown }),
    };
  }

  onEmit(logRecord: ReadWriteLogRecord, _context?: Context): void {
    if (this.#state === 'closed') {
      this.#counts.recordsAfterShutdown++;
      this.#delivery.metrics.dropped('after_shutdown', 1);
      return;
    }
    let seq: number | undefined;
    try {
      const changes = this.#snapshots.take(logRecord);
      if (changes) this.#counts.valuesTruncated += changes.truncated + changes.circular + changes.unreadable;
      const stream = this.#stream ?? this.#openStream(logRecord.resource);
      if (!this.#hasRoom((pending) => this.#delivery.hasRecordRoom(pending))) {
        this.#delivery.refused();
        this.#counts.refusedRecords++;
        stream.log.refuse();
        this.#schedule(stream);
        return;
      }
      this.#followResource(stream, logRecord.resource);
      seq = stream.log.size;
      const bytes = this.#sealInto(stream, logRecord);
      this.#delivery.enqueueRecord(logRecord, seq, bytes);
      seq = undefined;
      if (stream.log.uncheckpointed >= this.#options.policy.maxRecords) this.#checkpoint(stream, false);
      else this.#schedule(stream);
    } catch {
      this.#counts.internalErrors++;
      // Sealed but never queued: declare it, so the verifier reports a drop and not a silent gap.
      if (seq !== undefined && this.#stream && this.#stream.log.size > seq) {
        this.#stream.log.declareDropped([{ start: seq, end: seq + 1 }]);
      }
    }
  }

  /**
   * Declares records refused before they reached this processor — an upstream hand-off was full (the worker pipeline
   * of `@seclog/node`) — exactly as a full export queue is declared: counted as refused (`queue_full`) and in the next
   * checkpoint's `x` line, at this point of the seq order. `resource` opens the stream when no record has yet, so the
   * count is still declared in a signed checkpoint. `reason` names the cause in metrics and warnings:
   * `shutdown_budget` for records the hand-off still held when the shutdown budget ran out. Never throws.
   */
  refuseUpstream(count: number, resource?: Resource, reason: 'queue_full' | 'shutdown_budget' = 'queue_full'): void {
    if (!Number.isSafeInteger(count) || count <= 0) return;
    try {
      this.#counts.refusedRecords += count;
      this.#delivery.metrics.dropped(reason, count);
      const stream = this.#stream ?? (resource && this.#state !== 'closed' ? this.#openStream(resource) : undefined);
      if (!stream) {
        this.#refusedBeforeStream += count;
        return;
      }
      stream.log.refuse(count);
      if (this.#state === 'open') this.#schedule(stream);
    } catch {
      this.#counts.internalErrors++;
    }
  }

  /** Reports the losses not yet warned about now, instead of at the next 30-second warning. */
  flushWarnings(): void {
    this.#delivery.metrics.flushWarnings();
  }

  /**
   * Room in delivery for what comes next. When checkpoints waiting for their (asynchronous) signature are what fills
   * the lane — a burst in one event-loop turn outruns the threadpool — they are signed here and now instead, when the
   * signer can sign synchronously, so a burst is never refused for want of a signature.
   */
  #hasRoom(room: (pendingCheckpoints: number) => boolean): boolean {
    if (room(this.#signing.length)) return true;
    return this.#signing.length > 0 && this.#signing.drainSync() && room(0);
  }

  /** Checkpoints what is unsealed, then waits (at most `delivery.flushTimeoutMillis`) until everything is exported. */
  async forceFlush(): Promise<void> {
    const deadline = performance.now() + this.#options.delivery.flushTimeoutMillis;
    try {
      const stream = this.#stream;
      if (stream && this.#state !== 'closed' && (stream.log.uncheckpointed > 0 || stream.log.hasUndeclaredLosses)) {
        this.#checkpoint(stream, false);
      }
      await within(this.#signing.drain(), deadline);
      await this.#delivery.flush(deadline);
    } catch {
      this.#counts.internalErrors++;
    }
  }

  /**
   * Flushes (bounded by `delivery.flushTimeoutMillis`), writes the final checkpoint — declaring whatever is still
   * undelivered — then writes what the exporter could not take to the spill destination, and shuts the exporter down.
   * Records emitted until the final checkpoint is built are still sealed. Idempotent.
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  /**
   * Synchronous last resort for a process `exit` handler (nothing asynchronous runs there any more): final checkpoint
   * if none was written, signed with the signer's `signSync`, then everything queued written by a synchronous exporter
   * or to the spill destination. Does nothing after a completed `shutdown()`.
   */
  finishSync(): void {
    if (this.#finished) return;
    try {
      this.#state = 'closed';
      this.#clearTimer();
      this.#signing.close();
      this.#writeFinalCheckpoint();
      this.#signing.drainSync();
      this.#finishDelivery();
    } catch {
      this.#counts.internalErrors++;
    }
  }

  async #doShutdown(): Promise<void> {
    const budget = this.#options.delivery.flushTimeoutMillis;
    const deadline = performance.now() + budget;
    // The budget is split: the flush, then the final checkpoint (it declares what the flush could not deliver) and
    // its own delivery, then the exporter's shutdown. The whole stays within the budget.
    const flushDeadline = deadline - Math.min(1000, budget / 4);
    const finalDeadline = deadline - Math.min(250, budget / 10);
    try {
      this.#state = 'closing';
      this.#clearTimer();
      await within(this.#signing.drain(), flushDeadline);
      await this.#delivery.flush(flushDeadline);
      this.#state = 'closed';
      this.#signing.close();
      this.#writeFinalCheckpoint();
      if (!this.#signing.drainSync()) await within(this.#signing.drain(), finalDeadline);
      await this.#delivery.flush(finalDeadline);
      this.#finishDelivery();
    } catch {
      this.#counts.internalErrors++;
    }
    await this.#delivery.stop(deadline);
  }

  /** Final checkpoint (once), declaring the records that are still queued as undelivered. */
  #writeFinalCheckpoint(): void {
    const stream = this.#stream;
    if (!stream || this.#finalBuilt) return;
    this.#finalBuilt = true;
    stream.log.declareDropped(this.#delivery.pendingRecordRanges());
    this.#signing.enqueue(stream.log.buildCheckpoint(true));
  }

  /** Whatever is left goes to a synchronous exporter or the spill; what reaches neither is counted and reported. */
  #finishDelivery(): void {
    if (this.#finished) return;
    this.#finished = true;
    const result = this.#delivery.writeAllSync();
    this.#delivery.metrics.dropped('shutdown', result.lostRecords);
    this.#delivery.metrics.flushWarnings();
  }

  /** Assigns the next seq, sets the two attributes, digests the record and appends the leaf; returns its size. */
  #sealInto(stream: OpenStream, record: ReadWriteLogRecord): number {
    const streamId = stream.log.streamId;
    const seq = stream.log.size;
    setSealAttribute(record, this.#keys.stream, streamId);
    setSealAttribute(record, this.#keys.seq, seq);
    let text: string;
    try {
      const form = canonicalizeLogRecord(record, {
        streamId,
        seq,
        resourceDigest: stream.resourceDigest,
        excludeAttributes: this.#keys.all,
      });
      text = form.text;
      this.#counts.loneSurrogates += form.loneSurrogates;
      if (!form.ok) this.#counts.unverifiableRecords++;
    } catch {
      // Keep seq contiguous: the leaf says this record could not be sealed.
      this.#counts.internalErrors++;
      this.#counts.unverifiableRecords++;
      text = unverifiableText(streamId, String(seq), 'internal-error');
    }
    stream.log.append(recordDigestBase64(text));
    this.#counts.recordsSealed++;
    return text.length;
  }

  /** A resource whose digest changed (async attributes settled, another provider) gets a snapshot leaf first. */
  #followResource(stream: OpenStream, resource: Resource): void {
    stream.resource = resource;
    const rd = this.#resources.of(resource);
    if (rd.digest === stream.resourceDigest) return;
    stream.resourceDigest = rd.digest;
    this.#emitLeafRecord(stream, this.#events.resource, (streamId) =>
      formatResourceSnapshotBody({
        namespace: this.#options.namespace,
        streamId,
        resourceDigest: rd.digest,
        resourceText: rd.text,
      }),
    );
  }

  #openStream(resource: Resource): OpenStream {
    const rd: ResourceDigest = this.#resources.of(resource);
    const streamId = randomBytes(16).toString('base64url');
    const log = new StreamLog({
      namespace: this.#options.namespace,
      streamId,
      leafList: this.#options.policy.leafList,
      signatureBytes: SIGNATURE_BLOCK_BYTES + Buffer.byteLength(this.#options.signer.keyName, 'utf8'),
    });
    const stream: OpenStream = { log, resourceDigest: rd.digest, resource, lastCheckpointAt: performance.now() };
    this.#stream = stream;
    if (this.#refusedBeforeStream > 0) log.refuse(this.#refusedBeforeStream);
    this.#refusedBeforeStream = 0;
    const attrs = this.#resources.settledAttributes(resource);
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    this.#emitLeafRecord(stream, this.#events.genesis, () =>
      formatGenesisBody({
        namespace: this.#options.namespace,
        streamId,
        olcfVersion: 'olcf1',
        timeUnixNano: BigInt(Date.now()) * 1_000_000n,
        policy: this.#options.policy,
        identity: {
          serviceName: str(attrs['service.name']),
          serviceInstanceId: str(attrs['service.instance.id']),
          hostName: str(attrs['host.name']),
        },
        resourceDigest: rd.digest,
        resourceText: rd.text,
      }),
    );
    this.#schedule(stream);
    return stream;
  }

  /** Seals a genesis or resource-snapshot record (a leaf) and queues it in the lane that is never dropped. */
  #emitLeafRecord(stream: OpenStream, eventName: string, body: (streamId: string) => string): void {
    const record = buildIntegrityRecord({
      resource: stream.resource,
      eventName,
      body: body(stream.log.streamId),
      attributes: { [this.#keys.stream]: stream.log.streamId, [this.#keys.seq]: stream.log.size },
    });
    const form = canonicalizeLogRecord(record, {
      streamId: stream.log.streamId,
      seq: stream.log.size,
      resourceDigest: stream.resourceDigest,
      excludeAttributes: this.#keys.all,
    });
    stream.log.append(recordDigestBase64(form.text));
    this.#counts.recordsSealed++;
    this.#delivery.enqueuePriority(record);
  }

  #checkpoint(stream: OpenStream, final: boolean): void {
    if (!final && !this.#hasRoom((pending) => this.#delivery.hasCheckpointRoom(pending))) {
      // Every checkpoint slot is taken (exporter or signer down): try later; records are refused meanwhile.
      this.#arm(performance.now() + CHECKPOINT_RETRY_MS);
      return;
    }
    this.#signing.enqueue(stream.log.buildCheckpoint(final));
    stream.lastCheckpointAt = performance.now();
    if (!final) this.#schedule(stream);
  }

  #releaseCheckpoint(note: string): void {
    const stream = this.#stream;
    if (!stream) return;
    this.#counts.checkpointsEmitted++;
    this.#delivery.enqueuePriority(
      buildIntegrityRecord({
        resource: stream.resource,
        eventName: this.#events.checkpoint,
        body: note,
        attributes: { [this.#keys.stream]: stream.log.streamId },
      }),
    );
  }

  /** Arms the timer for the next interval checkpoint (leaves or losses pending) or heartbeat (idle). */
  #schedule(stream: OpenStream): void {
    const { maxIntervalMs, heartbeatMs } = this.#options.policy;
    this.#arm(stream.lastCheckpointAt + (this.#hasPending(stream) ? maxIntervalMs : heartbeatMs));
  }

  #arm(deadline: number): void {
    if (this.#state !== 'open' || (this.#timer && deadline >= this.#timerDeadline)) return;
    this.#clearTimer();
    this.#timerDeadline = deadline;
    this.#timer = setTimeout(() => this.#onTimer(), Math.max(0, deadline - performance.now()));
    this.#timer.unref();
  }

  #hasPending(stream: OpenStream): boolean {
    return stream.log.uncheckpointed > 0 || stream.log.hasUndeclaredLosses;
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerDeadline = Number.POSITIVE_INFINITY;
  }

  #onTimer(): void {
    this.#timer = undefined;
    this.#timerDeadline = Number.POSITIVE_INFINITY;
    const stream = this.#stream;
    if (!stream || this.#state !== 'open') return;
    try {
      const { maxIntervalMs, heartbeatMs } = this.#options.policy;
      const idleFor = performance.now() - stream.lastCheckpointAt;
      const due = this.#hasPending(stream) ? idleFor >= maxIntervalMs : idleFor >= heartbeatMs;
      if (due) this.#checkpoint(stream, false);
      else this.#schedule(stream);
    } catch {
      this.#counts.internalErrors++;
    }
  }
}

/**
 * A direct write into the record's (mutable) attributes. The SDK's `setAttribute` would drop a seal attribute past
 * its attribute count limit, or truncate it, and count it in `droppedAttributesCount` even when written afterwards:
 * the archive would then claim an attribute was lost that is there, and differ from the worker pipeline's record.
 */
function setSealAttribute(record: ReadWriteLogRecord, key: string, value: string | number): void {
  (record.attributes as Record<string, unknown>)[key] = value;
}

/** Waits for `p`, but not past `deadline` (`performance.now()` ms). */
function within(p: Promise<unknown>, deadline: number): Promise<unknown> {
  const ms = deadline - performance.now();
  if (ms <= 0) return Promise.resolve();
  return Promise.race([
    p,
    new Promise<void>((resolve) => {
      setTimeout(resolve, ms).unref();
    }),
  ]);
}
