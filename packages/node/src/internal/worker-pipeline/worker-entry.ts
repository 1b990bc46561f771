/**
 * The pipeline worker (`pipeline: 'worker'`): builds seclog's chain from the application's options (keys already
 * loaded, passed as key objects), then seals every batch it is handed, in order, and answers flush, shutdown and the
 * synchronous finish at process exit. Notices and metrics go back to the application's thread.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SecureChain } from '../secure-chain.js';
import { BatchReader } from './batch-reader.js';
import { BATCH_BUFFER_BYTES } from './batch-writer.js';
import { CONTROL, type FromWorker, READY_FAILED, READY_OK, STAT, type ToWorker, type WorkerStart } from './protocol.js';
import { RecordingMeterProvider } from './remote-metrics.js';

const REPORT_INTERVAL_MS = 1000;

const start = workerData as WorkerStart & { port: MessagePort };
const port = start.port;
const control = new Int32Array(start.control);
const shared = new Float64Array(start.stats);
const say = (m: FromWorker) => port.postMessage(m);

let building = true;
const metrics = start.metrics ? new RecordingMeterProvider() : undefined;
let chain!: SecureChain;
let head!: LogRecordProcessor;
try {
  // Loaded here so that a failure to load is reported like any other start-up failure.
  const { buildSecureChain } = await import('../secure-chain.js');
  chain = buildSecureChain(
    {
      ...start.options,
      // The application's thread built the same chain first and already said what there was to say.
      notice: (message) => {
        if (!building) say({ type: 'notice', message });
      },
      ...(metrics ? { meterProvider: metrics } : {}),
    },
    start.component,
  );
  head = start.startAtRedaction ? chain.redaction : chain.head;
} catch (error) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : 'error';
  say({ type: 'failed', reason: text.length > 300 ? `${text.slice(0, 300)}…` : text });
  Atomics.store(control, CONTROL.ready, READY_FAILED);
  Atomics.notify(control, CONTROL.ready);
  port.close();
  // Nothing else runs in this worker; the application's thread reports the failure at start-up.
  process.exit(1);
}
building = false;

const reader = new BatchReader();
let receivedRecords = 0;
let upstreamRefused = 0;
let redactionRecords = -1;
/** Set when shutdown has been answered: nothing is sealed or counted here any more. */
let ended = false;

/** True once shutdown or exit began and its sealing half of the budget is spent (see `STAT.sealUntil`). */
function pastDeadline(): boolean {
  const until = shared[STAT.sealUntil]!;
  return until > 0 && Date.now() >= until;
}

/** Declares `count` records handed over and not sealed because the deadline passed. */
function declareAtDeadline(count: number, refusedFrames: number): void {
  if (count + refusedFrames === 0) return;
  // Refusal frames keep their cause; the records the deadline left are undelivered at shutdown.
  chain.integrity.refuseUpstream(refusedFrames, reader.lastResource);
  chain.integrity.refuseUpstream(count, reader.lastResource, 'shutdown_budget');
  upstreamRefused += refusedFrames;
}

/**
 * Seals one batch in order; a batch that cannot be read any further has its remaining records declared refused.
 * Past the deadline of shutdown or exit, records are declared instead of sealed: a whole batch without reading it,
 * or the rest of the batch being read.
 */
