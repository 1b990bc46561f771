import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { base64url, ibanMod97, isGithubChecksumValid, isLuhnValid } from './corpus/checksums.ts';
import { NEGATIVE_FRAGMENTS } from './corpus/hard-negatives.ts';
import { buildQualityCorpus, buildThroughputLines } from './corpus/log-corpus.ts';
import {
  CARD_BRANDS,
  formatPan,
  IBAN_COUNTRIES,
  luhnValidPan,
  randomIpv4,
  randomIpv6,
  TEST_PANS,
  validIban,
  validSsn,
} from './corpus/pii-generators.ts';
import { createPrng } from './corpus/prng.ts';
import { githubToken, jwt, SECRET_FRAGMENTS } from './corpus/secret-generators.ts';

// The quality gates are only as good as the corpus: these tests pin the generators to the formats they claim.
describe('quality corpus generators', () => {
  it('is deterministic for a seed', () => {
    expect(buildQualityCorpus({ seed: 7, perType: 2, negativesPerKind: 1 })).toEqual(
      buildQualityCorpus({ seed: 7, perType: 2, negativesPerKind: 1 }),
    );
    expect(buildThroughputLines(3, 50, 0.5)).toEqual(buildThroughputLines(3, 50, 0.5));
  });

  it('makes Luhn-valid PANs with the brand prefix and length, grouped with one consistent separator', () => {
    const p = createPrng(1);
    for (const brand of CARD_BRANDS) {
      for (let i = 0; i < 50; i++) {
        const pan = luhnValidPan(p, brand);
        expect(isLuhnValid(pan)).toBe(true);
        expect(brand.lengths).toContain(pan.length);
        expect(brand.prefixes.some((x) => pan.startsWith(x))).toBe(true);
        const dashed = formatPan(pan, 'dashed');
        expect(dashed.replace(/-/g, '')).toBe(pan);
        expect(dashed.includes(' ')).toBe(false);
      }
    }
    expect(formatPan('378282246310005', 'spaced')).toBe('3782 822463 10005');
    for (const pan of TEST_PANS) expect(isLuhnValid(pan)).toBe(true);
  });

  it('makes IBANs whose mod-97 is 1 with the registry length per country', () => {
    const p = createPrng(2);
    const lengths: Record<string, number> = {
      DE: 22,
      GB: 22,
      FR: 27,
      ES: 24,
      IT: 27,
      NL: 18,
      BE: 16,
      CH: 21,
      PL: 28,
      AT: 20,
    };
    for (const c of IBAN_COUNTRIES) {
      for (let i = 0; i < 20; i++) {
        const iban = validIban(p, c);
        expect(ibanMod97(iban)).toBe(1);
        expect(iban.length).toBe(lengths[c.code]);
      }
    }
  });

  it('makes SSNs that respect the area, group and serial rules', () => {
    const p = createPrng(3);
    for (let i = 0; i < 500; i++) {
      const [area, group, serial] = validSsn(p, '-').split('-');
      expect(area).not.toMatch(/^(000|666|9\d\d)$/);
      expect(group).not.toBe('00');
      expect(serial).not.toBe('0000');
    }
  });

  it('makes IP addresses that net.isIP accepts', () => {
    const p = createPrng(4);
    for (let i = 0; i < 200; i++) {
      expect(isIP(randomIpv4(p))).toBe(4);
      expect(isIP(randomIpv6(p))).toBe(6);
    }
  });

  it('makes GitHub tokens with a valid CRC32 checksum and negatives with a broken one', () => {
    const p = createPrng(5);
    for (let i = 0; i < 100; i++) expect(isGithubChecksumValid(githubToken(p))).toBe(true);
    const bad = NEGATIVE_FRAGMENTS.GITHUB_BAD_CHECKSUM?.(p);
    const span = bad?.spans[0];
    expect(span && isGithubChecksumValid(bad.text.slice(span.start, span.end))).toBe(false);
  });

  it('makes JWTs whose header decodes to a JSON object with alg', () => {
    const p = createPrng(6);
    for (let i = 0; i < 50; i++) {
      const [header] = jwt(p).split('.');
      const parsed = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as { alg?: string };
      expect(typeof parsed.alg).toBe('string');
    }
    expect(base64url('{"alg":"HS256"}').startsWith('eyJ')).toBe(true);
  });

  it('labels spans that lie inside their text and are non-empty', () => {
    const corpus = buildQualityCorpus({ seed: 8, perType: 5, negativesPerKind: 3 });
    const types = new Set<string>();
    for (const line of corpus) {
      for (const s of line.spans) {
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeLessThanOrEqual(line.text.length);
        expect(s.end).toBeGreaterThan(s.start);
        if (s.kind === 'positive') types.add(s.type);
      }
    }
    for (const type of Object.keys(SECRET_FRAGMENTS)) expect(types).toContain(type);
    for (const type of ['CREDIT_CARD', 'US_SSN', 'IBAN', 'EMAIL', 'IP_ADDRESS', 'PHONE']) expect(types).toContain(type);
  });

  it('makes hard-negative digit ids that fail Luhn', () => {
    const p = createPrng(9);
    const make = NEGATIVE_FRAGMENTS.NON_LUHN_ID;
    for (let i = 0; i < 200 && make; i++) {
      const f = make(p);
      const s = f.spans[0];
      if (s) expect(isLuhnValid(f.text.slice(s.start, s.end))).toBe(false);
    }
  });
});
