/**
 * The verifier's fast path for an archive line: one pass over the line's bytes that checks the JSON grammar and the
 * OTLP/JSON shape and writes each log record's OLCF-1 bytes directly (docs/spec/otlp-json-input.md), without
 * `JSON.parse` of the line, without building its object tree and without the exact-integer pre-scan.
 *
 * It only takes lines that are exactly what exporters write: valid JSON, every member one it knows, no duplicate
 * member, no `null`, plain integers, well-formed values within the OLCF-1 limits. At the first thing it does not
 * take, it gives up on the whole line (nothing has been reported yet) and the line goes through the general path
 * (`line-decoder.ts`, `otlp-records.ts`, `canonicalizeOtlpLogRecord`), which handles every malformed case. So for any
 * line it takes, it yields exactly what the general path yields: the same records in the same order, the same
 * integrity attributes, event name and string body, and the same canonical bytes (a property test holds the two
 * paths to that).
 *
 * Memory: the canonical bytes of one line's records (about the line's size), in buffers reused from line to line.
 */

import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { writeOtlpScopeSlots } from '../../canonical/from-otlp.js';
import { OLCF1_MAX_DEPTH, OLCF1_MAX_VALUES } from '../../canonical/tuple.js';
import { normalizeBase64, parseDouble, parseInt64, parseUnsigned, wellFormed } from '../canonical/scalars.js';
import {
  EMPTY_LIST,
  QUOTE_CLOSE,
  TAG_A,
  TAG_D,
  TAG_I_OPEN,
  TAG_M,
  TAG_S,
  TAG_Y,
  TUPLE_HEAD,
  VALUE_EMPTY,
  VALUE_FALSE,
  VALUE_TRUE,
} from '../canonical/tuple-tokens.js';
import { CanonicalWriter, type NativeBuffer } from '../canonical/writer.js';
import { parseJsonExact } from './exact-json.js';
import { MAX_PARSE_TOKENS } from './json-scan.js';
import { ambiguousMemberNames } from './member-names.js';
import { type IntegrityAttributes, readIntegrityAttributes } from './otlp-records.js';

/** One log record of a line taken by the fast path. */
export interface FastRecord {
  readonly resource: unknown;
  readonly scope: unknown;
  readonly scopeSchemaUrl: unknown;
  readonly resourceIndex: number;
  /** As `readIntegrityAttributes` reads the record. */
  readonly integrity: IntegrityAttributes;
  /** As `eventNameOf`. */
  readonly eventName: string | undefined;
  /** As `stringBodyOf` (read on demand). */
  readonly body: string | undefined;
  /** `body !== undefined && body.startsWith(prefix)`, without reading the body out when it can be avoided. */
  bodyStartsWith(prefix: string): boolean;
  /** Record digest of the canonical form with these slots 1–3 (what `canonicalizeOtlpLogRecord` + SHA-256 give). */
  digest(streamId: string, seq: number, resourceDigest: string): Buffer;
  /**
   * Slots 4–18 of the canonical form (its scope, then its own fields), parsed: for the rare record that must be
   * looked at field by field.
   */
  recordSlots(): unknown[];
}

/** What the fast path needs to know about the archive. */
export interface FastLineOptions {
  /** `<ns>.stream` and `<ns>.seq`: read for the integrity attributes and left out of slot 14. */
  readonly streamKey: string;
  readonly seqKey: string;
  /**
   * The general path's parse bound (`MAX_PARSE_TOKENS` by default): only lines it would parse whole are taken, so a
   * line it would split — and a record it would find oversized — stays with it.
   */
  readonly maxParseTokens?: number;
}

/** Lines longer than this are left to the general path (which scans them before parsing). */
export const FAST_LINE_MAX_BYTES = 4 * 1024 * 1024;

const EMPTY = Buffer.alloc(0) as Buffer & NativeBuffer;

