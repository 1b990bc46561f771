/** The archive verifier (docs/spec/verification.md): read OTLP/JSON-lines archives, check seals and checkpoints, report. */
export {
  type ArchiveFileSummary,
  ArchiveInputError,
  type ArchiveLine,
  type InputProblem,
  listArchiveFiles,
  MAX_LINE_BYTES,
  type ReadArchiveOptions,
  readArchiveFile,
} from './archive-input.js';
export type { VerifierTrust } from './checkpoint-intake.js';
export { formatJsonReport, formatTextReport } from './format-report.js';
export { type RecordEvidence, recordEvidenceLookup } from './record-evidence.js';
export {
  exitCodeForReport,
  exitCodeForVerdict,
  type Finding,
  type ItemStatus,
  STATUS_CLASS,
  type StatusClass,
  type StreamReport,
  statusClass,
  type Verdict,
  type VerificationReport,
} from './report.js';
export { type VerifyArchiveOptions, verifyArchive } from './verify-archive.js';
