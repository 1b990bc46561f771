import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { decodeView } from '../src/internal/decoded-view.js';
import { githubToken, HMAC_KEY } from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });
const text = (s: string) => r.redactText(s);
const EMAIL = r.pseudonymize('email', 'name@example.com');

describe('decoded view', () => {
  it('decodes %XX, \\uXXXX, \\xXX and \\/ and maps every decoded character back to its escape', () => {
    const v = decodeView('a%40b\\u0040c\\x40d\\/e');
    expect(v?.text).toBe('a@b@c@d/e');
    expect([...(v?.at ?? [])]).toEqual([0, 1, 4, 5, 11, 12, 16, 17, 19, 20]);
  });

  it('decodes double percent-encoding once more, and nothing else', () => {
    expect(decodeView('x%2540y')?.text).toBe('x@y');
    expect(decodeView('100% sure, C:\\Users\\me')).toBeNull();
    expect(decodeView('plain text')).toBeNull();
    expect(decodeView('caf%C3%A9')).toBeNull();
  });
});

describe('percent-decoding and JSON unescaping before detection', () => {
  it.each([
    ['mail name%40example.com and name@example.com', `mail ${EMAIL} and ${EMAIL}`],
    ['{"m":"name\\u0040example.com"}', `{"m":"${EMAIL}"}`],
    ['next=%2Fhome%3Fu%3Dname%2540example.com', `next=%2Fhome%3Fu%3D${EMAIL}`],
    ['GET /x?q=name%40EXAMPLE.com HTTP/1.1', `GET /x?q=${r.pseudonymize('email', 'name@EXAMPLE.com')} HTTP/1.1`],
    ['log \\x22name\\x40example.com\\x22', `log \\x22${EMAIL}\\x22`],
  ])('%s', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it('finds encoded tokens and keeps encoded text without secrets as it is', () => {
    const token = githubToken('ghp', 41);
    expect(text(`u=https%3A%2F%2Fx%3Ftok%3D${token}%26a%3D1`)).toBe(
      'u=https%3A%2F%2Fx%3Ftok%3D[REDACTED:GITHUB_TOKEN]%26a%3D1',
    );
    expect(text('search?q=hello%20world&page=2')).toBe('search?q=hello%20world&page=2');
  });
});

describe('copies of values found in a record, in any spelling', () => {
  it('redacts later copies of a context-found password in the same line', () => {
    expect(text('password="p@ss w0rd!" then /login?pw=p%40ss+w0rd%21 and "p\\u0040ss w0rd!"')).toBe(
      'password="[REDACTED:CREDENTIAL]" then /login?pw=[REDACTED:CREDENTIAL] and "[REDACTED:CREDENTIAL]"',
    );
  });

  it('redacts copies of a value classified by key in a free-text body of the same record', () => {
    const out = r.redactRecord('retry with s3cr3t%2Fvalue-9 now', { 'user.password': 's3cr3t/value-9' });
    expect(out).toEqual({
      body: 'retry with [REDACTED:CREDENTIAL] now',
      attributes: { 'user.password': '[REDACTED:CREDENTIAL]' },
    });
  });

  it('renders a hashed copy like the original (same pseudonym)', () => {
    const out = text('Cookie: sid=abcdef123456; then sid%3Dabcdef123456') as string;
    const tokens = out.match(/<session:k1:[\w-]{16}>/g);
    expect(tokens).toHaveLength(2);
    expect(tokens?.[0]).toBe(tokens?.[1]);
  });

  it('redacts the JSON-escaped spelling of a value with quotes', () => {
    // the value is a"b\c12; JSON writes it a\"b\\c12
    expect(text('password=\'a"b\\c12\' echo {"p":"a\\"b\\\\c12"}')).toBe(
      'password=\'[REDACTED:CREDENTIAL]\' echo {"p":"[REDACTED:CREDENTIAL]"}',
    );
  });

  it('does not remember short values nor cut a value out of a longer word', () => {
    expect(text('pwd=abc and abc again')).toBe('pwd=[REDACTED:CREDENTIAL] and abc again');
    expect(text('password=hunter22 and hunter222 and xhunter22')).toBe(
      'password=[REDACTED:CREDENTIAL] and hunter222 and xhunter22',
    );
  });

  it('forgets values between records', () => {
    r.redactRecord('x', { password: 'forget-me-77' });
    expect(r.redactRecord('forget-me-77', {}).body).toBe('forget-me-77');
  });
});
