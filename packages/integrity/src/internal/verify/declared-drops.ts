/**
 * Losses the producer declared in its signed checkpoints (issue 8, delivery accounting): `d` lines name seq ranges it
 * sealed but could not deliver, `x` lines count records it refused before sealing. The verifier turns an absent seq
 * inside a declared range into `DROPPED` instead of `MISSING`, and each `x` count into a `DROPPED` finding without a
 * seq. Only checkpoints whose signature verified under a trusted key declare anything.
 */
import type { Finding } from '../../verify/report.js';
import type { CheckpointFacts } from './stream-state.js';

/** A declared range with the checkpoint that declared it. */
interface DeclaredRange {
  readonly start: number;
  readonly end: number;
  readonly checkpoint: number;
}

/**
 * The `d` ranges of a stream's valid checkpoints as sorted, disjoint ranges. Overlaps (the same seq declared by two
 * checkpoints) keep the checkpoint of the range that starts first. Queries must come in ascending seq order.
 */
export class DeclaredDrops {
  private readonly ranges: DeclaredRange[] = [];
  private cursor = 0;

  constructor(checkpoints: Iterable<CheckpointFacts>) {
    const all: DeclaredRange[] = [];
    for (const c of checkpoints) {
      for (const r of c.droppedRanges ?? []) all.push({ start: r.start, end: r.end, checkpoint: c.index });
    }
    all.sort((a, b) => a.start - b.start || a.checkpoint - b.checkpoint);
    let covered = 0;
    for (const r of all) {
      const start = Math.max(r.start, covered);
      if (start >= r.end) continue;
      this.ranges.push({ start, end: r.end, checkpoint: r.checkpoint });
      covered = r.end;
    }
  }

  /** Index of the checkpoint that declared `seq` dropped, or undefined. `seq` must not decrease between calls. */
  declaredBy(seq: number): number | undefined {
    while (this.cursor < this.ranges.length && this.ranges[this.cursor]!.end <= seq) this.cursor++;
    const r = this.ranges[this.cursor];
    return r !== undefined && r.start <= seq ? r.checkpoint : undefined;
  }
}

/**
 * One `DROPPED` finding per checkpoint with an `x` line: records refused before sealing have no seq, so the finding
 * names the declaring checkpoint and the seqs sealed in the same interval (its `r` range).
 */
export function refusedRecordFindings(chain: readonly CheckpointFacts[]): Finding[] {
  const out: Finding[] = [];
  for (const c of chain) {
    const n = c.refusedRecords;
    if (n === undefined || n === 0) continue;
    const range = c.range;
    const sealed = range && range.end > range.start ? range : undefined;
    const when = sealed
      ? `while seq ${sealed.start}–${sealed.end - 1} were sealed`
      : `after seq ${c.treeSize - 1} (no record sealed in between)`;
    out.push({
      status: 'DROPPED',
      subject: 'record',
      count: n,
      checkpoint: c.index,
      detail: `${n} record${n === 1 ? '' : 's'} refused before sealing (no seq) ${when}, declared in checkpoint ${c.index}`,
      ...(sealed ? { sealedAlongside: { seqFrom: String(sealed.start), seqTo: String(sealed.end - 1) } } : {}),
    });
  }
  return out;
}
