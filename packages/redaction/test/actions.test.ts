import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRedactor, EPHEMERAL_KID } from '../src/index.js';
import { maskValue } from '../src/internal/replacement.js';
import { HMAC_KEY } from './fixtures.js';

const OLD_KEY = new Uint8Array(32).fill(3);

describe('redact action', () => {
  it('replaces a value with [REDACTED:TYPE]', () => {
    const r = createRedactor();
    expect(r.redactText('key AKIAIOSFODNN7EXAMPL3 x')).toBe('key [REDACTED:AWS_ACCESS_KEY_ID] x');
  });
});

describe('mask action', () => {
  it('keeps separators and only the last four of a card, with no hash anywhere', () => {
    expect(maskValue('card', '4242-4242-4242-4242')).toBe('****-****-****-4242');
    const out = createRedactor().redactText('pan 4242424242424242');
    expect(out).toBe('pan ************4242');
    expect(out).not.toMatch(/<card:/);
  });

  it('masks SSNs as ***-**-6789 and IBANs as country + last four', () => {
    expect(maskValue('ssn', '123-45-6789')).toBe('***-**-6789');
    expect(maskValue('iban', 'GB82WEST12345698765432')).toBe('GB****************5432');
  });

  it('masks IP addresses by prefix truncation (/24, /48)', () => {
    expect(maskValue('ip', '203.0.113.9')).toBe('203.0.113.0/24');
    expect(maskValue('ip', '2001:db8:85a3::8a2e:370:7334')).toBe('2001:db8:85a3::/48');
    expect(maskValue('ip', '::1')).toBe('0:0:0::/48');
    expect(maskValue('ip', '::ffff:203.0.113.9')).toBe('203.0.113.0/24');
    const r = createRedactor({
      detectors: { IP_ADDRESS: { action: 'mask' } },
      keyClasses: { network: { action: 'mask' } },
    });
    expect(r.redactText('from 198.51.100.23')).toBe('from 198.51.100.0/24');
    expect(r.redactAttributes({ client_ip: '198.51.100.23' })).toEqual({ client_ip: '198.51.100.0/24' });
  });

  it('masks short values entirely (four characters would reveal too much)', () => {
    expect(maskValue('account', '12345678')).toBe('********');
  });

  it('applies per detector when configured', () => {
    const r = createRedactor({ detectors: { EMAIL: { action: 'mask' } } });
    expect(r.redactText('to alice@example.com')).toBe('to *****@******e.com');
  });
});

describe('hmac action and token format', () => {
  const r = createRedactor({ hmac: { kid: 'k2', key: HMAC_KEY, previousKeys: [{ kid: 'k1', key: OLD_KEY }] } });

  it('emits <type:kid:token> with a 16-character base64url token by default', () => {
    expect(r.redactText('alice@example.com')).toMatch(/^<email:k2:[A-Za-z0-9_-]{16}>$/);
  });

  it('is HMAC-SHA256 over TYPE || 0x00 || canonical(value), base64url, truncated', () => {
    const mac = createHmac('sha256', HMAC_KEY).update('email\u0000alice@example.com').digest('base64url');
    expect(r.redactText('Alice@Example.com')).toBe(`<email:k2:${mac.slice(0, 16)}>`);
  });

  it('separates types: the same bytes as email and as session give different tokens', () => {
    expect(r.pseudonymize('email', 'x')).not.toBe(r.pseudonymize('session', 'x'));
  });

  it('canonicalizes phone numbers and cards to digits, IPv6 to its compressed form', () => {
    expect(r.pseudonymize('phone', '+1 (415) 555-0100')).toBe(r.pseudonymize('phone', '14155550100'));
    expect(r.pseudonymize('card', '4242 4242 4242 4242')).toBe(r.pseudonymize('card', '4242424242424242'));
    expect(r.pseudonymize('ip', '2001:DB8:0::1')).toBe(r.pseudonymize('ip', '2001:db8::1'));
  });

  it('gives one IP address one pseudonym whatever its spelling: RFC 5952 IPv6, IPv4-mapped IPv6 as IPv4', () => {
    const v4 = r.pseudonymize('ip', '203.0.113.5');
    for (const spelling of [
      '::ffff:203.0.113.5',
      '::FFFF:203.0.113.5',
      '::ffff:cb00:7105',
      '0:0:0:0:0:ffff:cb00:7105',
    ]) {
      expect(r.pseudonymize('ip', spelling), spelling).toBe(v4);
    }
    const v6 = r.pseudonymize('ip', '2001:db8::1:0:0:1');
    for (const spelling of ['2001:0DB8:0000:0000:0001:0000:0000:0001', '2001:db8:0:0:1::1', '2001:db8::1:0:0:1']) {
      expect(r.pseudonymize('ip', spelling), spelling).toBe(v6);
    }
    // An IPv4-compatible (::a.b.c.d) or NAT64 address is another address, not the IPv4 one.
    expect(r.pseudonymize('ip', '::203.0.113.5')).not.toBe(v4);
    expect(r.pseudonymize('ip', '64:ff9b::203.0.113.5')).not.toBe(v4);
  });

  it('pseudonymizes a client address the same under an address key and in free text, in either form', () => {
    const underKey = r.redactAttributes({ 'client.address': '127.0.0.1' })['client.address'];
    expect(underKey).toMatch(/^<ip:k2:[\w-]{16}>$/);
    expect(r.redactAttributes({ 'client.address': '::ffff:127.0.0.1' })['client.address']).toBe(underKey);
    expect(r.redactText('login from ::ffff:127.0.0.1 failed')).toBe(`login from ${underKey} failed`);
    expect(r.redactText('login from 127.0.0.1 failed')).toBe(`login from ${underKey} failed`);
  });

  it('makes the token length configurable between 16 and 22', () => {
    const long = createRedactor({ hmac: { kid: 'k', key: HMAC_KEY, tokenLength: 22 } });
    expect(long.pseudonymize('email', 'a@b.co')).toMatch(/^<email:k:[\w-]{22}>$/);
  });

  it('computes tokens under a previous key id for lookups after rotation, never emitting them itself', () => {
    const before = createRedactor({ hmac: { kid: 'k1', key: OLD_KEY } });
    const old = before.redactText('bob@example.com');
    expect(r.pseudonymize('email', 'bob@example.com', 'k1')).toBe(old);
    expect(r.redactText('bob@example.com')).not.toBe(old);
    expect(() => r.pseudonymize('email', 'x', 'k9')).toThrow(/unknown HMAC key id "k9"/);
  });

  it('uses a random per-process key with kid "ephemeral" when none is configured', () => {
    const a = createRedactor();
    const b = createRedactor();
    expect(a.policy.ephemeralKey).toBe(true);
    expect(a.policy.hmacKid).toBe(EPHEMERAL_KID);
    expect(a.redactText('c@d.org')).toMatch(/^<email:ephemeral:[\w-]{16}>$/);
    expect(a.redactText('c@d.org')).toBe(b.redactText('c@d.org'));
    expect(a.redactText('c@d.org')).not.toBe(r.redactText('c@d.org'));
  });
});

