/**
 * Runtime guard against secrets in security events. It asks the redaction engine (its secret detectors and key-class
 * table) rather than keeping patterns of its own, so the two can never disagree about what a secret looks like.
 */
import { createSecretCheck, type SecretCheck } from '@seclog/redaction';

/** Longest string value checked and emitted (longer values are flagged and truncated). */
export const MAX_STRING_LENGTH = 8192;

/** Built on first use: most processes import the catalog without ever emitting an event. */
let check: SecretCheck | undefined;
function secretCheck(): SecretCheck {
  check ??= createSecretCheck();
  return check;
}

/** True when a non-catalog attribute key names a secret (`password`, `token`, `authorization`, …). */
export function isSecretKey(key: string): boolean {
  return secretCheck().isSecretKey(key);
}

/** True when a string looks like a credential (JWT, bearer token, API key, private key, `password=…`). */
export function looksLikeSecret(value: string): boolean {
  return secretCheck().containsSecret(value.length > MAX_STRING_LENGTH ? value.slice(0, MAX_STRING_LENGTH) : value);
}
