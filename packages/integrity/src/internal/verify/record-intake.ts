import { recordDigest } from '../../canonical/digest.js';
import type { IntegrityAttributeKeys } from '../../canonical/seal-attributes.js';
import type { CanonicalForm } from '../../canonical/tuple.js';
import { GENESIS_HEADER, RESOURCE_SNAPSHOT_HEADER } from '../../records/stream-bodies.js';
import { type CheckpointIntake, flat } from '../../verify/checkpoint-intake.js';
import { canonicalForm, lineKey, resourceDigestOrEmpty } from './archive-passes.js';
import { checkpointRecordProblem, noteStreamOf } from './checkpoint-record-shape.js';
import type { FastRecord } from './fast-line.js';
import { type FindingBudget, FindingList } from './findings.js';
import { OVERSIZED_RECORD } from './line-decoder.js';
import type { IntakeRecord } from './line-records.js';
import {
  eventNameOf,
  type IntegrityAttributes,
  type OtlpRecordRef,
  readIntegrityAttributes,
  stringBodyOf,
} from './otlp-records.js';
import { ResourceResolver } from './resource-resolver.js';
import { SeqTableMemory } from './seq-table-memory.js';
import { StreamState } from './stream-state.js';
import { UnprovenStreams } from './unproven-streams.js';

/** A stream a checkpoint record names, and how it stood before the checkpoint was taken. */
interface NamedStream {
  readonly stream: StreamState;
  /** Opened for this checkpoint record. */
  readonly opened: boolean;
  /** The budget of unproven streams had room before. */
  readonly hadRoom: boolean;
  /** Had a valid checkpoint before. */
  readonly proven: boolean;
}

/**
 * First pass over the archive, one log record at a time: files checkpoint records with the checkpoint intake, sorts
 * sealed records into their stream's seq table (digest, location), and lists records without a usable seal as foreign.
 * Keeps only bounded per-record state; record contents are dropped once digested.
 */
export class RecordIntake {
  readonly streams = new Map<string, StreamState>();
  readonly resources = new ResourceResolver();
  readonly foreign: FindingList;
  foreignCount = 0;
  /** Log records read (copies included), checkpoint records excluded. */
  recordCount = 0;
  checkpointCount = 0;
  private readonly checkpointEvent: string;
  private readonly originPrefix: string;
  /** Streams without a valid checkpoint yet: how many may be tracked, and what was left out beyond them. */
  readonly unproven: UnprovenStreams;
  /** Memory all streams' seq tables may take: records needing more are counted and left out. */
  readonly seqMemory: SeqTableMemory;
  /** The stream the checkpoint record being taken names, as it was before (set by {@link streamForCheckpoint}). */
  private named: NamedStream | undefined;
  /** Exported resource digests of the current line, by ResourceLogs index (a line's records share resources). */
  private lineResources = new Map<number, string>();
  private currentLine = -1;

  constructor(
    private readonly keys: IntegrityAttributeKeys,
    private readonly intake: CheckpointIntake,
    private readonly maxFindings: number,
    maxUnprovenStreams: number,
    maxSeqTableBytes: number,
    /** Findings all streams may keep (their lists at finalize draw from it too). */
    readonly findingBudget?: FindingBudget,
  ) {
    this.unproven = new UnprovenStreams(maxUnprovenStreams);
    this.seqMemory = new SeqTableMemory(maxSeqTableBytes);
    this.foreign = new FindingList(maxFindings);
    this.checkpointEvent = `${keys.namespace}.checkpoint`;
    this.originPrefix = `${keys.namespace}/v1/`;
  }

  /** Starts tracking a stream, as yet without a valid checkpoint (ids are copied so they do not pin their line). */
  private open(streamId: string): StreamState {
    const id = flat(streamId);
    const s = new StreamState(id, `${this.keys.namespace}/v1/${id}`, this.seqMemory, this.findingBudget);
    s.trackedLate = this.unproven.leftSome;
    this.streams.set(id, s);
    this.unproven.opened();
    return s;
  }

  /** The stream of a sealed record, or undefined when it is new and no more unproven streams may be tracked. */
  private streamOfRecord(streamId: string): StreamState | undefined {
    const known = this.streams.get(streamId);
    if (known !== undefined) return known;
    if (this.unproven.hasRoom) return this.open(streamId);
    this.unproven.leaveRecord(streamId);
    return undefined;
  }

  /** The stream a checkpoint record names, for the checkpoint intake: always there (its checkpoint may prove it). */
  private readonly streamForCheckpoint = (streamId: string): StreamState => {
    const known = this.streams.get(streamId);
    const hadRoom = this.unproven.hasRoom;
    const stream = known ?? this.open(streamId);
    this.named = { stream, opened: known === undefined, hadRoom, proven: stream.validCheckpoints > 0 };
    return stream;
  };

  /**
   * Hands a checkpoint record to the checkpoint intake, then settles the budget: the stream's first valid checkpoint
   * frees its place; a stream opened for a checkpoint that did not verify, while the budget was full, is forgotten.
   */
  private acceptCheckpoint(note: string | undefined, role: 'archive' | 'anchor', location: string) {
    this.named = undefined;
    const unattributed = this.intake.accept(note, role, location, this.streamForCheckpoint, this.maxFindings);
    const named = this.named as NamedStream | undefined;
    if (named === undefined || named.proven) return unattributed;
    if (named.stream.validCheckpoints > 0) this.unproven.proved();
    else if (named.opened && !named.hadRoom) {
      this.streams.delete(named.stream.streamId);
      this.unproven.forget(named.stream.streamId);
    }
    return unattributed;
  }

