import { stat } from 'node:fs/promises';
import { recordDigest } from '../canonical/digest.js';
import { integrityAttributeKeys } from '../canonical/seal-attributes.js';
import { UNVERIFIABLE_REASONS, unverifiableText } from '../canonical/tuple.js';
import { type ArchiveSource, localiseModifications, recheckProvisional } from '../internal/verify/archive-passes.js';
import { FAST_LINE_MAX_BYTES, type FastLineOptions } from '../internal/verify/fast-line.js';
import { finalizeStream } from '../internal/verify/finalize-stream.js';
import { DEFAULT_MAX_FINDINGS_TOTAL, FindingBudget, FindingList } from '../internal/verify/findings.js';
import { decodeLine } from '../internal/verify/line-decoder.js';
import { type BodyInterest, bodyInterest, type IntakeRecord } from '../internal/verify/line-records.js';
import { forEachOtlpLogRecord, type RequestShapeProblems } from '../internal/verify/otlp-records.js';
import { ParseAhead, parseAheadWanted } from '../internal/verify/parse-ahead.js';
import { RecordIntake } from '../internal/verify/record-intake.js';
import { DEFAULT_MAX_SEQ_TABLE_BYTES, seqTableLimitFinding } from '../internal/verify/seq-table-memory.js';
import type { StreamState } from '../internal/verify/stream-state.js';
import { DEFAULT_MAX_UNPROVEN_STREAMS, STREAM_TRACKED_LATE } from '../internal/verify/unproven-streams.js';
import { verdictReason } from '../internal/verify/verdict-reason.js';
import { type ArchiveFileSummary, ArchiveInputError, listArchiveFiles, readArchiveFile } from './archive-input.js';
import { type CheckpointIntake, createCheckpointIntake, type VerifierTrust } from './checkpoint-intake.js';
import {
  combineVerdicts,
  type Finding,
  type ItemStatus,
  type StreamReport,
  type VerificationReport,
  verdictOfStatuses,
} from './report.js';

/** Options of {@link verifyArchive}. */
export interface VerifyArchiveOptions {
  /** Keys whose checkpoint signatures are trusted (pinned: the algorithm comes from here, never from the note). */
  readonly trust: VerifierTrust;
  /** Files or directories holding checkpoints copied to an anchor sink; a larger anchored size → `TRUNCATED`. */
  readonly anchors?: readonly string[];
  /** Integrity attribute namespace the producer used (default `seclog.integrity`). */
  readonly namespace?: string;
  /** Tool name and version written into the report. */
  readonly tool?: { readonly name: string; readonly version: string };
  /** Findings listed per stream before the rest are only counted (default 1000). */
  readonly maxFindingsPerStream?: number;
  /**
   * Findings listed in all streams together before the rest are only counted (default 200,000): with many streams
   * the per-stream cap alone would not bound memory. Statuses, counts and verdicts never depend on it.
   */
  readonly maxFindingsTotal?: number;
  /** Called as input bytes are read (for a progress display). */
  readonly onProgress?: (p: { readonly bytesRead: number; readonly totalBytes: number }) => void;
  /**
   * Count warnings as failures: stream verdicts and the overall verdict become `failed` where they would be
   * `warnings` (the CLI's `--strict`). Recorded in the report, so the verdict always matches the exit code.
   */
  readonly strict?: boolean;
  /**
   * Accept an archive that holds no sealed evidence. Without it such an archive fails with `NO-SEALED-RECORDS`
   * ("no sealed records found"). Sealed evidence is a stream that has at least one checkpoint whose signature verifies
   * under a trusted key, and at least one record or checkpoint record in the archive inputs (anchors alone do not
   * count). An empty file, non-OTLP JSON, a traces-only archive, only foreign records or only untrusted checkpoints
   * hold none.
   */
  readonly allowEmpty?: boolean;
  /** Longest line read, in bytes (default `MAX_LINE_BYTES`, 64 MiB); longer lines are skipped as CORRUPT-LINE. */
  readonly maxLineBytes?: number;
  /** Largest single JSON parse, in structural tokens (default `MAX_PARSE_TOKENS`); lower values are for tests. */
  readonly maxParseTokens?: number;
  /**
   * Streams tracked at once without a checkpoint that verifies under a trusted key (default 16,384, the CLI's
   * `--max-unproven-streams`); memory stays bounded whatever the archive holds. A record of a new stream beyond it is
   * counted but not verified, and the report fails with a `VERIFIER-LIMIT` finding. A stream frees its place when
   * its first valid checkpoint is read, so the limit is reached only when that many streams have records read before
   * any of their checkpoints — e.g. when the checkpoints are in a file given last: give that file first, or raise this.
   */
  readonly maxUnprovenStreams?: number;
  /**
   * Bytes of memory the seq tables of all streams may take together (default 512 MiB, the CLI's
   * `--max-seq-table-mib`): about 40 bytes per genuine record, so the default holds an archive of about 7 GB (13 M
   * records). It bounds memory whatever the archive holds — seq tables live outside the V8 heap limit. A record whose
   * seq needs memory beyond it is counted but not verified, and the report fails with a `VERIFIER-LIMIT` finding on
   * the archive and on each stream that lost records.
   */
  readonly maxSeqTableBytes?: number;
}

