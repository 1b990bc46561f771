import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { HMAC_KEY } from './fixtures.js';
import { TEST_PANS } from './quality/corpus/pii-generators.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });
const text = (s: string) => r.redactText(s);
const kept = (s: string) => expect(text(s)).toBe(s);

/** The Luhn-broken twin: last digit + 1 (mod 10). */
const twin = (pan: string) => pan.slice(0, -1) + String((Number(pan.at(-1)) + 1) % 10);

describe('P1 email', () => {
  it('pseudonymizes an address anchored on @', () => {
    expect(text('login by Alice.Smith+tag@mail.example.co.uk now')).toMatch(/^login by <email:k1:[\w-]{16}> now$/);
  });

  it('tokens are case-insensitive for the same address', () => {
    expect(text('A@B.COM')).toBe(text('a@b.com'));
  });

  it.each([
    'git clone git@github.com:org/repo.git',
    'ssh deploy@host:/srv/app',
    'icon@2x.png',
    'npm i @scope/pkg@1.2.3',
    'user@localhost',
    'name@@domain.com x',
  ])('keeps %s', (s) => kept(s));
});

describe('P2 credit cards', () => {
  it.each(TEST_PANS)('masks test PAN %s to its last four digits', (pan) => {
    const out = text(`charged ${pan} ok`);
    expect(out).toBe(`charged ${'*'.repeat(pan.length - 4)}${pan.slice(-4)} ok`);
  });

  it.each(TEST_PANS)('keeps the Luhn-broken twin of %s', (pan) => kept(`ref ${twin(pan)} ok`));

  it('keeps separators when grouped with one consistent separator', () => {
    expect(text('card 4242 4242 4242 4242')).toBe('card **** **** **** 4242');
    expect(text('card 4242-4242-4242-4242')).toBe('card ****-****-****-4242');
    expect(text('amex 3782-822463-10005')).toBe('amex ****-******-*0005');
  });

  it('reads `+` as the space form encoding writes', () => {
    expect(text('GET /pay?q=card+4242+4242+4242+4242 HTTP/1.1')).toBe('GET /pay?q=card+****+****+****+4242 HTTP/1.1');
    expect(text('pan=4242424242424242+exp=12%2F26')).toBe('pan=************4242+exp=12%2F26');
    expect(text('q=2+4242424242424242+x')).toBe('q=2+************4242+x');
    kept('sum 1000+2000+3000+4000 ok');
    kept('card 4242+4242 4242+4242');
  });

  it('keeps mixed separators, longer digit runs, decimals, hex and all-same digits', () => {
    kept('card 4242-4242 4242-4242');
    kept('id 42424242424242421234567');
    kept('amount 4242424242424242.50');
    kept('trace a4242424242424242f');
    kept('zero 0000000000000000');
  });

  it.each([
    ['a number before it', 'qty 2 4242424242424242', 'qty 2 ************4242'],
    ['a number after it', 'card 4242424242424242 2026', 'card ************4242 2026'],
    ['another card after it', '4242424242424242 5555555555554444', '************4242 ************4444'],
    ['a token ending in digits before it', 'ghp_x05 4242424242424242', 'ghp_x05 ************4242'],
    ['a year before it (grouped)', '2026 4242 4242 4242 4242', '2026 **** **** **** 4242'],
    [
      'another grouped card after it',
      '4242 4242 4242 4242 5555 5555 5555 4444',
      '**** **** **** 4242 **** **** **** 4444',
    ],
  ])('masks a card with %s (a space-separated neighbour does not hide it)', (_, input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it('accepts 12-digit Maestro numbers only next to a card word', () => {
    expect(text('card number 501864667909')).toBe('card number ********7909');
    kept('order 501864667909 shipped');
  });

  it.each([
    ['UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['trace id', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['span id', '00f067aa0ba902b7'],
    ['epoch ms', '1732612345678'],
    ['SHA-1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['ISBN', '978-3-16-148410-0'],
    ['ISBN-13', '9783161484100'],
    ['semver', '15.54.773'],
    ['order number', 'ORD-2026-000123456'],
  ])('keeps a %s', (_, v) => kept(`value ${v} end`));

  it('masks a card logged as a number by default, and leaves it with scanNumberShapes: false', () => {
    expect(createRedactor().redactValue({ id: 1, n: 4242424242424242 })).toEqual({ id: 1, n: '************4242' });
    expect(createRedactor({ scanNumberShapes: false }).redactValue(4242424242424242)).toBe(4242424242424242);
    const all = createRedactor({ redactAllTypes: true, scanNumberShapes: false });
    expect(all.redactValue({ id: 1, n: 4242424242424242 })).toEqual({ id: 1, n: '************4242' });
  });
});

describe('P3 US SSN', () => {
  it('masks 3-2-4 with one consistent separator', () => {
    expect(text('ssn 123-45-6780')).toBe('ssn ***-**-6780');
    expect(text('id 123 45 6780')).toBe('id *** ** 6780');
  });

  it.each([
    '000-12-3456',
    '666-12-3456',
    '912-12-3456',
    '123-00-4567',
    '123-45-0000',
    '078-05-1120',
    '123-45-6789',
    '123-45 6780',
  ])('keeps invalid or placeholder %s', (v) => kept(`x ${v} y`));

  it('accepts 9 plain digits only near an SSN word', () => {
    expect(text('SSN: 123456780')).toBe('SSN: *****6780');
    kept('invoice 123456780');
  });
});

describe('P4 IBAN', () => {
  it('masks a valid IBAN to country + last four, spaced or not, any case', () => {
    expect(text('iban DE89 3704 0044 0532 0130 00 ok')).toBe('iban DE** **** **** **** **30 00 ok');
    expect(text('GB82WEST12345698765432')).toBe('GB****************5432');
    expect(text('to de89370400440532013000')).toBe('to de****************3000');
  });

  it('keeps an IBAN with a wrong check digit or length', () => {
    kept('DE88370400440532013000');
    kept('DE8937040044053201300');
  });
});

describe('P5 IP addresses', () => {
  it('pseudonymizes IPv4 and IPv6, compressing IPv6 before hashing', () => {
    expect(text('from 203.0.113.9 port')).toMatch(/^from <ip:k1:[\w-]{16}> port$/);
    expect(text('2001:db8:0:0:0:0:0:1')).toBe(text('2001:db8::1'));
    expect(text('[fe80::1]:8080')).toMatch(/^\[<ip:k1:[\w-]{16}>\]:8080$/);
  });

  it.each(['999.1.1.1', '1.2.3.4.5', 'v1.2.3.4', '12:34:56', 'aa:bb:cc:dd:ee:ff', 'oid 1.3.6.1.4.1.54656.4'])(
    'keeps %s',
    (s) => kept(s),
  );

  it('keeps private, loopback and link-local addresses when privateRanges is "keep"', () => {
    const keep = createRedactor({ ip: { privateRanges: 'keep' } });
    expect(keep.redactText('from 10.1.2.3 and 192.168.0.9 via ::1 and fe80::1')).toBe(
      'from 10.1.2.3 and 192.168.0.9 via ::1 and fe80::1',
    );
    expect(keep.redactText('from 203.0.113.9')).toMatch(/^from <ip:ephemeral:/);
    expect(r.redactText('from 10.1.2.3')).toMatch(/^from <ip:k1:/);
  });

  it('keeps version-like quads under version keys', () => {
    expect(r.redactAttributes({ 'app.version': '1.2.3.4' })).toEqual({ 'app.version': '1.2.3.4' });
    expect(text('app_version=1.2.3.4 {"version":"10.0.0.1"}')).toBe('app_version=1.2.3.4 {"version":"10.0.0.1"}');
  });
});

describe('P6 phone (off by default in free text)', () => {
  it('is off by default but pseudonymized under phone keys', () => {
    kept('call +1 415 555 0100 now');
    expect(r.redactValue('+1 415 555 0100', 'phone')).toMatch(/^<phone:k1:/);
  });

  it('when enabled, finds + forms and local forms near a phone word, with digits-only canonical tokens', () => {
    const p = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY }, detectors: { PHONE: { enabled: true } } });
    expect(p.redactText('call +1 415-555-0100 now')).toBe(p.redactText('call +14155550100 now'));
    expect(p.redactText('phone: (415) 555-0100')).toMatch(/^phone: <phone:k1:/);
    expect(p.redactText('Phone: 0487 98 11 92')).toMatch(/^Phone: <phone:k1:[\w-]{16}>$/);
    expect(p.redactText('085 175 7641 office')).toMatch(/^<phone:k1:[\w-]{16}> office$/);
    expect(p.redactText('build 415-555-0100')).toBe('build 415-555-0100');
    expect(p.redactText('phone batch 12 34')).toBe('phone batch 12 34');
  });
});

describe('P7 CVV', () => {
  it('redacts cvv: 123 style codes in text', () => {
    expect(text('cvv: 123, exp 12/30')).toBe('cvv: [REDACTED:CVV], exp 12/30');
    expect(text('{"cvc2":"1234"}')).toBe('{"cvc2":"[REDACTED:CVV]"}');
    kept('incident=123');
  });
});
