/**
 * The redaction policy's error and option reader, in their own module so the policy and its section resolvers share
 * them without importing each other.
 */
import { optionReader, SeclogConfigError } from '@seclog/config';

/** Invalid policy: thrown at construction, naming the field; never echoes a value (it may be key material). */
export class RedactionPolicyError extends SeclogConfigError {
  override readonly name = 'RedactionPolicyError';
}

/** Reads policy fields; every error is a {@link RedactionPolicyError}. */
export const policyReader = optionReader('redaction policy', RedactionPolicyError);
