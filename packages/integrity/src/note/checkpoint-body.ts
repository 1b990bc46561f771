/**
 * seclog checkpoint note text (docs/spec/checkpoint-note.md), a C2SP tlog-checkpoint body with extension lines, one key
 * per line, in this order:
 *
 * ```
 * <ns>/v1/<streamId>       origin
 * <tree size>
 * <base64 root>
 * k <checkpoint index>     0, 1, 2 … per stream
 * t <unix nanos>           wall clock at checkpoint time
 * m <monotonic nanos>      since the stream started; never decreases
 * e <epoch>                0 (epoch ratchet not implemented yet)
 * p <base64 hash>          SHA-256 of the previous checkpoint's note text (32 zero bytes for k = 0)
 * r <start> <end>          half-open seq range [start, end) new in this checkpoint; end = tree size
 * l <d> <d> …              optional leaf list: base64 record digests of seq start … end-1 (absent if range empty)
 * c <node> <node> …        compact-range border nodes at the tree size, largest subtree first
 * d <start> <end> …        optional: seq ranges [start, end) sealed but not delivered (declared drops), new since
 *                          the previous checkpoint, sorted, disjoint, each inside [0, tree size)
 * x <count>                optional: records refused before sealing (no seq) since the previous checkpoint
 * f                        optional: final checkpoint (clean shutdown)
 * ```
 *
 * A verifier rejects a note with any line it does not know: a new line is a new claim that an older verifier must not
 * silently ignore.
 */
import { hash } from 'node:crypto';
import { isStreamId } from '../canonical/seal-attributes.js';
import { HASH_SIZE } from '../merkle/hash.js';
import { NoteFormatError } from './signed-note.js';

/** Checkpoints (text + one signature line) stay under this many bytes (Splunk truncates at 10,000 by default). */
export const CHECKPOINT_MAX_BYTES = 8192;
/** Most `d` ranges one checkpoint carries; further declarations wait for the next checkpoint. */
export const MAX_DROPPED_RANGES = 64;
/** `p` value of the first checkpoint of a stream. */
export const ZERO_HASH: Buffer = Buffer.alloc(HASH_SIZE);

/** The fields of a checkpoint note text. */
export interface CheckpointBody {
  /** Attribute namespace; the origin is `<namespace>/v1/<streamId>`. */
  readonly namespace: string;
  readonly streamId: string;
  readonly treeSize: number;
  readonly root: Uint8Array;
  readonly index: number;
  readonly timeUnixNano: bigint;
  readonly monotonicNanos: bigint;
  readonly epoch: number;
  readonly previousHash: Uint8Array;
  readonly rangeStart: number;
  readonly rangeEnd: number;
  /** Record digests `d` for seq `rangeStart … rangeEnd-1`; `undefined` without a leaf list. */
  readonly leafDigests?: readonly Uint8Array[];
  /** Compact-range border nodes at `treeSize`; `undefined` when left out to respect the size cap. */
  readonly compactRange?: readonly Uint8Array[];
  /**
   * Seq ranges `[start, end)` the producer sealed but could not deliver (export failed past its retry budget, or left
   * undelivered at shutdown), declared since the previous checkpoint. Absent when none.
   */
  readonly droppedRanges?: readonly SeqRange[];
  /** Records refused before sealing (delivery queue full) since the previous checkpoint; they have no seq. */
  readonly refusedRecords?: number;
  readonly final: boolean;
}

/** A half-open seq range `[start, end)`. */
export interface SeqRange {
  readonly start: number;
  readonly end: number;
}

/** Origin line of a stream: `<namespace>/v1/<streamId>`. */
export function checkpointOrigin(namespace: string, streamId: string): string {
  return `${namespace}/v1/${streamId}`;
}

/** Hash chained through `p`: base64-able SHA-256 of a checkpoint's note text (text only, signatures excluded). */
export function checkpointTextHash(noteText: string): Buffer {
  return hash('sha256', noteText, 'buffer');
}

/** Hashes as bytes, or already as standard base64 strings (the producer keeps record digests in base64). */
const b64 = (b: Uint8Array | string) =>
  typeof b === 'string'
    ? b
    : (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString('base64');

/** Input of {@link formatCheckpointBody}: a body whose leaf digests may already be base64 strings. */
export interface CheckpointBodyInput extends Omit<CheckpointBody, 'leafDigests'> {
  readonly leafDigests?: readonly (Uint8Array | string)[];
}

/** Formats a checkpoint note text (ends with a newline). */
export function formatCheckpointBody(cp: CheckpointBodyInput): string {
  const lines = [
    checkpointOrigin(cp.namespace, cp.streamId),
    String(cp.treeSize),
    b64(cp.root),
    `k ${cp.index}`,
    `t ${cp.timeUnixNano}`,
    `m ${cp.monotonicNanos}`,
    `e ${cp.epoch}`,
    `p ${b64(cp.previousHash)}`,
    `r ${cp.rangeStart} ${cp.rangeEnd}`,
  ];
  if (cp.leafDigests && cp.leafDigests.length > 0) lines.push(`l ${cp.leafDigests.map(b64).join(' ')}`);
  if (cp.compactRange) lines.push(cp.compactRange.length > 0 ? `c ${cp.compactRange.map(b64).join(' ')}` : 'c');
  if (cp.droppedRanges && cp.droppedRanges.length > 0) {
    lines.push(`d ${cp.droppedRanges.map((r) => `${r.start} ${r.end}`).join(' ')}`);
  }
  if (cp.refusedRecords !== undefined && cp.refusedRecords > 0) lines.push(`x ${cp.refusedRecords}`);
  if (cp.final) lines.push('f');
  return `${lines.join('\n')}\n`;
}

function fail(message: string): never {
  throw new NoteFormatError(`checkpoint: ${message}`);
}

function parseCount(s: string | undefined, what: string): number {
  if (s === undefined || s.length === 0 || s.length > 16 || (s.length > 1 && s.startsWith('0'))) fail(`bad ${what}`);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) fail(`bad ${what}`);
  }
  const n = Number(s);
  if (!Number.isSafeInteger(n)) fail(`bad ${what}`);
  return n;
}