const DEFAULT_MAX_FINDINGS = 1000;

/**
 * Verifies sealed OTLP/JSON-lines archives (collector file exporter format, plain or gzip, any batching and order;
 * directories are read recursively) against trusted checkpoint keys, and reports every stream, record and checkpoint
 * with a status (docs/spec/verification.md). Always produces a report once the inputs can be opened: unreadable lines,
 * torn or oversized lines and corrupt gzip data are `CORRUPT-LINE` findings and everything else is still verified.
 * Memory stays bounded: it grows with the number of records (about 40–75 bytes each), never with their size, no
 * single parse exceeds a fixed bound whatever one record holds, and at most `maxUnprovenStreams` streams are tracked
 * before a checkpoint of theirs verifies, and the seq tables of all streams take at most `maxSeqTableBytes` (records
 * left out for either fail the report with `VERIFIER-LIMIT`). Throws {@link ArchiveInputError} only for inputs that
 * cannot be opened or listed.
 *
 * @example
 * const report = await verifyArchive(['/var/log/otel/'], { trust: { publicKeys: [publicKeyPem] } });
 * if (report.verdict !== 'valid') console.log(formatTextReport(report));
 */
export async function verifyArchive(
  inputs: readonly string[],
  options: VerifyArchiveOptions,
): Promise<VerificationReport> {
  const keys = integrityAttributeKeys(options.namespace);
  const strict = options.strict === true;
  const allowEmpty = options.allowEmpty === true;
  const maxFindings = options.maxFindingsPerStream ?? DEFAULT_MAX_FINDINGS;
  const source = await openSource(inputs, options, keys);
  const intake: CheckpointIntake = createCheckpointIntake(options.trust, keys.namespace);
  const maxUnproven = options.maxUnprovenStreams ?? DEFAULT_MAX_UNPROVEN_STREAMS;
  if (!Number.isSafeInteger(maxUnproven) || maxUnproven < 1) {
    throw new RangeError('maxUnprovenStreams: expected a positive integer');
  }
  const maxSeqTableBytes = options.maxSeqTableBytes ?? DEFAULT_MAX_SEQ_TABLE_BYTES;
  if (!Number.isSafeInteger(maxSeqTableBytes) || maxSeqTableBytes < 1) {
    throw new RangeError('maxSeqTableBytes: expected a positive integer');
  }
  const maxFindingsTotal = options.maxFindingsTotal ?? DEFAULT_MAX_FINDINGS_TOTAL;
  if (!Number.isSafeInteger(maxFindingsTotal) || maxFindingsTotal < 1) {
    throw new RangeError('maxFindingsTotal: expected a positive integer');
  }
  const findingBudget = new FindingBudget(maxFindingsTotal);
  const records = new RecordIntake(keys, intake, maxFindings, maxUnproven, maxSeqTableBytes, findingBudget);
  const input = new FindingList(maxFindings);
  const reading = await readInputs(source, records, input, options.onProgress);

  const streams = records.streams;
  await recheckProvisional(source, streams, records.resources, keys);
  await localiseModifications(source, streams, records.resources, keys);
  const { reports, statuses } = finalizeStreams(streams, source, { maxFindings, strict, findingBudget });
  const sealedStreams = [...streams.values()].filter(hasSealedEvidence).length;
  if (sealedStreams === 0 && !allowEmpty) input.add(noSealedRecords(streams.values()));
  for (const leftOut of [records.unproven.finding(), records.seqMemory.finding()]) if (leftOut) input.add(leftOut);
  input.flush();
  records.foreign.flush();
  for (const st of records.foreign.statuses) statuses.add(st);
  for (const st of input.statuses) statuses.add(st);
  const verdict = combineVerdicts([
    verdictOfStatuses(records.foreign.statuses, strict),
    verdictOfStatuses(input.statuses, strict),
    ...reports.map((s) => s.verdict),
  ]);
  return {
    tool: options.tool ?? { name: '@seclog/integrity', version: 'unknown' },
    reportVersion: 2,
    generatedAt: new Date().toISOString(),
    strict,
    allowEmpty,
    inputs: reading.summaries.map((s) => ({
      path: s.path,
      sha256: s.sha256,
      bytes: s.bytes,
      gzip: s.gzip,
      role: s.role,
      complete: s.complete,
    })),
    trust: intake.trustSummary(),
    streams: reports,
    foreign: { count: records.foreignCount, findings: records.foreign.findings },
    input: { findings: input.findings, findingsOmitted: input.omitted },
    totals: {
      records: records.recordCount,
      checkpoints: records.checkpointCount,
      streams: reports.length,
      failedStreams: reports.filter((s) => s.verdict === 'failed').length,
      sealedStreams,
      corruptLines: reading.corruptLines,
      otherSignalLines: reading.otherSignalLines,
    },
    notChecked: reading.summaries.some((f) => f.role === 'anchor') ? [] : [WHOLE_STREAMS_NOT_CHECKED],
    verdict,
    verdictReason: verdictReason(verdict, statuses, strict, sealedStreams === 0),
  };
}

