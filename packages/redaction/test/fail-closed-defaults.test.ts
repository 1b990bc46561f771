import { describe, expect, it } from 'vitest';
import { createRedactor, createReport, defaultPolicy } from '../src/index.js';
import { B64URL, chars, githubToken, HMAC_KEY, UPPER32 } from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });
const LIMIT = 65_536;

/** Whether `out` holds any 12-character window of `secret` (the leak measure of the quality gates). */
function holdsPart(out: string, secret: string): boolean {
  for (let i = 0; i + 12 <= secret.length; i++) if (out.includes(secret.slice(i, i + 12))) return true;
  return false;
}

describe('defaults', () => {
  it('scan bytes and card/SSN-shaped integers, but not every number', () => {
    expect(defaultPolicy.scanBinary).toBe(true);
    expect(defaultPolicy.scanNumberShapes).toBe(true);
    expect(defaultPolicy.redactAllTypes).toBe(false);
  });
});

describe('bytes are scanned as text by default', () => {
  it('reads valid UTF-8 as UTF-8 and writes the redacted bytes back in UTF-8', () => {
    const bytes = new TextEncoder().encode('héllo card 4111111111111111 ✓');
    const out = r.redactValue({ body: bytes }) as { body: Uint8Array };
    expect(out.body).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(out.body)).toBe('héllo card ************1111 ✓');
  });

  it('reads invalid UTF-8 as latin-1 and keeps every other byte as it was', () => {
    const token = githubToken('ghp', 31);
    const bytes = Uint8Array.from([0xff, 0xfe, 0x00, ...Buffer.from(` ${token} `, 'latin1'), 0xc3]);
    const out = r.redactValue(bytes) as Uint8Array;
    expect(Buffer.from(out).toString('latin1')).toBe('\xff\xfe\x00 [REDACTED:GITHUB_TOKEN] \xc3');
  });

  it('returns clean bytes by identity and leaves bytes alone with scanBinary: false', () => {
    const clean = new TextEncoder().encode('nothing to see');
    expect(r.redactValue(clean)).toBe(clean);
    const dirty = new TextEncoder().encode('password=hunter2');
    expect(createRedactor({ scanBinary: false }).redactValue(dirty)).toBe(dirty);
  });
});

describe('integers of card or SSN shape are checked by default', () => {
  it('masks a card logged as a number or a bigint', () => {
    expect(r.redactValue({ pan_value: 4111111111111111 })).toEqual({ pan_value: '************1111' });
    expect(r.redactValue({ n: 4111111111111111n })).toEqual({ n: '************1111' });
  });

  it('masks a 9-digit SSN number under an ssn-like key', () => {
    expect(r.redactValue({ customer_ssn_value: 123456780 })).toEqual({ customer_ssn_value: '*****6780' });
  });

  it('leaves other numbers: short, negative, fractional, Luhn-invalid, timestamps', () => {
    const v = { a: 4111111111111112, b: -4111111111111111, c: 1.5, d: 12345678, e: 1732612345678, f: 123456780 };
    expect(r.redactValue(v)).toBe(v);
  });

  it('leaves numbers alone with scanNumberShapes: false', () => {
    const v = { n: 4111111111111111 };
    expect(createRedactor({ scanNumberShapes: false }).redactValue(v)).toBe(v);
  });
});

describe('strings over the scan limit: nothing of a value across the cut survives', () => {
  it('drops a token glued into a whitespace-free string across the cut whole', () => {
    const key = `AKIA${chars(UPPER32, 16, 5)}`;
    for (const before of [1, 6, 14, 19]) {
      const value = `${'a'.repeat(LIMIT - before)}${key}${'b'.repeat(50)}`;
      const out = r.redactText(value);
      expect(holdsPart(out, key), `${before} characters before the cut`).toBe(false);
      expect(out).toMatch(/\[TRUNCATED:\d+ bytes unscanned\]$/);
    }
  });

  it('cuts before a token that runs across the limit and keeps the text before it', () => {
    const token = `sk_live_${chars(B64URL.replace(/[-_]/g, ''), 40, 6)}`;
    const value = `${'word '.repeat(LIMIT / 5 - 4)}x ${token} ${'y'.repeat(3000)}`;
    const out = r.redactText(value);
    expect(out).toMatch(/^(?:word ){13103}x \[TRUNCATED:\d+ bytes unscanned\]$/);
    expect(holdsPart(out, token)).toBe(false);
  });

  it('replaces a value found across the cut whole (the scan reads past the limit)', () => {
    const response = chars('0123456789abcdef', 200, 7);
    const head = `${'word '.repeat(LIMIT / 5 - 20)}Authorization: Digest username="bob", realm="r", response="`;
    const out = r.redactText(`${head}${response}" tail ${'z '.repeat(100)}`);
    expect(head.length).toBeLessThan(LIMIT);
    expect(out).toContain('Authorization: Digest [REDACTED:AUTH_HEADER]');
    expect(holdsPart(out, response)).toBe(false);
    expect(holdsPart(out, 'username="bob"')).toBe(false);
  });

  it('counts the truncation and what was left unscanned', () => {
    const report = createReport();
    const out = r.redactText(`${'a '.repeat(LIMIT)}`, report);
    expect(report.budget.get('truncated')).toBe(1);
    const unscanned = Number(/\[TRUNCATED:(\d+) bytes unscanned\]$/.exec(out)?.[1]);
    expect(out.length - `[TRUNCATED:${unscanned} bytes unscanned]`.length + unscanned).toBe(2 * LIMIT);
  });
});
