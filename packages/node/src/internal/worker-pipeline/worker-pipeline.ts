/**
 * `pipeline: 'worker'`: seclog's chain (security-event conformance, redaction, sealing, checkpoints and their
 * signatures, OTLP encoding and export) runs on one worker thread. On the application's thread `emit()` only takes the
 * record's plain-data snapshot and writes it into the current batch; batches go to the worker as transferred buffers
 * (one message per 256 KiB batch buffer: a full one at the end of the event-loop iteration, the current one at most
 * {@link POST_DELAY_MS} after its first record; never by `emit()` itself, except every 4 MiB of a long synchronous
 * burst), which seals them in the order they were emitted.
 *
 * Nothing is lost silently:
 * - **Hand-off full.** Batches in flight are bounded ({@link HANDOFF_MAX_BYTES}). When they are full, `emit()` waits
 *   for the worker (back-pressure, as the inline pipeline's synchronous file writes do) as long as the worker makes
 *   progress; after {@link STALL_MS} without progress the record is refused, and refused records are written into the
 *   batch stream as a count at their place in the order: the worker declares them in the next checkpoint's `x` line
 *   and counts them as `seclog.records.dropped{reason="queue_full"}`, as the inline pipeline does for a full queue.
 *   Until the hand-off has drained to half, further records are refused at once (emit never waits twice for a stuck
 *   worker).
 * - **Flush and shutdown** go through the same ordered channel: everything emitted before them is sealed first.
 * - **Process exit** (`exit` event, also after `process.exit()`): the application's thread posts what is left and a
 *   `finish` request, then blocks on `Atomics.wait` (at most `delivery.flushTimeoutMillis`) while the worker seals it,
 *   writes the final checkpoint (signed synchronously) and writes everything queued synchronously, or to the spill.
 * - **The worker dies** (an internal error, out of memory): the chain built on the application's thread takes over,
 *   inline, in a new stream whose first checkpoint declares as refused (`x`) every record the worker had been handed
 *   but not sealed. The dead worker's stream ends without a final checkpoint (`STREAM-UNCLEAN-END`).
 * - **kill -9** ends both threads at once: as inline, the records sealed after the last exported checkpoint are absent
 *   and the stream has no final checkpoint; in addition the records still in flight to the worker (at most
 *   {@link HANDOFF_MAX_BYTES}, and those of the last {@link POST_DELAY_MS} not posted yet) were never sealed.
 *   Neither kind is reported MISSING: no checkpoint covers them.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type Context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { DeliveryStats } from '@seclog/integrity';
import type { RedactionStats } from '@seclog/redaction';
import { EPHEMERAL_KID } from '@seclog/redaction';
import { SecurityEventProcessor } from '@seclog/semconv';
import { LogRecordSnapshotter } from '@seclog/snapshot';
import { SecureLoggingConfigError } from '../../secure-logging-config-error.js';
import type { SecureLoggingOptions } from '../../secure-logging-options.js';
import type { SecureChain } from '../secure-chain.js';
import { BatchWriter } from './batch-writer.js';
import {
  CONTROL,
  CONTROL_WORDS,
  type FromWorker,
  READY_FAILED,
  READY_OK,
  STAT,
  STAT_SLOTS,
  type ToWorker,
  type WorkerChainOptions,
  type WorkerStart,
} from './protocol.js';
import { MetricReplay } from './remote-metrics.js';

/** Bytes of batches in flight to the worker (posted, not yet sealed), the current batch included. */
export const HANDOFF_MAX_BYTES = 32 << 20;
/**
 * Batches are posted outside `emit()` (see {@link POST_DELAY_MS}): a nearly full buffer is only set aside (and a
 * buffer the worker handed back taken up), unless a long synchronous burst has set aside this much, which is then
 * posted at once for the worker to start on.
 */
const ROTATE_WHEN_FREE_BELOW = 32 << 10;
const POST_IN_EMIT_BYTES = 4 << 20;
/**
 * Records of a batch that is not full wait at most this long before they are posted. It adds to what a kill -9 can
 * take before the worker sees it (the inline pipeline's export queue waits far longer: `scheduledDelayMillis`).
 */
