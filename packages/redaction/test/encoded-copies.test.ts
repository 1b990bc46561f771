import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { decodeView } from '../src/internal/decoded-view.js';
import { chars, githubToken, HMAC_KEY, UPPER32 } from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });
const text = (s: string) => r.redactText(s);
const EMAIL = r.pseudonymize('email', 'name@example.com');

describe('decoded view', () => {
  it('decodes %XX, \\uXXXX, \\xXX and \\/ and maps every decoded character back to its escape', () => {
    const v = decodeView('a%40b\\u0040c\\x40d\\/e');
    expect(v?.text).toBe('a@b@c@d/e');
    expect([...(v?.at ?? [])]).toEqual([0, 1, 4, 5, 11, 12, 16, 17, 19, 20]);
  });

  it('decodes nested percent-encoding up to three rounds, and nothing else', () => {
    expect(decodeView('x%2540y')?.text).toBe('x@y');
    expect(decodeView('x%252540y')?.text).toBe('x@y');
    expect(decodeView('100% sure, C:\\Users\\me')).toBeNull();
    expect(decodeView('plain text')).toBeNull();
    expect(decodeView('caf%C3%A9')).toBeNull();
  });
});

describe('decoded view of look-alike characters and other escapes', () => {
  it('drops invisible format characters and maps the next character back past them', () => {
    const v = decodeView('a\u200bb\u00adc\ufeffd');
    expect(v?.text).toBe('abcd');
    expect([...(v?.at ?? [])]).toEqual([0, 2, 4, 6, 7]);
  });

  it('reads full-width forms, Unicode spaces and hyphens as their ASCII counterparts', () => {
    expect(decodeView('\uff47\uff48\uff50\uff3f\uff14\uff12\uff20')?.text).toBe('ghp_42@');
    expect(decodeView('4242\u00a04242\u202f4242\u20094242\u30004242')?.text).toBe('4242 4242 4242 4242 4242');
    expect(decodeView('4242\u20114242\u20134242\u22124242')?.text).toBe('4242-4242-4242-4242');
  });

  it('decodes HTML character references: decimal, hex, the XML names, commat and nbsp', () => {
    expect(decodeView('a&#64;b&#x40;c&commat;d &quot;&apos;&lt;&gt;&amp;&nbsp;')?.text).toBe('a@b@c@d "\'<>& ');
    expect(decodeView('&amp;#64;')?.text).toBe('@');
    expect(decodeView('a=1&b=2&amp=3&unknown; &#; &#x;')).toBeNull();
  });

  it('reads a run of backslashes before an escape as that escape, as JSON nested in JSON strings doubles them', () => {
    expect(decodeView(String.raw`a\u0040b\\u0040c\\\\x40d\\/e`)?.text).toBe('a@b@c@d/e');
    // A quote: one backslash is left to the detectors; three (two levels deep) or seven are the quote.
    expect(decodeView(String.raw`{\\\"k\\\":1}`)?.text).toBe('{"k":1}');
    expect(decodeView(String.raw`{\\\\\\\"k\\\\\\\":1}`)?.text).toBe('{"k":1}');
    expect(decodeView(String.raw`{\"k\":1} C:\\"`)).toBeNull();
  });
});

