import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CompactRange } from '../src/merkle/compact-range.js';
import { emptyRoot, leafHash, nodeHash } from '../src/merkle/hash.js';
import {
  consistencyProof,
  inclusionProof,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from '../src/merkle/proofs.js';

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Leaf inputs of the RFC 6962 reference test data (certificate-transparency / transparency-dev). */
const RFC_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const RFC_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** Brute-force reference straight from the RFC 6962 §2.1 definition, written independently of the code under test. */
function referenceMth(data: Buffer[]): Buffer {
  if (data.length === 0) return sha(Buffer.alloc(0));
  if (data.length === 1) return sha(Buffer.from([0]), data[0]!);
  let k = 1;
  while (k << 1 < data.length) k <<= 1;
  return sha(Buffer.from([1]), referenceMth(data.slice(0, k)), referenceMth(data.slice(k)));
}

const digests = (n: number) => Array.from({ length: n }, (_, i) => sha(Buffer.from(`record ${i}`)));

describe('RFC 6962 hashing', () => {
  it('has SHA-256("") as the empty root', () => {
    expect(hex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(new CompactRange().root())).toBe(hex(emptyRoot()));
  });

  it('prefixes leaves with 0x00 and nodes with 0x01', () => {
    const d = Buffer.from('abc');
    expect(hex(leafHash(d))).toBe(hex(sha(Buffer.from([0]), d)));
    expect(hex(nodeHash(d, d))).toBe(hex(sha(Buffer.from([1]), d, d)));
  });

  it('accepts a record digest as bytes or as standard base64', () => {
    const d = sha(Buffer.from('record'));
    expect(hex(leafHash(d.toString('base64')))).toBe(hex(leafHash(d)));
    expect(() => leafHash('AAAA')).toThrow(/32 bytes/);
    expect(() => leafHash(`${'*'.repeat(43)}=`)).toThrow(/32 bytes/);
  });

  it('matches the RFC 6962 reference roots for trees of 1 to 8 leaves', () => {
    const range = new CompactRange();
    RFC_LEAVES.forEach((leaf, i) => {
      range.appendDigest(leaf);
      expect(hex(range.root())).toBe(RFC_ROOTS[i]);
      expect(hex(merkleRoot(RFC_LEAVES.slice(0, i + 1).map(leafHash)))).toBe(RFC_ROOTS[i]);
    });
  });

  it('matches a brute-force reference for every size up to 70', () => {
    const data = digests(70);
    const range = new CompactRange();
    for (let n = 1; n <= data.length; n++) {
      range.appendDigest(data[n - 1]!);
      expect(hex(range.root())).toBe(hex(referenceMth(data.slice(0, n))));
    }
  });

  it('keeps O(log n) state: one border node per set bit of the size', () => {
    const range = new CompactRange();
    for (const d of digests(45)) range.appendDigest(d);
    expect(range.nodes()).toHaveLength(4); // 45 = 0b101101
    const restored = CompactRange.fromNodes(45, range.nodes());
    restored.appendDigest(Buffer.from('x'));
    range.appendDigest(Buffer.from('x'));
    expect(hex(restored.root())).toBe(hex(range.root()));
    expect(() => CompactRange.fromNodes(45, range.nodes().slice(1))).toThrow(/node count/);
  });
});

describe('inclusion proofs', () => {
  it('matches the RFC 6962 reference path for leaf 0 of 8', () => {
    expect(inclusionProof(0, RFC_LEAVES.map(leafHash)).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  it('verifies for every leaf of every tree size up to 33', () => {
    const leaves = digests(33).map(leafHash);
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n);
      const root = merkleRoot(tree);
      for (let i = 0; i < n; i++) expect(verifyInclusion(tree[i]!, i, n, inclusionProof(i, tree), root)).toBe(true);
    }
  });

  it('fails for a tampered hash, wrong index, wrong size, short or long proof', () => {
    const leaves = digests(13).map(leafHash);
    const root = merkleRoot(leaves);
    const proof = inclusionProof(5, leaves);
    const flipped = proof.map((p, i) => (i === 1 ? Buffer.from(p.map((b, j) => (j === 0 ? b ^ 1 : b))) : p));
    expect(verifyInclusion(leaves[5]!, 5, 13, flipped, root)).toBe(false);
    expect(verifyInclusion(leaves[5]!, 4, 13, proof, root)).toBe(false);
    expect(verifyInclusion(leaves[5]!, 5, 17, proof, root)).toBe(false); // 17 leaves need a 5-element path
    expect(verifyInclusion(leaves[5]!, 5, 13, proof.slice(0, -1), root)).toBe(false);
    expect(verifyInclusion(leaves[5]!, 5, 13, [...proof, root], root)).toBe(false);
    expect(verifyInclusion(leaves[6]!, 5, 13, proof, root)).toBe(false);
    expect(verifyInclusion(leaves[5]!, 13, 13, proof, root)).toBe(false);
  });
});

describe('consistency proofs', () => {
  it('verifies between every pair of sizes up to 20', () => {
    const leaves = digests(20).map(leafHash);
    for (let n = 1; n <= 20; n++) {
      const newRoot = merkleRoot(leaves.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, leaves.slice(0, n));
        expect(verifyConsistency(m, n, merkleRoot(leaves.slice(0, m)), newRoot, proof)).toBe(true);
      }
    }
  });

  it('needs an empty proof for equal sizes and rejects size 0', () => {
    const leaves = digests(4).map(leafHash);
    const r = merkleRoot(leaves);
    expect(consistencyProof(4, leaves)).toEqual([]);
    expect(verifyConsistency(4, 4, r, r, [])).toBe(true);
    expect(verifyConsistency(4, 4, r, r, [r])).toBe(false);
    expect(verifyConsistency(0, 4, emptyRoot(), r, [])).toBe(false);
  });

  it('fails for a changed old leaf, a tampered proof element, or a truncated proof', () => {
    const leaves = digests(11).map(leafHash);
    const newRoot = merkleRoot(leaves);
    const proof = consistencyProof(6, leaves);
    const oldRoot = merkleRoot(leaves.slice(0, 6));
    expect(verifyConsistency(6, 11, oldRoot, newRoot, proof)).toBe(true);
    const forkedOld = merkleRoot([...leaves.slice(0, 5), leafHash(Buffer.from('evil'))]);
    expect(verifyConsistency(6, 11, forkedOld, newRoot, proof)).toBe(false);
    for (let i = 0; i < proof.length; i++) {
      const bad = proof.map((p, j) => (j === i ? nodeHash(p, p) : p));
      expect(verifyConsistency(6, 11, oldRoot, newRoot, bad)).toBe(false);
    }
    expect(verifyConsistency(6, 11, oldRoot, newRoot, proof.slice(0, -1))).toBe(false);
    expect(verifyConsistency(6, 11, oldRoot, newRoot, [...proof, oldRoot])).toBe(false);
  });
});
