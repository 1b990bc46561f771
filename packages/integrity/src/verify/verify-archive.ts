import { stat } from 'node:fs/promises';
import { recordDigest } from '../canonical/digest.js';
import { integrityAttributeKeys } from '../canonical/seal-attributes.js';
import { UNVERIFIABLE_REASONS, unverifiableText } from '../canonical/tuple.js';
import { GENESIS_HEADER, RESOURCE_SNAPSHOT_HEADER } from '../records/stream-bodies.js';
import { type ArchiveFileSummary, ArchiveInputError, listArchiveFiles, readArchiveFile } from './archive-input.js';
import {
  canonicalForm,
  lineKey,
  localiseModifications,
  recheckProvisional,
  resourceDigestOrEmpty,
} from './archive-passes.js';
import { type CheckpointIntake, createCheckpointIntake, flat, type VerifierTrust } from './checkpoint-intake.js';
import { finalizeStream } from './finalize-stream.js';
import { FindingList } from './findings.js';
import {
  eventNameOf,
  forEachOtlpLogRecord,
  type OtlpRecordRef,
  OtlpShapeError,
  readIntegrityAttributes,
  stringBodyOf,
} from './otlp-records.js';
import { combineVerdicts, type StreamReport, type VerificationReport, verdictOfStatuses } from './report.js';
import { ResourceResolver } from './resource-resolver.js';
import { StreamState } from './stream-state.js';

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
  /** Called as input bytes are read (for a progress display). */
  readonly onProgress?: (p: { readonly bytesRead: number; readonly totalBytes: number }) => void;
}

const DEFAULT_MAX_FINDINGS = 1000;

