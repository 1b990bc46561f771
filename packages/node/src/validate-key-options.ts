/**
 * Types of `options.keys.*`. What the keys contain is checked when they are loaded (`loadKeys`). Messages name the
 * field and the expected type, never the value: these fields are where key material is put, rightly or by mistake.
 */
import { KeyObject } from 'node:crypto';
import type { OptionReader } from '@seclog/config';
import { knownObject } from './option-hints.js';
import type { SecureLoggingOptions } from './secure-logging-options.js';

const KEY_OPTION_NAMES: Record<keyof NonNullable<SecureLoggingOptions['keys']>, true> = {
  signingKey: true,
  signingKeyFile: true,
  signingKeyName: true,
  hmacKey: true,
  hmacKeyFile: true,
  hmacKeyId: true,
};

/** Checks `options.keys` (absent is fine: keys may come from the environment or be generated in development). */
export function validateKeyOptions(read: OptionReader, value: unknown): void {
  const keys = knownObject(read, 'options.keys', value, Object.keys(KEY_OPTION_NAMES));
  const { signingKey, hmacKey } = keys;
  if (
    signingKey !== undefined &&
    !(signingKey instanceof KeyObject) &&
    typeof signingKey !== 'string' &&
    !(signingKey instanceof Uint8Array)
  ) {
    read.fail('options.keys.signingKey', 'must be an Ed25519 private KeyObject or PKCS#8 PEM text');
  }
  for (const field of ['signingKeyFile', 'hmacKeyFile'] as const) {
    const path = keys[field];
    if (path !== undefined && (typeof path !== 'string' || path.trim() === '')) {
      read.fail(
        `options.keys.${field}`,
        'must be the path of the key file (a non-empty string); key bytes go in the key options',
      );
    }
  }
  if (typeof hmacKey === 'string') {
    read.fail(
      'options.keys.hmacKey',
      "must be a Uint8Array (Buffer), not a string: decode it first (e.g. Buffer.from(hex, 'hex'))",
    );
  }
  if (hmacKey !== undefined && !(hmacKey instanceof Uint8Array)) {
    read.fail('options.keys.hmacKey', 'must be a Uint8Array (Buffer) of at least 32 bytes');
  }
  if (keys.signingKeyName !== undefined && typeof keys.signingKeyName !== 'string') {
    read.fail('options.keys.signingKeyName', 'must be a string');
  }
  if (keys.hmacKeyId !== undefined && typeof keys.hmacKeyId !== 'string') {
    read.fail('options.keys.hmacKeyId', 'must be a string');
  }
}
