import { createPublicKey, type KeyObject } from 'node:crypto';
import { looksLikeKeyText, looksLikePem, plainKeyFilePath, printablePath, type VerifierTrust } from '@seclog/integrity';

/** A key file that cannot be used as a trust anchor; the message names the file, never the key bytes. */
export class TrustLoadError extends Error {
  override readonly name = 'TrustLoadError';
}

/**
 * Builds the verifier trust from key files: Ed25519 public keys in PEM (a private-key PEM is rejected so that signing
 * keys are not spread to verification hosts; a file may hold several public keys, as the `<archive>.pub.pem` that
 * development mode appends each run's key to), and checkpoint HMAC keys as the raw bytes of a file (≥ 32 bytes).
 *
 * @param checkpointKeyFlag the flag the checkpoint keys came under, for messages (`--checkpoint-key-file`, or the
 *   deprecated `--hmac-key-file`)
 */
export function loadTrust(
  publicKeyFiles: readonly string[],
  checkpointKeyFiles: readonly string[],
  read: (path: string) => Buffer,
  checkpointKeyFlag = '--checkpoint-key-file',
): VerifierTrust {
  const publicKeys: KeyObject[] = [];
  for (const file of publicKeyFiles) {
    const pem = readKeyFile('--public-key', file, read);
    const text = pem.toString('utf8');
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
      throw new TrustLoadError(`--public-key ${printablePath(file)}: this is a private key; pass the public key (PEM)`);
    const blocks = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [text];
    for (const block of blocks) {
      let key: KeyObject;
      try {
        key = createPublicKey({ key: block, format: 'pem' });
      } catch {
        throw new TrustLoadError(`--public-key ${printablePath(file)}: not a PEM public key`);
      }
      if (key.asymmetricKeyType !== 'ed25519')
        throw new TrustLoadError(
          `--public-key ${printablePath(file)}: expected an Ed25519 public key, got ${key.asymmetricKeyType ?? 'unknown'}`,
        );
      publicKeys.push(key);
    }
  }
  const hmacKeys: Uint8Array[] = [];
  for (const file of checkpointKeyFiles) {
    const flag = checkpointKeyFlag;
    const bytes = readKeyFile(flag, file, read);
    // Swapped options or one file for both: a PEM key is never meant as HMAC key bytes.
    if (/-----BEGIN [A-Z0-9 ]*-----/.test(bytes.toString('latin1')))
      throw new TrustLoadError(
        `${flag} ${printablePath(file)}: holds a PEM key, not a checkpoint HMAC key (the key is the file's raw bytes)`,
      );
    if (bytes.length < 32) throw new TrustLoadError(`${flag} ${printablePath(file)}: key shorter than 32 bytes`);
    hmacKeys.push(new Uint8Array(bytes));
  }
  return { publicKeys, hmacKeys };
}

/**
 * Loads witness (cosigner) public keys for `--witness-key`: Ed25519 public keys in PEM, as for `--public-key`.
 */
export function loadWitnessKeys(files: readonly string[], read: (path: string) => Buffer): KeyObject[] {
  return files.map((file) => {
    const text = readKeyFile('--witness-key', file, read).toString('utf8');
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
      throw new TrustLoadError(
        `--witness-key ${printablePath(file)}: this is a private key; pass the public key (PEM)`,
      );
    let key: KeyObject;
    try {
      key = createPublicKey({ key: text, format: 'pem' });
    } catch {
      throw new TrustLoadError(`--witness-key ${printablePath(file)}: not a PEM public key`);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new TrustLoadError(`--witness-key ${printablePath(file)}: expected an Ed25519 public key`);
    return key;
  });
}

/**
 * Reads the file named by an option's value. The value is repeated in a message only once it is known to be a path
 * (the file exists) or is plainly one (path characters ending in a key-file name): people pass the PEM text or the
 * HMAC key itself, and stderr ends up in CI logs and tickets.
 */
function readKeyFile(option: string, value: string, read: (path: string) => Buffer): Buffer {
  if (looksLikePem(value))
    throw new TrustLoadError(`${option}: the value looks like PEM key text, not a file path; ${SAVE_TO_FILE}`);
  if (/[\r\n]/.test(value) || value.includes('\u0000'))
    throw new TrustLoadError(`${option}: the value is not a file path (it holds line breaks or NUL); ${SAVE_TO_FILE}`);
  try {
    return read(value);
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'EISDIR')
      throw new TrustLoadError(
        `${option} key file ${printablePath(value)}: is a directory; pass the key file inside it`,
      );
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
    if (plainKeyFilePath(value) !== undefined) throw new TrustLoadError(`${option} key file ${value}: ${why}`);
    if (looksLikeKeyText(value))
      throw new TrustLoadError(
        `${option}: the value looks like key text (hex or base64), not a file path; ${SAVE_TO_FILE}`,
      );
    throw new TrustLoadError(
      `${option}: ${why}; the value is not repeated here in case it is key material (pass the key file's path)`,
    );
  }
}

const SAVE_TO_FILE = "save the key in a file and pass that file's path (the value is not repeated here)";
