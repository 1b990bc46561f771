/**
 * Check-digit arithmetic shared by the generators (to make valid values and their broken twins) and by the tests
 * that verify the generators. Independent of the engine's own validators on purpose.
 */
import { crc32 } from 'node:zlib';
import { BASE62 } from './prng.ts';

/** Luhn check digit for a string of digits (the payload without the check digit). */
export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    // Walking from the right, the digit next to the (future) check digit is doubled.
    let d = payload.charCodeAt(payload.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isLuhnValid(digits: string): boolean {
  if (!/^\d{2,19}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/** ISO 13616 mod-97 of an IBAN (any case, spaces ignored); a valid IBAN gives 1. */
export function ibanMod97(iban: string): number {
  const compact = iban.replace(/ /g, '').toUpperCase();
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) rest = (rest * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rest;
}

/** The two IBAN check digits for a country code and BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rest = ibanMod97(`${country}00${bban}`);
  return String(98 - rest).padStart(2, '0');
}

/** Base62 (0-9A-Za-z) encoding of an unsigned integer, left-padded with '0'. */
export function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

/** GitHub token checksum: base62(CRC32(30-char body)) in 6 characters. */
export function githubChecksum(body: string): string {
  return base62(crc32(body), 6);
}

export function isGithubChecksumValid(token: string): boolean {
  const underscore = token.indexOf('_');
  const rest = token.slice(underscore + 1);
  if (rest.length !== 36) return false;
  return githubChecksum(rest.slice(0, 30)) === rest.slice(30);
}

/** ISBN-13 check digit (weights 1,3). */
export function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (first12.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
