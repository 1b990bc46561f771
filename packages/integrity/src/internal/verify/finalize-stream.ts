import { type Finding, type ItemStatus, type StreamReport, verdictOfStatuses } from '../../verify/report.js';
import { checkChain, recomputeRoots, type SignedRange } from './checkpoint-chain.js';
import { DeclaredDrops, refusedRecordFindings } from './declared-drops.js';
import { type FindingBudget, FindingList } from './findings.js';
import { CONFLICTING, DUPLICATE, equalAt, SEEN, SIGNED_CONFLICT, UNENCODABLE } from './seq-table.js';
import type { CheckpointFacts, StreamState } from './stream-state.js';

/** Options of {@link finalizeStream}. */
export interface FinalizeOptions {
  readonly maxFindings: number;
  /** Findings all streams of the run may keep. */
  readonly findingBudget?: FindingBudget;
  /** Digests of the `olcf1-unverifiable` leaves a producer could have sealed at `seq` (one per reason code). */
  readonly unverifiableDigests: (streamId: string, seq: number) => readonly Uint8Array[];
  /** `file:line` for a file index and line number. */
  readonly location: (file: number, line: number) => string;
  /** Warnings count as failures in the stream's verdict. */
  readonly strict: boolean;
}

/** A stream's report and every status that occurred in it (including findings left out by the cap). */
export interface FinalizedStream {
  readonly report: StreamReport;
  readonly statuses: ReadonlySet<ItemStatus>;
}

const b64 = (d: Uint8Array) => Buffer.from(d).toString('base64');

/** A record whose sealed digest is that of the unverifiable tuple: the seal covers its seq, not its content. */
const SEALED_UNVERIFIABLE = {
  status: 'UNVERIFIABLE',
  detail: 'sealed as uncanonicalizable by the producer (no content check)',
} as const;

/**
 * Turns the evidence gathered for one stream into its report (docs/spec/verification.md, "Evaluating a stream"): checks the checkpoint chain
 * (`k` contiguity, `p` links, sizes, ranges, times, final flag), recomputes every signed root from the records (using
 * the signed leaf lists for records that are absent), and assigns each seq exactly one record status.
 */
export function finalizeStream(state: StreamState, options: FinalizeOptions): FinalizedStream {
  const ev = new StreamEvaluation(state, options);
  for (const f of state.checkpointFindings) ev.out.add(f);
  ev.out.omitted += state.checkpointFindingsOmitted;
  const cps = [...state.checkpoints.values()];
  const mixed = cps.length > 0 && !signedByOneKey(cps);
  if (cps.length === 0 || mixed) {
    // No checkpoint signed by a trusted key names this stream, or its checkpoints are signed by different trusted
    // keys: a producer signs its stream with one key, so one of them vouches for a stream it did not write, and the
    // verifier cannot tell which. Nothing the stream holds can be trusted.
    if (mixed) ev.out.add(mixedKeysFinding(cps));
    const detail = mixed
      ? "this stream's checkpoints are signed by different trusted keys"
      : 'no checkpoint signed by a trusted key covers this stream';
    for (const seq of observedSeqs(state, 0)) ev.record('UNTRUSTED-STREAM', seq, { detail });
    return report(state, ev.out, ev.counts, [], 0, false, options.strict);
  }

  const chain = checkChain(cps, ev.out);
  const maxSize = Math.max(...cps.map((c) => c.treeSize));
  const archiveMax = Math.max(0, ...cps.filter((c) => c.inArchive).map((c) => c.treeSize));
  const final = chain.find((c) => c.final);
  const ranges = recomputeRoots(state, cps, ev.out);
  const drops = new DeclaredDrops(cps);
  let undelivered = 0;
  let r = 0;
  for (let seq = 0; seq < maxSize; seq++) {
    while (ranges[r] && ranges[r]!.end <= seq) r++;
    const range = ranges[r]!;
    const flags = state.table.flags(seq);
    if ((flags & SEEN) === 0) {
      if (ev.absent(seq, range, drops, archiveMax)) undelivered++;
      continue;
    }
    ev.present(seq, range);
    addDuplicates(state, seq, flags, ev.out, ev.count);
  }
  ev.beyondSignedTree(maxSize, final);
  ev.out.flush();
  let refused = 0;
  for (const f of refusedRecordFindings(chain)) {
    refused += f.count;
    ev.count('DROPPED', f.count);
    ev.out.add(f);
  }
  if (!final) {
    ev.out.add({
      status: 'STREAM-UNCLEAN-END',
      subject: 'stream',
      count: 1,
      detail: 'the stream has no final checkpoint (crash, kill, or truncated archive)',
    });
  }
  addResourceFindings(state, ev.out);
  const dropped = undelivered + refused > 0 ? { undelivered, refused } : undefined;
  return report(state, ev.out, ev.counts, chain, maxSize, final !== undefined, options.strict, dropped);
}

