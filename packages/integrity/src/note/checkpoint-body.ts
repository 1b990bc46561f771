/**
 * seclog checkpoint note text (design integrity.md §7.3), a C2SP tlog-checkpoint body with extension lines, one key
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
 * f                        optional: final checkpoint (clean shutdown)
 * ```
 */
import { hash } from 'node:crypto';
import { isStreamId } from '../canonical/seal-attributes.js';
import { HASH_SIZE } from '../merkle/hash.js';
import { NoteFormatError } from './signed-note.js';

/** Checkpoints (text + one signature line) stay under this many bytes (Splunk truncates at 10,000 by default). */
export const CHECKPOINT_MAX_BYTES = 8192;
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
  readonly final: boolean;
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
    final: f !== undefined,
  };
}
