/**
 * `IntegrityProcessor`: a decorator around the exporting processor that seals every record into a per-stream RFC 6962
 * Merkle log and emits signed checkpoints (design integrity.md §10). It must be the last processor that mutates
 * records (`Redaction → Integrity → Batch(exporter)`), because it digests the record as it is at its `onEmit`.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { recordDigestBase64, resourceDigestOfText } from '../canonical/digest.js';
import { canonicalizeLogRecord, canonicalResourceText } from '../canonical/from-record.js';
import { type IntegrityAttributeKeys, integrityAttributeKeys } from '../canonical/seal-attributes.js';
import { unverifiableText } from '../canonical/tuple.js';
import { type IntegrityEventNames, integrityEventNames } from '../records/event-names.js';
import { formatGenesisBody, formatResourceSnapshotBody } from '../records/stream-bodies.js';
import { snapshotBody } from './body-snapshot.js';
import { buildIntegrityRecord } from './integrity-records.js';
import { type IntegrityProcessorOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { CheckpointSigningQueue } from './signing-queue.js';
import { StreamLog } from './stream-log.js';

type Resource = ReadWriteLogRecord['resource'];

/** Counters of an {@link IntegrityProcessor} (a snapshot; for metrics and tests). */
export interface IntegrityStats {
  /** Leaves sealed, including genesis and resource snapshots. */
  recordsSealed: number;
  /** Records sealed as `olcf1-unverifiable` leaves (cycles, depth, …). */
  unverifiableRecords: number;
  /** Lone surrogates replaced by U+FFFD in sealed records. */
  loneSurrogates: number;
  /** Signed checkpoints passed to `next`. */
  checkpointsEmitted: number;
  /** Checkpoints built but not yet signed. */
  checkpointsPending: number;
  /** Unsigned checkpoints dropped because the signer stayed down too long. */
  checkpointsDropped: number;
  signerFailures: number;
  /** Errors thrown by `next.onEmit` (caught; never reach `logger.emit()`). */
  nextErrors: number;
  /** Unexpected internal errors; the record was passed on, possibly without a seal. */
  internalErrors: number;
  /** Records passed on without a seal (after shutdown, or after an internal error). */
  unsealedRecords: number;
}

interface OpenStream {
  readonly log: StreamLog;
  resourceDigest: string;
  resource: Resource;
  /** `performance.now()` of the last checkpoint (or stream start). */
  lastCheckpointAt: number;
}

const SIGNATURE_BLOCK_BYTES = 1 + 4 + 1 + 92 + 1; // blank line, "— ", space, base64(4 + 64), newline

/**
 * Seals log records for tamper evidence: sets `<ns>.stream` and `<ns>.seq`, digests the OLCF-1 canonical form at
 * `onEmit`, appends it to the stream's Merkle log, and emits genesis, resource-snapshot and signed checkpoint records
 * to `next`. Never throws into `logger.emit()`.
 *
 * **Fail-open, flagged.** A record that cannot be canonicalized is sealed as an explicit `olcf1-unverifiable` leaf
 * (reported as UNVERIFIABLE, never MISSING). If sealing fails unexpectedly, the record is still passed on; it then
 * lacks a valid seal and the verifier reports it (FOREIGN / MODIFIED). If the signer fails, records keep flowing and
 * checkpoints are retried in order (they arrive late; the unsealed tail is reported as such).
 *
 * @example
 * const provider = new LoggerProvider({
 *   resource,
 *   processors: [new IntegrityProcessor({
 *     next: new BatchLogRecordProcessor({ exporter }),
 *     signer: ed25519Signer(privateKeyPem, { keyName: 'checkout.example/seclog' }),
 *   })],
 * });
 */