class Bail extends Error {}
const BAIL = new Bail('line left to the general path');
function bail(): never {
  throw BAIL;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const ascii = (s: string) => Buffer.from(s, 'latin1');
const TRUE = ascii('true');
const FALSE = ascii('false');

// Member names, as bytes.
const name = (s: string) => Buffer.from(s, 'latin1');
const N = {
  resourceLogs: name('resourceLogs'),
  resource: name('resource'),
  scopeLogs: name('scopeLogs'),
  schemaUrl: name('schemaUrl'),
  scope: name('scope'),
  logRecords: name('logRecords'),
  timeUnixNano: name('timeUnixNano'),
  observedTimeUnixNano: name('observedTimeUnixNano'),
  severityNumber: name('severityNumber'),
  severityText: name('severityText'),
  eventName: name('eventName'),
  body: name('body'),
  attributes: name('attributes'),
  droppedAttributesCount: name('droppedAttributesCount'),
  flags: name('flags'),
  traceId: name('traceId'),
  spanId: name('spanId'),
  key: name('key'),
  value: name('value'),
  values: name('values'),
  stringValue: name('stringValue'),
  boolValue: name('boolValue'),
  intValue: name('intValue'),
  doubleValue: name('doubleValue'),
  bytesValue: name('bytesValue'),
  arrayValue: name('arrayValue'),
  kvlistValue: name('kvlistValue'),
} as const;

const UINT64_MAX = 18446744073709551615n;
const UINT32_MAX = 4294967295n;

/** Record members, as bits (a member seen twice gives up). */
// The bit of each member is 1 << (its slot - 8), so the slots can be written in order from the bits.
const F_TIME = 1;
const F_OBSERVED = 2;
const F_SEVERITY = 4;
const F_SEVERITY_TEXT = 8;
const F_EVENT_NAME = 16;
const F_BODY = 32;
const F_ATTRIBUTES = 64;
const F_DROPPED = 128;
const F_TRACE = 256;
const F_SPAN = 512;
const F_FLAGS = 1024;
const RECORD_SLOTS = 11;
/** Slots 8–18 of a record that lacks the member. */
const SLOT_DEFAULTS: readonly Buffer[] = ['"0"', '"0"', '"0"', '""', '""', '["e"]', '[]', '"0"', '""', '""', '"0"'].map(
  (t) => Buffer.from(t, 'latin1'),
);

interface ScopeEntry {
  readonly scope: unknown;
  /** AnyValues in the scope's attributes. */
  readonly values: number;
  readonly schemaUrl: unknown;
  /** Bytes of slots 4–7 and the commas after them, in the scope arena. */
  readonly start: number;
  readonly end: number;
}

interface RecordEntry {
  readonly scopeIndex: number;
  /** AnyValues of the record (the scope's attributes count towards the same limit). */
  readonly values: number;
  readonly resourceIndex: number;
  /** Bytes of slots 8–18 and the closing bracket, in the record arena. */
  readonly start: number;
  readonly end: number;
  readonly integrity: IntegrityAttributes;
  readonly eventName: string | undefined;
  /** A string body: decoded when it had escapes, else its bytes in the line (`bodyStart` < 0: no string body). */
  readonly bodyText: string | undefined;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly bodyAscii: boolean;
}

/** A record of the last line read, as the intake sees it. */
class RecordView implements FastRecord {
  #body: string | undefined;
  constructor(
    readonly reader: FastLineReader,
    readonly entry: RecordEntry,
    readonly scopeEntry: ScopeEntry,
    readonly resource: unknown,
    readonly line: Buffer & NativeBuffer,
  ) {
    this.#body = entry.bodyText;
  }
  get scope(): unknown {
    return this.scopeEntry.scope;
  }
  get scopeSchemaUrl(): unknown {
    return this.scopeEntry.schemaUrl;
  }
  get resourceIndex(): number {
    return this.entry.resourceIndex;
  }
  get integrity(): IntegrityAttributes {
    return this.entry.integrity;
  }
  get eventName(): string | undefined {
    return this.entry.eventName;
  }
  get body(): string | undefined {
    const r = this.entry;
    if (this.#body === undefined && r.bodyStart >= 0) {
      this.#body = r.bodyAscii
        ? this.line.latin1Slice(r.bodyStart, r.bodyEnd)
        : this.line.utf8Slice(r.bodyStart, r.bodyEnd);
    }
    return this.#body;
  }
  bodyStartsWith(prefix: string): boolean {
    const r = this.entry;
    if (this.#body !== undefined) return this.#body.startsWith(prefix);
    if (r.bodyStart < 0) return false;
    if (!r.bodyAscii) return this.body!.startsWith(prefix);
    if (prefix.length > r.bodyEnd - r.bodyStart) return false;
    const line = this.line;
    for (let k = 0; k < prefix.length; k++) if (line[r.bodyStart + k] !== prefix.charCodeAt(k)) return false;
    return true;
  }
  digest(streamId: string, seq: number, resourceDigest: string): Buffer {
    return this.reader.digestOf(this.entry, this.scopeEntry, streamId, seq, resourceDigest);
  }
  recordSlots(): unknown[] {
    return this.reader.recordSlotsOf(this.entry, this.scopeEntry);
  }
}

/**
 * Reads one line. Returns its records (in document order) or `undefined` when the line is left to the general path.
 * The records are valid until the next call.
 */
export class FastLineReader {
  readonly #options: FastLineOptions;
  /** Slots 4–7 of each scope of the line. */
  readonly #scopeArena = new CanonicalWriter(4096);
  /** Slots 8–18 of each record of the line. */
  readonly #recordArena = new CanonicalWriter(64 * 1024);
  /** The body, then the attributes, of the record being read. */
  readonly #values = new CanonicalWriter(16 * 1024);
  /** Where a record's digest input is put together. */
  readonly #out = new CanonicalWriter(16 * 1024);

  #b: Buffer & NativeBuffer = EMPTY;
  #i = 0;
  #end = 0;
  /** AnyValues of the current record (OLCF-1 limit). */
  #valueCount = 0;
  #resources: unknown[] = [];
  #scopes: ScopeEntry[] = [];
  #records: RecordEntry[] = [];

  constructor(options: FastLineOptions) {
    this.#options = options;
  }

  /** The records of `line`, or `undefined` when the general path must read it. Never throws. */
  read(line: Buffer): FastRecord[] | undefined {
    const maxTokens = this.#options.maxParseTokens ?? MAX_PARSE_TOKENS;
    if (line.length > FAST_LINE_MAX_BYTES || line.length * 2 > maxTokens * 3) return undefined;
    this.#shrink();
    this.#b = line as Buffer & NativeBuffer;
    this.#i = 0;
    this.#end = line.length;
    this.#resources = [];
    this.#scopes = [];
    this.#records = [];
    this.#scopeArena.reset();
    this.#recordArena.reset();
    try {
      this.#request();
      return this.#records.map((r) => this.#view(r));
    } catch {
      // BAIL, or an invalid escape or scalar met by a nested parse: the general path reads the line.
      return undefined;
    } finally {
      // The records read the line's bytes (their string bodies) until the next call.
      this.#resources = [];
    }
  }

  /** Buffers that one huge line grew are let go (before the next line: the last line's records read them). */
  #shrink(): void {
    for (const w of [this.#scopeArena, this.#recordArena, this.#values, this.#out]) {
      if (w.buf.length > 8 * 1024 * 1024) w.buf = new CanonicalWriter(16 * 1024).buf;
    }
  }

  #view(r: RecordEntry): FastRecord {
    return new RecordView(this, r, this.#scopes[r.scopeIndex]!, this.#resources[r.resourceIndex], this.#b);
  }

  /** Slots 4–18 of `r` in `scope`, parsed (see {@link FastRecord.recordSlots}). */
  recordSlotsOf(r: RecordEntry, scope: ScopeEntry): unknown[] {
    const scopeSlots = this.#scopeArena.buf.toString('utf8', scope.start, scope.end);
    return JSON.parse(`[${scopeSlots}${this.#recordArena.buf.toString('utf8', r.start, r.end)}`) as unknown[];
  }

  /** Record digest of `r` (see {@link FastRecord.digest}). */
  digestOf(r: RecordEntry, scope: ScopeEntry, streamId: string, seq: number, resourceDigest: string): Buffer {
    return this.#digest(r, scope, streamId, seq, resourceDigest);
  }

  #digest(r: RecordEntry, scope: ScopeEntry, streamId: string, seq: number, resourceDigest: string): Buffer {
    const w = this.#out;
    w.reset();
    w.bytes(TUPLE_HEAD);
    w.jsonString(streamId);
    w.byte(COMMA);
    w.byte(QUOTE);
    w.uint(seq);
    w.byte(QUOTE);
    w.byte(COMMA);
    w.jsonString(resourceDigest);
    w.byte(COMMA);
    w.copyFrom(this.#scopeArena.buf, scope.start, scope.end);
    w.copyFrom(this.#recordArena.buf, r.start, r.end);
    return Buffer.from(hash('sha256', w.buf.subarray(0, w.pos), 'binary'), 'latin1');
  }

  // ---- the request ------------------------------------------------------------------------------------------------

  #request(): void {
    this.#ws();
    this.#expect(OPEN_OBJECT);
    this.#ws();
    if (!this.#key(N.resourceLogs)) bail();
    this.#colon();
    this.#expect(OPEN_ARRAY);
    if (!this.#emptyArray()) {
      do {
        this.#resourceLogs(this.#resources.length);
      } while (this.#next(CLOSE_ARRAY));
    }
    this.#ws();
    this.#expect(CLOSE_OBJECT);
    this.#ws();
    if (this.#i !== this.#end) bail();
  }

  #resourceLogs(resourceIndex: number): void {
    this.#ws();
    this.#expect(OPEN_OBJECT);
    this.#resources.push(undefined);
    if (this.#emptyObject()) return;
    let seen = 0;
    do {
      this.#ws();
      if (this.#key(N.resource)) {
        seen = once(seen, 1);
        this.#colon();
        this.#resources[resourceIndex] = this.#parsedObject();
      } else if (this.#key(N.scopeLogs)) {
        seen = once(seen, 2);
        this.#colon();
        this.#expect(OPEN_ARRAY);
        if (!this.#emptyArray()) {
          do this.#scopeLogs(resourceIndex);
          while (this.#next(CLOSE_ARRAY));
        }
      } else if (this.#key(N.schemaUrl)) {
        seen = once(seen, 4);
        this.#colon();
        this.#string();
      } else {
        bail();
      }
    } while (this.#next(CLOSE_OBJECT));
  }

  #scopeLogs(resourceIndex: number): void {
    this.#ws();
    this.#expect(OPEN_OBJECT);
    if (this.#emptyObject()) {
      this.#addScope(undefined, undefined);
      return;
    }
    // The scope and schema URL may follow the records: records are read into the arena first, then given the scope.
    let seen = 0;
    let scope: unknown;
    let schemaUrl: unknown;
    const firstRecord = this.#records.length;
    do {
      this.#ws();
      if (this.#key(N.scope)) {
        seen = once(seen, 1);
        this.#colon();
        scope = this.#parsedObject();
      } else if (this.#key(N.logRecords)) {
        seen = once(seen, 2);
        this.#colon();
        this.#expect(OPEN_ARRAY);
        if (!this.#emptyArray()) {
          do this.#logRecord(resourceIndex);
          while (this.#next(CLOSE_ARRAY));
        }
      } else if (this.#key(N.schemaUrl)) {
        seen = once(seen, 4);
        this.#colon();
        schemaUrl = this.#string();
      } else {
        bail();
      }
    } while (this.#next(CLOSE_OBJECT));
    const scopeIndex = this.#addScope(scope, schemaUrl);
    const scopeValues = this.#scopes[scopeIndex]!.values;
    for (let k = firstRecord; k < this.#records.length; k++) {
      const r = this.#records[k]!;
      if (r.values + scopeValues > OLCF1_MAX_VALUES) bail();
      (r as { scopeIndex: number }).scopeIndex = scopeIndex;
    }
  }

  #addScope(scope: unknown, schemaUrl: unknown): number {
    const w = this.#scopeArena;
    const start = w.pos;
    const values = writeOtlpScopeSlots(w, scope, schemaUrl);
    if (values < 0) bail();
    this.#scopes.push({ scope, schemaUrl, values, start, end: w.pos });
    return this.#scopes.length - 1;
  }

  // ---- a log record -------------------------------------------------------------------------------------------------

  #logRecord(resourceIndex: number): void {
    this.#ws();
    this.#expect(OPEN_OBJECT);
    this.#valueCount = 0;
    const v = this.#values;
    v.reset();
    // Each member is written where it is met; `spans` says where, and the slots are put in order at the end.
    const spans = this.#spans;
    let seen = 0;
    let eventName: string | undefined;
    let seal: unknown[] = NO_SEAL;
    this.#bodyText = undefined;
    this.#bodyStart = -1;
    if (!this.#emptyObject()) {
      do {
        this.#ws();
        const k = this.#memberName();
        this.#colon();
        const start = v.pos;
        switch (k) {
          case F_TIME:
          case F_OBSERVED:
            this.#unsignedInto(v, UINT64_MAX, 19);
            break;
          case F_SEVERITY:
            this.#int64Into(v);
            break;
          case F_SEVERITY_TEXT:
            this.#stringInto(v, 0);
            break;
          case F_EVENT_NAME:
            eventName = this.#stringInto(v, WANT_INTERNED);
            break;
          case F_BODY:
            this.#anyValue(v, 0, true);
            break;
          case F_ATTRIBUTES:
            seal = this.#keyValues(v, 0, true);
            break;
          case F_DROPPED:
          case F_FLAGS:
            this.#unsignedInto(v, UINT32_MAX, 9);
            break;
          case F_TRACE:
            this.#hexIdInto(v, 32);
            break;
          case F_SPAN:
            this.#hexIdInto(v, 16);
            break;
          default:
            bail();
        }
        if (seen & k) bail();
        seen |= k;
        const slot = 2 * (31 - Math.clz32(k));
        spans[slot] = start;
        spans[slot + 1] = v.pos;
      } while (this.#next(CLOSE_OBJECT));
    }
    if (!(seen & F_BODY) && ++this.#valueCount > OLCF1_MAX_VALUES) bail(); // an absent body counts as one value
    // Slots 8–18, in order.
    const a = this.#recordArena;
    const start = a.pos;
    for (let slot = 0; slot < RECORD_SLOTS; slot++) {
      if (slot > 0) a.byte(COMMA);
      if (seen & (1 << slot)) a.copyFrom(v.buf, spans[2 * slot]!, spans[2 * slot + 1]!);
      else a.bytes(SLOT_DEFAULTS[slot]!);
    }
    a.byte(CLOSE_ARRAY);
    this.#records.push({
      scopeIndex: -1,
      values: this.#valueCount,
      resourceIndex,
      start,
      end: a.pos,
      integrity: readIntegrityAttributes(
        seal === NO_SEAL ? NO_ATTRIBUTES : { attributes: seal },
        this.#options.streamKey,
        this.#options.seqKey,
      ),
      eventName,
      bodyText: this.#bodyText,
      bodyStart: this.#bodyStart,
      bodyEnd: this.#bodyEnd,
      bodyAscii: this.#bodyAscii,
    });
  }

  readonly #spans = new Int32Array(2 * 11);
  /** One key list per nesting level, reused. */
  readonly #keyLists: KeyList[] = [];
  #bodyText: string | undefined;
  #bodyStart = -1;
  #bodyEnd = -1;
  #bodyAscii = true;

  /** Which record member the key at the cursor names (a bit), or 0. Consumes the key. */
  #memberName(): number {
    const b = this.#b;
    if (b[this.#i] !== QUOTE) bail();
    switch (b[this.#i + 1]) {
      case 0x74: // t
        if (this.#key(N.timeUnixNano)) return F_TIME;
        if (this.#key(N.traceId)) return F_TRACE;
        break;
      case 0x6f: // o
        if (this.#key(N.observedTimeUnixNano)) return F_OBSERVED;
        break;
      case 0x73: // s
        if (this.#key(N.severityNumber)) return F_SEVERITY;
        if (this.#key(N.severityText)) return F_SEVERITY_TEXT;
        if (this.#key(N.spanId)) return F_SPAN;
        break;
      case 0x65: // e
        if (this.#key(N.eventName)) return F_EVENT_NAME;
        break;
      case 0x62: // b
        if (this.#key(N.body)) return F_BODY;
        break;
      case 0x61: // a
        if (this.#key(N.attributes)) return F_ATTRIBUTES;
        break;
      case 0x64: // d
        if (this.#key(N.droppedAttributesCount)) return F_DROPPED;
        break;
      case 0x66: // f
        if (this.#key(N.flags)) return F_FLAGS;
        break;
    }
    return bail();
  }

  // ---- values -------------------------------------------------------------------------------------------------------

  /**
   * An AnyValue object, written as its canonical value. Returns the string when it is a `stringValue` and `wantString`
   * is set (the record body).
   */
  #anyValue(w: CanonicalWriter, depth: number, wantString: boolean): void {
    if (++this.#valueCount > OLCF1_MAX_VALUES) bail();
    this.#ws();
    this.#expect(OPEN_OBJECT);
    if (this.#emptyObject()) {
      w.bytes(VALUE_EMPTY);
      return;
    }
    this.#ws();
    const b = this.#b;
    if (b[this.#i] !== QUOTE) bail();
    switch (b[this.#i + 1]) {
      case 0x73: // stringValue
        if (!this.#key(N.stringValue)) bail();
        this.#colon();
        w.bytes(TAG_S);
        this.#stringInto(w, wantString ? WANT_BODY : 0);
        w.byte(CLOSE_ARRAY);
        break;
      case 0x62: // boolValue, bytesValue
        if (this.#key(N.boolValue)) {
          this.#colon();
          w.bytes(this.#boolean() ? VALUE_TRUE : VALUE_FALSE);
        } else if (this.#key(N.bytesValue)) {
          this.#colon();
          const b64 = normalizeBase64(this.#string());
          if (b64 === undefined) bail();
          w.bytes(TAG_Y);
          w.ascii7(b64);
          w.bytes(QUOTE_CLOSE);
        } else {
          bail();
        }
        break;
      case 0x69: // intValue
        if (!this.#key(N.intValue)) bail();
        this.#colon();
        w.bytes(TAG_I_OPEN);
        this.#int64Into(w);
        w.byte(CLOSE_ARRAY);
        break;
      case 0x64: // doubleValue
        if (!this.#key(N.doubleValue)) bail();
        this.#colon();
        w.bytes(TAG_D);
        this.#double(w);
        w.bytes(QUOTE_CLOSE);
        break;
      case 0x61: // arrayValue
        if (!this.#key(N.arrayValue)) bail();
        this.#colon();
        if (depth + 1 > OLCF1_MAX_DEPTH) bail();
        w.bytes(TAG_A);
        this.#valuesMember(() => {
          this.#expect(OPEN_ARRAY);
          if (this.#emptyArray()) return;
          let first = true;
          do {
            if (first) first = false;
            else w.byte(COMMA);
            this.#anyValue(w, depth + 1, false);
          } while (this.#next(CLOSE_ARRAY));
        });
        w.byte(CLOSE_ARRAY);
        w.byte(CLOSE_ARRAY);
        break;
      case 0x6b: // kvlistValue
        if (!this.#key(N.kvlistValue)) bail();
        this.#colon();
        if (depth + 1 > OLCF1_MAX_DEPTH) bail();
        w.bytes(TAG_M);
        if (!this.#valuesMember(() => this.#keyValues(w, depth + 1, false))) w.bytes(EMPTY_LIST);
        w.byte(CLOSE_ARRAY);
        break;
      default:
        bail();
    }
    // Exactly one member.
    this.#ws();
    this.#expect(CLOSE_OBJECT);
  }

  /** `{}` or `{"values": …}` (read by `inner`); returns whether `values` was there. */
  #valuesMember(inner: () => unknown): boolean {
    this.#ws();
    this.#expect(OPEN_OBJECT);
    if (this.#emptyObject()) return false;
    this.#ws();
    if (!this.#key(N.values)) bail();
    this.#colon();
    this.#ws();
    inner();
    this.#ws();
    this.#expect(CLOSE_OBJECT);
    return true;
  }

  /**
   * A KeyValue list written as canonical pairs, sorted by key. At the top level (`seal`), entries with a seal key are
   * left out and returned, as objects, for `readIntegrityAttributes`. Keys without escapes or non-ASCII bytes are
   * compared and copied as bytes (UTF-16 order is byte order for ASCII); others are decoded and normalized.
   */
  #keyValues(w: CanonicalWriter, depth: number, seal: boolean): unknown[] {
    this.#ws();
    this.#expect(OPEN_ARRAY);
    const sealEntries: unknown[] = seal ? [] : NO_SEAL;
    if (this.#emptyArray()) {
      w.bytes(EMPTY_LIST);
      return sealEntries;
    }
    const b = this.#b;
    const regionStart = w.pos;
    let keys = this.#keyLists[depth];
    if (keys === undefined) {
      keys = new KeyList();
      this.#keyLists[depth] = keys;
    }
    keys.reset(b);
    let sorted = true;
    do {
      this.#ws();
      this.#expect(OPEN_OBJECT);
      this.#ws();
      // `key` first, as exporters write it; anything else is left to the general path.
      if (!this.#key(N.key)) bail();
      this.#colon();
      this.#ws();
      const ks = this.#i;
      if (b[ks] !== QUOTE) bail();
      const kf = this.#scanString();
      const ke = this.#i;
      const decoded =
        kf === 0 ? undefined : kf & ESCAPED ? (JSON.parse(b.utf8Slice(ks, ke)) as string) : b.utf8Slice(ks + 1, ke - 1);
      this.#ws();
      const sealKey = seal ? this.#sealKeyOf(ks + 1, ke - 1, decoded) : undefined;
      if (sealKey !== undefined) {
        if (b[this.#i] !== COMMA) bail();
        this.#i++;
        this.#ws();
        if (!this.#key(N.value)) bail();
        this.#colon();
        sealEntries.push({ key: sealKey, value: this.#sealValue() });
      } else {
        const key = decoded === undefined ? undefined : wellFormed(decoded, w);
        w.byte(keys.length === 0 ? OPEN_ARRAY : COMMA);
        w.byte(OPEN_ARRAY);
        if (key === undefined) w.copyFrom(b, ks, ke);
        else w.str(key);
        w.byte(COMMA);
        if (b[this.#i] === COMMA) {
          this.#i++;
          this.#ws();
          if (!this.#key(N.value)) bail();
          this.#colon();
          this.#anyValue(w, depth, false);
        } else {
          if (++this.#valueCount > OLCF1_MAX_VALUES) bail();
          w.bytes(VALUE_EMPTY);
        }
        w.byte(CLOSE_ARRAY);
        keys.push(ks + 1, ke - 1, key, w.pos);
        if (sorted && keys.length > 1 && keys.compare(keys.length - 2, keys.length - 1) >= 0) sorted = false;
      }
      this.#ws();
      this.#expect(CLOSE_OBJECT);
    } while (this.#next(CLOSE_ARRAY));
    const n = keys.length;
    if (n === 0) {
      w.bytes(EMPTY_LIST);
      return sealEntries;
    }
    w.byte(CLOSE_ARRAY);
    if (sorted) return sealEntries;
    const order: number[] = new Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // Insertion sort of the indices by key (lists are short); equal keys are left to the general path.
    for (let i = 1; i < n; i++) {
      const x = order[i]!;
      let j = i - 1;
      for (; j >= 0; j--) {
        const c = keys.compare(order[j]!, x);
        if (c === 0) bail();
        if (c < 0) break;
        order[j + 1] = order[j]!;
      }
      order[j + 1] = x;
    }
    const region = w.copyOut(regionStart, w.pos);
    w.pos = regionStart;
    w.byte(OPEN_ARRAY);
    for (let j = 0; j < n; j++) {
      const i = order[j]!;
      const start = (i === 0 ? regionStart : keys.end(i - 1)) + 1 - regionStart;
      if (j > 0) w.byte(COMMA);
      w.copyFrom(region, start, keys.end(i) - regionStart);
    }
    w.byte(CLOSE_ARRAY);
    return sealEntries;
  }

  /** The seal key that the key `[start, end)` (or `decoded`, when it had escapes or non-ASCII) is, if any. */
  #sealKeyOf(start: number, end: number, decoded: string | undefined): string | undefined {
    const { streamKey, seqKey } = this.#options;
    if (decoded !== undefined) return decoded === streamKey ? streamKey : decoded === seqKey ? seqKey : undefined;
    const b = this.#b;
    const n = end - start;
    if (n !== streamKey.length && n !== seqKey.length) return undefined;
    for (const k of [streamKey, seqKey]) {
      if (k.length !== n) continue;
      let same = true;
      for (let j = 0; j < n; j++) {
        if (b[start + j] !== k.charCodeAt(j)) {
          same = false;
          break;
        }
      }
      if (same) return k;
    }
    return undefined;
  }

  /** The value of a seal attribute, as the general path's parse gives it: `{stringValue}` or `{intValue}` only. */
  #sealValue(): unknown {
    this.#ws();
    this.#expect(OPEN_OBJECT);
    this.#ws();
    let value: unknown;
    if (this.#key(N.stringValue)) {
      this.#colon();
      value = { stringValue: this.#internedString() };
    } else if (this.#key(N.intValue)) {
      this.#colon();
      this.#ws();
      if (this.#b[this.#i] === QUOTE) {
        value = { intValue: this.#string() };
      } else {
        const start = this.#i;
        if (!this.#number()) bail();
        // A non-negative integer of at most 15 digits reads the same with or without the exact parse.
        if (!isPlainDigitBytes(this.#b, start, this.#i, 15)) bail();
        let n = 0;
        for (let k = start; k < this.#i; k++) n = n * 10 + (this.#b[k]! - 0x30);
        value = { intValue: n };
      }
    } else {
      bail();
    }
    this.#ws();
    this.#expect(CLOSE_OBJECT);
    return value;
  }

  // ---- scalars ------------------------------------------------------------------------------------------------------

  /**
   * A uint64/uint32 field, written as its canonical decimal: a plain integer JSON number or a decimal string, as
   * `parseUnsigned` reads them. Digits that are already canonical (no sign, no leading zero, at most `plainDigits`
   * so they are within range) are copied as they are.
   */
  #unsignedInto(w: CanonicalWriter, max: bigint, plainDigits: number): void {
    this.#ws();
    const b = this.#b;
    const quoted = b[this.#i] === QUOTE;
    const start = this.#i;
    if (quoted) {
      if (this.#scanString() === 0 && isPlainDigitBytes(b, start + 1, this.#i - 1, plainDigits)) {
        w.copyFrom(b, start, this.#i);
        return;
      }
    } else {
      if (!this.#number()) bail();
      // Without fraction or exponent the exact parse reads the digits as they are, however many.
      if (isPlainDigitBytes(b, start, this.#i, plainDigits)) {
        w.byte(QUOTE);
        w.copyFrom(b, start, this.#i);
        w.byte(QUOTE);
        return;
      }
    }
    // A JSON number -0 is 0 (`parseUnsigned(-0)`); the string "-0" is not an unsigned integer.
    const text = quoted ? (JSON.parse(b.utf8Slice(start, this.#i)) as string) : b.latin1Slice(start, this.#i);
    const dec = parseUnsigned(!quoted && text === '-0' ? '0' : text, max);
    if (dec === undefined) bail();
    w.quotedAscii(dec);
  }

  /** An int64 field, written as its canonical decimal: as `parseInt64` reads a JSON number (exactly) or a string. */
  #int64Into(w: CanonicalWriter): void {
    this.#ws();
    const b = this.#b;
    const start = this.#i;
    if (b[start] !== QUOTE) {
      if (!this.#number()) bail();
      if (isPlainDigitBytes(b, start, this.#i, 15)) {
        w.byte(QUOTE);
        w.copyFrom(b, start, this.#i);
        w.byte(QUOTE);
        return;
      }
      this.#i = start;
    }
    w.quotedAscii(this.#int64());
  }

  /** An int64 field: as `parseInt64` reads a JSON number (exactly) or a decimal string. */
  #int64(): string {
    this.#ws();
    const text = this.#b[this.#i] === QUOTE ? this.#string() : this.#integerToken();
    if (text.length <= 15 && isPlainDigits(text)) return text;
    const dec = parseInt64(text);
    if (dec === undefined) bail();
    return dec;
  }

  /** A JSON number without fraction or exponent, as text (the exact parse reads these digits as they are). */
  #integerToken(): string {
    const start = this.#i;
    if (!this.#number()) bail();
    return this.#b.latin1Slice(start, this.#i);
  }

  /** A doubleValue: a JSON number (read as `JSON.parse` reads it) or one of the strings `parseDouble` accepts. */
  #double(w: CanonicalWriter): void {
    this.#ws();
    if (this.#b[this.#i] === QUOTE) {
      const hex = parseDouble(this.#string());
      if (hex === undefined) bail();
      w.ascii7(hex);
      return;
    }
    const start = this.#i;
    this.#number();
    w.doubleHex(decimalToDouble(this.#b, start, this.#i));
  }

  /**
   * Checks a JSON number at the cursor and moves past it. Returns true when it is an integer (no fraction, no
   * exponent).
   */
  #number(): boolean {
    const b = this.#b;
    let i = this.#i;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) {
      i++;
    } else if (b[i]! >= 0x31 && b[i]! <= 0x39) {
      while (b[i]! >= 0x30 && b[i]! <= 0x39) i++;
    } else {
      bail();
    }
    let integer = true;
    if (b[i] === 0x2e) {
      integer = false;
      i++;
      if (!(b[i]! >= 0x30 && b[i]! <= 0x39)) bail();
      while (b[i]! >= 0x30 && b[i]! <= 0x39) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      integer = false;
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!(b[i]! >= 0x30 && b[i]! <= 0x39)) bail();
      while (b[i]! >= 0x30 && b[i]! <= 0x39) i++;
    }
    this.#i = i;
    return integer;
  }

  #boolean(): boolean {
    this.#ws();
    if (this.#literal(TRUE)) return true;
    if (this.#literal(FALSE)) return false;
    return bail();
  }

  #literal(word: Buffer): boolean {
    const b = this.#b;
    const i = this.#i;
    if (i + word.length > this.#end) return false;
    for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return false;
    this.#i = i + word.length;
    return true;
  }

  /** A JSON string, decoded. */
  #string(): string {
    this.#ws();
    const b = this.#b;
    const start = this.#i;
    if (b[start] !== QUOTE) bail();
    const flags = this.#scanString();
    const end = this.#i;
    if (flags & ESCAPED) return JSON.parse(b.utf8Slice(start, end)) as string;
    return flags & NON_ASCII ? b.utf8Slice(start + 1, end - 1) : b.latin1Slice(start + 1, end - 1);
  }

  /**
   * A JSON string written as its canonical string: raw bytes when nothing in it is escaped (valid JSON and valid
   * UTF-8 leave nothing to change), else decoded and written by the writer. `want`: {@link WANT_INTERNED} returns
   * the string (interned: event names repeat), {@link WANT_BODY} records where the record body's string is.
   */
  #stringInto(w: CanonicalWriter, want: number): string | undefined {
    this.#ws();
    const b = this.#b;
    const start = this.#i;
    if (b[start] !== QUOTE) bail();
    const flags = this.#scanString();
    const end = this.#i;
    if (flags & ESCAPED) {
      const s = JSON.parse(b.utf8Slice(start, end)) as string;
      w.str(s);
      if (want === WANT_BODY) {
        this.#bodyText = s;
        this.#bodyStart = 0;
      }
      return s;
    }
    w.copyFrom(b, start, end);
    if (flags & NON_ASCII) w.ascii = false;
    if (want === WANT_BODY) {
      this.#bodyStart = start + 1;
      this.#bodyEnd = end - 1;
      this.#bodyAscii = (flags & NON_ASCII) === 0;
    } else if (want === WANT_INTERNED) {
      return this.#interned(start + 1, end - 1, flags);
    }
    return undefined;
  }

  /** A JSON string, decoded; interned when short (stream ids repeat on every record). */
  #internedString(): string {
    this.#ws();
    const b = this.#b;
    const start = this.#i;
    if (b[start] !== QUOTE) bail();
    const flags = this.#scanString();
    if (flags & ESCAPED) return JSON.parse(b.utf8Slice(start, this.#i)) as string;
    return this.#interned(start + 1, this.#i - 1, flags);
  }

  /** The string of bytes `[start, end)` (unescaped), from a small cache: names and ids repeat record after record. */
  #interned(start: number, end: number, flags: number): string {
    const b = this.#b;
    const n = end - start;
    if (n > 64 || flags & NON_ASCII) return flags & NON_ASCII ? b.utf8Slice(start, end) : b.latin1Slice(start, end);
    let h = n;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + b[i]!) | 0;
    const slot = h & (INTERN_SLOTS - 1);
    const known = this.#internCache[slot];
    if (known !== undefined && known.length === n) {
      let same = true;
      for (let k = 0; k < n; k++) {
        if (known.charCodeAt(k) !== b[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return known;
    }
    const s = b.latin1Slice(start, end);
    this.#internCache[slot] = s;
    return s;
  }

  readonly #internCache: (string | undefined)[] = new Array(INTERN_SLOTS);

  /**
   * A trace or span id: the canonical id (`quotedHexId`) from the string's bytes — lowercase hex of exactly
   * `hexLength` digits, not all zero — else `""`.
   */
  #hexIdInto(w: CanonicalWriter, hexLength: number): void {
    this.#ws();
    const b = this.#b;
    const start = this.#i;
    if (b[start] !== QUOTE) bail();
    const flags = this.#scanString();
    const end = this.#i;
    if (flags !== 0) {
      w.quotedHexId(flags & ESCAPED ? JSON.parse(b.utf8Slice(start, end)) : b.utf8Slice(start + 1, end - 1), hexLength);
      return;
    }
    if (end - start - 2 !== hexLength) {
      w.quotedHexId('', hexLength);
      return;
    }
    w.ensure(hexLength + 2);
    const out = w.buf;
    let p = w.pos;
    out[p++] = QUOTE;
    let nonZero = false;
    for (let i = start + 1; i < end - 1; i++) {
      let c = b[i]!;
      if (c >= 65 && c <= 70) c += 32;
      if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
        w.quotedHexId('', hexLength);
        return;
      }
      if (c !== 48) nonZero = true;
      out[p++] = c;
    }
    if (!nonZero) {
      w.quotedHexId('', hexLength);
      return;
    }
    out[p++] = QUOTE;
    w.pos = p;
  }

  /**
   * Moves past the string at the cursor (a quote). Gives up on raw control characters (invalid JSON) and on bytes that
   * are not well-formed UTF-8 (the general path decodes those to U+FFFD). Returns {@link ESCAPED} / {@link NON_ASCII}.
   */
  #scanString(): number {
    const b = this.#b;
    const end = this.#end;
    let i = this.#i + 1;
    let flags = 0;
    for (;;) {
      if (i >= end) bail();
      const c = b[i]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        flags |= ESCAPED;
        i += 2;
        continue;
      }
      if (c < 0x20) bail();
      if (c >= 0x80) flags |= NON_ASCII;
      i++;
    }
    if (flags & ESCAPED) {
      // The decoder checks the escapes; the string must still end at this quote.
      if (i >= end) bail();
    }
    if (flags & NON_ASCII && !isUtf8(b.subarray(this.#i + 1, i))) bail();
    this.#i = i + 1;
    return flags;
  }

  /** A whole JSON object or array, parsed as the general path parses it (scope, resource: small, once per entry). */
  #parsedObject(): unknown {
    this.#ws();
    const start = this.#i;
    const c = this.#b[start];
    if (c !== OPEN_OBJECT) bail();
    this.#skipValue(0);
    // `JSON.parse` would settle a repeated member or ignore a snake_case one; other readers do not (member-names.ts).
    if (ambiguousMemberNames(this.#b, start, this.#i) !== undefined) bail();
    const value = parseJsonExact(this.#b.utf8Slice(start, this.#i));
    return value;
  }

  /** Moves past any JSON value, checking its structure (its scalars are checked by the parse that follows). */
  #skipValue(depth: number): void {
    if (depth > 256) bail();
    this.#ws();
    const b = this.#b;
    const c = b[this.#i];
    if (c === QUOTE) {
      this.#scanString();
    } else if (c === OPEN_OBJECT) {
      this.#i++;
      if (this.#emptyObject()) return;
      do {
        this.#ws();
        if (b[this.#i] !== QUOTE) bail();
        this.#scanString();
        this.#colon();
        this.#skipValue(depth + 1);
      } while (this.#next(CLOSE_OBJECT));
    } else if (c === OPEN_ARRAY) {
      this.#i++;
      if (this.#emptyArray()) return;
      do this.#skipValue(depth + 1);
      while (this.#next(CLOSE_ARRAY));
    } else if (c === 0x74) {
      if (!this.#literal(TRUE)) bail();
    } else if (c === 0x66) {
      if (!this.#literal(FALSE)) bail();
    } else if (c === 0x6e) {
      bail();
    } else {
      this.#number();
    }
  }

  // ---- punctuation --------------------------------------------------------------------------------------------------

  #ws(): void {
    const b = this.#b;
    let i = this.#i;
    for (;;) {
      const c = b[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.#i = i;
  }

  #expect(c: number): void {
    if (this.#b[this.#i] !== c) bail();
    this.#i++;
  }

  #colon(): void {
    this.#ws();
    this.#expect(COLON);
  }

  /** After `{`: true (and past it) when the object is empty. */
  #emptyObject(): boolean {
    this.#ws();
    if (this.#b[this.#i] !== CLOSE_OBJECT) return false;
    this.#i++;
    return true;
  }

  /** After `[`: true (and past it) when the array is empty. */
  #emptyArray(): boolean {
    this.#ws();
    if (this.#b[this.#i] !== CLOSE_ARRAY) return false;
    this.#i++;
    return true;
  }

  /** After a member or element: true past a comma, false past `close`. */
  #next(close: number): boolean {
    this.#ws();
    const c = this.#b[this.#i];
    if (c === COMMA) {
      this.#i++;
      return true;
    }
    if (c !== close) bail();
    this.#i++;
    return false;
  }

  /** Consumes `"name"` when the key at the cursor is exactly that (no escapes). */
  #key(name: Buffer): boolean {
    const b = this.#b;
    const i = this.#i;
    const n = name.length;
    if (b[i] !== QUOTE || b[i + n + 1] !== QUOTE) return false;
    for (let k = 0; k < n; k++) if (b[i + 1 + k] !== name[k]) return false;
    this.#i = i + n + 2;
    return true;
  }
}

/**
 * The keys of one KeyValue list: plain ones as byte ranges of the line (ASCII without escapes), others as their
 * normalized strings; and where each written pair ends.
 */
class KeyList {
  length = 0;
  line: Buffer & NativeBuffer = EMPTY;
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];
  readonly #strings: (string | undefined)[] = [];
  readonly #pairEnds: number[] = [];

  reset(line: Buffer & NativeBuffer): void {
    this.line = line;
    this.length = 0;
  }

  push(start: number, end: number, decoded: string | undefined, pairEnd: number): void {
    const i = this.length++;
    this.#starts[i] = start;
    this.#ends[i] = end;
    this.#strings[i] = decoded;
    this.#pairEnds[i] = pairEnd;
  }

  end(i: number): number {
    return this.#pairEnds[i]!;
  }

  /** UTF-16 order of keys `i` and `j`: negative, 0 (equal) or positive. */
  compare(i: number, j: number): number {
    const si = this.#strings[i];
    const sj = this.#strings[j];
    if (si !== undefined || sj !== undefined) {
      const a = si ?? this.line.latin1Slice(this.#starts[i]!, this.#ends[i]!);
      const c = sj ?? this.line.latin1Slice(this.#starts[j]!, this.#ends[j]!);
      return a < c ? -1 : a > c ? 1 : 0;
    }
    const b = this.line;
    let p = this.#starts[i]!;
    let q = this.#starts[j]!;
    const pe = this.#ends[i]!;
    const qe = this.#ends[j]!;
    for (; p < pe && q < qe; p++, q++) {
      const d = b[p]! - b[q]!;
      if (d !== 0) return d;
    }
    return pe - p - (qe - q);
  }
}
const WANT_INTERNED = 1;
const WANT_BODY = 2;
const INTERN_SLOTS = 1024;
const ESCAPED = 1;
const NON_ASCII = 2;
const NO_SEAL: unknown[] = [];
const NO_ATTRIBUTES = { attributes: undefined };

function once(seen: number, bit: number): number {
  if (seen & bit) bail();
  return seen | bit;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The double a JSON number token denotes, as `JSON.parse` reads it. Tokens of at most 15 significant digits with a
 * decimal exponent within ±22 are computed exactly (one correctly rounded operation on two exact doubles); others go
 * to `Number`.
 */
function decimalToDouble(b: Buffer & NativeBuffer, start: number, end: number): number {
  let i = start;
  const negative = b[i] === 0x2d;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 || c !== 0x30) digits++;
      mantissa = mantissa * 10 + (c - 0x30);
    } else if (c === 0x2e) {
      for (i++; i < end; i++) {
        const d = b[i]!;
        if (d < 0x30 || d > 0x39) break;
        if (digits > 0 || d !== 0x30) digits++;
        mantissa = mantissa * 10 + (d - 0x30);
        scale--;
      }
      break;
    } else {
      break;
    }
  }
  if (i !== end || digits > 15 || scale < -22) return Number(b.latin1Slice(start, end));
  const v = scale === 0 ? mantissa : mantissa / POWERS_OF_TEN[-scale]!;
  return negative ? -v : v;
}

/** Bytes `[start, end)` are `0` or 1–`max` digits without a leading zero: their canonical decimal is themselves. */
function isPlainDigitBytes(b: Uint8Array, start: number, end: number, max: number): boolean {
  const n = end - start;
  if (n < 1 || n > max) return false;
  if (b[start] === 0x30) return n === 1;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** `0` or a decimal without leading zero: the canonical decimal is the text itself. */
function isPlainDigits(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  const c0 = s.charCodeAt(0);
  if (c0 === 0x30) return n === 1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
