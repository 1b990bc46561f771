/** RFC 6962 §2.1 hashing with domain separation: leaves `SHA-256(0x00 ‖ d)`, nodes `SHA-256(0x01 ‖ L ‖ R)`. */
import { createHash, hash } from 'node:crypto';

/** Size of every hash in the log. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
const EMPTY_ROOT = hash('sha256', Buffer.alloc(0), 'buffer');

/** Root of the empty tree: `SHA-256("")`. */
export function emptyRoot(): Buffer {
  return Buffer.from(EMPTY_ROOT);
}

/** Leaf hash of a record digest `d`: `SHA-256(0x00 ‖ d)`. */
export function leafHash(recordDigest: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, recordDigest]), 'buffer');
}

/** Interior node hash: `SHA-256(0x01 ‖ left ‖ right)`. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** Constant-time-irrelevant equality of two hashes (they are public values). */
export function hashEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
