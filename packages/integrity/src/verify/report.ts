/**
 * Per-item verification statuses (docs/spec/verification.md, "Statuses"). Every record, checkpoint and stream of an archive ends up in exactly
 * the statuses that describe it; a clean archive has only `VALID` (plus informational ones).
 */
export type ItemStatus =
  | 'VALID'
  | 'MODIFIED'
  | 'MISSING'
  | 'DUPLICATE-IDENTICAL'
  | 'CONFLICT'
  | 'UNSEALED'
  | 'FOREIGN'
  | 'UNTRUSTED-STREAM'
  | 'CHECKPOINT-MISSING'
  | 'TRUNCATED'
  | 'STREAM-UNCLEAN-END'
  | 'KEY-CHAIN-INVALID'
  | 'EPOCH-RANGE-VIOLATION'
  | 'UNVERIFIABLE'
  | 'RESOURCE-ENRICHED'
  | 'RESOURCE-MODIFIED'
  | 'CLOCK-WARNING'
  | 'DROPPED'
  | 'CORRUPT-LINE'
  | 'NO-SEALED-RECORDS'
  | 'VERIFIER-LIMIT';

/**
 * How a status weighs in the verdict: `failure` → exit 1, `warning` → exit 2 (a failure, exit 1, in strict mode),
 * else 0.
 */
export type StatusClass = 'ok' | 'info' | 'warning' | 'failure';

/**
 * Default class of each status (docs/spec/verification.md; FOREIGN and UNVERIFIABLE are warnings). In strict mode
 * every warning counts as a failure ({@link statusClass}).
 *
 * - `DROPPED` (warning): a record the producer declared lost in a signed checkpoint, either sealed but not delivered
 *   (`d` line: the seq is absent and lies in a declared range) or refused before sealing (`x` line: a count, no seq).
 *   A declared loss is not tampering, but it is a loss: never exit 0.
 * - `CORRUPT-LINE` (failure): part of an input file could not be read as OTLP/JSON — invalid or torn JSON, a line over
 *   the size limit, JSON that is not an OTLP logs request, malformed entries in a request, corrupt or truncated gzip,
 *   a read error. Reported with file and line; the rest of the archive is still verified.
 * - `NO-SEALED-RECORDS` (failure): nothing in the archive is sealed evidence (see `VerifyArchiveOptions.allowEmpty`).
 * - `VERIFIER-LIMIT` (failure): records were read but not verified because the verifier reached a memory limit
 *   (`VerifyArchiveOptions.maxUnprovenStreams`, `maxSeqTableBytes`): on the archive, with the count, and on each
 *   stream first tracked after records of new streams began to be left out, or that lost records at the seq-table
 *   limit. Never a clean verdict when something was not verified.
 */
export const STATUS_CLASS: Readonly<Record<ItemStatus, StatusClass>> = {
  VALID: 'ok',
  MODIFIED: 'failure',
  MISSING: 'failure',
  'DUPLICATE-IDENTICAL': 'info',
  CONFLICT: 'failure',
  UNSEALED: 'warning',
  FOREIGN: 'warning',
  'UNTRUSTED-STREAM': 'failure',
  'CHECKPOINT-MISSING': 'failure',
  TRUNCATED: 'failure',
  'STREAM-UNCLEAN-END': 'warning',
  'KEY-CHAIN-INVALID': 'failure',
  'EPOCH-RANGE-VIOLATION': 'failure',
  UNVERIFIABLE: 'warning',
  'RESOURCE-ENRICHED': 'info',
  'RESOURCE-MODIFIED': 'failure',
  'CLOCK-WARNING': 'warning',
  DROPPED: 'warning',
  'CORRUPT-LINE': 'failure',
  'NO-SEALED-RECORDS': 'failure',
  'VERIFIER-LIMIT': 'failure',
};

