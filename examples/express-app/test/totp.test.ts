import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, totp, verifyTotp } from '../src/totp.ts';

// RFC 6238 Appendix B (SHA-1 rows): secret "12345678901234567890", 8 digits, X = 30 s.
const SECRET = Buffer.from('12345678901234567890', 'ascii');
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238) and HOTP (RFC 4226)', () => {
  it.each(VECTORS)('matches the RFC 6238 SHA-1 vector at T=%i', (seconds, code) => {
    expect(totp(SECRET, seconds * 1000, 30, 8)).toBe(code);
  });

  it('matches the RFC 4226 appendix D HOTP values', () => {
    expect([0, 1, 2, 9].map((c) => hotp(SECRET, BigInt(c)))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('accepts one step of clock drift either way and nothing further', () => {
    const now = 1_764_144_000_000;
    expect(verifyTotp(SECRET, totp(SECRET, now - 30_000), now)).toBe(true);
    expect(verifyTotp(SECRET, totp(SECRET, now + 30_000), now)).toBe(true);
    expect(verifyTotp(SECRET, totp(SECRET, now - 90_000), now)).toBe(false);
    expect(verifyTotp(SECRET, 'abcdef', now)).toBe(false);
  });

  it('round-trips base32 (RFC 4648 vectors, padding ignored)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    expect(() => base32Decode('not base32!')).toThrow(/invalid base32/);
  });
});