describe('drop action', () => {
  it('removes the key from attributes and map bodies; in free text it behaves as redact', () => {
    const r = createRedactor({
      keyClasses: { credential: { action: 'drop' } },
      detectors: { CVV: { action: 'drop' } },
    });
    expect(r.redactAttributes({ password: 'x', user: 'bob' })).toEqual({ user: 'bob' });
    expect(r.redactValue({ a: { password: 'x', b: 1 } })).toEqual({ a: { b: 1 } });
    expect(r.redactText('password=x')).toBe('password=[REDACTED:CREDENTIAL]');
    expect(r.redactText('cvv=123')).toBe('cvv=[REDACTED:CVV]');
  });
});

describe('allowlists', () => {
  it('keeps allowlisted literals, staging dummy cards (digits compared) and test email domains', () => {
    const r = createRedactor({
      allowlist: { literals: ['4111111111111111', 'noreply@corp.com'], emailDomains: ['example.com'] },
    });
    expect(r.redactText('card 4111 1111 1111 1111')).toBe('card 4111 1111 1111 1111');
    expect(r.redactText('from NoReply@corp.com')).toBe('from NoReply@corp.com');
    expect(r.redactText('a@example.com b@mail.example.com')).toBe('a@example.com b@mail.example.com');
    expect(r.redactText('c@corp.com')).not.toBe('c@corp.com');
  });

  it('keeps findings matching an allowlist pattern', () => {
    const r = createRedactor({ allowlist: { patterns: ['^10\\.0\\.0\\.\\d{1,3}$'] } });
    expect(r.redactText('host 10.0.0.7')).toBe('host 10.0.0.7');
    expect(r.redactText('host 10.0.1.7')).not.toBe('host 10.0.1.7');
  });
});

describe('custom detectors', () => {
  it('redacts matches of a safe custom pattern, with keywords as prefilter', () => {
    const r = createRedactor({
      customDetectors: [
        { name: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}' },
        { name: 'TICKET', pattern: 'TCK\\d{4}', keywords: ['tck'], action: 'hmac' },
      ],
    });
    expect(r.redactText('by EMP-123456 on TCK1234')).toMatch(
      /^by \[REDACTED:EMPLOYEE_ID\] on <ticket:ephemeral:[\w-]{16}>$/,
    );
  });

  it('runs a custom validator and fails closed when it throws', () => {
    const r = createRedactor({
      customDetectors: [
        { name: 'EVEN', pattern: 'N\\d{2}', validate: (m) => Number(m.slice(1)) % 2 === 0 },
        {
          name: 'BOOM',
          pattern: 'BOOM\\d',
          validate: () => {
            throw new Error('validator bug');
          },
        },
      ],
    });
    expect(r.redactText('N12 N13')).toBe('[REDACTED:EVEN] N13');
    expect(r.redactText('BOOM1 and alice@example.com')).toBe('[REDACTION_ERROR]');
  });
});