/** Class of a status, with warnings promoted to failures in strict mode. */
export function statusClass(status: ItemStatus, strict = false): StatusClass {
  const c = STATUS_CLASS[status];
  return strict && c === 'warning' ? 'failure' : c;
}

/**
 * One finding: a status over a contiguous seq range of one stream (or over checkpoints, or over foreign records).
 * Ranges are inclusive. `detail` is a short human explanation and never contains record content or key material.
 */
export interface Finding {
  readonly status: ItemStatus;
  /**
   * What the finding is about: records, checkpoints, a stream, its resource, an input `line` (CORRUPT-LINE), or the
   * `archive` as a whole (NO-SEALED-RECORDS, VERIFIER-LIMIT).
   */
  readonly subject: 'record' | 'checkpoint' | 'stream' | 'resource' | 'line' | 'archive';
  readonly seqFrom?: string;
  readonly seqTo?: string;
  /** Number of items covered (records, checkpoints, duplicate copies…). */
  readonly count: number;
  /** Checkpoint index `k` the finding refers to, when it concerns a checkpoint or was established by one. */
  readonly checkpoint?: number;
  /** Base64 record digest signed in a leaf list (evidence that a MISSING record existed). */
  readonly signedDigest?: string;
  /** Canonical slot or attribute that differs, when the verifier can localise a modification. */
  readonly field?: string;
  readonly detail: string;
  /** Where the item was read (first occurrence), `file:line`. */
  readonly location?: string;
  /**
   * For records refused before sealing (DROPPED without a seq): the seqs sealed in the same interval, i.e. the range
   * of the declaring checkpoint. Absent when no record was sealed in that interval.
   */
  readonly sealedAlongside?: { readonly seqFrom: string; readonly seqTo: string };
}

/** Verification result for one producer stream. */
export interface StreamReport {
  readonly streamId: string;
  readonly origin: string;
  /** Producer identity from the signed genesis record, when present. */
  readonly producer?: Readonly<Record<string, string>>;
  /** Smallest and largest seq seen in records (decimal strings), absent when no record was present. */
  readonly seqRange?: { readonly first: string; readonly last: string };
  /** Largest tree size committed by a valid checkpoint. */
  readonly signedTreeSize: string;
  /** Distinct checkpoint notes (re-delivered copies count once) and how many of them verified. */
  readonly checkpoints: { readonly total: number; readonly valid: number };
  readonly finalCheckpoint: boolean;
  /** First and last checkpoint times (ISO 8601) from the signed `t` lines. */
  readonly timeRange?: { readonly from: string; readonly to: string };
  /**
   * Record count per status (a record has exactly one record status). `DROPPED` counts both declared-undelivered seqs
   * and records refused before sealing (see `dropped`).
   */
  readonly records: Readonly<Partial<Record<ItemStatus, number>>>;
  /** Losses the producer declared in valid checkpoints; absent when none. */
  readonly dropped?: {
    /** Seqs sealed but not delivered (`d` lines) and absent from the archive. */
    readonly undelivered: number;
    /** Records refused before sealing (`x` lines). */
    readonly refused: number;
  };
  readonly findings: readonly Finding[];
  /** Findings left out of `findings` because of the per-stream cap. */
  readonly findingsOmitted: number;
  readonly verdict: Verdict;
}

/** Overall verdict: `failed` wins over `warnings`, which wins over `valid`. */
export type Verdict = 'valid' | 'warnings' | 'failed';

/**
 * The verifier's output; `formatJsonReport` writes it as audit evidence. `verdict` already accounts for `strict`, so
 * the verdict, the text summary and the exit code ({@link exitCodeForReport}) always agree.
 */
