/**
 * RFC 6962 / RFC 9162 Merkle tree head, inclusion and consistency proofs. Generation works on the full list of leaf
 * hashes (the verifier has them from leaf lists); verification follows RFC 9162 §2.1.3.2 and §2.1.4.2 and checks
 * every element and the exact proof length.
 */
import { emptyRoot, hashEquals, nodeHash } from './hash.js';

/** Largest power of two strictly smaller than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

/** RFC 6962 MTH over leaf hashes `[from, to)`. */
function subtreeRoot(leaves: readonly Uint8Array[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 0) return emptyRoot();
  if (n === 1) return Buffer.from(leaves[from]!);
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/** Merkle tree head of a list of leaf hashes (O(n) hashing). */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Buffer {
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

/** Inclusion proof (audit path) for leaf `index` in the tree of all given leaf hashes (RFC 6962 §2.1.1). */
export function inclusionProof(index: number, leafHashes: readonly Uint8Array[]): Buffer[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leafHashes.length)
    throw new RangeError('index out of range');
  const path: Buffer[] = [];
  const walk = (m: number, from: number, to: number): void => {
    const n = to - from;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, from, from + k);
      path.push(subtreeRoot(leafHashes, from + k, to));
    } else {
      walk(m - k, from + k, to);
      path.push(subtreeRoot(leafHashes, from, from + k));
    }
  };
  walk(index, 0, leafHashes.length);
  return path;
}

/** Consistency proof between the first `oldSize` leaves and all given leaf hashes (RFC 6962 §2.1.2). */
export function consistencyProof(oldSize: number, leafHashes: readonly Uint8Array[]): Buffer[] {
  const newSize = leafHashes.length;
  if (!Number.isSafeInteger(oldSize) || oldSize < 1 || oldSize > newSize) throw new RangeError('oldSize out of range');
  const proof: Buffer[] = [];
  const sub = (m: number, from: number, to: number, complete: boolean): void => {
    const n = to - from;
    if (m === n) {
      if (!complete) proof.push(subtreeRoot(leafHashes, from, to));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, from, from + k, complete);
      proof.push(subtreeRoot(leafHashes, from + k, to));
    } else {
      sub(m - k, from + k, to, false);
      proof.push(subtreeRoot(leafHashes, from, from + k));
    }
  };
  sub(oldSize, 0, newSize, true);
  return proof;
}

/**
 * Verifies that `leaf` (a leaf hash) is at `index` in the tree of `size` leaves with root `root` (RFC 9162
 * §2.1.3.2). Rejects a proof of the wrong length.
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && hashEquals(r, root);
}

/**
 * Verifies that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of `newSize` leaves with
 * root `newRoot` (RFC 9162 §2.1.4.2). `oldSize == newSize` needs an empty proof and equal roots; `oldSize == 0` is
 * rejected (meaningless).
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 1 || oldSize > newSize)
    return false;
  if (oldSize === newSize) return proof.length === 0 && hashEquals(oldRoot, newRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && hashEquals(fr, oldRoot) && hashEquals(sr, newRoot);
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}