/** Said in every report verified without anchors (docs/spec/verification.md, "What a verdict covers"). */
const WHOLE_STREAMS_NOT_CHECKED =
  'whether whole streams are missing: a stream whose every record and checkpoint was deleted leaves no trace in ' +
  'the archive; verify with anchors (checkpoint copies kept elsewhere) to check it';

/** The input files (archives first, then anchors, each with its role), how to read them, and their total size. */
interface InputSource extends ArchiveSource {
  readonly files: readonly { readonly path: string; readonly role: 'archive' | 'anchor' }[];
  /** How well-formed lines are read without parsing them into objects (the general path takes the others). */
  readonly fast: FastLineOptions;
  /** Which record bodies the intake reads (what the parse-ahead worker sends). */
  readonly interest: BodyInterest;
  readonly totalBytes: number;
}

/** Lists the inputs and sums their sizes (for progress); the files are read later, once. */
async function openSource(
  inputs: readonly string[],
  options: VerifyArchiveOptions,
  keys: ReturnType<typeof integrityAttributeKeys>,
): Promise<InputSource> {
  const archiveFiles = await listArchiveFiles(inputs);
  const anchorFiles = options.anchors && options.anchors.length > 0 ? await listArchiveFiles(options.anchors) : [];
  const files = [
    ...archiveFiles.map((path) => ({ path, role: 'archive' as const })),
    ...anchorFiles.map((path) => ({ path, role: 'anchor' as const })),
  ];
  let totalBytes = 0;
  for (const f of files) {
    try {
      totalBytes += (await stat(f.path)).size;
    } catch {
      throw new ArchiveInputError(`cannot read input ${f.path}`);
    }
  }
  return {
    files,
    read: options.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {},
    decode: {
      sealKeys: [keys.stream, keys.seq],
      ...(options.maxParseTokens !== undefined ? { maxParseTokens: options.maxParseTokens } : {}),
    },
    totalBytes,
    interest: bodyInterest(keys.namespace),
    fast: {
      streamKey: keys.stream,
      seqKey: keys.seq,
      ...(options.maxParseTokens !== undefined ? { maxParseTokens: options.maxParseTokens } : {}),
    },
  };
}

