import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Key material for one `startSecureLogging` run. Never logged; only the public key may be shown. */
export interface LoadedKeys {
  /** Ed25519 private key sealing the integrity checkpoints. */
  signingKey: KeyObject;
  /** SPKI PEM of the signing key: what `seclog verify --public-key` needs. */
  publicKeyPem: string;
  /** HMAC key (≥ 32 bytes) for pseudonymising identifiers in redaction. */
  hmacKey: Buffer;
  /** Which keys were generated for this process only (development mode). */
  ephemeral: { signing: boolean; hmac: boolean };
}

/** Where keys may come from; each option wins over its environment variable. */
export interface KeySources {
  /** Ed25519 private key: KeyObject or PKCS#8 PEM text. */
  signingKey?: KeyObject | string;
  /** File holding the Ed25519 PKCS#8 PEM (env `SECLOG_SIGNING_KEY_FILE`). */
  signingKeyFile?: string;
  /** HMAC key bytes (≥ 32). */
  hmacKey?: Uint8Array;
  /** File holding the HMAC key: ≥ 32 raw bytes, or its hex / base64 text (env `SECLOG_HMAC_KEY_FILE`). */
  hmacKeyFile?: string;
}

const MIN_HMAC_BYTES = 32;

/**
 * Loads the signing and HMAC keys from options or `SECLOG_SIGNING_KEY_FILE` / `SECLOG_HMAC_KEY_FILE`. In production a
 * missing key is an error naming the option and variable; in development an ephemeral key is generated instead.
 * Error messages name files and fields, never key bytes.
 */
export function loadKeys(sources: KeySources, env: NodeJS.ProcessEnv, production: boolean): LoadedKeys {
  const ephemeral = { signing: false, hmac: false };
  let signingKey: KeyObject;
  const signingFile = sources.signingKeyFile ?? nonEmpty(env.SECLOG_SIGNING_KEY_FILE);
  if (sources.signingKey !== undefined) {
    signingKey = parseEd25519(sources.signingKey, 'keys.signingKey');
  } else if (signingFile !== undefined) {
    signingKey = parseEd25519(readKeyFile(signingFile, 'keys.signingKeyFile / SECLOG_SIGNING_KEY_FILE'), signingFile);
  } else if (production) {
    throw new Error(
      'startSecureLogging: no signing key in production mode. Set keys.signingKey / keys.signingKeyFile or ' +
        'SECLOG_SIGNING_KEY_FILE to an Ed25519 private key (PKCS#8 PEM), e.g. `openssl genpkey -algorithm ed25519`',
    );
  } else {
    signingKey = generateKeyPairSync('ed25519').privateKey;
    ephemeral.signing = true;
  }

  let hmacKey: Buffer;
  const hmacFile = sources.hmacKeyFile ?? nonEmpty(env.SECLOG_HMAC_KEY_FILE);
  if (sources.hmacKey !== undefined) {
    hmacKey = checkHmacLength(Buffer.from(sources.hmacKey), 'keys.hmacKey');
  } else if (hmacFile !== undefined) {
    hmacKey = checkHmacLength(
      decodeHmacFile(readKeyFile(hmacFile, 'keys.hmacKeyFile / SECLOG_HMAC_KEY_FILE')),
      hmacFile,
    );
  } else if (production) {
    throw new Error(
      'startSecureLogging: no HMAC key in production mode. Set keys.hmacKey / keys.hmacKeyFile or SECLOG_HMAC_KEY_FILE ' +
        `(at least ${MIN_HMAC_BYTES} random bytes, e.g. \`openssl rand -hex 32\`)`,
    );
  } else {
    hmacKey = randomBytes(MIN_HMAC_BYTES);
    ephemeral.hmac = true;
  }

  const publicKeyPem = createPublicKey(signingKey).export({ type: 'spki', format: 'pem' }).toString();
  return { signingKey, publicKeyPem, hmacKey, ephemeral };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function readKeyFile(path: string, field: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`startSecureLogging: cannot read ${field} "${path}" (${code})`);
  }
}

function parseEd25519(input: KeyObject | string | Buffer, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = typeof input === 'string' || Buffer.isBuffer(input) ? createPrivateKey(input) : input;
  } catch {
    throw new Error(`startSecureLogging: ${where} is not a readable private key (expected Ed25519 PKCS#8 PEM)`);
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `startSecureLogging: ${where} must be an Ed25519 private key (got ${key.type} ${key.asymmetricKeyType ?? 'secret'})`,
    );
  }
  return key;
}

function decodeHmacFile(raw: Buffer): Buffer {
  const text = raw.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64,1024}$/.test(text) && text.length % 2 === 0) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43,1024}={0,2}$/.test(text)) return Buffer.from(text, 'base64');
  return raw;
}

function checkHmacLength(key: Buffer, where: string): Buffer {
  if (key.length < MIN_HMAC_BYTES) {
    throw new Error(
      `startSecureLogging: ${where} holds ${key.length} bytes; an HMAC key needs at least ${MIN_HMAC_BYTES}`,
    );
  }
  return key;
}