export class IntegrityProcessor implements LogRecordProcessor {
  readonly #options: ResolvedOptions;
  readonly #keys: IntegrityAttributeKeys;
  readonly #events: IntegrityEventNames;
  readonly #resourceDigests = new WeakMap<Resource, string>();
  readonly #resourceTexts = new WeakMap<Resource, string>();
  readonly #queue: CheckpointSigningQueue;
  readonly #stats: IntegrityStats = {
    recordsSealed: 0,
    unverifiableRecords: 0,
    loneSurrogates: 0,
    checkpointsEmitted: 0,
    checkpointsPending: 0,
    checkpointsDropped: 0,
    signerFailures: 0,
    nextErrors: 0,
    internalErrors: 0,
    unsealedRecords: 0,
  };
  #stream: OpenStream | undefined;
  #timer: NodeJS.Timeout | undefined;
  #timerDeadline = Number.POSITIVE_INFINITY;
  #shutdown: Promise<void> | undefined;

  /** Throws a `TypeError` naming the field when the options are invalid. */
  constructor(options: IntegrityProcessorOptions) {
    this.#options = resolveOptions(options);
    this.#keys = integrityAttributeKeys(this.#options.namespace);
    this.#events = integrityEventNames(this.#options.namespace);
    this.#queue = new CheckpointSigningQueue(
      this.#options.signer,
      (note) => this.#releaseCheckpoint(note),
      this.#stats,
      this.#options.signTimeoutMs,
    );
  }

  /** The current stream id (`undefined` before the first record). */
  get streamId(): string | undefined {
    return this.#stream?.log.streamId;
  }

  /** A copy of the counters. */
  stats(): IntegrityStats {
    return { ...this.#stats, checkpointsPending: this.#queue.length };
  }

  onEmit(logRecord: ReadWriteLogRecord, context?: Context): void {
    try {
      if (this.#shutdown) this.#stats.unsealedRecords++;
      else this.#seal(logRecord);
    } catch {
      this.#stats.internalErrors++;
      this.#stats.unsealedRecords++;
    }
    this.#forward(logRecord, context);
    try {
      const stream = this.#stream;
      if (stream && !this.#shutdown) {
        if (stream.log.uncheckpointed >= this.#options.policy.maxRecords) this.#checkpoint(stream, false);
        else this.#schedule(stream);
      }
    } catch {
      this.#stats.internalErrors++;
    }
  }

  /** Builds a checkpoint over any unsealed leaves, waits for signing, then flushes `next`. */
  async forceFlush(): Promise<void> {
    try {
      const stream = this.#stream;
      if (stream && !this.#shutdown && stream.log.uncheckpointed > 0) this.#checkpoint(stream, false);
      await this.#queue.drain();
    } catch {
      this.#stats.internalErrors++;
    }
    await this.#options.next.forceFlush();
  }

  /** Writes the final checkpoint (`f`), waits for it to be signed (a few attempts), then shuts down `next`. */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  async #doShutdown(): Promise<void> {
    this.#clearTimer();
    try {
      const stream = this.#stream;
      if (stream) this.#checkpoint(stream, true);
      this.#queue.close();
      for (let attempt = 0; attempt < 3 && this.#queue.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * attempt));
        await this.#queue.drain();
      }
    } catch {
      this.#stats.internalErrors++;
    }
    await this.#options.next.shutdown();
  }

  #forward(record: ReadWriteLogRecord, context?: Context): void {
    try {
      this.#options.next.onEmit(record, context);
    } catch {
      this.#stats.nextErrors++;
    }
  }

  #seal(record: ReadWriteLogRecord): void {
    const resourceDigest = this.#resourceDigest(record.resource);
    const stream = this.#stream ?? this.#openStream(record.resource, resourceDigest);
    stream.resource = record.resource;
    if (resourceDigest.digest !== stream.resourceDigest) {
      stream.resourceDigest = resourceDigest.digest;
      this.#emitLeafRecord(stream, this.#events.resource, (streamId) =>
        formatResourceSnapshotBody({
          namespace: this.#options.namespace,
          streamId,
          resourceDigest: resourceDigest.digest,
          resourceText: resourceDigest.text,
        }),
      );
    }
    this.#sealInto(stream, record);
  }

  /** Assigns the next seq, sets the two attributes, digests the record and appends the leaf. */
  #sealInto(stream: OpenStream, record: ReadWriteLogRecord): void {
    const streamId = stream.log.streamId;
    const seq = stream.log.size;
    this.#setAttribute(record, this.#keys.stream, streamId);
    this.#setAttribute(record, this.#keys.seq, seq);
    let text: string;
    try {
      const form = canonicalizeLogRecord(record, {
        streamId,
        seq,
        resourceDigest: stream.resourceDigest,
        excludeAttributes: this.#keys.all,
      });
      text = form.text;
      this.#stats.loneSurrogates += form.loneSurrogates;
      if (!form.ok) this.#stats.unverifiableRecords++;
      else if (this.#options.snapshotBodies && typeof record.body === 'object' && record.body !== null) {
        record.setBody(snapshotBody(record.body) as never);
      }
    } catch {
      // Keep seq contiguous: the leaf says this record could not be sealed.
      this.#stats.internalErrors++;
      this.#stats.unverifiableRecords++;
      text = unverifiableText(streamId, String(seq), 'internal-error');
    }
    stream.log.append(recordDigestBase64(text));
    this.#stats.recordsSealed++;
  }

  /** `setAttribute`, then a direct write if the SDK dropped it (attribute count limit) or truncated it. */
  #setAttribute(record: ReadWriteLogRecord, key: string, value: string | number): void {
    record.setAttribute(key, value);
    if (record.attributes[key] !== value) (record.attributes as Record<string, unknown>)[key] = value;
  }

  #resourceDigest(resource: Resource): { digest: string; text: string } {
    const cached = this.#resourceDigests.get(resource);
    if (cached !== undefined && !resource.asyncAttributesPending) {
      return { digest: cached, text: this.#resourceTexts.get(resource) ?? '' };
    }
    const text = canonicalResourceText(this.#settledAttributes(resource));
    const digest = resourceDigestOfText(text);
    if (!resource.asyncAttributesPending) {
      this.#resourceDigests.set(resource, digest);
      this.#resourceTexts.set(resource, text);
    }
    return { digest, text };
  }

  /**
   * The resource attributes known now. While async attributes are pending, reading `attributes` would log an error,
   * so the settled raw values are used; a snapshot leaf follows once the rest arrives.
   */
  #settledAttributes(resource: Resource): Readonly<Record<string, unknown>> {
    if (!resource.asyncAttributesPending) return resource.attributes;
    const attributes: Record<string, unknown> = {};
    for (const [k, v] of resource.getRawAttributes()) if (v !== undefined && !(v instanceof Promise)) attributes[k] = v;
    return attributes;
  }

  #openStream(resource: Resource, rd: { digest: string; text: string }): OpenStream {
    const streamId = randomBytes(16).toString('base64url');
    const log = new StreamLog({
      namespace: this.#options.namespace,
      streamId,
      leafList: this.#options.policy.leafList,
      signatureBytes: SIGNATURE_BLOCK_BYTES + Buffer.byteLength(this.#options.signer.keyName, 'utf8'),
    });
    const stream: OpenStream = { log, resourceDigest: rd.digest, resource, lastCheckpointAt: performance.now() };
    this.#stream = stream;
    const attrs = this.#settledAttributes(resource);
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

  /** Seals and forwards a genesis or resource-snapshot record (a leaf). */
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
    this.#stats.recordsSealed++;
    this.#forward(record);
  }

  #checkpoint(stream: OpenStream, final: boolean): void {
    this.#queue.enqueue(stream.log.buildCheckpoint(final));
    stream.lastCheckpointAt = performance.now();
    if (!final) this.#schedule(stream);
  }

  #releaseCheckpoint(note: string): void {
    const stream = this.#stream;
    if (!stream) return;
    this.#stats.checkpointsEmitted++;
    this.#forward(
      buildIntegrityRecord({
        resource: stream.resource,
        eventName: this.#events.checkpoint,
        body: note,
        attributes: { [this.#keys.stream]: stream.log.streamId },
      }),
    );
  }

  /** Arms the single timer for the next interval checkpoint (leaves pending) or heartbeat (idle). */
  #schedule(stream: OpenStream): void {
    const { maxIntervalMs, heartbeatMs } = this.#options.policy;
    const deadline = stream.lastCheckpointAt + (stream.log.uncheckpointed > 0 ? maxIntervalMs : heartbeatMs);
    if (this.#timer && deadline >= this.#timerDeadline) return;
    this.#clearTimer();
    this.#timerDeadline = deadline;
    this.#timer = setTimeout(() => this.#onTimer(), Math.max(0, deadline - performance.now()));
    this.#timer.unref();
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
    if (!stream || this.#shutdown) return;
    try {
      const { maxIntervalMs, heartbeatMs } = this.#options.policy;
      const idleFor = performance.now() - stream.lastCheckpointAt;
      const due = stream.log.uncheckpointed > 0 ? idleFor >= maxIntervalMs : idleFor >= heartbeatMs;
      if (due) this.#checkpoint(stream, false);
      else this.#schedule(stream);
    } catch {
      this.#stats.internalErrors++;
    }
  }
}
