/**
 * Per-item verification statuses (design §11.4). Every record, checkpoint and stream of an archive ends up in exactly
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
  | 'CLOCK-WARNING';

/** How a status weighs in the verdict: `failure` → exit 1, `warning` → exit 2 (1 with `--strict`), else 0. */
export type StatusClass = 'ok' | 'info' | 'warning' | 'failure';

/** Default class of each status (design §11.4 recommendations; FOREIGN and UNVERIFIABLE are warnings). */
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
};

/**
 * One finding: a status over a contiguous seq range of one stream (or over checkpoints, or over foreign records).
 * Ranges are inclusive. `detail` is a short human explanation and never contains record content or key material.
 */
export interface Finding {
  readonly status: ItemStatus;
  /** What the finding is about. */
  readonly subject: 'record' | 'checkpoint' | 'stream' | 'resource';
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
  /** Record count per status (a record has exactly one record status). */
  readonly records: Readonly<Partial<Record<ItemStatus, number>>>;
  readonly findings: readonly Finding[];
  /** Findings left out of `findings` because of the per-stream cap. */
  readonly findingsOmitted: number;
  readonly verdict: Verdict;
}

/** Overall verdict: `failed` wins over `warnings`, which wins over `valid`. */
export type Verdict = 'valid' | 'warnings' | 'failed';

/** The verifier's output; `formatJsonReport` writes it as audit evidence. */
export interface VerificationReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly reportVersion: 1;
  readonly generatedAt: string;
  readonly inputs: readonly {
    readonly path: string;
    readonly sha256: string;
    readonly bytes: number;
    readonly gzip: boolean;
    readonly role: 'archive' | 'anchor';
  }[];
  readonly trust: readonly { readonly keyName: string; readonly algorithm: string; readonly keyId: string }[];
  readonly streams: readonly StreamReport[];
  /** Records that carry no integrity attributes. */
  readonly foreign: { readonly count: number; readonly findings: readonly Finding[] };
  readonly totals: {
    /** Log records read (copies included), checkpoint records excluded. */
    readonly records: number;
    readonly checkpoints: number;
    readonly streams: number;
    readonly failedStreams: number;
  };
  readonly verdict: Verdict;
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

/** Verdict implied by a set of statuses under the default status classes. */
export function verdictOfStatuses(statuses: Iterable<ItemStatus>): Verdict {
  let out: Verdict = 'valid';
  for (const s of statuses) {
    const c = STATUS_CLASS[s];
    if (c === 'failure') return 'failed';
    if (c === 'warning') out = 'warnings';
  }
  return out;
}

/**
 * Process exit code for a verdict (design §11.6): 0 valid, 1 integrity failure, 2 warnings only (1 with `strict`).
 * Usage and I/O errors (3) are decided by the CLI before a report exists.
 */
export function exitCodeForVerdict(verdict: Verdict, strict: boolean): 0 | 1 | 2 {
  if (verdict === 'failed') return 1;
  if (verdict === 'warnings') return strict ? 1 : 2;
  return 0;
}
