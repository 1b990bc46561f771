/**
 * Parts of OLCF-1 shared by both producers: the tag constants, limits, pair sorting, the failure type and the
 * 19-slot record tuple (docs/spec/olcf-1.md).
 */

/** Version tag in slot 0 of every canonical record tuple. */
export const OLCF1_TAG = 'olcf1';
/** First element of the leaf sealed for a record that cannot be canonicalized (olcf-1.md, "The unverifiable leaf"). */
export const OLCF1_UNVERIFIABLE_TAG = 'olcf1-unverifiable';
/** First element of the canonical resource tuple (olcf-1.md, "Resource digest"). */
export const OLCF1_RESOURCE_TAG = 'olcf1-resource';
/** Deepest nesting of arrays and maps: a container at level 128 is accepted, 129 is not (olcf-1.md, "Limits"). */
export const OLCF1_MAX_DEPTH = 128;
/** Maximum number of AnyValues in one record (body, attributes and scope attributes together): bounds the work. */
export const OLCF1_MAX_VALUES = 1_000_000;

/**
 * Why a record could not be canonicalized. Carried as slot 3 of the `olcf1-unverifiable` leaf, so a verifier can
 * recognise a leaf that was sealed as unverifiable by trying each reason.
 */
export type UnverifiableReason =
  | 'cycle'
  | 'depth-exceeded'
  | 'too-many-values'
  | 'duplicate-key'
  | 'invalid-field'
  | 'invalid-value'
  | 'internal-error';

/** Every reason code, in a fixed order (for verifiers that try each). */
export const UNVERIFIABLE_REASONS: readonly UnverifiableReason[] = [
  'cycle',
  'depth-exceeded',
  'too-many-values',
  'duplicate-key',
  'invalid-field',
  'invalid-value',
  'internal-error',
];

/** Thrown inside the encoders; caught at the top and turned into an `olcf1-unverifiable` leaf. */
export class CanonicalizationError extends Error {
  readonly reason: UnverifiableReason;
  constructor(reason: UnverifiableReason, message: string) {
    super(message);
    this.name = 'CanonicalizationError';
    this.reason = reason;
  }
}

/** A canonical AnyValue: `["s", str]`, `["i", dec]`, `["m", pairs]`, `["e"]`, … (olcf-1.md, "AnyValue"). */
export type CanonicalAnyValue = readonly unknown[];
/** A canonical map: `[key, AnyValue]` pairs sorted by key in UTF-16 code-unit order (olcf-1.md, "Maps"). */
export type CanonicalPairs = [string, CanonicalAnyValue][];

/** The canonical empty AnyValue. */
export const EMPTY_VALUE: CanonicalAnyValue = Object.freeze(['e']);

/** Result of canonicalizing one record. `text` is what gets hashed: the record tuple, or the unverifiable tuple. */
export interface CanonicalForm {
  /** `true` when `text` is the record tuple; `false` when it is the `olcf1-unverifiable` tuple. */
  readonly ok: boolean;
  /** The canonical JSON text (UTF-8 encode it to get the canonical bytes). */
  readonly text: string;
  /** Set when `ok` is false. */
  readonly reason?: UnverifiableReason;
  /** Diagnostic detail when `ok` is false (never contains record values). */
  readonly message?: string;
  /** Lone surrogates replaced by U+FFFD (olcf-1.md, "Strings"); reported as a metric by the processor. */
  readonly loneSurrogates: number;
}

function comparePairs(a: [string, CanonicalAnyValue], b: [string, CanonicalAnyValue]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Sorts pairs in place by key (UTF-16 code units) and rejects duplicate keys. */
export function sortPairs(pairs: CanonicalPairs): CanonicalPairs {
  if (pairs.length < 2) return pairs;
  pairs.sort(comparePairs);
  for (let i = 1; i < pairs.length; i++) {
    if (pairs[i]![0] === pairs[i - 1]![0]) throw new CanonicalizationError('duplicate-key', 'duplicate map key');
  }
  return pairs;
}

/** The canonical text of the explicit unverifiable leaf `["olcf1-unverifiable", streamId, seq, reason]`. */
export function unverifiableText(streamId: string, seq: string, reason: UnverifiableReason): string {
  return JSON.stringify([OLCF1_UNVERIFIABLE_TAG, streamId, seq, reason]);
}

/** Canonical decimal of a sequence number given as number, bigint or decimal string; `undefined` if invalid. */
export function seqToDecimal(seq: number | bigint | string): string | undefined {
  if (typeof seq === 'number') return Number.isSafeInteger(seq) && seq >= 0 ? String(seq) : undefined;
  if (typeof seq === 'bigint') return seq >= 0n ? seq.toString() : undefined;
  if (seq.length === 0 || seq.length > 20) return undefined;
  for (let i = 0; i < seq.length; i++) {
    const c = seq.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return BigInt(seq).toString();
}
