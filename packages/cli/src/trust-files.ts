import { createPublicKey, type KeyObject } from 'node:crypto';
import type { VerifierTrust } from '@seclog/integrity';

/** A key file that cannot be used as a trust anchor; the message names the file, never the key bytes. */
export class TrustLoadError extends Error {
  override readonly name = 'TrustLoadError';
}

/**
 * Builds the verifier trust from key files: Ed25519 public keys in PEM (a private-key PEM is rejected so that signing
 * keys are not spread to verification hosts), and HMAC keys as the raw bytes of a file (at least 32 bytes).
 */
export function loadTrust(
  publicKeyFiles: readonly string[],
  hmacKeyFiles: readonly string[],
  read: (path: string) => Buffer,
): VerifierTrust {
  const publicKeys: KeyObject[] = [];
  for (const file of publicKeyFiles) {
    const pem = readKeyFile(file, read);
    const text = pem.toString('utf8');
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
      throw new TrustLoadError(`--public-key ${file}: this is a private key; pass the public key (PEM)`);
    let key: KeyObject;
    try {
      key = createPublicKey({ key: text, format: 'pem' });
    } catch {
      throw new TrustLoadError(`--public-key ${file}: not a PEM public key`);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new TrustLoadError(
        `--public-key ${file}: expected an Ed25519 public key, got ${key.asymmetricKeyType ?? 'unknown'}`,
      );
    publicKeys.push(key);
  }
  const hmacKeys: Uint8Array[] = [];
  for (const file of hmacKeyFiles) {
    const bytes = readKeyFile(file, read);
    if (bytes.length < 32) throw new TrustLoadError(`--hmac-key-file ${file}: key shorter than 32 bytes`);
    hmacKeys.push(new Uint8Array(bytes));
  }
  return { publicKeys, hmacKeys };
}

function readKeyFile(file: string, read: (path: string) => Buffer): Buffer {
  try {
    return read(file);
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
    throw new TrustLoadError(`key file ${file}: ${why}`);
  }
}
