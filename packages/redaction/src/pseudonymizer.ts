import { createHmac, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

/** Key id used when no HMAC key is configured: a random per-process key (tokens correlate within one process only). */
export const EPHEMERAL_KID = 'ephemeral';

let ephemeralKey: KeyObject | undefined;

/** One random 32-byte key per process, shared by every redactor without a configured key. */
function processEphemeralKey(): KeyObject {
  ephemeralKey ??= createSecretKey(randomBytes(32));
  return ephemeralKey;
}

/**
 * Canonical form of a value before hashing, so the same person links across spellings: lower-cased emails,
 * digits-only phone numbers and cards, compressed lower-case IPv6.
 */
export function canonicalize(type: string, value: string): string {
  switch (type) {
    case 'email':
    case 'username':
      return value.trim().toLowerCase();
    case 'phone':
    case 'card':
    case 'ssn':
      return value.replace(/\D/g, '');
    case 'iban':
      return value.replace(/\s/g, '').toUpperCase();
    case 'ip': {
      const v = value.trim();
      if (isIP(v) === 6) {
        try {
          return new URL(`http://[${v}]/`).hostname.slice(1, -1);
        } catch {
          return v.toLowerCase();
        }
      }
      return v;
    }
    default:
      return value;
  }
}

/** Computes `<type:kid:token>` HMAC-SHA256 pseudonyms with the active key; previous keys on request. */
export class Pseudonymizer {
  readonly kid: string;
  readonly ephemeral: boolean;
  readonly #keys: Map<string, KeyObject>;
  readonly #tokenLength: number;

  constructor(
    active: { kid: string; key: Uint8Array } | undefined,
    previous: { kid: string; key: Uint8Array }[],
    tokenLength: number,
  ) {
    this.#keys = new Map();
    this.#tokenLength = tokenLength;
    if (active === undefined) {
      this.kid = EPHEMERAL_KID;
      this.ephemeral = true;
      this.#keys.set(EPHEMERAL_KID, processEphemeralKey());
    } else {
      this.kid = active.kid;
      this.ephemeral = false;
      this.#keys.set(active.kid, createSecretKey(Buffer.from(active.key)));
    }
    for (const p of previous) this.#keys.set(p.kid, createSecretKey(Buffer.from(p.key)));
  }

  /** `<type:kid:token>` where token = base64url(HMAC-SHA256(key, type ‖ 0x00 ‖ canonical(value)))[0..n]. */
  token(type: string, value: string, kid: string = this.kid): string {
    const key = this.#keys.get(kid);
    if (key === undefined) throw new Error(`unknown HMAC key id "${kid}"`);
    const mac = createHmac('sha256', key)
      .update(type)
      .update('\u0000')
      .update(canonicalize(type, value))
      .digest('base64url');
    return `<${type}:${kid}:${mac.slice(0, this.#tokenLength)}>`;
  }
}
