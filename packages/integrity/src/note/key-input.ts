/**
 * Reading an Ed25519 private key that a user supplied (a `KeyObject`, PEM text or bytes), and saying what is wrong
 * with it without ever repeating it. Node's own parse errors are dropped (never kept as `cause`): they can quote input.
 * Shared by `ed25519Signer` and `@seclog/node`'s key loading, which add their own advice to each problem.
 */
import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';

/** Why a supplied value is not a usable Ed25519 private key. */
export type KeyInputProblem =
  | { readonly kind: 'encrypted' }
  | { readonly kind: 'public-key' }
  | { readonly kind: 'not-pem' }
  | { readonly kind: 'secret-key' }
  /** `algorithm` is "an RSA", "an EC"…: the kind of a wrong key, which is safe to name. */
  | { readonly kind: 'wrong-algorithm'; readonly algorithm: string }
  /** `got` is "a number", "an array", "a Map"…: the type of the value, never its content. */
  | { readonly kind: 'wrong-input'; readonly got: string };

/** PKCS#8 `ENCRYPTED PRIVATE KEY` or a legacy OpenSSL PEM with a `Proc-Type: 4,ENCRYPTED` header. */
const ENCRYPTED_PEM = /ENCRYPTED PRIVATE KEY|Proc-Type: *4,ENCRYPTED/;

/** The key, or what is wrong with the input. */
export function readEd25519PrivateKey(input: unknown): { key: KeyObject } | { problem: KeyInputProblem } {
  let key: KeyObject;
  if (input instanceof KeyObject) {
    key = input;
  } else if (typeof input === 'string' || input instanceof Uint8Array) {
    const pem = Buffer.from(input);
    if (ENCRYPTED_PEM.test(pem.toString('latin1'))) return { problem: { kind: 'encrypted' } };
    try {
      key = createPrivateKey({ key: pem, format: 'pem' });
    } catch {
      return { problem: { kind: isPublicKeyPem(pem) ? 'public-key' : 'not-pem' } };
    }
  } else {
    return { problem: { kind: 'wrong-input', got: describeValueKind(input) } };
  }
  if (key.type === 'public') return { problem: { kind: 'public-key' } };
  if (key.type === 'secret') return { problem: { kind: 'secret-key' } };
  if (key.asymmetricKeyType !== 'ed25519') {
    return { problem: { kind: 'wrong-algorithm', algorithm: describeKeyAlgorithm(key) } };
  }
  return { key };
}

/** A short sentence for a problem ("this is a public key"), to follow the caller's "must be …:". */
export function describeKeyProblem(problem: KeyInputProblem): string {
  switch (problem.kind) {
    case 'encrypted':
      return 'this key is encrypted';
    case 'public-key':
      return 'this is a public key';
    case 'not-pem':
      return 'this is not a PEM private key';
    case 'secret-key':
      return 'this is a secret (symmetric) key';
    case 'wrong-algorithm':
      return `this is ${problem.algorithm} private key`;
    case 'wrong-input':
      return `got ${problem.got}`;
  }
}

/** Whether PEM bytes parse as a public key (to tell "you gave the public key" from "this is not a key"). */
export function isPublicKeyPem(pem: Uint8Array): boolean {
  try {
    createPublicKey({ key: Buffer.from(pem), format: 'pem' });
    return true;
  } catch {
    return false;
  }
}

const KEY_ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  rsa: 'an RSA',
  'rsa-pss': 'an RSA-PSS',
  dsa: 'a DSA',
  ec: 'an EC',
  ed448: 'an Ed448',
  x25519: 'an X25519',
  x448: 'an X448',
  dh: 'a DH',
};

/** "an RSA", "an EC"…: the algorithm of a key that is not Ed25519. */
export function describeKeyAlgorithm(key: KeyObject): string {
  return KEY_ALGORITHM_NAMES[key.asymmetricKeyType ?? ''] ?? 'a non-Ed25519';
}

/** What kind of value was passed, for error messages: its type, never its content. */
export function describeValueKind(value: unknown): string {
  if (value === null) return 'null';
  if (Buffer.isBuffer(value)) return 'a Buffer';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]{0,40}$/.test(name)) return 'an object';
    return `${/^[AEIOU]/i.test(name) ? 'an' : 'a'} ${name}`;
  }
  return `${/^[aeiou]/.test(typeof value) ? 'an' : 'a'} ${typeof value}`;
}
