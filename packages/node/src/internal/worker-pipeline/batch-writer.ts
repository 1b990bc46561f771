/**
 * Application side of the hand-off: writes snapshotted records into the current batch buffer. A resource or an
 * instrumentation scope is written once (a definition frame) and then named by id; definitions are shared by content,
 * so a fresh object with the same attributes (a second provider, a pending resource's settled part) costs no new one.
 */
import type { Resource } from '@opentelemetry/resources';
import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { DEFAULT_SNAPSHOT_LIMITS, ValueSnapshotter } from '@seclog/snapshot';
import { ByteWriter, FRAME } from './record-codec.js';

/** A batch's buffer; it grows only for a record larger than what is left of it. */
export const BATCH_BUFFER_BYTES = 256 << 10;
/** Buffers handed back by the worker, kept for the next batches (their pages are mapped already). */
const POOLED_BUFFERS = 4;

type Scope = ReadWriteLogRecord['instrumentationScope'] & { attributes?: unknown; droppedAttributesCount?: unknown };

/** The bytes of one batch, ready to transfer (its memory is `buffer.byteLength`). */
export interface SealedBatch {
  readonly buffer: ArrayBuffer;
  readonly length: number;
  readonly records: number;
  /** The sum of the refusal frames in it. */
  readonly refused: number;
}

export class BatchWriter {
  #w = new ByteWriter(BATCH_BUFFER_BYTES);
  #records = 0;
  #refused = 0;
  /** Full buffers waiting to be posted, and their totals. */
  #full: SealedBatch[] = [];
  #fullBytes = 0;
  #fullRecords = 0;
  readonly #ids = new WeakMap<object, number>();
  readonly #byContent = new Map<string, number>();
  /** Definitions written by the current {@link write}, forgotten again if it fails. */
  readonly #definedNow: { content: string; owner?: object }[] = [];
  #writing = false;
  readonly #scopeAttributes = new ValueSnapshotter(DEFAULT_SNAPSHOT_LIMITS);
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

  /** Buffers set aside as full and not yet taken. */
  get fullBatches(): number {
    return this.#full.length;
  }

  /** Records written and not yet taken. */
  get records(): number {
    return this.#fullRecords + this.#records;
  }

