/**
 * Runtime guard against secrets in security events. Pure functions; every quantifier is bounded and no pattern nests
 * ambiguous quantifiers, so matching stays linear.
 */

/** Non-catalog attribute keys whose name says they hold a secret. */
const SECRET_KEY =
  /(?:password|passwd|passphrase|secret|token|authorization|api[_.-]?key|private[_.-]?key|cookie|credential[_.-]?value)/i;

/** Value shapes of common secrets: JWTs, bearer credentials, well-known API-key formats, PEM private keys. */
const SECRET_VALUE = new RegExp(
  [
    String.raw`\beyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{8,8192}\.`,
    String.raw`\bBearer\s{1,4}[A-Za-z0-9._~+/=-]{16,4096}`,
    String.raw`\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,256}`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{30,255}`,
    String.raw`\bgithub_pat_[A-Za-z0-9_]{40,255}`,
    String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,255}`,
    String.raw`\bAKIA[0-9A-Z]{16}\b`,
    String.raw`\bAIza[0-9A-Za-z_-]{35}`,
    String.raw`\bglpat-[A-Za-z0-9_-]{20,64}`,
    '-----BEGIN [A-Z ]{0,24}PRIVATE KEY-----',
  ].join('|'),
);

/** Longest string value checked and emitted (longer values are flagged and truncated). */
export const MAX_STRING_LENGTH = 8192;

/** True when a non-catalog attribute key names a secret (`password`, `token`, `authorization`, …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.slice(0, 256));
}

/** True when a string looks like a credential (JWT, bearer token, API key, private key). */
export function looksLikeSecret(value: string): boolean {
  return SECRET_VALUE.test(value.length > MAX_STRING_LENGTH ? value.slice(0, MAX_STRING_LENGTH) : value);
}
