/**
 * Types of `options.keys.*`. What the keys contain is checked when they are loaded (`loadKeys`). Messages name the
 * field and the expected type, never the value: these fields are where key material is put, rightly or by mistake.
 */
import { KeyObject } from 'node:crypto';
import type { OptionReader } from '@seclog/config';
import type { SecureLoggingOptions } from '../secure-logging-options.js';
import { knownObject } from './option-hints.js';

const KEY_OPTION_NAMES: Record<keyof NonNullable<SecureLoggingOptions['keys']>, true> = {
  signingKey: true,
  signingKeyFile: true,
  signingKeyName: true,
  pseudonymKey: true,
  pseudonymKeyFile: true,
  pseudonymKeyId: true,
  hmacKey: true,
  hmacKeyFile: true,
  hmacKeyId: true,
};

/**
 * Checks `options.keys` (absent is fine: keys may come from the environment or be generated in development). The
 * pseudonym key's deprecated names (`hmacKey`, `hmacKeyFile`, `hmacKeyId`) are checked like the current ones.
 */
export function validateKeyOptions(read: OptionReader, value: unknown): void {
  const keys = knownObject(read, 'options.keys', value, Object.keys(KEY_OPTION_NAMES));
  const { signingKey } = keys;
  if (
    signingKey !== undefined &&
    !(signingKey instanceof KeyObject) &&
    typeof signingKey !== 'string' &&
    !(signingKey instanceof Uint8Array)
  ) {
    read.fail('options.keys.signingKey', 'must be an Ed25519 private KeyObject or PKCS#8 PEM text');
  }
  for (const field of ['signingKeyFile', 'pseudonymKeyFile', 'hmacKeyFile'] as const) {
    const path = keys[field];
    if (path !== undefined && (typeof path !== 'string' || path.trim() === '')) {
      read.fail(
        `options.keys.${field}`,
        'must be the path of the key file (a non-empty string); key bytes go in the key options',
      );
    }
  }
  for (const field of ['pseudonymKey', 'hmacKey'] as const) {
    const key = keys[field];
    if (typeof key === 'string') {
      read.fail(
        `options.keys.${field}`,
        "must be a Uint8Array (Buffer), not a string: decode it first (e.g. Buffer.from(hex, 'hex'))",
      );
    }
    if (key !== undefined && !(key instanceof Uint8Array)) {
      read.fail(`options.keys.${field}`, 'must be a Uint8Array (Buffer) of at least 32 bytes');
    }
  }
  for (const field of ['signingKeyName', 'pseudonymKeyId', 'hmacKeyId'] as const) {
    if (keys[field] !== undefined && typeof keys[field] !== 'string')
      read.fail(`options.keys.${field}`, 'must be a string');
  }
}