/** What reading the inputs gave besides the records: file summaries and line counts. */
interface Reading {
  readonly summaries: (ArchiveFileSummary & { role: 'archive' | 'anchor' })[];
  readonly corruptLines: number;
  readonly otherSignalLines: number;
}

/**
 * Reads every line of every input once: records and checkpoints go to the intake, unreadable lines and malformed
 * entries become CORRUPT-LINE findings, and reading goes on. Large inputs are parsed ahead in a worker thread; lines
 * are still handled one at a time in file order.
 */
async function readInputs(
  source: InputSource,
  records: RecordIntake,
  input: FindingList,
  onProgress: VerifyArchiveOptions['onProgress'],
): Promise<Reading> {
  const counts = { corruptLines: 0, otherSignalLines: 0 };
  const summaries: Reading['summaries'] = [];
  const lines = await ParseAhead.start(source.fast, source.interest, parseAheadWanted(source.totalBytes));
  try {
    let bytesBefore = 0;
    for (let fileIndex = 0; fileIndex < source.files.length; fileIndex++) {
      const { path, role } = source.files[fileIndex]!;
      const summary: { value?: ArchiveFileSummary; bytesRead?: number } = {};
      for await (const item of readArchiveFile(path, summary, source.read)) {
        const location = `${path}:${item.line}`;
        const progress = { bytesRead: bytesBefore + (summary.bytesRead ?? 0), totalBytes: source.totalBytes };
        if (item.kind === 'problem') {
          const detail = item.detail;
          lines.step(() => {
            counts.corruptLines++;
            input.add({ status: 'CORRUPT-LINE', subject: 'line', count: 1, detail, location });
          });
          continue;
        }
        const line = { fileIndex, role, line: item.line, location };
        // A line the fast path does not take for its size is not copied into the queue: it waits its turn here.
        if (item.bytes.length > FAST_LINE_MAX_BYTES) await lines.drain();
        lines.line(item.bytes, (fast, bytes) => {
          handleLine(source, records, input, counts, line, fast, bytes);
          onProgress?.(progress);
        });
        await lines.room();
      }
      await lines.drain();
      summaries.push({ ...summary.value!, role });
      bytesBefore += summary.value?.bytes ?? 0;
      onProgress?.({ bytesRead: bytesBefore, totalBytes: source.totalBytes });
    }
  } finally {
    await lines.close();
  }
  return { summaries, ...counts };
}

/** Where a line was read. */
interface LinePlace {
  readonly fileIndex: number;
  readonly role: 'archive' | 'anchor';
  readonly line: number;
  readonly location: string;
}

