import { crc32 } from 'node:zlib';

/** Deterministic pseudo-random characters (test fixtures are built at run time, never committed as literals). */
export function chars(alphabet: string, n: number, seed = 7): string {
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const UPPER32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const HEX = '0123456789abcdef';
export const B64 = `${BASE62}+/`;
export const B64URL = `${BASE62}-_`;

function base62(n: number): string {
  let out = '';
  let v = n >>> 0;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(6, '0');
}

/** A `gh?_` token whose last 6 characters are the base62 CRC32 of the 30-character body. */
export function githubToken(prefix = 'ghp', seed = 3): string {
  const body = chars(BASE62, 30, seed);
  return `${prefix}_${body}${base62(crc32(body))}`;
}

/** The same token with its checksum broken (last character changed). */
export function githubTokenBadChecksum(seed = 3): string {
  const t = githubToken('ghp', seed);
  const last = t[t.length - 1] === 'A' ? 'B' : 'A';
  return t.slice(0, -1) + last;
}

export function b64url(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

export function jwt(header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  return `${b64url(header)}.${b64url({ sub: '1234567890', name: 'Test User', iat: 1516239022 })}.${chars(B64URL, 43)}`;
}

export const HMAC_KEY = new Uint8Array(32).fill(9);
