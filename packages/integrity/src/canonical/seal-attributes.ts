/**
 * The two attributes the integrity processor puts on every record (`<ns>.stream`, `<ns>.seq`), and reading them
 * back from OTLP/JSON (docs/spec/olcf-1.md, "The seal attributes").
 */
import { parseInt64 } from '../internal/canonical/scalars.js';

/** Default attribute namespace. */
export const DEFAULT_NAMESPACE = 'seclog.integrity';

/** Attribute keys derived from a namespace. */
export interface IntegrityAttributeKeys {
  readonly namespace: string;
  /** `<ns>.stream` (string stream id). */
  readonly stream: string;
  /** `<ns>.seq` (int sequence number). */
  readonly seq: string;
  /**
   * The two keys above: the only attributes excluded from slot 14 of the canonical form. Any other attribute, also one
   * inside the namespace, is hashed, so adding `<ns>.anything` to a sealed record is a modification.
   */
  readonly all: ReadonlySet<string>;
}

/**
 * Checks a namespace: dot-separated segments of `[a-z0-9_]` (1–32 characters each, at most 8 segments), not under
 * `otel.` or `log.` (owned by the semantic conventions). Returns an error message, or `undefined` when valid.
 */
export function namespaceError(namespace: unknown): string | undefined {
  if (typeof namespace !== 'string') return 'must be a string';
  const segments = namespace.split('.');
  if (segments.length > 8) return 'must have at most 8 dot-separated segments';
  for (const s of segments) {
    if (s.length < 1 || s.length > 32) return 'segments must be 1–32 characters';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95)) return 'segments may only contain a-z, 0-9, _';
    }
  }
  if (segments[0] === 'otel' || segments[0] === 'log') return 'must not be under otel.* or log.*';
  return undefined;
}

/**
 * Attribute keys for a namespace. Throws on an invalid namespace.
 *
 * @example integrityAttributeKeys().seq // 'seclog.integrity.seq'
 */
export function integrityAttributeKeys(namespace: string = DEFAULT_NAMESPACE): IntegrityAttributeKeys {
  const cached = keyCache.get(namespace);
  if (cached) return cached;
  const error = namespaceError(namespace);
  if (error) throw new TypeError(`namespace ${error}`);
  const stream = `${namespace}.stream`;
  const seq = `${namespace}.seq`;
  const keys = { namespace, stream, seq, all: new Set([stream, seq]) };
  if (keyCache.size < 64) keyCache.set(namespace, keys);
  return keys;
}

const keyCache = new Map<string, IntegrityAttributeKeys>();

/** True for a 22-character base64url stream id (128 random bits). */
export function isStreamId(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 22) return false;
  for (let i = 0; i < 22; i++) {
    const c = v.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
    if (!ok) return false;
  }
  return true;
}

/** Stream id and seq read from an exported record. */
export interface SealAttributes {
  readonly streamId: string;
  /** Decimal sequence number. */
  readonly seq: string;
}

/**
 * Reads `<ns>.stream` (stringValue) and `<ns>.seq` (intValue, number or string) from an OTLP/JSON record's
 * attributes. Returns `undefined` when either is missing, mistyped, duplicated or negative: such a record carries
 * no usable seal (the verifier reports it as `FOREIGN`).
 */
export function readSealAttributes(
  record: { readonly attributes?: unknown },
  keys: IntegrityAttributeKeys,
): SealAttributes | undefined {
  const attrs = record?.attributes;
  if (!Array.isArray(attrs)) return undefined;
  let streamId: string | undefined;
  let seq: string | undefined;
  let streamCount = 0;
  let seqCount = 0;
  for (const kv of attrs) {
    if (typeof kv !== 'object' || kv === null) continue;
    const { key, value } = kv as { key?: unknown; value?: { stringValue?: unknown; intValue?: unknown } };
    if (key === keys.stream) {
      streamCount++;
      if (typeof value?.stringValue === 'string') streamId = value.stringValue;
    } else if (key === keys.seq) {
      seqCount++;
      const dec = parseInt64(value?.intValue);
      if (dec !== undefined && !dec.startsWith('-')) seq = dec;
    }
  }
  if (streamCount !== 1 || seqCount !== 1 || streamId === undefined || seq === undefined) return undefined;
  return { streamId, seq };
}