function parseBig(s: string | undefined, what: string): bigint {
  if (s === undefined || s.length === 0 || s.length > 20 || (s.length > 1 && s.startsWith('0'))) fail(`bad ${what}`);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) fail(`bad ${what}`);
  }
  return BigInt(s);
}

function parseHash(s: string | undefined, what: string): Buffer {
  if (s === undefined || s.length !== 44) fail(`bad ${what}`);
  const b = Buffer.from(s, 'base64');
  if (b.length !== HASH_SIZE || b.toString('base64') !== s) fail(`bad ${what}`);
  return b;
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}

/**
 * Parses and checks a checkpoint note text (the `text` of a parsed signed note). Strict: lines in the documented
 * order, canonical decimals and base64, `r` end equal to the tree size, leaf-list length equal to the range, `c`
 * node count equal to popcount(tree size). Throws {@link NoteFormatError}.
 */
export function parseCheckpointBody(text: string): CheckpointBody {
  if (text.length > 1 << 20) fail('too large');
  if (!text.endsWith('\n')) fail('must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const origin = lines[0] ?? '';
  const marker = origin.lastIndexOf('/v1/');
  if (marker <= 0) fail('bad origin');
  const namespace = origin.slice(0, marker);
  const streamId = origin.slice(marker + 4);
  if (!isStreamId(streamId)) fail('bad stream id in origin');
  const treeSize = parseCount(lines[1], 'tree size');
  const root = parseHash(lines[2], 'root');
  let i = 3;
  const ext = (key: string): string[] | undefined => {
    const line = lines[i];
    if (line === undefined) return undefined;
    if (line === key) {
      i++;
      return [];
    }
    if (!line.startsWith(`${key} `)) return undefined;
    i++;
    return line.slice(key.length + 1).split(' ');
  };
  const one = (key: string, what: string): string => {
    const v = ext(key);
    if (v === undefined || v.length !== 1) fail(`missing or bad ${what} (${key})`);
    return v[0]!;
  };
  const index = parseCount(one('k', 'index'), 'index');
  const timeUnixNano = parseBig(one('t', 'time'), 'time');
  const monotonicNanos = parseBig(one('m', 'monotonic counter'), 'monotonic counter');
  const epoch = parseCount(one('e', 'epoch'), 'epoch');
  const previousHash = parseHash(one('p', 'previous hash'), 'previous hash');
  const r = ext('r');
  if (r === undefined || r.length !== 2) fail('missing or bad range (r)');
  const rangeStart = parseCount(r[0], 'range start');
  const rangeEnd = parseCount(r[1], 'range end');
  if (rangeStart > rangeEnd || rangeEnd !== treeSize) fail('range must end at the tree size');
  const l = ext('l');
  const leafDigests = l?.map((d) => parseHash(d, 'leaf digest'));
  if (leafDigests && leafDigests.length !== rangeEnd - rangeStart) fail('leaf list length differs from the range');
  const c = ext('c');
  const compactRange = c?.map((n) => parseHash(n, 'compact range node'));
  if (compactRange && compactRange.length !== popcount(treeSize)) fail('compact range does not match the tree size');
  const droppedRanges = parseDroppedRanges(ext('d'), treeSize);
  const x = ext('x');
  if (x !== undefined && x.length !== 1) fail('bad refused count (x)');
  const refusedRecords = x === undefined ? undefined : parseCount(x[0], 'refused count');
  if (refusedRecords === 0) fail('refused count (x) must be positive');
  const f = ext('f');
  if (f !== undefined && f.length !== 0) fail('bad final flag');
  if (i !== lines.length) fail(`unexpected line ${i + 1}`);
  return {
    namespace,
    streamId,
    treeSize,
    root,
    index,
    timeUnixNano,
    monotonicNanos,
    epoch,
    previousHash,
    rangeStart,
    rangeEnd,
    ...(leafDigests ? { leafDigests } : {}),
    ...(compactRange ? { compactRange } : {}),
    ...(droppedRanges ? { droppedRanges } : {}),
    ...(refusedRecords !== undefined ? { refusedRecords } : {}),
    final: f !== undefined,
  };
}

/** `d` values: pairs of canonical decimals, ascending, disjoint, non-empty, inside the tree; at most 64 ranges. */
function parseDroppedRanges(values: string[] | undefined, treeSize: number): SeqRange[] | undefined {
  if (values === undefined) return undefined;
  if (values.length === 0 || values.length % 2 !== 0 || values.length > 2 * MAX_DROPPED_RANGES) {
    fail('bad dropped ranges (d)');
  }
  const ranges: SeqRange[] = [];
  let floor = 0;
  for (let i = 0; i < values.length; i += 2) {
    const start = parseCount(values[i], 'dropped range start');
    const end = parseCount(values[i + 1], 'dropped range end');
    if (start < floor || end <= start || end > treeSize)
      fail('dropped ranges (d) must be ascending, disjoint and inside the tree');
    ranges.push({ start, end });
    floor = end;
  }
  return ranges;
}
