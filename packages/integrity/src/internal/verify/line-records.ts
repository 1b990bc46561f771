/**
 * A line's records as the fast path read them, in a form that can cross threads (plain arrays and typed arrays, no
 * views into reader buffers): the parse-ahead worker sends them to the main thread, which checks them in line order.
 *
 * The record digest depends on the resource digest the main thread resolves (the signed snapshot in force, which only
 * it knows), so each digest is computed ahead with the exported resource's digest, the common case. A record asked
 * for anything else — a digest for another resource digest, its slots, a body that was not sent — reads the line
 * again on the main thread: the answer is always what the fast path gives for that line, whoever read it first.
 *
 * Memory: about 50 bytes per record plus the bodies that are sent (checkpoint notes, stream bodies), for one line.
 */
import { GENESIS_HEADER, RESOURCE_SNAPSHOT_HEADER } from '../../records/stream-bodies.js';
import type { FastRecord } from './fast-line.js';
import type { IntegrityAttributes } from './otlp-records.js';
import { resourceDigestOrEmpty } from './resource-digest.js';

/** What the intake reads of a record (the fast path's records and the ones below both have it). */
export type IntakeRecord = Pick<
  FastRecord,
  'resource' | 'resourceIndex' | 'integrity' | 'eventName' | 'body' | 'bodyStartsWith' | 'digest' | 'recordSlots'
>;

/** The records of one line, encoded. */
export interface LineRecords {
  readonly count: number;
  readonly resources: unknown[];
  /** `resourceDigestOrEmpty` of each resource: the digests below were computed with it. */
  readonly exported: string[];
  readonly strings: string[];
  readonly resourceIndex: Uint32Array;
  /** {@link KIND_NONE}, {@link KIND_MALFORMED} or {@link KIND_OK}. */
  readonly kind: Uint8Array;
  /** Index in `strings`, or -1. */
  readonly streamId: Int32Array;
  readonly seq: Float64Array;
  /** Index in `strings`, or -1. */
  readonly eventName: Int32Array;
  /** Index in `strings`; {@link NO_BODY}: no string body; {@link BODY_NOT_SENT}: one the intake does not read. */
  readonly body: Int32Array;
  /** 32 bytes per record (zeros unless `kind` is ok). */
  readonly digests: Uint8Array;
  /** Index in `slotLists` of the record's slots, sent for records shaped like checkpoint records; else -1. */
  readonly slots: Int32Array;
  readonly slotLists: unknown[][];
}

const KIND_NONE = 0;
const KIND_MALFORMED = 1;
const KIND_OK = 2;
const NO_BODY = -1;
const BODY_NOT_SENT = -2;
const DIGEST = 32;

/** Which bodies the intake reads: those of records named or shaped like checkpoints, and stream bodies. */
export interface BodyInterest {
  readonly checkpointEvent: string;
  /** The note origin prefix (checkpoint-shaped bodies) first, then the stream body headers. */
  readonly prefixes: readonly string[];
}

/** The body interest of the intake for an attribute namespace (see `RecordIntake`). */
export function bodyInterest(namespace: string): BodyInterest {
  return {
    checkpointEvent: `${namespace}.checkpoint`,
    prefixes: [`${namespace}/v1/`, GENESIS_HEADER, RESOURCE_SNAPSHOT_HEADER],
  };
}

/**
 * Where the per-record arrays may be put: after the line's bytes in the buffer that carries the line, when they fit.
 * Arrays made per line for a whole archive would be external memory that outlives young-generation GCs (they wait in
 * the queue) and pile up between full GCs; in the line's reused buffer they cost nothing.
 */
export interface ArraySpace {
  readonly buffer: SharedArrayBuffer;
  /** First free byte (the end of the line). */
  readonly from: number;
}

/** Bytes of per-record arrays for one record. */
const BYTES_PER_RECORD = 8 + DIGEST + 4 * 5 + 1;

/** The per-record arrays of `n` records, in `space` when they fit (wider types first, so each stays aligned). */
function recordArrays(n: number, space: ArraySpace | undefined) {
  const start = space === undefined ? 0 : Math.ceil(space.from / 8) * 8;
  if (space === undefined || start + n * BYTES_PER_RECORD > space.buffer.byteLength) {
    return {
      seq: new Float64Array(n),
      digests: new Uint8Array(n * DIGEST),
      resourceIndex: new Uint32Array(n),
      streamId: new Int32Array(n),
      eventName: new Int32Array(n),
      body: new Int32Array(n),
      slots: new Int32Array(n),
      kind: new Uint8Array(n),
    };
  }
  const b = space.buffer;
  let at = start;
  const next = (bytes: number) => {
    const here = at;
    at += bytes * n;
    return here;
  };
  return {
    seq: new Float64Array(b, next(8), n),
    digests: new Uint8Array(b, next(DIGEST), n * DIGEST),
    resourceIndex: new Uint32Array(b, next(4), n),
    streamId: new Int32Array(b, next(4), n),
    eventName: new Int32Array(b, next(4), n),
    body: new Int32Array(b, next(4), n),
    slots: new Int32Array(b, next(4), n),
    kind: new Uint8Array(b, next(1), n),
  };
}