  /** Sets the current buffer aside as a full batch (posted with the next {@link take}) and starts another one. */
  rotate(): void {
    if (this.#records === 0) return;
    const w = this.#w;
    const batch = {
      buffer: w.buf.buffer as ArrayBuffer,
      length: w.pos,
      records: this.#records,
      refused: this.#refused,
    };
    this.#full.push(batch);
    this.#fullBytes += batch.buffer.byteLength;
    this.#fullRecords += batch.records;
    this.#w = this.#spare ?? new ByteWriter(this.#pool.pop() ?? BATCH_BUFFER_BYTES);
    this.#spare = undefined;
    this.#records = 0;
    this.#refused = 0;
  }

  /** Readies the buffer the next rotation will use (a pooled one when there is one), so `emit()` only swaps. */
  prepare(): void {
    this.#spare ??= new ByteWriter(this.#pool.pop() ?? BATCH_BUFFER_BYTES);
  }

  /**
   * Appends one record (its snapshot already taken), after the definitions it needs. Returns the byte offset where
   * the record itself starts, for {@link unwrite}. All or nothing: when anything throws, the batch is left exactly as
   * it was (no half record, no definition the reader would never see) and the error goes to the caller, which
   * declares the record refused.
   */
  write(record: ReadWriteLogRecord): number {
    // A scope attribute's getter that logs would write a record inside this one: that record is refused instead.
    if (this.#writing) throw new Error('record emitted while another was being written');
    const fields = recordFields(record);
    const w = this.#w;
    const mark = w.pos;
    const defined = this.#definedNow;
    defined.length = 0;
    this.#writing = true;
    try {
      const resourceId = this.#resourceId(record.resource);
      const scopeId = this.#scopeId(record.instrumentationScope as Scope);
      const start = w.pos;
      w.u8(FRAME.record);
      w.u32(resourceId);
      w.u32(scopeId);
      w.value(fields.time[0], false);
      w.value(fields.time[1], false);
      w.value(fields.observed[0], false);
      w.value(fields.observed[1], false);
      w.value(fields.severityNumber, false);
      w.value(fields.severityText, false);
      w.value(fields.eventName, false);
      const span = fields.span;
      if (span) {
        w.u8(1);
        w.value(span.traceId, false);
        w.value(span.spanId, false);
        w.value(span.traceFlags, false);
      } else {
        w.u8(0);
      }
      w.value(fields.droppedAttributesCount, false);
      // Attribute values and the body are the snapshot's plain data (well-formed strings by construction).
      w.map(record.attributes as Record<string, unknown>, true);
      w.value(record.body, true);
      this.#records++;
      return start;
    } catch (error) {
      w.pos = mark;
      for (const d of defined) {
        this.#byContent.delete(d.content);
        if (d.owner) this.#ids.delete(d.owner);
      }
      throw error;
    } finally {
      defined.length = 0;
      this.#writing = false;
    }
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
    this.#refused += count;
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
    const refused = this.#refused;
    this.#records = 0;
    this.#refused = 0;
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
    return { buffer, length, records, refused };
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
    const id = this.#define(FRAME.resource, s, pending ? undefined : resource);
    if (!pending) this.#ids.set(resource, id);
    return id;
  }

  #scopeId(scope: Scope): number {
    const known = this.#ids.get(scope);
    if (known !== undefined) return known;
    const s = this.#scratch;
    s.pos = 0;
    // The scope comes from the application's getLogger() call: strings only, and its attributes as a bounded,
    // read-once snapshot (a cyclic or enormous value must not become an enormous batch).
    s.value(stringOrUndefined(scope.name) ?? '', false);
    s.value(stringOrUndefined(scope.version), false);
    s.value(stringOrUndefined(scope.schemaUrl), false);
    s.value(this.#plainScopeAttributes(scope.attributes), false);
    // Exported (not sealed): the worker's record says what the application's did about attributes getLogger dropped.
    s.value(numberOrUndefined(scope.droppedAttributesCount), false);
    const id = this.#define(FRAME.scope, s, scope);
    this.#ids.set(scope, id);
    return id;
  }

  #plainScopeAttributes(attributes: unknown): Record<string, unknown> | undefined {
    if (attributes === undefined || attributes === null) return undefined;
    const core = this.#scopeAttributes;
    core.begin();
    const value = core.value(attributes);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  }

  /** The id of a definition with these bytes, writing the definition frame into the batch the first time. */
  #define(kind: number, body: ByteWriter, owner?: object): number {
    const content = `${kind}:${body.buf.toString('latin1', 0, body.pos)}`;
    const known = this.#byContent.get(content);
    if (known !== undefined) return known;
    const id = this.#nextId++;
    this.#byContent.set(content, id);
    this.#definedNow.push(owner ? { content, owner } : { content });
    const w = this.#w;
    w.u8(kind);
    w.u32(id);
    w.ensure(body.pos);
    w.buf.set(body.buf.subarray(0, body.pos), w.pos);
    w.pos += body.pos;
    return id;
  }
}

interface RecordFields {
  time: readonly [number, number];
  observed: readonly [number, number];
  severityNumber: number | undefined;
  severityText: string | undefined;
  eventName: string | undefined;
  span: { traceId: string; spanId: string; traceFlags: number } | undefined;
  droppedAttributesCount: number;
}

/**
 * The record's own fields, read before a byte is written and checked by type only (`typeof` runs no code of the
 * caller): the snapshot has made them plain already, so a value of another type is a bug or a record that bypassed
 * it, and is written as absent rather than followed.
 */
function recordFields(record: ReadWriteLogRecord): RecordFields {
  const span = record.spanContext;
  return {
    time: pair(record.hrTime),
    observed: pair(record.hrTimeObserved),
    severityNumber: numberOrUndefined(record.severityNumber),
    severityText: stringOrUndefined(record.severityText),
    eventName: stringOrUndefined(record.eventName),
    span:
      span && typeof span.traceId === 'string' && typeof span.spanId === 'string'
        ? { traceId: span.traceId, spanId: span.spanId, traceFlags: numberOrUndefined(span.traceFlags) ?? 0 }
        : undefined,
    droppedAttributesCount: numberOrUndefined(record.droppedAttributesCount) ?? 0,
  };
}

function pair(t: unknown): readonly [number, number] {
  if (!Array.isArray(t)) return [0, 0];
  return [numberOrUndefined(t[0]) ?? 0, numberOrUndefined(t[1]) ?? 0];
}

function numberOrUndefined(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The resource's attributes as known now: the settled raw values while async attributes are pending. */
function settledAttributes(resource: Resource): Record<string, unknown> {
  if (!resource.asyncAttributesPending) return resource.attributes as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of resource.getRawAttributes()) if (v !== undefined && !(v instanceof Promise)) out[k] = v;
  return out;
}
