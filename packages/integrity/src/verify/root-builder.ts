import { hash } from 'node:crypto';

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/** RFC 6962 leaf hash of a record digest: SHA-256(0x00 ‖ d). */
function leafHashOf(d: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, d]), 'buffer');
}

function nodeHashOf(l: Uint8Array, r: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, l, r]), 'buffer');
}

/**
 * Recomputes RFC 6962 roots while appending record digests in seq order: a compact range (one hash per set bit of
 * the size), so memory is O(log n). It can restart from the compact-range nodes a checkpoint signs (`c` line).
 * Kept inside the verifier so that the verifier recomputes roots independently of the producer's tree code.
 */
export class RootBuilder {
  /** Perfect subtree roots, largest first; sizes are the set bits of `size`, descending. */
  private nodes: Buffer[] = [];
  private sizes: number[] = [];
  size = 0;

  append(digest: Uint8Array): void {
    let h = leafHashOf(digest);
    let s = 1;
    while (this.sizes.length > 0 && this.sizes[this.sizes.length - 1] === s) {
      h = nodeHashOf(this.nodes.pop()!, h);
      this.sizes.pop();
      s *= 2;
    }
    this.nodes.push(h);
    this.sizes.push(s);
    this.size++;
  }

  /** Root of the leaves appended so far (SHA-256 of the empty string for size 0). */
  root(): Buffer {
    if (this.nodes.length === 0) return hash('sha256', '', 'buffer');
    let r = this.nodes[this.nodes.length - 1]!;
    for (let i = this.nodes.length - 2; i >= 0; i--) r = nodeHashOf(this.nodes[i]!, r);
    return r;
  }

  /**
   * Restarts from compact-range nodes at `size` (one node per set bit of `size`, largest subtree first). Returns
   * false, leaving the builder unchanged, when the node count does not match the size.
   */
  restart(size: number, nodes: readonly Uint8Array[]): boolean {
    const sizes: number[] = [];
    let rest = size;
    for (let bit = 2 ** Math.floor(Math.log2(Math.max(size, 1))); bit >= 1; bit /= 2) {
      if (rest >= bit) {
        sizes.push(bit);
        rest -= bit;
      }
    }
    if (size === 0) sizes.length = 0;
    if (sizes.length !== nodes.length || nodes.some((n) => n.length !== 32)) return false;
    this.nodes = nodes.map((n) => Buffer.from(n));
    this.sizes = sizes;
    this.size = size;
    return true;
  }
}
