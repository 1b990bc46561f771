/**
 * @seclog/integrity — tamper-evident sealing of OpenTelemetry log records: OLCF-1 canonical form, per-stream
 * RFC 6962 Merkle log, signed C2SP checkpoints, and the `IntegrityProcessor` that seals inside the SDK.
 */
export { recordDigest, recordDigestBase64, resourceDigest, resourceDigestOfText, sha256 } from './canonical/digest.js';
export {
  canonicalizeOtlpLogRecord,
  canonicalOtlpResourceText,
  type OtlpLogRecord,
  type OtlpResource,
  type OtlpScope,
  type OtlpSealContext,
} from './canonical/from-otlp.js';
export {
  canonicalAnyValue,
  canonicalizeLogRecord,
  canonicalResourceText,
  type LogRecordLike,
  type ScopeLike,
  type SealContext,
  type SpanContextLike,
} from './canonical/from-record.js';
export {
  DEFAULT_NAMESPACE,
  type IntegrityAttributeKeys,
  integrityAttributeKeys,
  readSealAttributes,
  type SealAttributes,
} from './canonical/seal-attributes.js';
export {
  type CanonicalAnyValue,
  type CanonicalForm,
  CanonicalizationError,
  type CanonicalPairs,
  OLCF1_MAX_DEPTH,
  UNVERIFIABLE_REASONS,
  type UnverifiableReason,
} from './canonical/tuple.js';
export type { DeliveryStats, DropReason } from './delivery/delivery-metrics.js';
export type { DeliveryOptions } from './delivery/delivery-options.js';
export { isSynchronousExporter, type SynchronousLogRecordExporter } from './delivery/synchronous-exporter.js';
export {
  looksLikeKeyText,
  looksLikePem,
  plainKeyFilePath,
  printablePath,
} from './key-material-text.js';
export { CompactRange } from './merkle/compact-range.js';
export { emptyRoot, leafHash, nodeHash } from './merkle/hash.js';
export {
  consistencyProof,
  inclusionProof,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle/proofs.js';
export {
  CHECKPOINT_MAX_BYTES,
  type CheckpointBody,
  type CheckpointBodyInput,
  checkpointTextHash,
  formatCheckpointBody,
  parseCheckpointBody,
  type SeqRange,
  ZERO_HASH,
} from './note/checkpoint-body.js';
export {
  describeKeyProblem,
  describeValueKind,
  type KeyInputProblem,
  readEd25519PrivateKey,
} from './note/key-input.js';
export {
  isValidKeyName,
  type NoteAlgorithm,
  NoteFormatError,
  type NoteSignature,
  type NoteSigner,
  type NoteVerification,
  type NoteVerifier,
  parseSignedNote,
  type SignedNote,
  signNote,
  verifyNote,
} from './note/signed-note.js';
export {
  type Ed25519NoteSigner,
  ed25519Signer,
  ed25519Verifier,
  ed25519VerifierKey,
  hmacSigner,
  hmacVerifier,
  type KeyNameOptions,
  parseVerifierKey,
} from './note/signers.js';
export { IntegrityProcessor, type IntegrityStats } from './processor/integrity-processor.js';
export {
  type CheckpointOptions,
  IntegrityConfigError,
  type IntegrityProcessorOptions,
  MAX_RECORDS_WITH_LEAF_LIST,
} from './processor/options.js';
export { type PendingCheckpoint, type StreamClock, StreamLog, type StreamLogOptions } from './processor/stream-log.js';
export {
  INTEGRITY_SCOPE_NAME,
  INTEGRITY_SCOPE_VERSION,
  type IntegrityEventNames,
  integrityEventNames,
} from './records/event-names.js';
export {
  type CheckpointPolicy,
  formatGenesisBody,
  formatResourceSnapshotBody,
  type GenesisBody,
  type ParsedGenesisBody,
  type ParsedResourceSnapshot,
  type ProducerIdentity,
  parseGenesisBody,
  parseResourceSnapshotBody,
  type ResourceSnapshot,
} from './records/stream-bodies.js';
export * from './verify/index.js';
