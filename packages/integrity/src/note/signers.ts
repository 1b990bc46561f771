/**
 * Checkpoint signers and the matching verifiers: Ed25519 (public verifiability, C2SP signature type 0x01, accepted by
 * Go's `sumdb/note`) and HMAC-SHA256 (cheap, symmetric: whoever can verify can also forge).
 */
import {
  createHmac,
  createPublicKey,
  createSecretKey,
  hash,
  KeyObject,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import { describeKeyAlgorithm, describeKeyProblem, describeValueKind, readEd25519PrivateKey } from './key-input.js';
import { computeKeyId, isValidKeyName, type NoteSigner, type NoteVerifier } from './signed-note.js';

const ED25519_TYPE = 0x01;
/** C2SP reserves 0xff for types without an assigned byte, followed by a longer identifier. */
const HMAC_TYPE_PREFIX = Buffer.concat([Buffer.from([0xff]), Buffer.from('seclog-hmac-sha256\n', 'utf8')]);
const MIN_HMAC_KEY_BYTES = 32;

/** Options common to every signer and verifier. */
export interface KeyNameOptions {
  /** C2SP key name used in signature lines (e.g. `checkout.example/seclog`); no spaces, no `+`. */
  readonly keyName: string;
}

/** An Ed25519 signer, also exposing its C2SP verifier key (`name+id+base64`, as Go's `note.NewVerifier` takes). */
export interface Ed25519NoteSigner extends NoteSigner {
  readonly algorithm: 'ed25519';
  /** Verifier key string `<name>+<8 hex key ID>+<base64(0x01 ‖ public key)>`. */
  readonly verifierKey: string;
}

function checkKeyName(factory: string, options: KeyNameOptions | undefined): string {
  const name = options?.keyName;
  if (!isValidKeyName(name)) {
    throw new TypeError(`${factory}: options.keyName must be a non-empty string without spaces or '+'`);
  }
  return name;
}

function rawEd25519PublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

function ed25519KeyId(keyName: string, publicKey: Uint8Array): number {
  return computeKeyId(keyName, Buffer.concat([Buffer.from([ED25519_TYPE]), publicKey]));
}

/** Formats a Go/C2SP verifier key string for an Ed25519 public key. */
export function ed25519VerifierKey(keyName: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(keyName)) throw new TypeError('ed25519VerifierKey: invalid key name');
  if (publicKey.length !== 32) throw new TypeError('ed25519VerifierKey: public key must be 32 bytes');
  const id = ed25519KeyId(keyName, publicKey).toString(16).padStart(8, '0');
  return `${keyName}+${id}+${Buffer.concat([Buffer.from([ED25519_TYPE]), publicKey]).toString('base64')}`;
}

/**
 * Ed25519 checkpoint signer. The key is parsed once into a `KeyObject` (a PEM string re-parsed per call costs ≈ 16×);
 * signing runs on the libuv threadpool. Errors never include key material.
 *
 * @example
 * const signer = ed25519Signer(readFileSync('seclog-ed25519.pem', 'utf8'), { keyName: 'checkout.example/seclog' });
 * console.log(signer.verifierKey); // give this to verifiers
 */
export function ed25519Signer(privateKey: KeyObject | string | Uint8Array, options: KeyNameOptions): Ed25519NoteSigner {
  const keyName = checkKeyName('ed25519Signer', options);
  const must = 'ed25519Signer: privateKey must be an Ed25519 private key (KeyObject or PEM)';
  const read = readEd25519PrivateKey(privateKey);
  if ('problem' in read) {
    const { problem } = read;
    if (problem.kind === 'wrong-input') throw new TypeError(`${must}, got ${problem.got}`);
    const advice = problem.kind === 'encrypted' ? '; decrypt it first (createPrivateKey({ key, passphrase }))' : '';
    throw new TypeError(`${must}: ${describeKeyProblem(problem)}${advice}`);
  }
  const { key } = read;
  const pub = rawEd25519PublicKey(createPublicKey(key));
  const keyId = ed25519KeyId(keyName, pub);
  return {
    keyName,
    keyId,
    algorithm: 'ed25519',
    verifierKey: ed25519VerifierKey(keyName, pub),
    publicKey: () => Buffer.from(pub),
    sign: (text) =>
      new Promise((resolve, reject) => {
        sign(null, text, key, (err, sig) => (err ? reject(new Error('ed25519 signing failed')) : resolve(sig)));
      }),
    signSync: (text) => {
      try {
        return sign(null, text, key);
      } catch {
        throw new Error('ed25519 signing failed');
      }
    },
  };
}

/**
 * Ed25519 verifier for one trusted key: a `KeyObject`, a PEM public key, or the raw 32 bytes.
 */
