/**
 * Reads archive lines ahead in a worker thread while the main thread checks earlier ones (two cores: the fast path's
 * parse and record digests on one, the checkpoint, seq and Merkle work on the other). Lines are handled strictly in
 * the order they were queued, so findings, their order and the report are the same as reading everything on one
 * thread: a line read by the worker yields exactly the records the fast path yields here (`line-records.ts`).
 *
 * While the worker has its hands full (or is still starting, or is gone) the main thread reads lines itself, so a
 * slow or shared core never stalls reading. Memory: at most {@link MAX_HELD_LINES} queued lines and
 * {@link MAX_HELD_BYTES} of their bytes (copies in reused buffers, `line-slots.ts`; a line too long for the fast path
 * is never queued), plus the worker thread (about 20 MB of RSS) and its reader buffers.
 */
import { FAST_LINE_MAX_BYTES, type FastLineOptions, FastLineReader } from './fast-line.js';
import {
  type BodyInterest,
  decodeLineRecords,
  encodeLineRecords,
  type IntakeRecord,
  type LineRecords,
} from './line-records.js';
import { LineSlots } from './line-slots.js';
import { ParseWorker } from './parse-worker.js';

/** Handles one line: its records, or `undefined` when the general path must read its bytes. */
export type LineHandler = (records: readonly IntakeRecord[] | undefined, bytes: Buffer) => void;

/** Lines the worker holds at once: enough to keep it busy, few enough that the main thread reads the rest. */
const MAX_REMOTE_LINES = 2;
const MAX_HELD_LINES = 6;
const MAX_HELD_BYTES = 32 * 1024 * 1024;
/** Inputs smaller than this are read on one thread: starting a worker costs more than it saves. */
const PARSE_AHEAD_MIN_BYTES = 4 * 1024 * 1024;

/** How long the main thread waits for the worker's answer to the next line before reading the line itself. */
const STEAL_AFTER_MS = 1;
/** Longest wait for a worker to start when one is required. */
const START_TIMEOUT_MS = 10_000;

/**
 * Whether inputs of `totalBytes` are parsed ahead in a worker: `no`, `yes`, or `first` — wait until the worker has
 * started before reading (else the main thread reads until it has). `SECLOG_VERIFY_PARSE_AHEAD=always|never`
 * overrides the size rule: `never` for a single-threaded run, `always` (`first`) to put the tests' small archives
 * through the worker too.
 */
export function parseAheadWanted(totalBytes: number): 'no' | 'yes' | 'first' {
  const forced = process.env.SECLOG_VERIFY_PARSE_AHEAD;
  if (forced === 'always') return 'first';
  if (forced === 'never') return 'no';
  return totalBytes >= PARSE_AHEAD_MIN_BYTES ? 'yes' : 'no';
}

type Entry = StepEntry | LineEntry;
interface StepEntry {
  readonly step: () => void;
}
interface LineEntry {
  readonly step?: undefined;
  readonly id: number;
  /** A copy of the line in `slot`, shared with the worker. */
  readonly slot: SharedArrayBuffer;
  readonly bytes: Buffer;
  readonly handle: LineHandler;
  ready: boolean;
  records: readonly IntakeRecord[] | undefined;
  /** Sent to the worker and not answered yet: the worker may still read `slot` (and write after the line). */
  inWorker: boolean;
  handled: boolean;
}

export class ParseAhead {
  readonly #interest: BodyInterest;
  /** Reads lines on this thread; `#reread` reads one again for a record that needs more than was sent. */
  readonly #local: FastLineReader;
  readonly #reread: FastLineReader;
  #worker: ParseWorker | undefined;
  readonly #queue: Entry[] = [];
  #head = 0;
  /** Lines sent to the worker and not answered yet, in the order sent (the worker answers in that order). */
  #remote: LineEntry[] = [];
  #heldBytes = 0;
  readonly #slots = new LineSlots(MAX_HELD_LINES);
  #nextId = 0;
  #failure: { error: unknown } | undefined;

  /** Lines the worker read (for tests and diagnostics). */
  linesReadAhead = 0;

  private constructor(options: FastLineOptions, interest: BodyInterest, worker: ParseWorker | undefined) {
    this.#interest = interest;
    this.#local = new FastLineReader(options);
    this.#reread = new FastLineReader(options);
    this.#worker = worker;
  }

  static async start(
    options: FastLineOptions,
    interest: BodyInterest,
    wanted: ReturnType<typeof parseAheadWanted>,
  ): Promise<ParseAhead> {
    const worker = wanted === 'no' ? undefined : ParseWorker.acquire({ fast: options, interest });
    if (wanted === 'first') await worker?.started(START_TIMEOUT_MS);
    return new ParseAhead(options, interest, worker);
  }

  /**
   * Queues a line (its bytes are copied when it has to wait); `handle` is called with its records once every earlier
   * line and step has been handled.
   */
  line(bytes: Buffer, handle: LineHandler): void {
    this.#collect();
    this.#pump();
    const toWorker = this.#workerTakes(bytes);
    if (!toWorker && this.#pending() === 0) {
      // Nothing ahead of it: handled now, from the reader's own records (nothing is copied or encoded).
      this.#guard(() => handle(bytes.length > FAST_LINE_MAX_BYTES ? undefined : this.#local.read(bytes), bytes));
      return;
    }
    const slot = this.#slots.take(bytes.length);
    const copy = Buffer.from(slot, 0, bytes.length);
    bytes.copy(copy);
    const entry: LineEntry = {
      id: this.#nextId++,
      slot,
      bytes: copy,
      handle,
      ready: false,
      records: undefined,
      inWorker: toWorker,
      handled: false,
    };
    this.#queue.push(entry);
    this.#heldBytes += copy.length;
    if (toWorker) {
      this.#remote.push(entry);
      this.linesReadAhead++;
      this.#worker!.send({ id: entry.id, slot, length: copy.length });
    } else {
      this.#readHere(entry, true);
    }
    this.#pump();
  }

