import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { chars, HEX, HMAC_KEY } from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY }, detectors: { PHONE: { enabled: true } } });

const PLANTS = [
  'card 4242 4242 4242 4242 ok',
  'pan 378282246310005',
  'ssn 123-45-6780',
  'SSN: 123456780',
  'iban DE89 3704 0044 0532 0130 00',
  'to gb82west12345698765432 now',
  'from 203.0.113.9 port 22',
  'v6 2001:db8::8a2e:370:7334 up',
  'mapped ::ffff:10.1.2.3 x',
  'mail alice@corp.com',
  'call +1 415 555 0100',
  'card number 501864667909',
];
const NOISE = [
  `2026-11-26T08:20:43.123Z INFO [api] request ${chars(HEX, 32)} took 12ms`,
  'ts 1732612345678 order 100042 version 1.2.3',
  `trace ${chars(HEX, 16, 3)} span ${chars(HEX, 16, 4)} at 12:34:56`,
  'digits 1234 5678 9012 and 98765432101234567890123',
];

/** Deterministic mix of planted and noise lines. */
function lines(count: number, seed: number): string[] {
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(x % 5 === 0 ? (PLANTS[x % PLANTS.length] as string) : (NOISE[x % NOISE.length] as string));
  }
  return out;
}

describe('long strings (windowed shape scans) find exactly what line-by-line scanning finds', () => {
  it.each([1, 2, 3, 4])('seed %i', (seed) => {
    const ls = lines(300, seed);
    const whole = r.redactText(ls.join('\n'));
    expect(whole).toBe(ls.map((l) => r.redactText(l)).join('\n'));
    for (const p of [
      '4242 4242 4242 4242',
      '203.0.113.9',
      '2001:db8::8a2e:370:7334',
      '123-45-6780',
      'alice@corp.com',
    ]) {
      expect(whole).not.toContain(p);
    }
  });

  it('finds values at the very start and end of a long string', () => {
    const filler = ' lorem ipsum dolor'.repeat(60);
    const text = `4242424242424242${filler} 10.0.0.1${filler} DE89370400440532013000`;
    const out = r.redactText(text);
    expect(out.startsWith('************4242')).toBe(true);
    expect(out).not.toContain('10.0.0.1');
    expect(out.endsWith('DE****************3000')).toBe(true);
  });

  it('scans every candidate when there are more than the window budget', () => {
    const many = Array.from({ length: 400 }, (_, i) => `ip 10.0.${i % 250}.${(i * 7) % 250}`).join('; ');
    const roomy = createRedactor({ limits: { maxFindingsPerString: 1000 } });
    const out = roomy.redactText(many);
    expect(out).not.toMatch(/10\.0\.\d/);
    expect(out.match(/<ip:ephemeral:/g)).toHaveLength(400);
  });
});
