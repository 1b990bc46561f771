/**
 * Application side of the hand-off: writes snapshotted records into the current batch buffer. A resource or an
 * instrumentation scope is written once (a definition frame) and then named by id; definitions are shared by content,
 * so a fresh object with the same attributes (a second provider, a pending resource's settled part) costs no new one.
 */
import type { Resource } from '@opentelemetry/resources';
import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { ByteWriter, FRAME } from './record-codec.js';

/** A batch's buffer; it grows only for a record larger than what is left of it. */
export const BATCH_BUFFER_BYTES = 256 << 10;
/** Buffers handed back by the worker, kept for the next batches (their pages are mapped already). */
const POOLED_BUFFERS = 4;

type Scope = ReadWriteLogRecord['instrumentationScope'] & { attributes?: unknown };

/** The bytes of one batch, ready to transfer (its memory is `buffer.byteLength`). */
export interface SealedBatch {
  readonly buffer: ArrayBuffer;
  readonly length: number;
  readonly records: number;
}

export class BatchWriter {
  #w = new ByteWriter(BATCH_BUFFER_BYTES);
  #records = 0;
  /** Full buffers waiting to be posted, and their totals. */
  #full: SealedBatch[] = [];
  #fullBytes = 0;
  #fullRecords = 0;
  readonly #ids = new WeakMap<object, number>();
  readonly #byContent = new Map<string, number>();
  readonly #scratch = new ByteWriter(4096);
  readonly #pool: ArrayBuffer[] = [];
  /** The buffer the next {@link rotate} switches to, prepared outside `emit()` (see {@link prepare}). */
  #spare: ByteWriter | undefined;
  #nextId = 1;

  /** Memory of everything written and not yet taken: full buffers and the current one's bytes. */
  get bytes(): number {
    return this.#fullBytes + this.#w.pos;
  }

  /** Bytes left in the current batch's buffer before it would have to grow. */
  get free(): number {
    return this.#w.buf.length - this.#w.pos;
  }

  /** Records written and not yet taken. */
  get records(): number {
    return this.#fullRecords + this.#records;
  }

