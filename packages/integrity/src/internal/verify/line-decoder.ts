/**
 * Turns the bytes of one archive line into OTLP log requests the verifier can walk, within a fixed memory bound, and
 * says in one line what was wrong with a line it could not (fully) use. Never throws.
 *
 * - Lines whose structure is small enough (at most {@link MAX_PARSE_TOKENS} structural tokens; always true below 1.5
 *   times that many bytes) are parsed whole, keeping 64-bit integers exact ({@link parseJsonExact}).
 * - Larger lines are scanned first; if the whole would exceed the bound, the request is parsed record by record: the
 *   skeleton (resources, scopes) once, then each log record on its own when it is walked. A single record above the
 *   bound is not parsed at all: only its small attributes are read (for the seal), and it is marked oversized.
 * - A line that is not valid JSON is checked for an intact request written after a torn fragment (two writers
 *   interleaving their lines); such a request is still verified, and the line is reported.
 */
import { parseJsonExact } from './exact-json.js';
import { type JsonScan, MAX_PARSE_TOKENS, scanJson } from './json-scan.js';
import { ambiguousMemberNames } from './member-names.js';

/** Marks a log record too large to parse: holds the number of structural tokens it has. */
export const OVERSIZED_RECORD: unique symbol = Symbol('seclog.verify.oversizedRecord');

/** A log request ready to walk: parsed whole, or a skeleton whose `logRecords` elements are parsed on demand. */
export type LogsRequest =
  | { readonly kind: 'whole'; readonly value: Record<string, unknown> }
  | {
      readonly kind: 'split';
      /**
       * The request with every object or array at a `logRecords` element replaced by `[i]`, i its index for `record`
       * (the scan replaces every container there, so an array at that place is always a placeholder).
       */
      readonly skeleton: Record<string, unknown>;
      /** Parses log record `i`; `undefined` when it is not valid JSON. */
      readonly record: (i: number) => unknown;
    };

/** What a line holds. */
export interface DecodedLine {
  readonly request?: LogsRequest;
  /** An OTLP request of another signal (traces, metrics, profiles): skipped, not an error. */
  readonly otherSignal?: boolean;
  /** Why the line, or part of it, could not be verified (a `CORRUPT-LINE` finding). One line, no content quoted. */
  readonly problem?: string;
}

/** Options of {@link decodeLine}. */
export interface DecodeOptions {
  /** Largest parse (structural tokens); default {@link MAX_PARSE_TOKENS}. Smaller values are for tests. */
  readonly maxParseTokens?: number;
  /** Attribute keys read from an oversized record (the seal attributes). */
  readonly sealKeys: readonly string[];
}

const RECORDS_PATH = ['resourceLogs', '*', 'scopeLogs', '*', 'logRecords', '*'];
const ATTRIBUTES_PATH = ['attributes', '*'];
const OTHER_SIGNALS: ReadonlySet<string> = new Set(['resourceSpans', 'resourceMetrics', 'resourceProfiles']);
const REQUEST_START = Buffer.from('{"resourceLogs"');
/** Attribute entries of an oversized record parsed to find its seal (small ones that name a seal key). */
const MAX_SEAL_ENTRY_TOKENS = 64;

const NOT_JSON = 'not valid JSON (torn, truncated or corrupt line)';

/** Decodes one line (bytes without the newline). */
export function decodeLine(bytes: Buffer, options: DecodeOptions): DecodedLine {
  const decoded = decodeWithin(bytes, options);
  if (decoded.problem !== NOT_JSON) return decoded;
  // Two writers appending to one file tear lines: a fragment of one request, then another request whole.
  const at = bytes.indexOf(REQUEST_START, 1);
  if (at < 0) return decoded;
  const rest = decodeWithin(bytes.subarray(at), options);
  if (!rest.request) return decoded;
  return {
    request: rest.request,
    problem: `torn line: its first ${at} bytes are not valid JSON (interleaved or partial write); the request after them was verified`,
  };
}

function decodeWithin(bytes: Buffer, options: DecodeOptions): DecodedLine {
  // A line other readers would read differently is not evidence: it is refused before anything is read from it. But
  // only JSON has member names. In text that is not JSON (a torn line) the scan pairs the names of two fragments, or
  // reads values as names once a cut string turns the rest inside out, so its answer there means nothing; the line is
  // then not JSON, and what is after a tear is checked on its own (decodeLine).
  const ambiguous = ambiguousMemberNames(bytes);
  const maxTokens = options.maxParseTokens ?? MAX_PARSE_TOKENS;
  // JSON has at most 2 structural tokens per 3 bytes (`[],[],…`): shorter lines cannot exceed the limit.
  if (bytes.length * 2 > maxTokens * 3) {
    const spans = new SpanList(maxTokens);
    const scan = scanJson(bytes, 0, bytes.length, RECORDS_PATH, spans.add);
    if (!scan.wellFormed) return { problem: NOT_JSON };
    if (scan.tokens > maxTokens) return decodeSplit(bytes, scan, spans, maxTokens, options, ambiguous);
  }
  let value: unknown;
  try {
    value = parseJsonExact(bytes.toString('utf8'));
  } catch {
    return { problem: NOT_JSON };
  }
  if (ambiguous !== undefined) return { problem: ambiguous };
  return classify(value);
}