/**
 * Verifies sealed OTLP/JSON-lines archives (collector file exporter format, plain or gzip, any batching and order;
 * directories are read recursively) against trusted checkpoint keys, and reports every stream, record and checkpoint
 * with a status from the design (§11.4). Streams the input: memory grows with the number of records (about 40–75 bytes
 * each), never with their size. Throws {@link ArchiveInputError} for unreadable or malformed input.
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
  const intake: CheckpointIntake = createCheckpointIntake(options.trust, keys.namespace);
  const maxFindings = options.maxFindingsPerStream ?? DEFAULT_MAX_FINDINGS;
  const archiveFiles = await listArchiveFiles(inputs);
  const anchorFiles = options.anchors && options.anchors.length > 0 ? await listArchiveFiles(options.anchors) : [];
  if (archiveFiles.length === 0) throw new ArchiveInputError('no input files found');
  const files = [
    ...archiveFiles.map((path) => ({ path, role: 'archive' as const })),
    ...anchorFiles.map((path) => ({ path, role: 'anchor' as const })),
  ];
  let totalBytes = 0;
  for (const f of files) totalBytes += (await stat(f.path)).size;

  const streams = new Map<string, StreamState>();
  const resources = new ResourceResolver();
  const foreign = new FindingList(maxFindings);
  let foreignCount = 0;
  let recordCount = 0;
  let checkpointCount = 0;
  const summaries: (ArchiveFileSummary & { role: 'archive' | 'anchor' })[] = [];
  const streamOf = (streamId: string): StreamState => {
    let s = streams.get(streamId);
    if (!s) {
      const id = flat(streamId);
      s = new StreamState(id, `${keys.namespace}/v1/${id}`);
      streams.set(id, s);
    }
    return s;
  };
  const checkpointEvent = `${keys.namespace}.checkpoint`;
  const originPrefix = `${keys.namespace}/v1/`;
  let bytesBefore = 0;

  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const { path, role } = files[fileIndex]!;
    const summary: { value?: ArchiveFileSummary; bytesRead?: number } = {};
    for await (const line of readArchiveFile(path, summary)) {
      const where = `${path}:${line.line}`;
      const lineResources = new Map<number, string>();
      const visit = (ref: OtlpRecordRef) => {
        const lr = ref.logRecord;
        const attrs = readIntegrityAttributes(lr, keys.stream, keys.seq);
        const body = stringBodyOf(lr);
        if (
          eventNameOf(lr) === checkpointEvent ||
          (attrs.kind === 'none' && body !== undefined && body.startsWith(originPrefix))
        ) {
          checkpointCount++;
          const unattributed = intake.accept(body, role, where, streamOf, maxFindings);
          if (unattributed) {
            foreignCount++;
            foreign.add(unattributed);
          }
          return;
        }
        if (role === 'anchor') return;
        recordCount++;
        if (attrs.kind !== 'ok') {
          foreignCount++;
          foreign.add({
            status: 'FOREIGN',
            subject: 'record',
            count: 1,
            detail: attrs.kind === 'none' ? 'no integrity attributes' : 'malformed integrity attributes',
            location: where,
          });
          return;
        }
        const stream = streamOf(attrs.streamId!);
        const seq = attrs.seq!;
        stream.records++;
        let exported = lineResources.get(ref.resourceIndex);
        if (exported === undefined) {
          exported = resourceDigestOrEmpty(ref.resource);
          lineResources.set(ref.resourceIndex, exported);
        }
        if (body !== undefined && (body.startsWith(GENESIS_HEADER) || body.startsWith(RESOURCE_SNAPSHOT_HEADER))) {
          resources.learnFromBody(stream, body, seq);
        }
        const lk = lineKey(fileIndex, line.line);
        if (!stream.resolutionLines.has(lk)) stream.resolutionLines.set(lk, stream.signedResources.length);
        const resourceDigest = resources.resolve(stream, ref.resource, exported, seq);
        const form = canonicalForm(lr, ref, attrs.streamId!, seq, resourceDigest, keys.all);
        if (!form.ok) stream.uncanonicalizable.set(seq, form.reason ?? 'invalid-value');
        if (stream.table.observe(seq, recordDigest(form.text), fileIndex, line.line) === 'rejected') {
          foreignCount++;
          foreign.add({
            status: 'FOREIGN',
            subject: 'record',
            count: 1,
            detail: 'implausible seq far beyond the rest of its stream (not tracked)',
            location: where,
          });
        }
      };
      try {
        forEachOtlpLogRecord(line.value, visit);
      } catch (err) {
        if (err instanceof OtlpShapeError)
          throw new ArchiveInputError(`${where}: not an OTLP logs request (${err.message})`);
        throw err;
      }
      if (options.onProgress) options.onProgress({ bytesRead: bytesBefore + (summary.bytesRead ?? 0), totalBytes });
    }
    summaries.push({ ...summary.value!, role });
    bytesBefore += summary.value?.bytes ?? 0;
    options.onProgress?.({ bytesRead: bytesBefore, totalBytes });
  }

  await recheckProvisional(files, streams, resources, keys);
  await localiseModifications(files, streams, resources, keys);

  const location = (file: number, line: number) => `${files[file]?.path ?? '?'}:${line}`;
  const unverifiableDigests = (streamId: string, seq: number) =>
    UNVERIFIABLE_REASONS.map((r) => recordDigest(unverifiableText(streamId, String(seq), r)));
  const reports: StreamReport[] = [];
  for (const id of [...streams.keys()].sort()) {
    const s = streams.get(id)!;
    if (s.records === 0 && s.checkpoints.size === 0 && s.checkpointFindings.length === 0) continue;
    reports.push(finalizeStream(s, { maxFindings, unverifiableDigests, location }));
  }
  foreign.flush();
  const foreignVerdict = verdictOfStatuses(foreign.statuses);
  return {
    tool: options.tool ?? { name: '@seclog/integrity', version: 'unknown' },
    reportVersion: 1,
    generatedAt: new Date().toISOString(),
    inputs: summaries.map((s) => ({ path: s.path, sha256: s.sha256, bytes: s.bytes, gzip: s.gzip, role: s.role })),
    trust: intake.trustSummary(),
    streams: reports,
    foreign: { count: foreignCount, findings: foreign.findings },
    totals: {
      records: recordCount,
      checkpoints: checkpointCount,
      streams: reports.length,
      failedStreams: reports.filter((s) => s.verdict === 'failed').length,
    },
    verdict: combineVerdicts([foreignVerdict, ...reports.map((s) => s.verdict)]),
  };
}
