/**
 * Per-stream state of the verifier: a stream id costs an attacker one short record, so what a stream does not use is
 * never made, and what it does use behaves the same however it is stored.
 */
import { describe, expect, it } from 'vitest';
import { CONFLICTING, DUPLICATE, SEEN, SeqTable, SIGNED } from '../../src/internal/verify/seq-table.js';
import { StreamState } from '../../src/internal/verify/stream-state.js';

const digest = (n: number) => new Uint8Array(32).fill(n);

describe('SeqTable', () => {
  it('keeps every page when records jump between pages, and lists them in seq order', () => {
    const t = new SeqTable();
    const seqs = [5000, 3, 1030, 4, 5001, 2047];
    seqs.forEach((seq, i) => {
      expect(t.observe(seq, digest(i + 1), 0, 10 + i)).toBe('first');
    });
    seqs.forEach((seq, i) => {
      expect(t.flags(seq)).toBe(SEEN);
      expect(t.observed(seq)).toEqual(digest(i + 1));
      expect(t.location(seq)).toEqual({ file: 0, line: 10 + i });
    });
    expect(t.flags(6)).toBe(0);
    expect(t.flags(4096)).toBe(0);
    expect([...t.knownSeqs()]).toEqual([3, 4, 1030, 2047, 5000, 5001]);
    expect(t.pageStats.pages).toBe(3);
    expect([t.minObserved, t.maxObserved]).toEqual([3, 5001]);
  });

  it('a sparse page turning dense keeps its records', () => {
    const t = new SeqTable();
    for (let seq = 999; seq >= 0; seq -= 7) t.observe(seq, digest(seq % 251), 1, seq);
    for (let seq = 999; seq >= 0; seq -= 7) expect(t.location(seq)).toEqual({ file: 1, line: seq });
    expect(t.observed(999 - 7 * 50)).toEqual(digest((999 - 7 * 50) % 251));
    expect(t.flags(998)).toBe(0);
  });

  it('duplicates, conflicts and signed mismatches are tracked on first need', () => {
    const t = new SeqTable();
    t.sign(0, digest(1));
    t.observe(0, digest(2), 0, 1);
    expect(t.observed(0)).toEqual(digest(2));
    expect(t.signed(0)).toEqual(digest(1));
    expect(t.observe(1, digest(3), 0, 1)).toBe('first');
    expect(t.observe(1, digest(3), 0, 2)).toBe('duplicate');
    expect(t.observe(1, digest(4), 0, 3)).toBe('conflict');
    expect(t.flags(1)).toBe(SEEN | DUPLICATE | CONFLICTING);
    expect(t.variants(1)).toEqual([digest(3), digest(4)]);
    t.replace(1, digest(4), digest(3));
    expect(t.flags(1) & CONFLICTING).toBe(0);
    expect(t.flags(0) & SIGNED).toBe(SIGNED);
  });
});

describe('StreamState', () => {
  it('reads as empty before anything is added, and keeps what is added', () => {
    const s = new StreamState('s', 'seclog.integrity/v1/s');
    expect(s.validCheckpoints).toBe(0);
    expect(s.checkpointFindings).toEqual([]);
    expect(s.signedResources).toEqual([]);
    expect(s.enrichedKeys.size + s.modifiedResourceKeys.size).toBe(0);
    expect([...s.resolutionLines()]).toEqual([]);

    s.addEnrichedKey('k8s.pod.name');
    s.addCheckpointFinding({ status: 'KEY-CHAIN-INVALID', subject: 'checkpoint', count: 1, detail: 'x' }, 1);
    s.addCheckpointFinding({ status: 'KEY-CHAIN-INVALID', subject: 'checkpoint', count: 1, detail: 'y' }, 1);
    expect([...s.enrichedKeys]).toEqual(['k8s.pod.name']);
    expect(s.checkpointFindings.map((f) => f.detail)).toEqual(['x']);
    expect(s.checkpointFindingsOmitted).toBe(1);
    // Another stream shares none of it.
    const other = new StreamState('t', 'seclog.integrity/v1/t');
    expect(other.enrichedKeys.size + other.checkpointFindings.length).toBe(0);
  });

  it('notes each line once, with the snapshots known when it was first read', () => {
    const s = new StreamState('s', 'seclog.integrity/v1/s');
    s.noteResolutionLine(7);
    s.noteResolutionLine(7);
    s.addSignedResource({ digest: 'd', seq: 0, learned: 0, attributes: new Map(), droppedAttributesCount: '0' });
    s.noteResolutionLine(7);
    s.noteResolutionLine(9);
    s.noteResolutionLine(12);
    expect([...s.resolutionLines()]).toEqual([
      [7, 0],
      [9, 1],
      [12, 1],
    ]);
  });
});
