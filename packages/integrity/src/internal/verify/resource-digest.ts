import { resourceDigestOfText } from '../../canonical/digest.js';
import { canonicalOtlpResourceText } from '../../canonical/from-otlp.js';

/** Digest of an exported resource; empty when the resource is malformed (no snapshot will match it). */
export function resourceDigestOrEmpty(resource: unknown): string {
  try {
    return resourceDigestOfText(canonicalOtlpResourceText(resource as never));
  } catch {
    return '';
  }
}