/** Whether the same trusted keys verified every checkpoint of the stream (a note may carry several signatures). */
function signedByOneKey(cps: readonly CheckpointFacts[]): boolean {
  // Every checkpoint signed by the same set of trusted keys. One common key is not enough: the holder of another
  // trusted key can add its signature to copies of every genuine checkpoint, then sign a forged continuation alone.
  const signers = new Set(cps[0]!.signerKeys);
  return cps.every((c) => c.signerKeys.length === signers.size && c.signerKeys.every((k) => signers.has(k)));
}

function mixedKeysFinding(cps: readonly CheckpointFacts[]): Finding {
  const keys = new Set(cps.flatMap((c) => c.signerKeys)).size;
  return {
    status: 'KEY-CHAIN-INVALID',
    subject: 'stream',
    count: cps.length,
    detail: `the stream's ${cps.length} checkpoints are signed by ${keys} different trusted keys, not all by the same ones; a stream has one signing key`,
  };
}

/** The findings and per-status counts of one stream, and the rules that give each seq its status. */
class StreamEvaluation {
  readonly out: FindingList;
  readonly counts: Partial<Record<ItemStatus, number>> = {};
  readonly count = (s: ItemStatus, n = 1) => {
    this.counts[s] = (this.counts[s] ?? 0) + n;
  };

  constructor(
    private readonly state: StreamState,
    private readonly options: FinalizeOptions,
  ) {
    this.out = new FindingList(options.maxFindings, options.findingBudget);
  }

  /** Counts a record status and lists it unless it is VALID. */
  record(
    status: ItemStatus,
    seq: number,
    base: Omit<Finding, 'status' | 'seqFrom' | 'seqTo' | 'count' | 'subject'>,
  ): void {
    this.count(status);
    if (status !== 'VALID') this.out.addSeq(status, seq, { subject: 'record', ...base });
  }

  /**
   * A seq below the signed tree size that the archive lacks: declared dropped, cut from the tail (an anchor signed
   * it), or missing. Returns whether it was declared dropped.
   */
  absent(seq: number, range: SignedRange, drops: DeclaredDrops, archiveMax: number): boolean {
    const ck = range.checkpoint.index;
    const declaredBy = drops.declaredBy(seq);
    const signed = this.#signedDigest(seq);
    if (declaredBy !== undefined) {
      this.record('DROPPED', seq, {
        checkpoint: declaredBy,
        detail: `sealed but not delivered, declared dropped in checkpoint ${declaredBy}`,
      });
    } else if (seq >= archiveMax) {
      this.record('TRUNCATED', seq, {
        checkpoint: ck,
        detail: 'signed in an anchored checkpoint but absent from the archive (tail truncated)',
      });
    } else {
      this.record('MISSING', seq, {
        checkpoint: ck,
        detail: signed ? `signed in checkpoint ${ck}, absent from the archive` : 'absent from the archive',
        ...(signed ? { signedDigest: b64(signed) } : {}),
      });
    }
    reportBrokenRange(range, this.out);
    return declaredBy !== undefined;
  }

