/**
 * What may be repeated in an error message: key text is recognised in every form people paste, plain paths are not
 * mistaken for it. Keys are drawn from a seeded generator, so the measured escape rate is the same on every run.
 */
import { describe, expect, it } from 'vitest';
import { echoablePath, looksLikeKeyMaterial, looksLikeKeyText, plainKeyFilePath } from '../src/key-material-text.js';

/** Deterministic bytes (xorshift32). */
function seededBytes(n: number, seed: number): Buffer {
  let x = seed >>> 0 || 1;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('looksLikeKeyText', () => {
  it('recognises 32-byte keys in hex, base64 and base64url, nearly always', () => {
    let missed = 0;
    const draws = 20_000;
    for (let seed = 1; seed <= draws; seed++) {
      const key = seededBytes(32, seed * 2654435761);
      expect(looksLikeKeyText(key.toString('hex'))).toBe(true);
      if (!looksLikeKeyText(key.toString('base64'))) missed++;
      expect(looksLikeKeyText(key.toString('base64url'))).toBe(true);
    }
    // Misses need a `/` and no digit: (1 - (63/64)^43) · (54/64)^43 ≈ 1 in 2,900.
    expect(missed).toBeLessThanOrEqual(20);
  });

  it('leaves paths alone', () => {
    for (const path of [
      '/etc/seclog/signing.pem',
      './keys/pseudonym.key',
      'C:\\\\keys\\\\signing.pem',
      '/var/lib/seclog/archive/billing-api.otlp.jsonl',
      'archive.jsonl',
    ]) {
      expect(looksLikeKeyText(path), path).toBe(false);
      expect(looksLikeKeyMaterial(path), path).toBe(false);
    }
  });

  it('never lets key text through as an echoable path or key-file path', () => {
    for (let seed = 1; seed <= 2_000; seed++) {
      const key = seededBytes(32, seed * 40503);
      for (const text of [key.toString('hex'), key.toString('base64url')]) {
        expect(echoablePath(text)).toBeUndefined();
        expect(plainKeyFilePath(text)).toBeUndefined();
      }
      // Base64 never ends in a key-file name, whatever the heuristic says.
      expect(plainKeyFilePath(key.toString('base64'))).toBeUndefined();
    }
  });
});
