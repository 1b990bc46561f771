/**
 * The main thread's handle on the parse-ahead worker thread (`parse-ahead-worker.ts`). Replies are taken off the port
 * synchronously, whenever the main thread looks, so a reply is seen as soon as the worker has sent it, without waiting
 * for the event loop to turn; a shared counter says when one was sent, for the rare wait. A worker is kept between
 * verifications in the same process: a fresh thread runs the reader cold, which costs most of what it would save.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { FastLineOptions } from './fast-line.js';
import type { BodyInterest, LineRecords } from './line-records.js';

/** What the worker is started with. */
export interface ParseAheadStart {
  readonly fast: FastLineOptions;
  readonly interest: BodyInterest;
}

export interface ParseWorkerData {
  readonly start: ParseAheadStart;
  readonly port: MessagePort;
  /** Int32 words: {@link SENT} (replies sent so far) and {@link READY} (1 once the worker listens). */
  readonly shared: SharedArrayBuffer;
}

export interface ParseAheadRequest {
  readonly id: number;
  /** The line is its first `length` bytes (shared: nothing is copied on the way). */
  readonly slot: SharedArrayBuffer;
  readonly length: number;
}

export interface ParseAheadReply {
  readonly id: number;
  readonly records: LineRecords | undefined;
}

export const SENT = 0;
export const READY = 1;
/** Longest single wait for a reply, after which the worker's liveness is looked at again. */
const WAIT_MS = 50;

export class ParseWorker {
  #alive = true;
  #seen = 0;
  readonly #words: Int32Array;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly key: string,
    shared: SharedArrayBuffer,
  ) {
    this.#words = new Int32Array(shared);
    worker.on('error', () => this.#gone());
    worker.on('exit', () => this.#gone());
  }

  /** A kept worker started with the same options, else a new one; `undefined` when no worker can be started. */
  static acquire(start: ParseAheadStart): ParseWorker | undefined {
    const key = JSON.stringify(start);
    const kept = idle;
    if (kept !== undefined && kept.key === key && kept.#alive) {
      idle = undefined;
      kept.worker.ref();
      return kept;
    }
    const entry = workerEntryUrl();
    if (!existsSync(fileURLToPath(entry))) return undefined;
    const shared = new SharedArrayBuffer(8);
    const { port1, port2 } = new MessageChannel();
    const data: ParseWorkerData = { start, port: port2, shared };
    try {
      // No execArgv: the application's --import/--require hooks have no business in the worker.
      const worker = new Worker(entry, {
        workerData: data,
        transferList: [port2],
        execArgv: [],
        name: 'seclog-verify-parse-ahead',
      });
      return new ParseWorker(worker, port1, key, shared);
    } catch {
      port1.close();
      return undefined;
    }
  }

  /** Whether lines can be sent: the worker is running and listening. */
  get ready(): boolean {
    return this.#alive && Atomics.load(this.#words, READY) === 1;
  }

  /** Resolves once the worker listens, or gives up after `timeoutMs` (then lines are read on the main thread). */
  async started(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.#alive && Atomics.load(this.#words, READY) !== 1 && Date.now() < until) {
      const w = Atomics.waitAsync(this.#words, READY, 0, WAIT_MS);
      if (w.async) await w.value;
    }
  }

  get alive(): boolean {
    return this.#alive;
  }

  send(request: ParseAheadRequest): void {
    this.port.postMessage(request);
  }

  /** The next reply if one has arrived (never waits). */
  poll(): ParseAheadReply | undefined {
    const m = receiveMessageOnPort(this.port);
    if (m === undefined) return undefined;
    this.#seen++;
    return m.message as ParseAheadReply;
  }

  /** Resolves once a reply not yet polled may be there, or after at most `timeoutMs`. */
  async wait(timeoutMs = WAIT_MS): Promise<void> {
    const w = Atomics.waitAsync(this.#words, SENT, this.#seen, timeoutMs);
    if (w.async) await w.value;
  }

  /** Ends this verification's use: a worker with nothing in hand is kept for the next, else it is stopped. */
  async release(nothingInHand: boolean): Promise<void> {
    if (nothingInHand && this.#alive && idle === undefined) {
      idle = this;
      // A kept worker never keeps the process alive.
      this.worker.unref();
      return;
    }
    this.#alive = false;
    this.port.close();
    await this.worker.terminate();
  }

  #gone(): void {
    this.#alive = false;
    if (idle === this) idle = undefined;
  }
}

/** The worker kept between verifications. */
let idle: ParseWorker | undefined;

/** The compiled worker module next to this one (from the sources, as in the tests: the built one in dist/). */
function workerEntryUrl(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return new URL(
      `file://${here.replace(/\/src\/internal\/verify\/[^/]+\.ts$/, '/dist/internal/verify/parse-ahead-worker.js')}`,
    );
  }
  return new URL('./parse-ahead-worker.js', import.meta.url);
}
