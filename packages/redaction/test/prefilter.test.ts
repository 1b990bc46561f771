import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { scanShapes } from '../src/internal/shape-prefilter.js';
import { B64, chars, HEX } from './fixtures.js';

const r = createRedactor();

/** Every case variant of a word, deterministically sampled. */
function caseVariants(word: string, count: number): string[] {
  const out = new Set<string>();
  for (let seed = 1; out.size < count && seed < count * 10; seed++) {
    let v = '';
    for (let i = 0; i < word.length; i++) {
      const c = word[i] as string;
      v += ((seed * 2654435761) >>> (i % 31)) & 1 ? c.toUpperCase() : c.toLowerCase();
    }
    out.add(v);
  }
  return [...out];
}

describe('the prefilter never hides a finding (case folding like the detectors)', () => {
  it.each([
    ['authorization', (k: string) => `${k}: Bearer abcdefgh12345678`, 'abcdefgh12345678'],
    ['proxy-authorization', (k: string) => `${k}: Basic dXNlcjpwYXNzd29yZA==`, 'dXNlcjpwYXNzd29yZA=='],
    ['bearer', (k: string) => `sent ${k} abcdefgh12345678`, 'abcdefgh12345678'],
    ['password', (k: string) => `${k}=hunter2`, 'hunter2'],
    ['client_secret', (k: string) => `{"${k}":"s3cr3t"}`, 's3cr3t'],
    ['cookie', (k: string) => `${k}: sid=abcdef`, 'abcdef'],
    ['access_token', (k: string) => `/cb?${k}=tok123456`, 'tok123456'],
    ['cvv', (k: string) => `${k}: 123`, '123'],
  ])('catches every case spelling of %s', (word, make, secret) => {
    for (const v of caseVariants(word, 24)) expect(r.redactText(make(v)), v).not.toContain(secret);
  });
});

describe('hard negatives stay byte-identical', () => {
  it.each([
    ['UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['trace id', chars(HEX, 32)],
    ['span id', chars(HEX, 16)],
    ['SHA-1', chars(HEX, 40)],
    ['SHA-256', `sha256:${chars(HEX, 64)}`],
    ['base64 blob', chars(B64, 88)],
    ['semver', 'v15.54.773-rc.2'],
    ['epoch ms', '1732612345678'],
    ['order number', 'order #100042 invoice INV-2026-0042'],
    ['ISBN', 'ISBN 978-3-16-148410-0'],
    ['git remote', 'git@github.com:org/repo.git'],
    ['timestamp', '2026-11-26T08:20:43.123Z'],
    ['prose', 'the token bucket refilled; authorization pending; secret santa'],
    ['counts', 'max_tokens=4096 input_tokens=120 token_count=3'],
  ])('%s', (_, v) => {
    const line = `INFO worker ${v} done`;
    expect(r.redactText(line)).toBe(line);
  });
});

describe('the shape prefilter gives the same flags with and without candidate positions', () => {
  // Short strings use a flags-only fast path; long ones record candidates. Both must agree on every flag.
  const alphabet = 'aZf09 -.:@gX\u00e9\u0100';
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed >>> 8;
  };
  const samples = [
    '2026-11-21T17:28:20.414Z INFO route=/v1/users/54268',
    'card 4111 1111 1111 1111 ssn 123-45-6789 iban GB82WEST12345698765432',
    'ip 10.0.0.1 and fe80::1 and a:b:c:d, mail a@b.co',
    ...Array.from({ length: 3000 }, () => {
      let s = '';
      for (let n = next() % 40; n > 0; n--) s += alphabet[next() % alphabet.length];
      return s;
    }),
  ];
  it('agrees on 3000 random strings for every wanted mask', () => {
    for (const text of samples) {
      const all = scanShapes(text, 31, { card: [], ssn: [], iban: [], ip: [] });
      for (const wanted of [1, 2, 4, 8, 16, 6, 31]) {
        const flags = scanShapes(text, wanted);
        // The fast path may stop early once every wanted flag is set: it agrees on the wanted flags.
        expect(flags & wanted).toBe(all & wanted);
      }
    }
  });
});
