/**
 * RFC 6962 compact range `[0, size)`: the roots of the perfect subtrees along the right border, O(log n) state.
 * Appending a leaf merges equal-sized subtrees; the root folds the border from the right.
 */
import { emptyRoot, HASH_SIZE, leafHashBinary, nodeHashBinary } from './hash.js';

function popcount(n: number): number {
  let c = 0;
  while (n > 0) {
    c += n % 2;
    n = Math.floor(n / 2);
  }
  return c;
}

/**
 * Append-only Merkle tree state for one stream.
 *
 * @example
 * const range = new CompactRange();
 * range.appendDigest(recordDigest(text));
 * range.root(); // RFC 6962 MTH of all leaves so far
 */
export class CompactRange {
  #size = 0;
  /** Perfect-subtree roots, largest (leftmost) first, as binary (latin1) strings: cheaper than Buffers. */
  readonly #nodes: string[] = [];

  /**
   * Restores a range from its size and border nodes (as carried on a checkpoint's `c` line), for verification that
   * starts at a checkpoint. Throws when the node count does not match the size.
   */
  static fromNodes(size: number, nodes: readonly Uint8Array[]): CompactRange {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('size must be a non-negative safe integer');
    if (nodes.length !== popcount(size)) throw new RangeError('node count does not match the tree size');
    const r = new CompactRange();
    for (const n of nodes) {
      if (n.length !== HASH_SIZE) throw new RangeError('nodes must be 32-byte hashes');
      r.#nodes.push(Buffer.from(n.buffer, n.byteOffset, n.byteLength).toString('latin1'));
    }
    r.#size = size;
    return r;
  }

  /** Number of leaves. */
  get size(): number {
    return this.#size;
  }

  /** Border nodes, largest subtree first (copies). */
  nodes(): Buffer[] {
    return this.#nodes.map((n) => Buffer.from(n, 'latin1'));
  }

  /** Appends a leaf given its record digest `d` (bytes or standard base64). */
  appendDigest(recordDigest: Uint8Array | string): void {
    this.#push(leafHashBinary(recordDigest));
  }

  /** Appends a leaf given its leaf hash. */
  appendLeafHash(leaf: Uint8Array): void {
    if (leaf.length !== HASH_SIZE) throw new RangeError('leaf hash must be 32 bytes');
    this.#push(Buffer.from(leaf.buffer, leaf.byteOffset, leaf.byteLength).toString('latin1'));
  }

  /** Merges equal-sized subtrees: one node hash per trailing 1-bit of the old size. */
  #push(h: string): void {
    let s = this.#size;
    while (s % 2 === 1) {
      h = nodeHashBinary(this.#nodes.pop()!, h);
      s = Math.floor(s / 2);
    }
    this.#nodes.push(h);
    this.#size++;
  }

  /** RFC 6962 root of the leaves so far (`SHA-256("")` when empty). */
  root(): Buffer {
    const n = this.#nodes.length;
    if (n === 0) return emptyRoot();
    let r = this.#nodes[n - 1]!;
    for (let i = n - 2; i >= 0; i--) r = nodeHashBinary(this.#nodes[i]!, r);
    return Buffer.from(r, 'latin1');
  }

  /** Independent copy. */
  clone(): CompactRange {
    return CompactRange.fromNodes(this.#size, this.nodes());
  }
}