  /** A seq the archive holds: compared with its signed digest, or with the recomputed root when there is none. */
  present(seq: number, range: SignedRange): void {
    const { status, detail, field } = this.#judge(seq, range);
    const loc = this.state.table.location(seq);
    const location =
      loc && (status === 'MODIFIED' || status === 'CONFLICT') ? this.options.location(loc.file, loc.line) : undefined;
    this.record(status, seq, {
      checkpoint: range.checkpoint.index,
      detail,
      ...(field ? { field } : {}),
      ...(location ? { location } : {}),
    });
  }

  /** The digest a leaf list signed for `seq`, unless two checkpoints sign different ones (then none is evidence). */
  #signedDigest(seq: number): Uint8Array | undefined {
    return (this.state.table.flags(seq) & SIGNED_CONFLICT) !== 0 ? undefined : this.state.table.signed(seq);
  }

  #judge(seq: number, range: SignedRange): { status: ItemStatus; detail: string; field?: string } {
    const { state, options } = this;
    const ck = range.checkpoint.index;
    if ((state.table.flags(seq) & SIGNED_CONFLICT) !== 0) {
      return {
        status: 'CONFLICT',
        detail: 'validly signed checkpoints give this seq different digests (equivocation)',
      };
    }
    const signed = state.table.signed(seq);
    if ((state.table.flags(seq) & CONFLICTING) !== 0) {
      const variants = state.table.variants(seq);
      const genuine = signed ? variants.some((v) => equalAt(v, 0, signed)) : false;
      const note = genuine ? ' (one matches the signed digest)' : '';
      return { status: 'CONFLICT', detail: `${variants.length} different records claim this seq${note}` };
    }
    if (signed) {
      if (equalAt(state.table.observed(seq)!, 0, signed)) {
        return (state.table.flags(seq) & UNENCODABLE) !== 0
          ? SEALED_UNVERIFIABLE
          : { status: 'VALID', detail: 'matches the signed digest' };
      }
      if (options.unverifiableDigests(state.streamId, seq).some((u) => equalAt(u, 0, signed)))
        return SEALED_UNVERIFIABLE;
      const located = state.locatedModifications.get(seq);
      const tokens = state.oversized.get(seq);
      const detail = located
        ? `${located.detail}; digest signed in checkpoint ${ck}`
        : tokens !== undefined
          ? `record of ${tokens} JSON tokens is over the verifier's size limit and not what checkpoint ${ck} signed`
          : `digest differs from the one signed in checkpoint ${ck}`;
      return { status: 'MODIFIED', detail, ...(located?.field ? { field: located.field } : {}) };
    }
    if (range.state === 'verified') {
      // The root proves the unverifiable tuple was sealed at this seq, as a leaf list would: not the record's content.
      return (state.table.flags(seq) & UNENCODABLE) !== 0
        ? SEALED_UNVERIFIABLE
        : { status: 'VALID', detail: 'matches the signed root' };
    }
    if (range.state === 'broken') reportBrokenRange(range, this.out);
    return {
      status: 'UNVERIFIABLE',
      detail:
        range.state === 'mismatch'
          ? `range fails its root check and has no leaf list (checkpoint ${ck})`
          : `a record in or before this range is absent and there is no leaf list (checkpoint ${ck})`,
    };
  }

  /** Records beyond the last signed tree size: the unsealed tail, or (after a final checkpoint) injected records. */
  beyondSignedTree(maxSize: number, final: CheckpointFacts | undefined): void {
    for (const seq of observedSeqs(this.state, maxSize)) {
      if (final) {
        this.record('CONFLICT', seq, {
          checkpoint: final.index,
          detail: `record after the final checkpoint (tree size ${final.treeSize})`,
        });
      } else {
        this.record('UNSEALED', seq, { detail: 'after the last checkpoint (not yet sealed)' });
      }
      addDuplicates(this.state, seq, this.state.table.flags(seq), this.out, this.count);
    }
  }
}