  /** Sets the current buffer aside as a full batch (posted with the next {@link take}) and starts another one. */
  rotate(): void {
    if (this.#records === 0) return;
    const w = this.#w;
    const batch = { buffer: w.buf.buffer as ArrayBuffer, length: w.pos, records: this.#records };
    this.#full.push(batch);
    this.#fullBytes += batch.buffer.byteLength;
    this.#fullRecords += batch.records;
    this.#w = this.#spare ?? new ByteWriter(this.#pool.pop() ?? BATCH_BUFFER_BYTES);
    this.#spare = undefined;
    this.#records = 0;
  }

  /** Readies the buffer the next rotation will use (a pooled one when there is one), so `emit()` only swaps. */
  prepare(): void {
    this.#spare ??= new ByteWriter(this.#pool.pop() ?? BATCH_BUFFER_BYTES);
  }

  /**
   * Appends one record (its snapshot already taken), after the definitions it needs. Returns the byte offset where
   * the record itself starts, for {@link unwrite}.
   */
  write(record: ReadWriteLogRecord): number {
    const resourceId = this.#resourceId(record.resource);
    const scopeId = this.#scopeId(record.instrumentationScope as Scope);
    const w = this.#w;
    const start = w.pos;
    w.u8(FRAME.record);
    w.u32(resourceId);
    w.u32(scopeId);
    const t = record.hrTime;
    w.value(t[0], false);
    w.value(t[1], false);
    const o = record.hrTimeObserved;
    w.value(o[0], false);
    w.value(o[1], false);
    w.value(record.severityNumber, false);
    w.value(record.severityText, false);
    w.value(record.eventName, false);
    const span = record.spanContext;
    if (span) {
      w.u8(1);
      w.value(span.traceId, false);
      w.value(span.spanId, false);
      w.value(span.traceFlags, false);
    } else {
      w.u8(0);
    }
    w.value(record.droppedAttributesCount, false);
    // Attribute values and the body are the snapshot's plain data (well-formed strings by construction).
    w.map(record.attributes as Record<string, unknown>, true);
    w.value(record.body, true);
    this.#records++;
    return start;
  }

  /** Takes the last record back out (it was refused); definitions written before it stay. */
  unwrite(start: number): void {
    this.#w.pos = start;
    this.#records--;
  }

  /** Declares `count` records refused at the hand-off, at this point of the order. */
  refused(count: number): void {
    this.#w.u8(FRAME.refused);
    this.#w.u32(count);
  }

  /** The bytes of the record starting at `start` (copied), to carry it into the next batch. */
  copyFrom(start: number): Buffer {
    return Buffer.from(this.#w.buf.subarray(start, this.#w.pos));
  }

  /** Appends bytes taken with {@link copyFrom} as one more record. */
  append(recordBytes: Buffer): void {
    const w = this.#w;
    w.ensure(recordBytes.length);
    w.buf.set(recordBytes, w.pos);
    w.pos += recordBytes.length;
    this.#records++;
  }

  /** Hands every batch written so far over, in order (their buffers are to be transferred). */
  take(): SealedBatch[] {
    const out = this.#full;
    this.#full = [];
    this.#fullBytes = 0;
    this.#fullRecords = 0;
    if (this.#w.pos > 0) out.push(this.#takeCurrent());
    return out;
  }

  #takeCurrent(): SealedBatch {
    const w = this.#w;
    const length = w.pos;
    const records = this.#records;
    this.#records = 0;
    let buffer: ArrayBuffer;
    if (length * 2 < w.buf.length) {
      // Mostly empty (a few records of one event-loop turn): send an exact copy and keep this buffer.
      const copy = Buffer.allocUnsafeSlow(Math.max(1, length));
      w.buf.copy(copy, 0, 0, length);
      buffer = copy.buffer as ArrayBuffer;
      w.pos = 0;
    } else {
      buffer = w.buf.buffer as ArrayBuffer;
      this.#w = this.#spare ?? new ByteWriter(this.#pool.pop() ?? BATCH_BUFFER_BYTES);
      this.#spare = undefined;
    }
    return { buffer, length, records };
  }

  /** Keeps a batch buffer the worker is done with, for a later batch (at most a few). */
  recycle(buffer: ArrayBuffer): void {
    if (buffer.byteLength === BATCH_BUFFER_BYTES && this.#pool.length < POOLED_BUFFERS) this.#pool.push(buffer);
  }

  #resourceId(resource: Resource): number {
    const pending = resource.asyncAttributesPending === true;
    if (!pending) {
      const known = this.#ids.get(resource);
      if (known !== undefined) return known;
    }
    const s = this.#scratch;
    s.pos = 0;
    s.map(settledAttributes(resource), false);
    s.value(resource.schemaUrl, false);
    const id = this.#define(FRAME.resource, s);
    if (!pending) this.#ids.set(resource, id);
    return id;
  }

  #scopeId(scope: Scope): number {
    const known = this.#ids.get(scope);
    if (known !== undefined) return known;
    const s = this.#scratch;
    s.pos = 0;
    s.value(scope.name, false);
    s.value(scope.version, false);
    s.value(scope.schemaUrl, false);
    s.value(scope.attributes, false);
    const id = this.#define(FRAME.scope, s);
    this.#ids.set(scope, id);
    return id;
  }

  /** The id of a definition with these bytes, writing the definition frame into the batch the first time. */
  #define(kind: number, body: ByteWriter): number {
    const content = `${kind}:${body.buf.toString('latin1', 0, body.pos)}`;
    const known = this.#byContent.get(content);
    if (known !== undefined) return known;
    const id = this.#nextId++;
    this.#byContent.set(content, id);
    const w = this.#w;
    w.u8(kind);
    w.u32(id);
    w.ensure(body.pos);
    w.buf.set(body.buf.subarray(0, body.pos), w.pos);
    w.pos += body.pos;
    return id;
  }
}

/** The resource's attributes as known now: the settled raw values while async attributes are pending. */
function settledAttributes(resource: Resource): Record<string, unknown> {
  if (!resource.asyncAttributesPending) return resource.attributes as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of resource.getRawAttributes()) if (v !== undefined && !(v instanceof Promise)) out[k] = v;
  return out;
}
