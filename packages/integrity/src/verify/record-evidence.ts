/**
 * What a verification report says about one record, named by its stream and seq: the question a tool asks when it
 * rests a conclusion (an alert, an audit sample) on particular records and must not rest it on records that did not
 * verify. A report lists only what is not VALID, as findings over seq ranges, so a record's status is read back from
 * those ranges; where the report cannot tell (its finding list was capped), the answer says so instead of VALID.
 */
import { type Finding, type ItemStatus, STATUS_CLASS, type StreamReport, type VerificationReport } from './report.js';

/**
 * A record's status in a report: a record status of docs/spec/verification.md, or `UNKNOWN` when the stream's
 * findings were capped and the stream has records that did not verify, so this record may be one of them.
 */
export type RecordEvidence = ItemStatus | 'UNKNOWN';

/**
 * Builds a lookup from a report: `(stream, seq)` → the record's status. `VALID` only when the record's stream is in
 * the report, no finding covers the record (informational ones such as `DUPLICATE-IDENTICAL` aside) and nothing about
 * the stream as a whole failed. A record without a stream or seq, or of a stream the report does not know, is
 * `FOREIGN`: it carries no seal the verifier could check.
 *
 * @example
 * const statusOf = recordEvidenceLookup(report);
 * statusOf('kZ3f…Q', 7); // 'VALID', 'MODIFIED', 'MISSING', …
 */
export function recordEvidenceLookup(
  report: VerificationReport,
): (stream: string | null | undefined, seq: number | bigint | string | null | undefined) => RecordEvidence {
  const streams = new Map(report.streams.map((s) => [s.streamId, s]));
  return (stream, seq) => {
    const s = stream === null || stream === undefined ? undefined : streams.get(stream);
    const at = seqOf(seq);
    if (s === undefined || at === undefined) return 'FOREIGN';
    return statusInStream(s, at);
  };
}

function statusInStream(stream: StreamReport, seq: bigint): RecordEvidence {
  const own = worst(stream.findings.filter((f) => f.subject === 'record' && covers(f, seq)));
  if (own !== undefined) return own;
  // A failure about the whole stream (signers that change, records left out at a verifier limit) leaves no record
  // of it proven, whatever its own range says.
  const whole = worst(stream.findings.filter((f) => f.subject === 'stream' && STATUS_CLASS[f.status] === 'failure'));
  if (whole !== undefined) return whole;
  const capped = stream.findingsOmitted > 0 && stream.verdict !== 'valid';
  return capped ? 'UNKNOWN' : 'VALID';
}

/** True when a record finding names this seq (a finding without a seq, e.g. records refused before sealing, names none). */
function covers(finding: Finding, seq: bigint): boolean {
  const from = seqOf(finding.seqFrom);
  if (from === undefined) return false;
  const to = seqOf(finding.seqTo) ?? from;
  return from <= seq && seq <= to;
}

const RANK = { failure: 3, warning: 2, info: 0, ok: 0 } as const;

/** The most serious status among findings; informational ones (an identical copy) do not make a record less VALID. */
function worst(findings: readonly Finding[]): ItemStatus | undefined {
  let best: ItemStatus | undefined;
  for (const f of findings) {
    const rank = RANK[STATUS_CLASS[f.status]];
    if (rank > 0 && (best === undefined || rank > RANK[STATUS_CLASS[best]])) best = f.status;
  }
  return best;
}

function seqOf(value: number | bigint | string | null | undefined): bigint | undefined {
  if (typeof value === 'bigint') return value >= 0n ? value : undefined;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
  if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) return BigInt(value);
  return undefined;
}