function addDuplicates(
  state: StreamState,
  seq: number,
  flags: number,
  out: FindingList,
  count: (s: ItemStatus, n?: number) => void,
): void {
  if ((flags & DUPLICATE) === 0 || (flags & CONFLICTING) !== 0) return;
  const extra = state.table.extraCopies(seq);
  count('DUPLICATE-IDENTICAL', extra);
  out.addSeq('DUPLICATE-IDENTICAL', seq, { subject: 'record', detail: 'identical copy delivered again' });
}

/**
 * Without a leaf list, one absent record (missing, or declared dropped) leaves the root of its range, and of later
 * ranges until a checkpoint's compact range restarts the computation, uncomputable: the records present there cannot
 * be checked. Reported once per range.
 */
function reportBrokenRange(range: SignedRange, out: FindingList): void {
  if (range.state !== 'broken' || range.reported || range.checkpoint.leafListLength > 0) return;
  range.reported = true;
  out.add({
    status: 'UNVERIFIABLE',
    subject: 'record',
    seqFrom: String(range.start),
    seqTo: String(range.end - 1),
    count: range.end - range.start,
    checkpoint: range.checkpoint.index,
    detail:
      'a record in or before this range is absent (missing or declared dropped) and there is no leaf list: the rest of the range cannot be checked',
  });
}

/** Sorted observed seqs ≥ `from` (a walk over the known seqs, not over every seq of their pages). */
function* observedSeqs(state: StreamState, from: number): Generator<number> {
  const t = state.table;
  for (const seq of t.knownSeqs(from)) if ((t.flags(seq) & SEEN) !== 0) yield seq;
}

/** Names listed in a detail: sorted, so the report does not depend on which line was read first. */
function someNames(names: ReadonlySet<string>): string {
  return [...names].sort().slice(0, 20).join(', ');
}

function addResourceFindings(state: StreamState, out: FindingList): void {
  if (state.enrichedKeys.size > 0) {
    out.add({
      status: 'RESOURCE-ENRICHED',
      subject: 'resource',
      count: state.enrichedKeys.size,
      detail: `unsigned resource attributes added downstream: ${someNames(state.enrichedKeys)}`,
    });
  }
  const keys = state.modifiedResourceKeys;
  const fields = state.modifiedResourceFields;
  if (keys.size + fields.size > 0) {
    const details: string[] = [];
    if (keys.size > 0) details.push(`signed resource attributes changed or removed: ${someNames(keys)}`);
    if (fields.size > 0) details.push(`signed resource fields changed: ${someNames(fields)}`);
    out.add({
      status: 'RESOURCE-MODIFIED',
      subject: 'resource',
      count: keys.size + fields.size,
      detail: details.join('; '),
    });
  }
}

function report(
  state: StreamState,
  out: FindingList,
  counts: Partial<Record<ItemStatus, number>>,
  chain: CheckpointFacts[],
  signedTreeSize: number,
  finalCheckpoint: boolean,
  strict: boolean,
  dropped?: StreamReport['dropped'],
): FinalizedStream {
  out.flush();
  const findings: Finding[] = out.findings;
  const times = chain.map((c) => c.timeNanos).filter((t): t is bigint => t !== undefined);
  const iso = (t: bigint) => new Date(Number(t / 1_000_000n)).toISOString();
  const t = state.table;
  const verdict = verdictOfStatuses(out.statuses, strict);
  const streamReport: StreamReport = {
    streamId: state.streamId,
    origin: state.origin,
    ...(state.producer ? { producer: state.producer } : {}),
    ...(t.maxObserved >= 0 ? { seqRange: { first: String(t.minObserved), last: String(t.maxObserved) } } : {}),
    signedTreeSize: String(signedTreeSize),
    checkpoints: { total: state.checkpoints.size + state.rejectedCheckpoints, valid: state.checkpoints.size },
    finalCheckpoint,
    ...(times.length > 0 ? { timeRange: { from: iso(times[0]!), to: iso(times[times.length - 1]!) } } : {}),
    records: counts,
    ...(dropped ? { dropped } : {}),
    findings,
    findingsOmitted: out.omitted,
    verdict,
  };
  return { report: streamReport, statuses: out.statuses };
}