  /** Handles one record read at `fileIndex`/`line` (`location` is its `file:line`). */
  accept(ref: OtlpRecordRef, role: 'archive' | 'anchor', fileIndex: number, line: number, location: string): void {
    const lr = ref.logRecord;
    const keys = this.keys;
    const body = stringBodyOf(lr);
    this.#accept(
      ref,
      readIntegrityAttributes(lr, keys.stream, keys.seq),
      eventNameOf(lr),
      { body, bodyStartsWith: (prefix) => body?.startsWith(prefix) === true },
      role,
      fileIndex,
      line,
      location,
      (streamId, seq, resourceDigest) => {
        const form = canonicalForm(lr, ref, streamId, seq, resourceDigest, keys.all);
        return { form, digest: recordDigest(form.text) };
      },
      (lr as { [OVERSIZED_RECORD]?: number })[OVERSIZED_RECORD],
      () => {
        const form = canonicalForm(lr, ref, '', 0, '', keys.all);
        return form.ok ? (JSON.parse(form.text) as unknown[]).slice(4) : undefined;
      },
    );
  }

  /** The same for a record of a line read by the fast path (its canonical form was written while reading). */
  acceptFast(
    record: IntakeRecord,
    role: 'archive' | 'anchor',
    fileIndex: number,
    line: number,
    location: string,
  ): void {
    this.#accept(
      record,
      record.integrity,
      record.eventName,
      record,
      role,
      fileIndex,
      line,
      location,
      (streamId, seq, resourceDigest) => ({ form: undefined, digest: record.digest(streamId, seq, resourceDigest) }),
      undefined,
      () => record.recordSlots(),
    );
  }

  #accept(
    ref: Pick<OtlpRecordRef, 'resource' | 'resourceIndex'>,
    attrs: IntegrityAttributes,
    eventName: string | undefined,
    body: Pick<FastRecord, 'body' | 'bodyStartsWith'>,
    role: 'archive' | 'anchor',
    fileIndex: number,
    line: number,
    location: string,
    digestOf: (
      streamId: string,
      seq: number,
      resourceDigest: string,
    ) => { form: CanonicalForm | undefined; digest: Buffer },
    oversizedTokens: number | undefined,
    recordSlots: () => unknown[] | undefined,
  ): void {
    const lk = lineKey(fileIndex, line);
    if (lk !== this.currentLine) {
      this.currentLine = lk;
      this.lineResources = new Map();
    }
    const checkpointShaped =
      eventName === this.checkpointEvent || (attrs.kind === 'none' && body.bodyStartsWith(this.originPrefix));
    // A sealed record (stream and seq) is verified as one, whatever it calls itself: a relabelled copy conflicts.
    if (checkpointShaped && attrs.kind !== 'ok') {
      const problem = checkpointRecordProblem(
        attrs,
        eventName,
        this.checkpointEvent,
        noteStreamOf(body.body, this.originPrefix),
        recordSlots,
      );
      // The record is foreign; its note is still read, so a forged or spliced note is judged as a note too.
      if (problem !== undefined && role === 'archive') {
        this.recordCount++;
        this.addForeign({
          status: 'FOREIGN',
          subject: 'record',
          count: 1,
          detail: `shaped like a checkpoint record but not one: ${problem}`,
          location,
        });
      }
      this.checkpointCount++;
      const unattributed = this.acceptCheckpoint(body.body, role, location);
      if (unattributed) this.addForeign(unattributed);
      return;
    }
    if (role === 'anchor') return;
    this.recordCount++;
    if (attrs.kind !== 'ok') {
      this.addForeign({
        status: 'FOREIGN',
        subject: 'record',
        count: 1,
        detail: attrs.kind === 'none' ? 'no integrity attributes' : 'malformed integrity attributes',
        location,
      });
      return;
    }
    const stream = this.streamOfRecord(attrs.streamId!);
    if (stream === undefined) return;
    const seq = attrs.seq!;
    stream.records++;
    let exported = this.lineResources.get(ref.resourceIndex);
    if (exported === undefined) {
      exported = resourceDigestOrEmpty(ref.resource);
      this.lineResources.set(ref.resourceIndex, exported);
    }
    if (body.bodyStartsWith(GENESIS_HEADER) || body.bodyStartsWith(RESOURCE_SNAPSHOT_HEADER)) {
      this.resources.learnFromBody(stream, body.body!, seq);
    }
    stream.noteResolutionLine(lk);
    const resourceDigest = this.resources.resolve(stream, ref.resource, exported, seq);
    const { form, digest } = digestOf(attrs.streamId!, seq, resourceDigest);
    if (oversizedTokens !== undefined) stream.addOversized(seq, oversizedTokens);
    const taken = stream.table.observe(seq, digest, fileIndex, line, form !== undefined && !form.ok);
    if (taken === 'left-out') this.seqMemory.leaveRecord(stream.streamId);
    if (taken === 'rejected') {
      this.addForeign({
        status: 'FOREIGN',
        subject: 'record',
        count: 1,
        detail: 'implausible seq far beyond the rest of its stream (not tracked)',
        location,
      });
    }
  }

  private addForeign(f: import('../../verify/report.js').Finding): void {
    this.foreignCount++;
    this.foreign.add(f);
  }
}
