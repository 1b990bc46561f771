/**
 * The seq table's memory follows the archive: a page stays sparse until a quarter of its seqs are known, a stream's
 * pages must hold a few seqs each on average, and all tables together take memory from one budget — a record needing
 * memory the budget does not have is left out and counted. What a table answers never depends on how it is stored.
 */
import { describe, expect, it } from 'vitest';
import { CONFLICTING, DUPLICATE, SEEN, SeqTable, SIGNED, UNENCODABLE } from '../../src/internal/verify/seq-table.js';
import { SeqTableMemory } from '../../src/internal/verify/seq-table-memory.js';

const digest = (n: number) => new Uint8Array(32).fill(n % 256);

/** A deterministic shuffle (the same every run). */
function shuffled(values: number[], seed = 7): number[] {
  const out = [...values];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('SeqTable pages', () => {
  it('marks a seq whose first copy could not be canonicalized, sparse or dense, without a map per record', () => {
    const t = new SeqTable();
    for (let seq = 0; seq < SeqTable.DENSE_AT + 8; seq++) t.observe(seq, digest(seq), 1, seq, seq % 3 === 0);
    expect(t.pageStats).toMatchObject({ pages: 1, sparse: 0 });
    for (let seq = 0; seq < SeqTable.DENSE_AT + 8; seq++) {
      expect((t.flags(seq) & UNENCODABLE) !== 0, `seq ${seq}`).toBe(seq % 3 === 0);
    }
    // A later identical copy changes nothing.
    t.observe(1, digest(1), 2, 9, true);
    expect(t.flags(1) & UNENCODABLE).toBe(0);
  });

  it('a page stays sparse up to a quarter of its seqs and turns dense at the next, keeping every record', () => {
    const t = new SeqTable();
    const seqs = Array.from({ length: SeqTable.DENSE_AT }, (_, i) => i * 4);
    for (const seq of seqs) t.observe(seq, digest(seq), 1, seq + 100);
    expect(t.pageStats).toMatchObject({ pages: 1, sparse: 1 });
    const sparseBytes = t.pageStats.bytes;
    expect(sparseBytes).toBeLessThan(12 * 1024);

    t.observe(1, digest(1), 2, 7);
    expect(t.pageStats).toMatchObject({ pages: 1, sparse: 0 });
    expect(t.pageStats.bytes).toBeGreaterThan(40 * 1024);
    for (const seq of seqs) {
      expect(t.observed(seq)).toEqual(digest(seq));
      expect(t.location(seq)).toEqual({ file: 1, line: seq + 100 });
      expect(t.flags(seq)).toBe(SEEN);
    }
    expect(t.location(1)).toEqual({ file: 2, line: 7 });
    expect(t.flags(2)).toBe(0);
    expect([...t.knownSeqs()]).toEqual([...seqs.slice(0, 1), 1, ...seqs.slice(1)]);
  });

  it('seqs in any order give the same answers as in order: digests, locations, copies, and an ascending walk', () => {
    // Two pages: one that stays sparse (200 seqs), one that turns dense (400), each filled in shuffled order.
    const seqs = [
      ...Array.from({ length: 200 }, (_, i) => i * 5),
      ...Array.from({ length: 400 }, (_, i) => 1024 + i * 2),
    ];
    const inOrder = new SeqTable();
    const anyOrder = new SeqTable();
    for (const seq of seqs) inOrder.observe(seq, digest(seq), 0, seq);
    for (const seq of shuffled(seqs)) anyOrder.observe(seq, digest(seq), 0, seq);
    // A second copy of some, identical or not, and large line numbers (read back exactly from a sparse page).
    for (const t of [inOrder, anyOrder]) {
      expect(t.observe(10, digest(10), 0, 1)).toBe('duplicate');
      expect(t.observe(15, digest(99), 0, 1)).toBe('conflict');
      expect(t.observe(3, digest(3), 65_535, 4_294_967_295)).toBe('first');
    }
    expect(anyOrder.pageStats).toEqual(inOrder.pageStats);
    expect([...anyOrder.knownSeqs()]).toEqual([...inOrder.knownSeqs()]);
    expect([...anyOrder.knownSeqs()]).toEqual([...seqs, 3].sort((a, b) => a - b));
    for (const seq of [...seqs, 3, 4, 1025]) {
      expect(anyOrder.flags(seq)).toBe(inOrder.flags(seq));
      expect(anyOrder.observed(seq)).toEqual(inOrder.observed(seq));
      expect(anyOrder.location(seq)).toEqual(inOrder.location(seq));
      expect(anyOrder.extraCopies(seq)).toBe(inOrder.extraCopies(seq));
    }
    expect(anyOrder.flags(10)).toBe(SEEN | DUPLICATE);
    expect(anyOrder.flags(15)).toBe(SEEN | CONFLICTING);
    expect(anyOrder.location(3)).toEqual({ file: 65_535, line: 4_294_967_295 });
    expect([...anyOrder.knownSeqs(1500)][0]).toBe(1500);
  });

  it('signed and observed digests share a slot in a sparse page as in a dense one', () => {
    const t = new SeqTable();
    t.sign(700, digest(1));
    t.observe(700, digest(2), 0, 5);
    t.observe(20, digest(3), 0, 6);
    t.sign(20, digest(3));
    expect(t.pageStats.sparse).toBe(1);
    expect(t.flags(700)).toBe(SEEN | SIGNED);
    expect([t.signed(700), t.observed(700)]).toEqual([digest(1), digest(2)]);
    expect([t.signed(20), t.observed(20)]).toEqual([digest(3), digest(3)]);
    expect([...t.knownSeqs()]).toEqual([20, 700]);
  });

  it('a stream opens 16 pages freely; beyond them its pages must hold 4 seqs on average (else FOREIGN)', () => {
    const oneEach = new SeqTable();
    const results = Array.from({ length: 20 }, (_, p) => oneEach.observe(p * 1024, digest(p), 0, p));
    expect(results.slice(0, 16)).toEqual(Array(16).fill('first'));
    expect(results.slice(16)).toEqual(Array(4).fill('rejected'));
    // Seqs in pages it already has are always taken, and make room for more pages.
    for (let seq = 1; seq < 49; seq++) expect(oneEach.observe(seq, digest(seq), 0, 1)).toBe('first');
    expect(oneEach.observe(16 * 1024, digest(1), 0, 1)).toBe('first');

    const fourEach = new SeqTable();
    for (let p = 0; p < 100; p++) {
      for (let j = 0; j < 4; j++) expect(fourEach.observe(p * 1024 + j * 100, digest(j), 0, 1)).toBe('first');
    }
    expect(fourEach.pageStats.pages).toBe(100);
  });
});

describe('SeqTable memory budget', () => {
  it('a record needing memory the budget lacks is left out and counted; records with room are still taken', () => {
    const memory = new SeqTableMemory(1_500);
    const t = new SeqTable(memory);
    const outcomes = Array.from({ length: 40 }, (_, seq) => t.observe(seq, digest(seq), 0, seq));
    const taken = outcomes.filter((o) => o === 'first').length;
    expect(taken).toBeGreaterThan(8);
    expect(taken).toBeLessThan(40);
    expect(outcomes.slice(taken)).toEqual(Array(40 - taken).fill('left-out'));
    expect(t.recordsLeftOut).toBe(40 - taken);
    expect(memory.used).toBeLessThanOrEqual(1_500);
    expect(t.flags(taken)).toBe(0);
    // A copy of a seq that has its slot needs nothing new.
    expect(t.observe(0, digest(0), 0, 1)).toBe('duplicate');
    // A conflicting copy needs room for its digests: left out too.
    expect(t.observe(1, digest(200), 0, 1)).toBe('left-out');
    expect(t.flags(1)).toBe(SEEN);
  });

  it('streams share one budget, and signed digests are always kept (they come from a trusted signer)', () => {
    const memory = new SeqTableMemory(2_000);
    const a = new SeqTable(memory);
    const b = new SeqTable(memory);
    for (let seq = 0; seq < 30; seq++) a.observe(seq, digest(seq), 0, 1);
    expect(b.observe(0, digest(1), 0, 1)).toBe('left-out');
    for (let seq = 0; seq < 300; seq++) b.sign(seq, digest(seq));
    expect(b.signed(299)).toEqual(digest(299));
    expect(memory.used).toBeGreaterThan(2_000);
    // The signed slots exist now: their records need no new memory and are taken.
    expect(b.observe(0, digest(0), 0, 1)).toBe('first');
    expect(b.flags(0)).toBe(SEEN | SIGNED);
  });

  it('the archive finding counts what was left out and names the first streams, printable and short', () => {
    const memory = new SeqTableMemory(2 * 1024 * 1024);
    expect(memory.finding()).toBeUndefined();
    memory.leaveRecord('a');
    memory.leaveRecord('a');
    memory.leaveRecord(`b\u001b[31m${'x'.repeat(100)}`);
    expect(memory.finding()).toEqual({
      status: 'VERIFIER-LIMIT',
      subject: 'archive',
      count: 3,
      detail:
        '3 records not verified: the seq-table memory limit of 2 MiB was reached (raise it with ' +
        `--max-seq-table-mib); first streams with records left out: a, b?[31m${'x'.repeat(58)}`,
    });
  });
});
