import type { Finding } from '../../verify/report.js';
import type { FindingBudget } from './findings.js';
import { SeqTable } from './seq-table.js';
import { type SeqTableMemory, unlimitedSeqTableMemory } from './seq-table-memory.js';

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

/** What a stream without the evidence in question answers with (shared; never written to). */
const NO_PAIRS: ReadonlyMap<never, never> = new Map<never, never>();
const NO_KEYS: ReadonlySet<never> = new Set<never>();
const NO_ITEMS: readonly never[] = Object.freeze([]);

/**
 * Accumulated, bounded evidence about one stream while the archive is read. A stream id costs an attacker one short
 * record, so everything most streams never need — checkpoints included: a forged stream has none — is made on first
 * use; until then the readers below answer from shared empty values.
 */
export class StreamState {
  readonly table: SeqTable;
  #checkpoints: Map<string, CheckpointFacts> | undefined;
  #checkpointFindings: Finding[] | undefined;
  checkpointFindingsOmitted = 0;
  /** Checkpoint records seen, valid or not (copies included). */
  checkpointRecords = 0;
  /** Distinct checkpoint notes rejected (bad or untrusted signature, malformed). */
  rejectedCheckpoints = 0;
  /** Records read (copies included). */
  records = 0;
  producer: Record<string, string> | undefined;
  /**
   * First tracked after the verifier began leaving records of new streams out (its limit on streams without a valid
   * checkpoint): records of this stream read before then may be among them.
   */
  trackedLate = false;
  #signedResources: SignedResource[] | undefined;
  #enrichedKeys: Set<string> | undefined;
  #modifiedResourceKeys: Set<string> | undefined;
  #modifiedResourceFields: Set<string> | undefined;
  /** The first line holding records of this stream (-1: none yet) and the snapshots known when it was read. */
  #firstLine = -1;
  #firstLineKnown = 0;
  /** The same for the lines after the first. */
  #laterLines: Map<number, number> | undefined;
  #lastLine = -1;
  #locatedModifications: Map<number, { readonly field: string; readonly detail: string }> | undefined;
  #oversized: Map<number, number> | undefined;

  readonly #findingBudget: FindingBudget | undefined;

  /** `memory`, `findings`: the seq-table and findings budgets shared by the streams of one verification run. */
  constructor(
    readonly streamId: string,
    readonly origin: string,
    memory: SeqTableMemory = unlimitedSeqTableMemory(),
    findings?: FindingBudget,
  ) {
    this.table = new SeqTable(memory);
    this.#findingBudget = findings;
  }

  /** Valid (trusted-signature) checkpoints by note hash; made on first use (the checkpoint intake files them here). */
  get checkpoints(): Map<string, CheckpointFacts> {
    this.#checkpoints ??= new Map();
    return this.#checkpoints;
  }

  /** How many valid checkpoints the stream has, without making the map. */
  get validCheckpoints(): number {
    return this.#checkpoints?.size ?? 0;
  }

  /** Checkpoint-level problems found while reading (bad signatures, malformed notes); capped. */
  get checkpointFindings(): readonly Finding[] {
    return this.#checkpointFindings ?? NO_ITEMS;
  }

  addCheckpointFinding(f: Finding, max: number): void {
    this.#checkpointFindings ??= [];
    if (this.#checkpointFindings.length < max && (this.#findingBudget?.take() ?? true))
      this.#checkpointFindings.push(f);
    else this.checkpointFindingsOmitted++;
  }

  /** Signed resource snapshots learned from genesis / resource-snapshot records, in the order they were read. */
  get signedResources(): readonly SignedResource[] {
    return this.#signedResources ?? NO_ITEMS;
  }

  addSignedResource(r: SignedResource): void {
    this.#signedResources ??= [];
    this.#signedResources.push(r);
  }

  /** Resource attributes seen on export but not in the signed snapshot (RESOURCE-ENRICHED). */
  get enrichedKeys(): ReadonlySet<string> {
    return this.#enrichedKeys ?? NO_KEYS;
  }

  addEnrichedKey(key: string): void {
    this.#enrichedKeys ??= new Set();
    this.#enrichedKeys.add(key);
  }

  /** Signed resource attributes changed or removed downstream (RESOURCE-MODIFIED). */
  get modifiedResourceKeys(): ReadonlySet<string> {
    return this.#modifiedResourceKeys ?? NO_KEYS;
  }

  addModifiedResourceKey(key: string): void {
    this.#modifiedResourceKeys ??= new Set();
    this.#modifiedResourceKeys.add(key);
  }

  /** Signed resource fields other than one attribute changed downstream (RESOURCE-MODIFIED). */
  get modifiedResourceFields(): ReadonlySet<string> {
    return this.#modifiedResourceFields ?? NO_KEYS;
  }

  addModifiedResourceField(field: string): void {
    this.#modifiedResourceFields ??= new Set();
    this.#modifiedResourceFields.add(field);
  }

  /**
   * Notes that line `line` (a `lineKey`) holds records of this stream, with how many signed resource snapshots were
   * known when it was first read: lines read before the last snapshot was learned are re-checked at the end. Lines are
   * read once, in order, so a line already noted is the last one.
   */
  noteResolutionLine(line: number): void {
    if (line === this.#lastLine) return;
    this.#lastLine = line;
    const known = this.signedResources.length;
    if (this.#firstLine < 0) {
      this.#firstLine = line;
      this.#firstLineKnown = known;
    } else {
      this.#laterLines ??= new Map();
      this.#laterLines.set(line, known);
    }
  }

  /** Each noted line with the number of snapshots known when it was read. */
  *resolutionLines(): Generator<[line: number, known: number]> {
    if (this.#firstLine >= 0) yield [this.#firstLine, this.#firstLineKnown];
    if (this.#laterLines) yield* this.#laterLines;
  }

  /** Modified records whose differing field was found (seq → field). */
  get locatedModifications(): ReadonlyMap<number, { readonly field: string; readonly detail: string }> {
    return this.#locatedModifications ?? NO_PAIRS;
  }

  addLocatedModification(seq: number, located: { readonly field: string; readonly detail: string }): void {
    this.#locatedModifications ??= new Map();
    this.#locatedModifications.set(seq, located);
  }

  /** Records too large to parse within the verifier's memory bound (seq → structural tokens). */
  get oversized(): ReadonlyMap<number, number> {
    return this.#oversized ?? NO_PAIRS;
  }

  addOversized(seq: number, tokens: number): void {
    this.#oversized ??= new Map();
    this.#oversized.set(seq, tokens);
  }
}