/** Encodes the records of a line read by the fast path (before the reader reads another line). */
export function encodeLineRecords(
  records: readonly FastRecord[],
  interest: BodyInterest,
  space?: ArraySpace,
): LineRecords {
  const n = records.length;
  const out = {
    count: n,
    resources: [] as unknown[],
    strings: [] as string[],
    ...recordArrays(n, space),
    slotLists: [] as unknown[][],
  };
  out.slots.fill(-1);
  out.digests.fill(0);
  // Filled for every resource index a record names (the records of a line name each one they use).
  const exported: (string | undefined)[] = [];
  const index = new Map<string, number>();
  const intern = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = out.strings.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const ri = r.resourceIndex;
    while (exported.length <= ri) {
      out.resources.push(undefined);
      exported.push(undefined);
    }
    if (exported[ri] === undefined) {
      out.resources[ri] = r.resource;
      exported[ri] = resourceDigestOrEmpty(r.resource);
    }
    out.resourceIndex[i] = ri;
    const a = r.integrity;
    out.kind[i] = a.kind === 'ok' ? KIND_OK : a.kind === 'malformed' ? KIND_MALFORMED : KIND_NONE;
    out.streamId[i] = intern(a.streamId);
    out.seq[i] = a.seq ?? -1;
    out.eventName[i] = intern(r.eventName);
    out.body[i] = encodeBody(r, interest, intern);
    // The intake looks at every field of a record shaped like a checkpoint record (checkpoint-record-shape.ts).
    if (r.eventName === interest.checkpointEvent || r.bodyStartsWith(interest.prefixes[0]!)) {
      out.slots[i] = out.slotLists.push(r.recordSlots()) - 1;
    }
    if (a.kind === 'ok') out.digests.set(r.digest(a.streamId!, a.seq!, exported[ri]!), i * DIGEST);
  }
  return { ...out, exported: exported as string[] };
}

function encodeBody(r: FastRecord, interest: BodyInterest, intern: (s: string) => number): number {
  const wanted = r.eventName === interest.checkpointEvent || interest.prefixes.some((p) => r.bodyStartsWith(p));
  if (wanted) {
    const body = r.body;
    return body === undefined ? NO_BODY : intern(body);
  }
  // Not read by the intake; whether there is one at all costs nothing to say (the body is read out only when asked).
  return r.bodyStartsWith('') ? BODY_NOT_SENT : NO_BODY;
}

/** Reads the line again on the main thread (the rare record that needs more than was sent). */
export type RereadLine = () => readonly FastRecord[];

/** The records of an encoded line, as the intake reads them. */
export function decodeLineRecords(line: LineRecords, interest: BodyInterest, reread: RereadLine): IntakeRecord[] {
  let again: readonly FastRecord[] | undefined;
  const local = (i: number): FastRecord => {
    again ??= reread();
    const r = again[i];
    if (r === undefined) throw new Error('parse-ahead: the line read differently on the main thread');
    return r;
  };
  const out: IntakeRecord[] = new Array(line.count);
  for (let i = 0; i < line.count; i++) out[i] = new EncodedRecord(line, i, interest, local);
  return out;
}

class EncodedRecord implements IntakeRecord {
  readonly integrity: IntegrityAttributes;
  constructor(
    private readonly line: LineRecords,
    private readonly i: number,
    private readonly interest: BodyInterest,
    private readonly local: (i: number) => FastRecord,
  ) {
    const kind = line.kind[i];
    const streamId = line.streamId[i]! >= 0 ? line.strings[line.streamId[i]!] : undefined;
    this.integrity =
      kind === KIND_OK
        ? { kind: 'ok', streamId: streamId!, seq: line.seq[i]! }
        : kind === KIND_MALFORMED
          ? streamId === undefined
            ? { kind: 'malformed' }
            : { kind: 'malformed', streamId }
          : { kind: 'none' };
  }
  get resource(): unknown {
    return this.line.resources[this.resourceIndex];
  }
  get resourceIndex(): number {
    return this.line.resourceIndex[this.i]!;
  }
  get eventName(): string | undefined {
    const e = this.line.eventName[this.i]!;
    return e >= 0 ? this.line.strings[e] : undefined;
  }
  get body(): string | undefined {
    const b = this.line.body[this.i]!;
    if (b === NO_BODY) return undefined;
    return b === BODY_NOT_SENT ? this.local(this.i).body : this.line.strings[b];
  }
  bodyStartsWith(prefix: string): boolean {
    const b = this.line.body[this.i]!;
    if (b === NO_BODY) return false;
    if (b >= 0) return this.line.strings[b]!.startsWith(prefix);
    // A body not sent starts with none of the prefixes the intake asks about.
    return this.interest.prefixes.includes(prefix) ? false : this.local(this.i).bodyStartsWith(prefix);
  }
  digest(streamId: string, seq: number, resourceDigest: string): Buffer {
    const { line, i } = this;
    const a = this.integrity;
    if (
      a.kind === 'ok' &&
      a.streamId === streamId &&
      a.seq === seq &&
      line.exported[this.resourceIndex] === resourceDigest
    ) {
      return Buffer.from(line.digests.buffer, line.digests.byteOffset + i * DIGEST, DIGEST);
    }
    return this.local(i).digest(streamId, seq, resourceDigest);
  }
  recordSlots(): unknown[] {
    const k = this.line.slots[this.i]!;
    return k >= 0 ? this.line.slotLists[k]! : this.local(this.i).recordSlots();
  }
}