const POST_DELAY_MS = 5;
/** How long `emit()` waits for a worker that makes no progress before it refuses records. */
export const STALL_MS = 1000;
/** How long start-up waits for the worker to build its chain. */
const START_TIMEOUT_MS = 15_000;
/** Answers to flush and shutdown may take this much longer than the chain's own budget. */
const ANSWER_MARGIN_MS = 2000;
const WARNING_INTERVAL_MS = 30_000;

/** How records are sealed: what the entry points need from either pipeline. */
export interface SealingPipeline {
  /** The processor to put into the LoggerProvider. */
  readonly processor: LogRecordProcessor;
  /** The synchronous last write for the process `exit` event. */
  finishSync(): void;
  /**
   * Ends the pipeline before its LoggerProvider is shut down, so that records emitted meanwhile still reach it
   * (sealed, or counted and reported as emitted after shutdown): the SDK drops records silently from the moment its
   * `shutdown()` is called, which would otherwise hide those emitted while the shutdown waits (the worker's round
   * trip; inline, a signature on the threadpool or an OTLP export). The provider's own shutdown then finds it done.
   */
  closeFirst(): Promise<void>;
  deliveryStats(): DeliveryStats;
  redactionStats(): RedactionStats;
}

/** Reasons an option cannot go with the worker pipeline (checked before the worker starts). */
function refuseUnmovableOptions(options: SecureLoggingOptions, component: string): void {
  const fail = (field: string, problem: string) => new SecureLoggingConfigError(component, field, problem);
  const exporter = options.exporter as { export?: unknown; kind?: unknown } | undefined;
  if (exporter !== undefined && (typeof exporter.export === 'function' || exporter.kind === 'custom')) {
    throw fail(
      'options.exporter',
      "is an exporter object, which cannot run on the pipeline worker thread: use pipeline: 'inline', or " +
        "exporter { kind: 'otlp' | 'file' } (built inside the worker)",
    );
  }
  if (options.redaction !== undefined) {
    try {
      structuredClone(options.redaction);
    } catch {
      throw fail(
        'options.redaction',
        "holds functions (a custom detector's validate?), which cannot move to the pipeline worker thread: use " +
          "pipeline: 'inline'",
      );
    }
  }
}

/**
 * Starts the worker and returns the pipeline whose processor hands records to it. Blocks (bounded) until the worker
 * has built its chain; a worker that cannot start is a {@link SecureLoggingConfigError} naming `options.pipeline`.
 */
export function startWorkerPipeline(
  chain: SecureChain,
  options: SecureLoggingOptions,
  component: string,
): SealingPipeline {
  refuseUnmovableOptions(options, component);
  const entry = workerEntryUrl();
  const failStart = (reason: string) =>
    new SecureLoggingConfigError(
      component,
      'options.pipeline',
      `is 'worker', but the pipeline worker did not start (${reason}); use pipeline: 'inline'`,
    );
  if (!existsSync(fileURLToPath(entry))) {
    throw failStart('its module worker-entry.js is missing next to @seclog/node: was the package bundled?');
  }
  const control = new SharedArrayBuffer(CONTROL_WORDS * 4);
  const stats = new SharedArrayBuffer(STAT_SLOTS * 8);
  const { port1, port2 } = new MessageChannel();
  const start: WorkerStart & { port: MessagePort } = {
    control,
    stats,
    options: workerChainOptions(chain, options),
    component,
    startAtRedaction: options.geo !== undefined,
    metrics: options.meterProvider !== undefined,
    port: port2,
  };
  let worker: Worker;
  try {
    // No execArgv: the application's --import/--require hooks (instrumentations) must not run in the worker, where
    // they would trace seclog's own exports.
    worker = new Worker(entry, { workerData: start, transferList: [port2], execArgv: [], name: 'seclog-pipeline' });
  } catch (error) {
    throw failStart(errorText(error));
  }
  worker.on('error', () => {});
  const words = new Int32Array(control);
  Atomics.wait(words, CONTROL.ready, 0, START_TIMEOUT_MS);
  const ready = Atomics.load(words, CONTROL.ready);
  if (ready !== READY_OK) {
    const message = receiveMessageOnPort(port1)?.message as FromWorker | undefined;
    void worker.terminate();
    port1.close();
    throw failStart(
      ready === READY_FAILED && message?.type === 'failed' ? message.reason : `no answer within ${START_TIMEOUT_MS} ms`,
    );
  }
  return new WorkerPipeline(chain, options, worker, port1, words, new Float64Array(stats));
}

