/**
 * Unknown-key errors that say what to write instead: beyond the edit-distance "did you mean" of `@seclog/config`,
 * the words people bring from the OTel SDK, pino or other loggers (`endpoint`, `batch`, `signingKeyPath`).
 */
import type { OptionReader } from '@seclog/config';

/**
 * Names people reach for that are spelt too differently for an edit-distance suggestion: the OTel or pino word for
 * the same thing. Checked before the generic unknown-key error so it can say what to write instead.
 */
const SYNONYMS: Record<string, Record<string, string>> = {
  options: { batch: 'delivery', batching: 'delivery', queue: 'delivery', key: 'keys', secrets: 'keys' },
  'options.exporter': { endpoint: 'url', address: 'url', timeout: 'timeoutMillis', type: 'kind', file: 'path' },
  'options.keys': {
    signingKeyPath: 'signingKeyFile',
    privateKeyFile: 'signingKeyFile',
    privateKey: 'signingKey',
    hmacKeyPath: 'pseudonymKeyFile',
    hmacSecret: 'pseudonymKey',
    pseudonymKeyPath: 'pseudonymKeyFile',
  },
  'options.delivery': { spillFile: 'spillPath', timeoutMillis: 'flushTimeoutMillis' },
  'options.checkpoint': { interval: 'maxIntervalMs', intervalMs: 'maxIntervalMs' },
};

/** `read.object`, first checking {@link SYNONYMS} for the unknown keys it would refuse. */
export function knownObject(read: OptionReader, field: string, value: unknown, known: readonly string[]) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      const meant = SYNONYMS[field]?.[key];
      if (!known.includes(key) && meant !== undefined && known.includes(meant)) {
        read.fail(`${field}.${key}`, `is not a known option (did you mean ${meant}?); known: ${known.join(', ')}`);
      }
    }
  }
  return read.object(field, value, known);
}