export function ed25519Verifier(publicKey: KeyObject | string | Uint8Array, options: KeyNameOptions): NoteVerifier {
  const keyName = checkKeyName('ed25519Verifier', options);
  const must = 'ed25519Verifier: publicKey must be an Ed25519 public key (KeyObject, PEM or 32 raw bytes)';
  let key: KeyObject;
  if (publicKey instanceof KeyObject) {
    if (publicKey.type === 'secret') throw new TypeError(`${must}: this is a secret key`);
    key = publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey;
  } else if (typeof publicKey === 'string' || publicKey instanceof Uint8Array) {
    try {
      key =
        publicKey instanceof Uint8Array && publicKey.length === 32
          ? createPublicKey({
              key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') },
              format: 'jwk',
            })
          : createPublicKey({ key: Buffer.from(publicKey), format: 'pem' });
    } catch {
      throw new TypeError(`${must}: this is not a PEM public key`);
    }
  } else {
    throw new TypeError(`${must}, got ${describeValueKind(publicKey)}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`${must}: this is ${describeKeyAlgorithm(key)} key`);
  }
  const keyId = ed25519KeyId(keyName, rawEd25519PublicKey(key));
  return {
    keyName,
    keyId,
    algorithm: 'ed25519',
    verify: (text, signature) => signature.length === 64 && verify(null, text, key, signature),
  };
}

/**
 * Parses a C2SP / Go `sumdb/note` verifier key `<name>+<8 hex key ID>+<base64(type ‖ key)>` (Ed25519 only) and
 * checks that the key ID matches the key.
 */
export function parseVerifierKey(vkey: string): NoteVerifier {
  if (typeof vkey !== 'string')
    throw new TypeError(`parseVerifierKey: vkey must be a string, got ${describeValueKind(vkey)}`);
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first <= 0 || second !== first + 9) throw new TypeError('parseVerifierKey: malformed verifier key');
  const keyName = vkey.slice(0, first);
  const idHex = vkey.slice(first + 1, second);
  const raw = Buffer.from(vkey.slice(second + 1), 'base64');
  if (!/^[0-9a-f]{8}$/.test(idHex) || raw.toString('base64') !== vkey.slice(second + 1)) {
    throw new TypeError('parseVerifierKey: malformed verifier key');
  }
  if (raw.length !== 33 || raw[0] !== ED25519_TYPE)
    throw new TypeError('parseVerifierKey: only Ed25519 keys are supported');
  const verifier = ed25519Verifier(raw.subarray(1), { keyName });
  if (verifier.keyId !== Number.parseInt(idHex, 16))
    throw new TypeError('parseVerifierKey: key ID does not match the key');
  return verifier;
}

function hmacKeyObject(factory: string, key: KeyObject | Uint8Array): KeyObject {
  let k: KeyObject;
  if (key instanceof Uint8Array) {
    if (key.length < MIN_HMAC_KEY_BYTES) throw new TypeError(`${factory}: key must be at least 32 bytes`);
    k = createSecretKey(Buffer.from(key));
  } else if (key instanceof KeyObject && key.type === 'secret') {
    k = key;
    if ((k.symmetricKeySize ?? 0) < MIN_HMAC_KEY_BYTES)
      throw new TypeError(`${factory}: key must be at least 32 bytes`);
  } else if (typeof key === 'string') {
    throw new TypeError(
      `${factory}: key must be a secret KeyObject or a Uint8Array of at least 32 bytes, not a string (decode it first)`,
    );
  } else {
    throw new TypeError(
      `${factory}: key must be a secret KeyObject or a Uint8Array of at least 32 bytes, got ${describeValueKind(key)}`,
    );
  }
  return k;
}

function hmacKeyId(keyName: string, key: KeyObject): number {
  // The "public key" slot carries a one-way fingerprint of the secret, never the secret itself.
  const fingerprint = createHmac('sha256', key).update('seclog key id').digest();
  return computeKeyId(keyName, Buffer.concat([HMAC_TYPE_PREFIX, hash('sha256', fingerprint, 'buffer')]));
}

/**
 * HMAC-SHA256 checkpoint signer. **The verifier holds the same key and can forge checkpoints**: this mode protects
 * against storage tampering by anyone without the key, not against the key holder (no non-repudiation, NIST AU-10
 * needs {@link ed25519Signer}). Key ≥ 32 bytes.
 */
export function hmacSigner(key: KeyObject | Uint8Array, options: KeyNameOptions): NoteSigner {
  const keyName = checkKeyName('hmacSigner', options);
  const k = hmacKeyObject('hmacSigner', key);
  const keyId = hmacKeyId(keyName, k);
  return {
    keyName,
    keyId,
    algorithm: 'hmac-sha256',
    publicKey: () => undefined,
    sign: async (text) => createHmac('sha256', k).update(text).digest(),
    signSync: (text) => createHmac('sha256', k).update(text).digest(),
  };
}

/** Verifier for {@link hmacSigner} notes (same key). */
export function hmacVerifier(key: KeyObject | Uint8Array, options: KeyNameOptions): NoteVerifier {
  const keyName = checkKeyName('hmacVerifier', options);
  const k = hmacKeyObject('hmacVerifier', key);
  const keyId = hmacKeyId(keyName, k);
  return {
    keyName,
    keyId,
    algorithm: 'hmac-sha256',
    verify: (text, signature) => {
      const expected = createHmac('sha256', k).update(text).digest();
      return signature.length === expected.length && timingSafeEqual(signature, expected);
    },
  };
}