/** `pipeline: 'inline'`: the chain runs inside `emit()` on the application's thread. */
export function inlinePipeline(chain: SecureChain): SealingPipeline {
  return {
    processor: chain.head,
    finishSync: () => chain.integrity.finishSync(),
    closeFirst: () => chain.head.shutdown(),
    deliveryStats: () => chain.integrity.stats().delivery,
    redactionStats: () => chain.redaction.stats(),
  };
}

/** The worker's options: the application's, with the keys loaded here (so the worker reads no key file again). */
function workerChainOptions(chain: SecureChain, options: SecureLoggingOptions): WorkerChainOptions {
  const {
    notice: _notice,
    meterProvider: _meterProvider,
    geo: _geo,
    keys,
    env,
    exporter,
    pipeline: _pipeline,
    ...rest
  } = options;
  const kid = chain.keys.ephemeral.pseudonym ? EPHEMERAL_KID : (keys?.pseudonymKeyId ?? keys?.hmacKeyId ?? 'k1');
  return {
    ...rest,
    ...(exporter !== undefined ? { exporter: exporter as WorkerChainOptions['exporter'] } : {}),
    env: { ...(env ?? process.env) },
    keys: {
      signingKey: chain.keys.signingKey,
      pseudonymKey: chain.keys.pseudonymKey,
      pseudonymKeyId: kid,
      ...(keys?.signingKeyName !== undefined ? { signingKeyName: keys.signingKeyName } : {}),
    },
  };
}

/** The compiled worker entry next to this module (from the sources, as in the tests: the built one in dist/). */
function workerEntryUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts'))
    return new URL(
      here.replace(/\/src\/internal\/worker-pipeline\/[^/]+\.ts$/, '/dist/internal/worker-pipeline/worker-entry.js'),
    );
  return new URL('./worker-entry.js', here);
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : 'error';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

type Answer = Extract<FromWorker, { type: 'done' }>;
type State = 'open' | 'closing' | 'closed' | 'fallback';

const ZERO_DELIVERY: DeliveryStats = {
  queuedRecords: 0,
  queuedCheckpoints: 0,
  exportedRecords: 0,
  exportFailures: 0,
  refusedRecords: 0,
  droppedRecords: 0,
  undeliveredRecords: 0,
  recordsAfterShutdown: 0,
  spilledEntries: 0,
};

/** The application's side of the worker pipeline. */
class WorkerPipeline implements SealingPipeline {
  readonly processor: LogRecordProcessor;
  readonly #chain: SecureChain;
  readonly #notice: (message: string) => void;
  /** The worker thread (tests end it to check the hand-over). */
  readonly worker: Worker;
  readonly #port: MessagePort;
  readonly #control: Int32Array;
  readonly #stats: Float64Array;
  readonly #flushTimeoutMs: number;
  readonly #snapshots = new LogRecordSnapshotter();
  readonly #writer = new BatchWriter();
  readonly #metrics: MetricReplay | undefined;
  /** Where records go after the worker died: the chain built here (after main-side conformance when it ran here). */
  readonly #fallbackHead: LogRecordProcessor;
  #state: State = 'open';
  /** A post is due at the end of this event-loop iteration. */
  #postSoon = false;
  /** A post is due when {@link POST_DELAY_MS} have passed (one timer, re-armed). */
  #postTimer: NodeJS.Timeout | undefined;
  #postTimerArmed = false;
  #shedding = false;
  /** Records refused at the hand-off, in total and not yet written into a batch. */
  #refusedTotal = 0;
  #refusedUnwritten = 0;
  #postedRecords = 0;
  /** Records emitted once the worker was gone (after shutdown or finish): counted, reported, never sealed. */
  #afterShutdown = 0;
  #afterShutdownUnreported = 0;
  #lastAfterShutdownWarning = Number.NEGATIVE_INFINITY;
  #lastStallWarning = Number.NEGATIVE_INFINITY;
  #redaction: RedactionStats = { records: 0, findings: {}, budget: {}, errors: 0, recordErrors: 0, nextErrors: 0 };
  /** The worker's last delivery counts (kept after it is gone). */
  #finalDelivery: DeliveryStats | undefined;
  #nextRequest = 0;
  readonly #answers = new Map<number, (answer: Answer | undefined) => void>();
  #shutdown: Promise<void> | undefined;