describe('invisible and full-width characters inside values', () => {
  const token = githubToken('ghp', 41);
  const akia = `AKIA${chars(UPPER32, 16, 9)}`;
  it.each([
    [
      'a zero-width space in a GitHub token',
      `t=${token.slice(0, 9)}\u200b${token.slice(9)}`,
      't=[REDACTED:GITHUB_TOKEN]',
    ],
    ['a zero-width space between every character', [...token].join('\u200b'), '[REDACTED:GITHUB_TOKEN]'],
    [
      'a byte-order mark in an AWS key id',
      `k=${akia.slice(0, 4)}\ufeff${akia.slice(4)}`,
      'k=[REDACTED:AWS_ACCESS_KEY_ID]',
    ],
    ['a soft hyphen in a card number', 'pan 4242\u00ad424242424242', 'pan ************4242'],
    ['a zero-width joiner in a key name', 'pass\u200dword=s3cr3t-value', 'pass\u200dword=[REDACTED:CREDENTIAL]'],
    ['a right-to-left override in an email', 'by name\u202e@example.com', `by ${EMAIL}`],
    ['a full-width card number', `カード ${'\uff14\uff12\uff14\uff12'.repeat(4)}`, 'カード ************4242'],
    ['a full-width email', 'ｎａｍｅ＠ｅｘａｍｐｌｅ．ｃｏｍ', EMAIL],
    ['a full-width key name', 'ｐａｓｓｗｏｒｄ＝s3cr3t-value', 'ｐａｓｓｗｏｒｄ＝[REDACTED:CREDENTIAL]'],
    [
      'a full-width colon after a key, to a full-width comma',
      'password\uff1as3cr3t-value\uff0c请妥善保管',
      'password\uff1a[REDACTED:CREDENTIAL]\uff0c请妥善保管',
    ],
    ['a card grouped by no-break spaces', 'card 4242\u00a04242\u00a04242\u00a04242', 'card **** **** **** 4242'],
    ['a card grouped by narrow no-break spaces', 'card 4242\u202f4242\u202f4242\u202f4242', 'card **** **** **** 4242'],
    ['a card grouped by non-breaking hyphens', 'card 4242\u20114242\u20114242\u20114242', 'card ****-****-****-4242'],
    [
      'an IBAN grouped by no-break spaces',
      'iban DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000',
      'iban DE** **** **** **** **30 00',
    ],
  ])('finds %s', (_name, input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each([
    ['emoji joined by zero-width joiners', 'family \u{1F468}\u200d\u{1F469}\u200d\u{1F467} ok'],
    ['a word with a soft hyphen', 'inter\u00adnational'],
    ['Japanese text with full-width digits and punctuation', '２０２４年１月１日（月）：ログイン成功'],
    ['a French amount grouped by narrow no-break spaces', 'total 1\u202f234\u202f567,89 EUR'],
  ])('keeps %s as it is', (_name, input) => {
    expect(text(input)).toBe(input);
  });
});

describe('HTML character references before detection', () => {
  it.each([
    ['an email with &#64;', 'mail name&#64;example.com', `mail ${EMAIL}`],
    ['an email with &#x40;', 'mail name&#x40;example.com', `mail ${EMAIL}`],
    ['an email with &commat;', 'mail name&commat;example.com', `mail ${EMAIL}`],
    [
      'JSON in an HTML attribute',
      'data-x="{&quot;password&quot;:&quot;s3cr3t-value&quot;}"',
      'data-x="{&quot;password&quot;:&quot;[REDACTED:CREDENTIAL]&quot;}"',
    ],
    ['an encoded assignment', 'password&#61;s3cr3t-value', 'password&#61;[REDACTED:CREDENTIAL]'],
  ])('finds %s', (_name, input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it('keeps text with entities and no secret as it is', () => {
    expect(text('Tom &amp; Jerry &lt;3 &#64;home ?a=1&b=2')).toBe('Tom &amp; Jerry &lt;3 &#64;home ?a=1&b=2');
  });
});

describe('JSON nested in JSON strings', () => {
  /** `value` as a string field, `levels` times JSON-encoded into a `log` field (as log shippers wrap lines). */
  const nested = (value: Record<string, unknown>, levels: number): string => {
    let s = JSON.stringify(value);
    for (let k = 0; k < levels; k++) s = JSON.stringify({ log: s });
    return s;
  };
  it.each([1, 2, 3])('finds a password and an Authorization header %i levels deep', (levels) => {
    const out = text(nested({ password: 's3cr3t-value', h: { Authorization: 'Basic czNjcjN0LXZhbHVl' } }, levels));
    expect(out).not.toContain('s3cr3t-value');
    expect(out).not.toContain('czNjcjN0LXZhbHVl');
    expect(out).toContain('[REDACTED:CREDENTIAL]');
  });

  it('finds \\u escapes and \\/ of a nested string', () => {
    expect(text('{"a":"{\\"m\\":\\"name\\\\u0040example.com\\"}"}')).toBe(`{"a":"{\\"m\\":\\"${EMAIL}\\"}"}`);
    expect(text('{"u":"https:\\\\/\\\\/admin:s3cr3t-value@db.example.com"}')).toMatch(
      /^\{"u":"https:\\\\\/\\\\\/<username:k1:[\w-]{16}>:\[REDACTED:URL_PASSWORD\]@db\.example\.com"\}$/,
    );
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
