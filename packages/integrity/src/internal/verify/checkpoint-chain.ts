/**
 * Checkpoint-level checks of one stream: the chain (`k` contiguity, `p` links, sizes, ranges, times, final flag) and
 * the recomputation of every signed root from the records or the signed leaf lists (docs/spec/verification.md, "Checkpoint chain" and "Roots").
 */
import { CompactRange } from '../../merkle/compact-range.js';
import type { ItemStatus } from '../../verify/report.js';
import type { FindingList } from './findings.js';
import { CONFLICTING, SEEN, SIGNED_CONFLICT } from './seq-table.js';
import type { CheckpointFacts, StreamState } from './stream-state.js';

export type RangeState = 'verified' | 'mismatch' | 'broken';

export interface SignedRange {
  readonly start: number;
  readonly end: number;
  readonly checkpoint: CheckpointFacts;
  state: RangeState;
  reported: boolean;
}

/** Checks `k`, `p`, sizes, ranges, times and the final flag; returns one checkpoint per index, ordered by index. */
export function checkChain(cps: CheckpointFacts[], out: FindingList): CheckpointFacts[] {
  const byIndex = new Map<number, CheckpointFacts[]>();
  for (const c of cps) {
    const list = byIndex.get(c.index);
    if (list) list.push(c);
    else byIndex.set(c.index, [c]);
  }
  const indices = [...byIndex.keys()].sort((a, b) => a - b);
  const chain: CheckpointFacts[] = [];
  const ckFinding = (status: ItemStatus, c: CheckpointFacts, detail: string, count = 1) =>
    out.add({ status, subject: 'checkpoint', checkpoint: c.index, count, detail, location: c.location });
  let expected = 0;
  let prev: CheckpointFacts | undefined;
  for (const k of indices) {
    const versions = byIndex.get(k)!;
    const c = chainVersion(versions, byIndex.get(k + 1));
    if (versions.length > 1) {
      ckFinding(
        'CONFLICT',
        c,
        `${versions.length} different validly signed checkpoints with index ${k} (equivocation)`,
      );
    }
    if (k > expected) {
      out.add({
        status: 'CHECKPOINT-MISSING',
        subject: 'checkpoint',
        checkpoint: expected,
        count: k - expected,
        detail:
          k - expected === 1
            ? `checkpoint ${expected} is absent (index gap before ${k})`
            : `checkpoints ${expected}–${k - 1} are absent (index gap)`,
      });
      prev = undefined;
    }
    if (prev && c.prevHash !== prev.noteHash) {
      ckFinding('CHECKPOINT-MISSING', c, `p link does not name checkpoint ${prev.index} (chain broken or replayed)`);
    }
    if (prev && c.treeSize < prev.treeSize) {
      ckFinding('CONFLICT', c, `tree size ${c.treeSize} is smaller than checkpoint ${prev.index}'s ${prev.treeSize}`);
    }
    const prevSize = prev ? prev.treeSize : k === 0 ? 0 : undefined;
    if (c.range && prevSize !== undefined && (c.range.start !== prevSize || c.range.end !== c.treeSize)) {
      ckFinding('CONFLICT', c, `range ${c.range.start}–${c.range.end} does not continue from size ${prevSize}`);
    }
    if (prev?.final) ckFinding('CONFLICT', c, `checkpoint after the final checkpoint ${prev.index}`);
    if (prev && c.timeNanos !== undefined && prev.timeNanos !== undefined && c.timeNanos < prev.timeNanos) {
      const monotonicOk = c.monotonic !== undefined && prev.monotonic !== undefined && c.monotonic > prev.monotonic;
      ckFinding(
        monotonicOk ? 'CLOCK-WARNING' : 'CONFLICT',
        c,
        monotonicOk
          ? 'wall-clock time went backwards (monotonic counter consistent: clock step)'
          : 'time and monotonic counter go backwards (replayed or reordered checkpoint)',
      );
    } else if (prev && c.monotonic !== undefined && prev.monotonic !== undefined && c.monotonic < prev.monotonic) {
      ckFinding('CONFLICT', c, 'monotonic counter goes backwards (replayed or reordered checkpoint)');
    }
    chain.push(c);
    prev = c;
    expected = k + 1;
  }
  return chain;
}