function classify(value: unknown): DecodedLine {
  if (!isObject(value)) return { problem: 'not an OTLP logs request (not a JSON object)' };
  if (value.resourceLogs !== undefined) return { request: { kind: 'whole', value } };
  const keys = Object.keys(value);
  // An empty object is an empty request in proto3 JSON.
  if (keys.length === 0) return { request: { kind: 'whole', value } };
  if (keys.some((k) => OTHER_SIGNALS.has(k))) return { otherSignal: true };
  return { problem: 'JSON but not an OTLP logs request (no resourceLogs)' };
}

function decodeSplit(
  bytes: Buffer,
  scan: JsonScan,
  spans: SpanList,
  maxTokens: number,
  options: DecodeOptions,
  ambiguous: string | undefined,
): DecodedLine {
  // Well-formed as far as the scan sees (its records are parsed one at a time later): its member names count.
  if (ambiguous !== undefined) return { problem: ambiguous };
  if (!scan.rootKeys.includes('resourceLogs')) {
    if (scan.rootKeys.some((k) => OTHER_SIGNALS.has(k))) return { otherSignal: true };
    return { problem: 'JSON but not an OTLP logs request (no resourceLogs)' };
  }
  // Each record becomes one placeholder token in the skeleton.
  const outside = scan.tokens - spans.tokensInside + spans.count;
  if (spans.overflow || outside > maxTokens) {
    return { problem: `request too large to verify: more than ${maxTokens} JSON tokens outside its log records` };
  }
  const pieces: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < spans.count; i++) {
    pieces.push(bytes.subarray(at, spans.start(i)), Buffer.from(`[${i}]`));
    at = spans.end(i);
  }
  pieces.push(bytes.subarray(at));
  let skeleton: unknown;
  try {
    skeleton = parseJsonExact(Buffer.concat(pieces).toString('utf8'));
  } catch {
    return { problem: NOT_JSON };
  }
  if (!isObject(skeleton)) return { problem: NOT_JSON };
  const record = (i: number): unknown => {
    if (!(i >= 0 && i < spans.count)) return undefined;
    const start = spans.start(i);
    const end = spans.end(i);
    const tokens = spans.tokens(i);
    if (tokens > maxTokens) return oversizedRecord(bytes, start, end, tokens, options.sealKeys);
    try {
      return parseJsonExact(bytes.toString('utf8', start, end));
    } catch {
      return undefined;
    }
  };
  return { request: { kind: 'split', skeleton, record } };
}

/** Record spans of one line in typed arrays (a line can hold hundreds of thousands of records). */
class SpanList {
  count = 0;
  tokensInside = 0;
  overflow = false;
  private data = new Float64Array(3 * 1024);
  /** A request with more records than this cannot have a skeleton under the token limit anyway. */
  private readonly max: number;

  constructor(maxTokens: number) {
    this.max = Math.max(1, Math.floor(maxTokens / 2));
  }

  readonly add = (start: number, end: number, tokens: number): void => {
    if (this.count >= this.max) {
      this.overflow = true;
      return;
    }
    if (3 * this.count === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = 3 * this.count++;
    this.data[at] = start;
    this.data[at + 1] = end;
    this.data[at + 2] = tokens;
    this.tokensInside += tokens;
  };

  start(i: number): number {
    return this.data[3 * i]!;
  }
  end(i: number): number {
    return this.data[3 * i + 1]!;
  }
  tokens(i: number): number {
    return this.data[3 * i + 2]!;
  }
}

/** Parse attempts spent looking for the seal of one oversized record. */
const MAX_SEAL_CANDIDATES = 10_000;

/**
 * Stand-in for a record too large to parse: only small attribute entries whose key is a seal key are read, so the
 * record can still be attributed to its stream and seq. Everything else about it is unknown.
 */
function oversizedRecord(
  bytes: Buffer,
  start: number,
  end: number,
  tokens: number,
  sealKeys: readonly string[],
): Record<string | symbol, unknown> {
  const needles = sealKeys.map((k) => Buffer.from(JSON.stringify(k)));
  const wanted = new Set(sealKeys);
  const attributes: unknown[] = [];
  let tries = 0;
  scanJson(bytes, start, end, ATTRIBUTES_PATH, (s, e, entryTokens) => {
    if (entryTokens > MAX_SEAL_ENTRY_TOKENS || tries >= MAX_SEAL_CANDIDATES || attributes.length > sealKeys.length) {
      return;
    }
    const text = bytes.subarray(s, e);
    if (!needles.some((n) => text.indexOf(n) >= 0)) return;
    tries++;
    try {
      const entry = parseJsonExact(text.toString('utf8'));
      if (isObject(entry) && typeof entry.key === 'string' && wanted.has(entry.key)) attributes.push(entry);
    } catch {
      // Not valid JSON: not a seal.
    }
  });
  return { attributes, [OVERSIZED_RECORD]: tokens };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