  /** Queues something to do in line order that is not a line (a reading problem to report). */
  step(step: () => void): void {
    this.#collect();
    this.#pump();
    if (this.#pending() === 0) this.#guard(step);
    else this.#queue.push({ step });
  }

  /** Resolves once the queue is within its bounds (call after queueing). */
  async room(): Promise<void> {
    while (this.#pending() > MAX_HELD_LINES || this.#heldBytes > MAX_HELD_BYTES) await this.#progress();
    this.#throwFailure();
  }

  /** Resolves once every queued line and step has been handled. */
  async drain(): Promise<void> {
    while (this.#pending() > 0) await this.#progress();
    this.#throwFailure();
  }

  /** Lets the worker go (after {@link drain}, or on an error). */
  async close(): Promise<void> {
    const w = this.#worker;
    if (w === undefined) return;
    // Lines read here while the worker also had them are still being read there: their answers come soon, and a
    // worker with nothing in hand can be kept for the next verification.
    for (let tries = 0; !this.#failure && this.#remote.length > 0 && w.alive && tries < 20; tries++) {
      await w.wait();
      this.#collect();
    }
    this.#worker = undefined;
    await w.release(this.#remote.length === 0);
  }

  #pending(): number {
    return this.#queue.length - this.#head;
  }

  #workerTakes(bytes: Buffer): boolean {
    const w = this.#worker;
    return w?.ready === true && this.#remote.length < MAX_REMOTE_LINES && bytes.length <= FAST_LINE_MAX_BYTES;
  }

  /** Takes the worker's replies that have arrived; when it is gone, reads the lines it held here. */
  #collect(): void {
    const w = this.#worker;
    if (w === undefined) return;
    for (let reply = w.poll(); reply !== undefined; reply = w.poll()) {
      const entry = this.#remote.shift();
      if (entry === undefined || entry.id !== reply.id) throw new Error('parse-ahead: reply out of order');
      this.#answered(entry);
      // A line already read here (see #progress) keeps that reading; the worker's is the same.
      if (!entry.ready) this.#settle(entry, reply.records);
    }
    if (!w.alive) {
      this.#worker = undefined;
      for (const entry of this.#remote) {
        this.#answered(entry);
        if (!entry.ready) this.#readHere(entry, true);
      }
      this.#remote = [];
    }
  }

  /** The worker no longer holds the line: its buffer can be reused once the line has been handled. */
  #answered(entry: LineEntry): void {
    entry.inWorker = false;
    if (entry.handled) this.#slots.give(entry.slot);
  }

  /**
   * Reads a queued line on this thread, its records encoded so that later reads do not overwrite them; in the line's
   * buffer only when the worker does not also have the line (it writes its answer there).
   */
  #readHere(entry: LineEntry, inSlot: boolean): void {
    const records = entry.bytes.length > FAST_LINE_MAX_BYTES ? undefined : this.#local.read(entry.bytes);
    const space = inSlot ? { buffer: entry.slot, from: entry.bytes.length } : undefined;
    this.#settle(entry, records === undefined ? undefined : encodeLineRecords(records, this.#interest, space));
  }

  #settle(entry: LineEntry, records: LineRecords | undefined): void {
    entry.ready = true;
    entry.records =
      records === undefined
        ? undefined
        : decodeLineRecords(records, this.#interest, () => {
            const again = this.#reread.read(entry.bytes);
            if (again === undefined) throw new Error('parse-ahead: a line the worker read was refused here');
            return again;
          });
  }

  /** Handles the lines and steps at the head of the queue that are ready. */
  #pump(): void {
    this.#guard(() => {
      while (this.#head < this.#queue.length) {
        const e = this.#queue[this.#head]!;
        if (e.step !== undefined) {
          e.step();
        } else {
          if (!e.ready) break;
          this.#heldBytes -= e.bytes.length;
          e.handled = true;
          e.handle(e.records, e.bytes);
          if (!e.inWorker) this.#slots.give(e.slot);
        }
        this.#queue[this.#head++] = undefined as never;
      }
      if (this.#head === this.#queue.length) {
        this.#queue.length = 0;
        this.#head = 0;
      }
    });
  }

  /** Runs `fn`; a failure is kept and thrown from the next wait, and stops all further handling. */
  #guard(fn: () => void): void {
    if (this.#failure) return;
    try {
      fn();
    } catch (error) {
      this.#failure = { error };
    }
  }

  /**
   * Waits briefly for the line at the head of the queue to be answered, then handles what is ready. A worker that
   * has not answered by then (its core is busy with something else) is not waited for: the line is read here.
   */
  async #progress(): Promise<void> {
    this.#throwFailure();
    this.#collect();
    const head = this.#queue[this.#head];
    if (head !== undefined && head.step === undefined && !head.ready) {
      await this.#worker?.wait(STEAL_AFTER_MS);
      this.#collect();
      if (!head.ready) this.#readHere(head, false);
    }
    this.#pump();
    this.#throwFailure();
  }

  #throwFailure(): void {
    if (this.#failure) throw this.#failure.error;
  }
}
