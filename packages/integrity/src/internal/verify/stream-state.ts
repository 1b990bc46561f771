import type { Finding } from '../../verify/report.js';
import { SeqTable } from './seq-table.js';

/** What the verifier keeps of one signature-checked checkpoint (the note itself is not kept). */
export interface CheckpointFacts {
  /** Base64 hash of the note as the next checkpoint's `p` line must quote it. */
  readonly noteHash: string;
  /** `k`: 0-based checkpoint index within the stream. */
  readonly index: number;
  readonly treeSize: number;
  readonly root: Uint8Array;
  readonly timeNanos?: bigint;
  readonly monotonic?: bigint;
  /** `p`: hash of the previous checkpoint note (absent on the first). */
  readonly prevHash?: string;
  /** `r`: seqs covered since the previous checkpoint, as a half-open range [start, end). */
  readonly range?: { readonly start: number; readonly end: number };
  /** Number of digests in the leaf list (`l`); the digests themselves went into the seq table. */
  readonly leafListLength: number;
  /** `c`: compact-range nodes at `treeSize` (windowed verification), concatenated 32-byte hashes. */
  readonly compactNodes?: Uint8Array;
  readonly final: boolean;
  /** `d`: seq ranges `[start, end)` the producer sealed but declares undelivered. */
  readonly droppedRanges?: readonly { readonly start: number; readonly end: number }[];
  /** `x`: records refused before sealing since the previous checkpoint. */
  readonly refusedRecords?: number;
  readonly keyName: string;
  /**
   * Which of the trusted keys verified the note, in any of its copies (indexes into the verifier's key list). A
   * producer signs a stream with one key, so a stream whose checkpoints share no key is not trusted (finalize-stream.ts).
   */
  readonly signerKeys: number[];
  /** The signature lines of the copy filed: an identical copy needs no second check. */
  readonly signatures: string;
  /** Seen in an archive input (not only in an anchor). */
  inArchive: boolean;
  inAnchor: boolean;
  readonly location: string;
}

/** Producer identity and signed resources learned from genesis / resource-snapshot records. */
export interface SignedResource {
  readonly digest: string;
  /** Seq of the record that signed it: the snapshot applies from this seq on. */
  readonly seq: number;
  /** Position in the order snapshots were read (not seq order: archives come in any order). */
  readonly learned: number;
  /** Canonical attribute pairs, keyed by attribute name → canonical value JSON. */
  readonly attributes: ReadonlyMap<string, string>;
  /** The resource's `droppedAttributesCount` as a decimal: the digest covers it too. */
  readonly droppedAttributesCount: string;
}

/** Accumulated, bounded evidence about one stream while the archive is read. */
export class StreamState {
  readonly table = new SeqTable();
  /** Valid (trusted-signature) checkpoints by note hash. */
  readonly checkpoints = new Map<string, CheckpointFacts>();
  /** Checkpoint-level problems found while reading (bad signatures, malformed notes); capped. */
  readonly checkpointFindings: Finding[] = [];
  checkpointFindingsOmitted = 0;
  /** Checkpoint records seen, valid or not (copies included). */
  checkpointRecords = 0;
  /** Distinct checkpoint notes rejected (bad or untrusted signature, malformed). */
  rejectedCheckpoints = 0;
  /** Records read (copies included). */
  records = 0;
  producer: Record<string, string> | undefined;
  readonly signedResources: SignedResource[] = [];
  /** Resource attributes seen on export but not in the signed snapshot (RESOURCE-ENRICHED). */
  readonly enrichedKeys = new Set<string>();
  /** Signed resource attributes changed or removed downstream (RESOURCE-MODIFIED). */
  readonly modifiedResourceKeys = new Set<string>();
  /** Signed resource fields other than one attribute changed downstream (RESOURCE-MODIFIED). */
  readonly modifiedResourceFields = new Set<string>();
  /**
   * Lines holding records of this stream → how many signed resource snapshots were known when the line was first
   * read. Lines read before the last snapshot was learned are re-checked at the end.
   */
  readonly resolutionLines = new Map<number, number>();
  /** Modified records whose differing field was found (seq → field). */
  readonly locatedModifications = new Map<number, { readonly field: string; readonly detail: string }>();
  /** Records whose canonical form could not be computed from the export (seq → reason). */
  readonly uncanonicalizable = new Map<number, string>();
  /** Records too large to parse within the verifier's memory bound (seq → structural tokens). */
  readonly oversized = new Map<number, number>();

  constructor(
    readonly streamId: string,
    readonly origin: string,
  ) {}

  addCheckpointFinding(f: Finding, max: number): void {
    if (this.checkpointFindings.length < max) this.checkpointFindings.push(f);
    else this.checkpointFindingsOmitted++;
  }
}