/** One line: its records from the fast path, or (`fast` undefined) the general path's reading of its bytes. */
function handleLine(
  source: InputSource,
  records: RecordIntake,
  input: FindingList,
  counts: { corruptLines: number; otherSignalLines: number },
  at: LinePlace,
  fast: readonly IntakeRecord[] | undefined,
  bytes: Buffer,
): void {
  if (fast !== undefined) {
    for (const record of fast) records.acceptFast(record, at.role, at.fileIndex, at.line, at.location);
    return;
  }
  const corrupt = (detail: string) =>
    input.add({ status: 'CORRUPT-LINE', subject: 'line', count: 1, detail, location: at.location });
  const decoded = decodeLine(bytes, source.decode);
  if (decoded.otherSignal) counts.otherSignalLines++;
  let shape: RequestShapeProblems | undefined;
  if (decoded.request) {
    shape = forEachOtlpLogRecord(decoded.request, (ref) =>
      records.accept(ref, at.role, at.fileIndex, at.line, at.location),
    );
  }
  if (decoded.problem || (shape && shape.skipped > 0)) counts.corruptLines++;
  if (decoded.problem) corrupt(decoded.problem);
  if (shape && shape.skipped > 0) corrupt(shapeDetail(shape));
}

/** One report per stream that holds anything, in stream-id order, and every status that occurred. */
function finalizeStreams(
  streams: ReadonlyMap<string, StreamState>,
  source: ArchiveSource,
  o: { maxFindings: number; strict: boolean; findingBudget: FindingBudget },
): { reports: StreamReport[]; statuses: Set<ItemStatus> } {
  const location = (file: number, line: number) => `${source.files[file]?.path ?? '?'}:${line}`;
  const unverifiableDigests = (streamId: string, seq: number) =>
    UNVERIFIABLE_REASONS.map((r) => recordDigest(unverifiableText(streamId, String(seq), r)));
  const reports: StreamReport[] = [];
  const statuses = new Set<ItemStatus>();
  for (const id of [...streams.keys()].sort()) {
    const s = streams.get(id)!;
    if (s.records === 0 && s.validCheckpoints === 0 && s.checkpointFindings.length === 0) continue;
    const finalized = finalizeStream(s, { ...o, unverifiableDigests, location });
    let report = finalized.report;
    // Listed first: the records these explain (MISSING, TRUNCATED) come later in the stream's findings.
    if (s.table.recordsLeftOut > 0) report = withFinding(report, seqTableLimitFinding(s.table.recordsLeftOut), o);
    if (s.trackedLate) report = withFinding(report, STREAM_TRACKED_LATE, o);
    reports.push(report);
    for (const st of finalized.statuses) statuses.add(st);
    if (s.trackedLate || s.table.recordsLeftOut > 0) statuses.add('VERIFIER-LIMIT');
  }
  return { reports, statuses };
}

/** A stream report with one more finding, listed first (within the findings cap) and weighed in its verdict. */
function withFinding(
  report: StreamReport,
  finding: Finding,
  o: { maxFindings: number; strict: boolean },
): StreamReport {
  const findings = [finding, ...report.findings];
  const omitted = Math.max(0, findings.length - o.maxFindings);
  return {
    ...report,
    findings: findings.slice(0, findings.length - omitted),
    findingsOmitted: report.findingsOmitted + omitted,
    verdict: combineVerdicts([report.verdict, verdictOfStatuses([finding.status], o.strict)]),
  };
}

/** A stream with a trusted checkpoint and something of its own in the archive inputs (not only in anchors). */
function hasSealedEvidence(s: StreamState): boolean {
  if (s.validCheckpoints === 0) return false;
  if (s.records > 0) return true;
  for (const c of s.checkpoints.values()) if (c.inArchive) return true;
  return false;
}

function noSealedRecords(streams: Iterable<StreamState>): import('./report.js').Finding {
  let untrusted = false;
  for (const s of streams) if (s.rejectedCheckpoints > 0) untrusted = true;
  return {
    status: 'NO-SEALED-RECORDS',
    subject: 'archive',
    count: 1,
    detail: untrusted
      ? 'no sealed records found: checkpoints were read but none verifies under a trusted key'
      : 'no sealed records found: no record or checkpoint in the archive belongs to a stream with a trusted checkpoint',
  };
}

function shapeDetail(shape: RequestShapeProblems): string {
  return shape.skipped === 1
    ? `malformed OTLP entry skipped (${shape.first})`
    : `${shape.skipped} malformed OTLP entries skipped (first: ${shape.first})`;
}
