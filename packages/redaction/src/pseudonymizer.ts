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
 * digits-only phone numbers and cards, IP addresses as {@link canonicalIp} writes them.
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
    case 'ip':
      return canonicalIp(value.trim());
    default:
      return value;
  }
}

/** `::ffff:a.b.c.d` once the URL parser has written its last 32 bits as two hex groups. */
const IPV4_MAPPED = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * One text per address, so one client gets one pseudonym whichever form reaches the redactor: IPv6 in RFC 5952 form
 * (lower case, the longest run of zero groups compressed), and an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, the
 * peer a dual-stack server sees for an IPv4 client) as its IPv4 address. Anything else is returned as given.
 */
export function canonicalIp(address: string): string {
  if (isIP(address) !== 6) return address;
  let text: string;
  try {
    // The WHATWG URL serializer writes IPv6 hosts the RFC 5952 way.
    text = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    // A zone id (`fe80::1%eth0`) is valid for `net.isIP` but not in a URL.
    return address.toLowerCase();
  }
  const mapped = IPV4_MAPPED.exec(text);
  if (mapped === null) return text;
  const high = Number.parseInt(mapped[1] as string, 16);
  const low = Number.parseInt(mapped[2] as string, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
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