/**
 * Which of the checkpoints with one index (one, unless the producer's key equivocated) the chain checks go on with:
 * one the next checkpoint's `p` names if any, then the smaller tree size, then the smaller note hash — never the one
 * read first, so the report does not depend on read order.
 */
function chainVersion(versions: CheckpointFacts[], next: CheckpointFacts[] | undefined): CheckpointFacts {
  const named = versions.filter((v) => next?.some((n) => n.prevHash === v.noteHash));
  const pool = named.length > 0 ? named : versions;
  return pool.reduce((a, b) =>
    b.treeSize < a.treeSize || (b.treeSize === a.treeSize && b.noteHash < a.noteHash) ? b : a,
  );
}

/**
 * Recomputes the root at every signed tree size from the records (or the signed leaf-list digests where a record is
 * absent or contested) and labels each range between consecutive sizes as verified, mismatching or broken.
 */
export function recomputeRoots(state: StreamState, cps: CheckpointFacts[], out: FindingList): SignedRange[] {
  const bySize = new Map<number, CheckpointFacts>();
  // Equivocating checkpoints share an index: the note hash orders them, so the result never depends on read order.
  const ordered = [...cps].sort((a, b) => a.index - b.index || (a.noteHash < b.noteHash ? -1 : 1));
  for (const c of ordered) {
    const seen = bySize.get(c.treeSize);
    if (!seen) bySize.set(c.treeSize, c);
    else if (!Buffer.from(seen.root).equals(Buffer.from(c.root))) {
      out.add({
        status: 'CONFLICT',
        subject: 'checkpoint',
        checkpoint: c.index,
        count: 1,
        seqFrom: String(c.treeSize),
        seqTo: String(c.treeSize),
        detail: `checkpoints ${seen.index} and ${c.index} sign different roots for the same tree size (equivocation)`,
      });
    }
  }
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  const table = state.table;
  let builder = new CompactRange();
  let broken = false;
  let start = 0;
  const ranges: SignedRange[] = [];
  for (const size of sizes) {
    const c = bySize.get(size)!;
    let allSigned = true;
    for (let seq = start; seq < size; seq++) {
      // Two leaf lists that disagree on a seq (equivocation) give it no usable digest: taking either would make the
      // result depend on which checkpoint was read first.
      const contested = (table.flags(seq) & SIGNED_CONFLICT) !== 0;
      const signed = contested ? undefined : table.signed(seq);
      if (!signed) allSigned = false;
      let eff = signed;
      if (!eff && !contested) {
        const f = table.flags(seq);
        if ((f & SEEN) !== 0 && (f & CONFLICTING) === 0) eff = table.observed(seq);
      }
      if (!eff) broken = true;
      else if (!broken) builder.appendDigest(eff);
    }
    let state: RangeState = broken ? 'broken' : 'verified';
    if (!broken && !builder.root().equals(Buffer.from(c.root))) {
      state = 'mismatch';
      broken = true;
      out.add({
        status: 'MODIFIED',
        subject: 'checkpoint',
        checkpoint: c.index,
        count: size - start,
        seqFrom: String(start),
        seqTo: String(size - 1),
        detail:
          allSigned && size > start
            ? 'the signed leaf list does not hash to the signed root (forged or inconsistent checkpoint)'
            : 'records in this range do not hash to the signed root (enable leaf lists to localise)',
      });
    }
    if (broken && c.compactNodes) {
      const restarted = compactRangeAt(size, c.compactNodes);
      if (restarted?.root().equals(Buffer.from(c.root))) {
        builder = restarted;
        broken = false;
      }
    }
    if (size > start) ranges.push({ start, end: size, checkpoint: c, state, reported: false });
    start = size;
  }
  return ranges;
}

/** The compact range a checkpoint's `c` line describes, or undefined when the nodes do not fit the size. */
function compactRangeAt(size: number, flat: Uint8Array): CompactRange | undefined {
  const nodes: Uint8Array[] = [];
  for (let off = 0; off < flat.length; off += 32) nodes.push(flat.subarray(off, off + 32));
  try {
    return CompactRange.fromNodes(size, nodes);
  } catch {
    return undefined;
  }
}