  constructor(
    chain: SecureChain,
    options: SecureLoggingOptions,
    worker: Worker,
    port: MessagePort,
    control: Int32Array,
    stats: Float64Array,
  ) {
    this.#chain = chain;
    this.#notice = chain.notice;
    this.worker = worker;
    this.#port = port;
    this.#control = control;
    this.#stats = stats;
    this.#flushTimeoutMs = options.delivery?.flushTimeoutMillis ?? 5000;
    this.#metrics = options.meterProvider ? new MetricReplay(options.meterProvider) : undefined;
    this.#fallbackHead = options.geo !== undefined ? chain.redaction : chain.head;
    const handOff: LogRecordProcessor = {
      onEmit: (record, context) => this.#onEmit(record, context),
      forceFlush: () => this.#forceFlush(),
      shutdown: () => this.#shutdownOnce(),
    };
    // A geo lookup is a function of the application: conformance (which calls it) stays on this thread then.
    this.processor =
      options.geo !== undefined
        ? new SecurityEventProcessor({ next: handOff, mode: chain.securityEventMode, geo: options.geo })
        : handOff;
    port.on('message', (m: FromWorker) => this.#onMessage(m));
    port.unref();
    worker.on('exit', () => this.#onWorkerExit());
    worker.unref();
  }

  closeFirst(): Promise<void> {
    return this.#shutdownOnce();
  }

  finishSync(): void {
    if (this.#state === 'fallback') {
      this.#chain.integrity.finishSync();
      return;
    }
    if (this.#state === 'closed') {
      this.#warnAfterShutdown(true);
      return;
    }
    this.#state = 'closed';
    try {
      this.#setSealDeadline();
      this.#post();
      this.worker.postMessage({ type: 'finish' } satisfies ToWorker);
      const outcome = Atomics.wait(this.#control, CONTROL.finished, 0, this.#flushTimeoutMs);
      // The worker's last words (its final loss warning) are read here: no event loop runs any more.
      for (let m = receiveMessageOnPort(this.#port); m; m = receiveMessageOnPort(this.#port)) {
        this.#onMessage(m.message as FromWorker);
      }
      this.#finalDelivery = this.#workerDelivery();
      if (outcome === 'timed-out') {
        this.#notice(
          `seclog: the pipeline worker did not finish within ${this.#flushTimeoutMs} ms at exit; the stream may end ` +
            'without its final checkpoint (seclog verify reports STREAM-UNCLEAN-END)',
        );
      }
    } catch {
      // Exit must go on; what the worker could not finish shows as a stream without its final checkpoint.
    }
    this.#warnAfterShutdown(true);
  }

  deliveryStats(): DeliveryStats {
    const worker = this.#finalDelivery ?? this.#workerDelivery();
    const inFlight =
      this.#state === 'open' || this.#state === 'closing'
        ? Math.max(0, this.#postedRecords - this.#stats[STAT.receivedRecords]!) + this.#writer.records
        : 0;
    const local = this.#state === 'fallback' ? this.#chain.integrity.stats().delivery : ZERO_DELIVERY;
    const upstreamSeen = this.#stats[STAT.upstreamRefused] ?? 0;
    return {
      queuedRecords: worker.queuedRecords + inFlight + local.queuedRecords,
      queuedCheckpoints: worker.queuedCheckpoints + local.queuedCheckpoints,
      exportedRecords: worker.exportedRecords + local.exportedRecords,
      exportFailures: worker.exportFailures + local.exportFailures,
      // Refusals the worker has not read yet are counted here; those it read are in its own count.
      refusedRecords: worker.refusedRecords + Math.max(0, this.#refusedTotal - upstreamSeen) + local.refusedRecords,
      droppedRecords: worker.droppedRecords + local.droppedRecords,
      undeliveredRecords: worker.undeliveredRecords + local.undeliveredRecords,
      recordsAfterShutdown: worker.recordsAfterShutdown + this.#afterShutdown + local.recordsAfterShutdown,
      spilledEntries: worker.spilledEntries + local.spilledEntries,
    };
  }

  redactionStats(): RedactionStats {
    if (this.#state !== 'fallback') return this.#redaction;
    const local = this.#chain.redaction.stats();
    const sum = (a: Record<string, number>, b: Record<string, number>) => {
      const out = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
      return out;
    };
    const w = this.#redaction;
    return {
      records: w.records + local.records,
      findings: sum(w.findings, local.findings),
      budget: sum(w.budget, local.budget),
      errors: w.errors + local.errors,
      recordErrors: w.recordErrors + local.recordErrors,
      nextErrors: w.nextErrors + local.nextErrors,
    };
  }

  #onEmit(record: ReadWriteLogRecord, context?: Context): void {
    try {
      switch (this.#state) {
        case 'open':
        case 'closing':
          this.#handOff(record);
          return;
        case 'fallback':
          this.#fallbackHead.onEmit(record, context ?? ROOT_CONTEXT);
          return;
        default:
          this.#afterShutdown++;
          this.#afterShutdownUnreported++;
          this.#warnAfterShutdown(false);
      }
    } catch {
      // Never into logger.emit(). A record lost here is not sealed: count it as refused so it is declared.
      if (this.#state === 'fallback') this.#declareLostInFallback();
      else this.#refuse();
    }
  }

  #handOff(record: ReadWriteLogRecord): void {
    this.#snapshots.take(record);
    if (this.#shedding) {
      if (Atomics.load(this.#control, CONTROL.inFlightBytes) > HANDOFF_MAX_BYTES / 2) {
        this.#refuse();
        return;
      }
      this.#shedding = false;
    }
    const writer = this.#writer;
    if (writer.free < ROTATE_WHEN_FREE_BELOW) {
      writer.rotate();
      if (writer.bytes >= POST_IN_EMIT_BYTES) this.#post();
    }
    if (this.#refusedUnwritten > 0) {
      writer.refused(this.#refusedUnwritten);
      this.#refusedUnwritten = 0;
    }
    const start = writer.write(record);
    if (Atomics.load(this.#control, CONTROL.inFlightBytes) + writer.bytes > HANDOFF_MAX_BYTES) {
      if (!this.#makeRoom(start)) return;
    }
    this.#schedulePost(writer.fullBatches > 0);
  }

  /**
   * A post costs the application's thread about as much as three small records (the message, the transfer, and the
   * buffer the worker hands back), so records are gathered for up to {@link POST_DELAY_MS} — one post for many
   * event-loop iterations of a quiet service. Once a buffer is full it goes at the end of the iteration, so the
   * worker keeps up with a busy one.
   */
  #schedulePost(soon: boolean): void {
    if (soon) {
      if (this.#postSoon) return;
      this.#postSoon = true;
      setImmediate(this.#postSoonDue).unref();
      return;
    }
    if (this.#postTimerArmed) return;
    this.#postTimerArmed = true;
    if (this.#postTimer === undefined) {
      this.#postTimer = setTimeout(this.#postTimerDue, POST_DELAY_MS);
      this.#postTimer.unref();
    } else {
      this.#postTimer.refresh();
    }
  }

  /**
   * The record just written (at `start`) does not fit: post what is before it, then wait while the worker makes
   * progress. True when it fits now (it stays in the batch), false when it was refused.
   */
  #makeRoom(start: number): boolean {
    const writer = this.#writer;
    const carried = writer.copyFrom(start);
    writer.unwrite(start);
    this.#post();
    if (this.#waitForRoom(carried.length)) {
      writer.append(carried);
      return true;
    }
    this.#shedding = true;
    this.#refuse();
    this.#warn(
      `seclog: the pipeline worker made no progress for ${STALL_MS} ms; records are refused (declared in the next ` +
        'signed checkpoint) until it catches up',
    );
    return false;
  }

  /** Blocks while the worker makes progress until `bytes` more fit; false after {@link STALL_MS} without progress. */
  #waitForRoom(bytes: number): boolean {
    const c = this.#control;
    let last = Atomics.load(c, CONTROL.inFlightBytes);
    let progressAt = performance.now();
    for (;;) {
      const now = Atomics.load(c, CONTROL.inFlightBytes);
      if (now === 0 || now + bytes <= HANDOFF_MAX_BYTES) return true;
      const t = performance.now();
      if (now < last) {
        last = now;
        progressAt = t;
      } else if (t - progressAt >= STALL_MS) {
        return false;
      }
      Atomics.store(c, CONTROL.producerWaiting, 1);
      Atomics.wait(c, CONTROL.inFlightBytes, now, 50);
      Atomics.store(c, CONTROL.producerWaiting, 0);
    }
  }

  readonly #postSoonDue = (): void => {
    this.#postSoon = false;
    this.#postIfOpen();
  };

  readonly #postTimerDue = (): void => {
    this.#postTimerArmed = false;
    this.#postIfOpen();
  };

  #postIfOpen(): void {
    if (this.#state === 'open' || this.#state === 'closing') this.#post();
  }

  /**
   * Shutdown and exit have `delivery.flushTimeoutMillis`. A worker still sealing a backlog when it ends would be
   * stopped before its final checkpoint, and the backlog would be neither sealed nor declared; so the worker seals
   * for half the budget and then declares what is left (DROPPED in verify), keeping the other half for the final
   * checkpoint and the export.
   */
  #setSealDeadline(): void {
    this.#stats[STAT.sealUntil] = Date.now() + this.#flushTimeoutMs / 2;
  }

  #declareLostInFallback(): void {
    try {
      this.#chain.integrity.refuseUpstream(1, this.#chain.resource);
    } catch {
      // refuseUpstream only counts; nothing may reach logger.emit().
    }
  }

  #refuse(): void {
    this.#refusedTotal++;
    this.#refusedUnwritten++;
  }

  /** Posts the current batch (and refusals not yet written) to the worker. */
  #post(): void {
    const writer = this.#writer;
    if (this.#refusedUnwritten > 0) {
      writer.refused(this.#refusedUnwritten);
      this.#refusedUnwritten = 0;
    }
    for (const batch of writer.take()) {
      Atomics.add(this.#control, CONTROL.inFlightBytes, batch.buffer.byteLength);
      this.#postedRecords += batch.records;
      this.worker.postMessage(
        {
          type: 'batch',
          buffer: batch.buffer,
          length: batch.length,
          records: batch.records,
          refused: batch.refused,
        } satisfies ToWorker,
        [batch.buffer],
      );
    }
    writer.prepare();
  }

  async #forceFlush(): Promise<void> {
    if (this.#state === 'fallback') return this.#fallbackHead.forceFlush();
    if (this.#state === 'closed') return;
    await this.#ask('flush');
  }

  #shutdownOnce(): Promise<void> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  async #doShutdown(): Promise<void> {
    if (this.#state === 'fallback') {
      await this.#fallbackHead.shutdown();
      return;
    }
    if (this.#state === 'open') {
      this.#state = 'closing';
      this.#setSealDeadline();
      const answer = await this.#ask('shutdown');
      if (this.#state === 'closing') {
        this.#state = 'closed';
        this.#finalDelivery = answer?.delivery ?? this.#workerDelivery();
        // Records posted after the worker answered (or that it never took, when it did not answer) were not sealed.
        const received = answer?.receivedRecords ?? this.#stats[STAT.receivedRecords]!;
        // … and those written since and not posted yet (their post waits for the end of the loop iteration).
        const unposted = this.#writer.records;
        this.#writer.take();
        const late = Math.max(0, this.#postedRecords - received) + unposted;
        this.#afterShutdown += late;
        this.#afterShutdownUnreported += late;
      }
    }
    await Promise.race([this.worker.terminate(), sleep(1000)]).catch(() => {});
    // The chain built here never ran (it is the fallback): release its exporter.
    await this.#chain.head.shutdown().catch(() => {});
    // Last, so that records emitted while the worker ended are in the count (the process may end right after).
    this.#warnAfterShutdown(true);
  }

  /** Sends a flush or shutdown request behind everything posted so far; resolves with the answer (or on timeout). */
  #ask(type: 'flush' | 'shutdown'): Promise<Answer | undefined> {
    this.#post();
    const id = ++this.#nextRequest;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), this.#flushTimeoutMs + ANSWER_MARGIN_MS);
      timer.unref();
      const done = (answer: Answer | undefined) => {
        clearTimeout(timer);
        this.#answers.delete(id);
        if (this.#answers.size === 0) this.#port.unref();
        resolve(answer);
      };
      this.#answers.set(id, done);
      // The answer must keep the process alive until it arrives (the worker itself never does).
      this.#port.ref();
      this.worker.postMessage({ type, id } satisfies ToWorker);
    });
  }

  #onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'notice':
        this.#notice(m.message);
        return;
      case 'metrics':
        this.#metrics?.apply(m.report);
        return;
      case 'redaction':
        this.#redaction = m.stats;
        return;
      case 'buffer':
        this.#writer.recycle(m.buffer);
        this.#writer.prepare();
        return;
      case 'done':
        this.#redaction = m.redaction;
        this.#answers.get(m.id)?.(m);
        return;
      default:
    }
  }

  /** The worker is gone. Unless this thread ended it, fall back to the chain built here. */
  #onWorkerExit(): void {
    for (const done of [...this.#answers.values()]) done(undefined);
    if (this.#state !== 'open' && this.#state !== 'closing') return;
    const wasClosing = this.#state === 'closing';
    const worker = this.#workerDelivery();
    this.#finalDelivery = worker;
    // Handed over but never sealed: everything posted after the worker's last count, plus the batch being written;
    // and every refusal the worker never read (still unwritten, or inside batches it did not get to), which only this
    // declaration can carry now.
    const lost =
      Math.max(0, this.#postedRecords - this.#stats[STAT.receivedRecords]!) +
      this.#writer.records +
      Math.max(0, this.#refusedTotal - (this.#stats[STAT.upstreamRefused] ?? 0));
    this.#writer.take();
    this.#refusedUnwritten = 0;
    // Those refusals are the fallback chain's declaration now (its own count): not the hand-off's any more.
    this.#refusedTotal = this.#stats[STAT.upstreamRefused] ?? 0;
    this.#state = 'fallback';
    this.#chain.integrity.refuseUpstream(lost, this.#chain.resource);
    this.#notice(
      `seclog: the pipeline worker stopped unexpectedly; records are sealed on the application's thread from now on, ` +
        `in a new stream, whose first checkpoint declares the ${lost} record(s) the worker had not sealed`,
    );
    if (wasClosing) void this.#chain.head.shutdown();
  }

  #workerDelivery(): DeliveryStats {
    const s = this.#stats;
    return {
      queuedRecords: s[STAT.queuedRecords]!,
      queuedCheckpoints: s[STAT.queuedCheckpoints]!,
      exportedRecords: s[STAT.exportedRecords]!,
      exportFailures: s[STAT.exportFailures]!,
      refusedRecords: s[STAT.refusedRecords]!,
      droppedRecords: s[STAT.droppedRecords]!,
      undeliveredRecords: s[STAT.undeliveredRecords]!,
      recordsAfterShutdown: s[STAT.recordsAfterShutdown]!,
      spilledEntries: s[STAT.spilledEntries]!,
    };
  }

  /** Records emitted after the end: reported as the inline pipeline reports them (first at once, then every 30 s). */
  #warnAfterShutdown(force: boolean): void {
    if (this.#afterShutdownUnreported === 0) return;
    if (!force && performance.now() - this.#lastAfterShutdownWarning < WARNING_INTERVAL_MS) return;
    this.#lastAfterShutdownWarning = performance.now();
    const n = this.#afterShutdownUnreported;
    this.#afterShutdownUnreported = 0;
    this.#notice(`seclog: log records not delivered: ${n} emitted after shutdown (not sealed)`);
  }

  #warn(message: string): void {
    const now = performance.now();
    if (now - this.#lastStallWarning < WARNING_INTERVAL_MS) return;
    this.#lastStallWarning = now;
    this.#notice(message);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}