function onBatch(m: Extract<ToWorker, { type: 'batch' }>): void {
  if (ended) {
    // After the shutdown answer the application's thread counts what it posts as emitted after shutdown itself.
    release(m.buffer.byteLength);
    return;
  }
  if (pastDeadline()) {
    receivedRecords += m.records;
    declareAtDeadline(m.records, m.refused);
    publishStats();
    release(m.buffer.byteLength);
    return;
  }
  let taken = 0;
  let declared = 0;
  try {
    reader.read(m.buffer, m.length, (item) => {
      if (item.kind === 'record') {
        taken++;
        receivedRecords++;
        // The clock is read every 256 records: a batch holds thousands, each costs microseconds.
        if (declared > 0 || ((taken & 255) === 0 && pastDeadline())) {
          declared++;
          return;
        }
        try {
          head.onEmit(item.record, ROOT_CONTEXT);
        } catch {
          // seclog's processors never throw; a bug must not stop the rest of the batch.
        }
      } else {
        upstreamRefused += item.count;
        chain.integrity.refuseUpstream(item.count, reader.lastResource);
      }
    });
  } catch {
    const lost = m.records - taken;
    receivedRecords += lost;
    chain.integrity.refuseUpstream(lost, reader.lastResource);
  }
  declareAtDeadline(declared, 0);
  publishStats();
  release(m.buffer.byteLength);
  // Full-size buffers go back to be written again: no fresh pages to fault in on the application's thread.
  if (m.buffer.byteLength === BATCH_BUFFER_BYTES) port.postMessage({ type: 'buffer', buffer: m.buffer }, [m.buffer]);
}

/** A batch's memory is free again: the application's thread may be waiting for that room. */
function release(bytes: number): void {
  Atomics.sub(control, CONTROL.inFlightBytes, bytes);
  if (Atomics.load(control, CONTROL.producerWaiting) === 1) Atomics.notify(control, CONTROL.inFlightBytes);
}

/** The delivery counts where the application's thread reads them (`deliveryStats()` without a round trip). */
function publishStats(): void {
  const d = chain.integrity.stats().delivery;
  shared[STAT.queuedRecords] = d.queuedRecords;
  shared[STAT.queuedCheckpoints] = d.queuedCheckpoints;
  shared[STAT.exportedRecords] = d.exportedRecords;
  shared[STAT.exportFailures] = d.exportFailures;
  shared[STAT.refusedRecords] = d.refusedRecords;
  shared[STAT.droppedRecords] = d.droppedRecords;
  shared[STAT.undeliveredRecords] = d.undeliveredRecords;
  shared[STAT.recordsAfterShutdown] = d.recordsAfterShutdown;
  shared[STAT.spilledEntries] = d.spilledEntries;
  shared[STAT.receivedRecords] = receivedRecords;
  shared[STAT.upstreamRefused] = upstreamRefused;
}

/** Metrics and redaction counts, when they changed. */
function report(): void {
  const m = metrics?.report();
  if (m) say({ type: 'metrics', report: m });
  const r = chain.redaction.stats();
  if (r.records !== redactionRecords) {
    redactionRecords = r.records;
    say({ type: 'redaction', stats: r });
  }
}

function answer(id: number): void {
  publishStats();
  report();
  say({
    type: 'done',
    id,
    delivery: chain.integrity.stats().delivery,
    redaction: chain.redaction.stats(),
    receivedRecords,
  });
}

/** Process exit on the application's thread, which waits (bounded) on `CONTROL.finished`. */
function finish(): void {
  try {
    chain.integrity.finishSync();
  } catch {
    // finishSync never throws; the application's thread must be released whatever happens.
  }
  publishStats();
  report();
  Atomics.store(control, CONTROL.finished, 1);
  Atomics.notify(control, CONTROL.finished);
}

parentPort?.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'batch':
      onBatch(m);
      return;
    case 'flush':
      head
        .forceFlush()
        .catch(() => {})
        .finally(() => answer(m.id));
      return;
    case 'shutdown':
      head
        .shutdown()
        .catch(() => {})
        .finally(() => {
          // Everything refused after the final checkpoint is said now, not in 30 s: the process may end next.
          chain.integrity.flushWarnings();
          answer(m.id);
          ended = true;
        });
      return;
    case 'finish':
      finish();
      return;
    default:
  }
});
setInterval(report, REPORT_INTERVAL_MS).unref();

Atomics.store(control, CONTROL.ready, READY_OK);
Atomics.notify(control, CONTROL.ready);
