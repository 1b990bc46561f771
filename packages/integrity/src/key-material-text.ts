/**
 * Deciding whether text a user typed where a path (or an option) belongs may be repeated in a message. People put
 * the PEM text or the HMAC key itself into `SECLOG_SIGNING_KEY_FILE`, `--public-key` or an input path, and error
 * messages end up in CI logs and tickets: a value is repeated only when it plainly is not key material.
 */

/** PEM armor, also with its newlines written as `\n` (one-line `.env` files). */
export function looksLikePem(value: string): boolean {
  return /-----(BEGIN|END) [A-Z0-9 ]{1,40}-----/.test(value);
}

/**
 * Hex (32+ digits), or 32+ characters of base64 that either have no path shape at all (no `/`: one 32-character name
 * with no directory is not a path anyone types) or mix cases and a digit as random bytes do and names rarely do. A
 * random 32-byte key in base64 escapes both about once in 3,000 draws (it needs a `/` and no digit); then it is still
 * only repeated where a plain path may be (never as a key-file path, see {@link plainKeyFilePath}).
 */
export function looksLikeKeyText(value: string): boolean {
  if (/^(0x)?[0-9a-fA-F]{32,}$/.test(value)) return true;
  if (!/^[A-Za-z0-9+/_-]{32,}={0,2}$/.test(value)) return false;
  if (!value.includes('/')) return true;
  const count = (re: RegExp) => (value.match(re) ?? []).length;
  return count(/[0-9]/g) >= 1 && count(/[A-Z]/g) >= 2 && count(/[a-z]/g) >= 2;
}

/** Key material in any of the forms people paste: PEM, hex, base64, or anything spanning several lines. */
export function looksLikeKeyMaterial(value: string): boolean {
  return looksLikePem(value) || looksLikeKeyText(value) || /[\r\n]/.test(value) || value.includes('\u0000');
}

/** File names that key files have; hex, base64 and PEM text can never end like this. */
const KEY_FILE_NAME =
  /(^|[\\/])[\w-][\w.-]{0,99}\.(pem|key|der|txt|hex|b64|base64|secret|priv|pub|p8|pk8|jwk|json|bin)$/i;

/**
 * The value, when it is plainly the path of a key file (only path characters, ending in a key-file name), so it may
 * be repeated although the file could not be opened; otherwise `undefined`.
 */
export function plainKeyFilePath(value: string): string | undefined {
  return /^[\w./\\:-]{1,1024}$/.test(value) && KEY_FILE_NAME.test(value) ? value : undefined;
}

/**
 * The value, when it may be repeated as a path: one line, at most 1024 characters of path characters, and not key
 * text. Archive files have any name, so a key-file name is not required here; key files use {@link plainKeyFilePath}.
 */
export function echoablePath(value: string): string | undefined {
  if (looksLikeKeyMaterial(value) || !/^[\w./\\:@+,=~ -]{1,1024}$/.test(value)) return undefined;
  return value;
}

/** A path that was opened (so it is a path, not key text), with control characters made visible. */
export function printablePath(path: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being replaced
  return path.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?');
}