export interface VerificationReport {
  readonly tool: { readonly name: string; readonly version: string };
  /** 2: adds `strict`, `allowEmpty`, `verdictReason`, `input`, DROPPED / CORRUPT-LINE / NO-SEALED-RECORDS. */
  readonly reportVersion: 2;
  readonly generatedAt: string;
  /** Warnings counted as failures (stream verdicts and the overall verdict). */
  readonly strict: boolean;
  /** An archive without sealed records was allowed (no NO-SEALED-RECORDS finding). */
  readonly allowEmpty: boolean;
  readonly inputs: readonly {
    readonly path: string;
    readonly sha256: string;
    readonly bytes: number;
    readonly gzip: boolean;
    readonly role: 'archive' | 'anchor';
    /** False when corrupt compressed data or a read error stopped reading early (a CORRUPT-LINE finding says where). */
    readonly complete: boolean;
  }[];
  readonly trust: readonly { readonly keyName: string; readonly algorithm: string; readonly keyId: string }[];
  readonly streams: readonly StreamReport[];
  /** Records that carry no integrity attributes. */
  readonly foreign: { readonly count: number; readonly findings: readonly Finding[] };
  /**
   * Findings about the input rather than a stream: CORRUPT-LINE per file and line, NO-SEALED-RECORDS, and
   * VERIFIER-LIMIT when records were left unverified.
   */
  readonly input: { readonly findings: readonly Finding[]; readonly findingsOmitted: number };
  readonly totals: {
    /** Log records read (copies included), checkpoint records excluded. */
    readonly records: number;
    readonly checkpoints: number;
    readonly streams: number;
    readonly failedStreams: number;
    /** Streams with sealed evidence in the archive (see `VerifyArchiveOptions.allowEmpty`). */
    readonly sealedStreams: number;
    /** Lines (or unreadable stretches) reported as CORRUPT-LINE. */
    readonly corruptLines: number;
    /** Lines holding OTLP requests of other signals (traces, metrics, profiles), skipped. */
    readonly otherSignalLines: number;
  };
  /**
   * What this run could not check, in words (empty when nothing): without anchor inputs, whether whole streams are
   * missing (a run whose every record and checkpoint was deleted leaves no trace in the archive itself). The verdict
   * covers the streams present; this says what it does not cover.
   */
  readonly notChecked: readonly string[];
  readonly verdict: Verdict;
  /**
   * One line saying why the verdict is what it is: `no sealed records found`, or the statuses that decided it, e.g.
   * `failed: MODIFIED, MISSING` or `failed (strict: warnings count as failures): STREAM-UNCLEAN-END`.
   */
  readonly verdictReason: string;
}

/** Combines verdicts: any failure fails, else any warning warns. */
export function combineVerdicts(verdicts: Iterable<Verdict>): Verdict {
  let out: Verdict = 'valid';
  for (const v of verdicts) {
    if (v === 'failed') return 'failed';
    if (v === 'warnings') out = 'warnings';
  }
  return out;
}

/** Verdict implied by a set of statuses (in strict mode warnings fail). */
export function verdictOfStatuses(statuses: Iterable<ItemStatus>, strict = false): Verdict {
  let out: Verdict = 'valid';
  for (const s of statuses) {
    const c = statusClass(s, strict);
    if (c === 'failure') return 'failed';
    if (c === 'warning') out = 'warnings';
  }
  return out;
}

/**
 * Process exit code for a verdict (docs/spec/verification.md, "Verdict and exit code"): 0 valid, 1 integrity failure, 2 warnings only (1 with `strict`).
 * Usage and I/O errors (3) are decided by the CLI before a report exists. Prefer {@link exitCodeForReport}, which
 * reads the strictness the report was made with.
 */
export function exitCodeForVerdict(verdict: Verdict, strict: boolean): 0 | 1 | 2 {
  if (verdict === 'failed') return 1;
  if (verdict === 'warnings') return strict ? 1 : 2;
  return 0;
}

/** Process exit code of a report: 0 valid, 1 failed, 2 warnings only. Always agrees with `report.verdict`. */
export function exitCodeForReport(report: Pick<VerificationReport, 'verdict' | 'strict'>): 0 | 1 | 2 {
  return exitCodeForVerdict(report.verdict, report.strict);
}
