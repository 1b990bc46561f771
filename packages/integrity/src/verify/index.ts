/** The archive verifier (design §11): read OTLP/JSON-lines archives, check seals and checkpoints, report. */
export {
  type ArchiveFileSummary,
  ArchiveInputError,
  type ArchiveLine,
  listArchiveFiles,
  MAX_LINE_BYTES,
  readArchiveFile,
} from './archive-input.js';
export type { VerifierTrust } from './checkpoint-intake.js';
export { formatJsonReport, formatTextReport } from './format-report.js';
export {
  combineVerdicts,
  exitCodeForVerdict,
  type Finding,
  type ItemStatus,
  STATUS_CLASS,
  type StatusClass,
  type StreamReport,
  type Verdict,
  type VerificationReport,
  verdictOfStatuses,
} from './report.js';
export { type VerifyArchiveOptions, verifyArchive } from './verify-archive.js';
