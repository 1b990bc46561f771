/**
 * @seclog/integrity — tamper-evident sealing of OpenTelemetry log records: OLCF-1 canonical form, per-stream
 * RFC 6962 Merkle log, signed C2SP checkpoints, and the `IntegrityProcessor` that seals inside the SDK.
 */
export { recordDigest, resourceDigest, resourceDigestOfText, sha256 } from './canonical/digest.js';
export {
  canonicalizeOtlpLogRecord,
  canonicalOtlpPairs,
  canonicalOtlpResourceText,
  type OtlpLogRecord,
  type OtlpResource,
  type OtlpScope,
  type OtlpSealContext,
} from './canonical/from-otlp.js';
export {
  canonicalAnyValue,
  canonicalizeLogRecord,
  canonicalPairs,
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
  isStreamId,
  namespaceError,
  readSealAttributes,
  type SealAttributes,
} from './canonical/seal-attributes.js';
export {
  type CanonicalAnyValue,
  type CanonicalForm,
  CanonicalizationError,
  type CanonicalPairs,
  OLCF1_MAX_DEPTH,
  OLCF1_MAX_VALUES,
  OLCF1_RESOURCE_TAG,
  OLCF1_TAG,
  OLCF1_UNVERIFIABLE_TAG,
  UNVERIFIABLE_REASONS,
  type UnverifiableReason,
  unverifiableText,
} from './canonical/tuple.js';
export { CompactRange } from './merkle/compact-range.js';
export { emptyRoot, HASH_SIZE, hashEquals, leafHash, nodeHash } from './merkle/hash.js';
export {
  consistencyProof,
  inclusionProof,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle/proofs.js';
