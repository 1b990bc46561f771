/**
 * Secrets planted in hostile records, built from a seed: values seclog's default redaction must remove (GitHub tokens
 * with a valid checksum, Luhn-valid card numbers as digits, grouped or as numbers, e-mail addresses, also
 * percent-encoded), each with the spellings that must not reach an archive.
 */
import { crc32 } from 'node:zlib';

export type SecretKind = 'github' | 'card' | 'card-spaced' | 'card-number' | 'email' | 'email-url';
export interface SecretSpec {
  readonly kind: SecretKind;
  readonly seed: number;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function prng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

function base62(value: number, width: number): string {
  let out = '';
  for (let v = value >>> 0; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out.padStart(width, '0');
}

function luhnDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = payload.charCodeAt(payload.length - 1 - i) - 48;
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A 16-digit Luhn-valid card number starting with 4 or 5 (below 2^53, so it can be logged as a number). */
function cardDigits(seed: number): string {
  const next = prng(seed);
  let payload = next(2) === 0 ? '4' : `5${1 + next(5)}`;
  while (payload.length < 15) payload += String(next(10));
  return payload + luhnDigit(payload);
}

/** The secret as planted, and every spelling of it that must not appear in an archive. */
export function secretOf(s: SecretSpec): { planted: string; spellings: string[] } {
  const next = prng(s.seed);
  switch (s.kind) {
    case 'github': {
      let body = '';
      for (let i = 0; i < 30; i++) body += BASE62[next(62)];
      const token = `ghp_${body}${base62(crc32(body), 6)}`;
      // Its first and last 12 characters too: a cut (string limit, scan window) must not leave half a token behind.
      return { planted: token, spellings: [token, token.slice(0, 12), token.slice(-12)] };
    }
    case 'card':
    case 'card-number': {
      const digits = cardDigits(s.seed);
      return { planted: digits, spellings: [digits] };
    }
    case 'card-spaced': {
      const digits = cardDigits(s.seed);
      const grouped = digits.replace(/(\d{4})(?=\d)/g, '$1 ');
      return { planted: grouped, spellings: [digits, grouped] };
    }
    case 'email':
    case 'email-url': {
      const user = `${['jane.doe', 'ops-team', 'k.tanaka'][next(3)]}${10 + next(90)}`;
      const domain = ['example.org', 'corp.example.com'][next(2)];
      const address = `${user}@${domain}`;
      const encoded = `${user}%40${domain}`;
      return { planted: s.kind === 'email' ? address : encoded, spellings: [address, encoded] };
    }
  }
}
