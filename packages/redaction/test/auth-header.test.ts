import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { B64, B64URL, BASE62, chars, HEX, HMAC_KEY } from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });
const text = (s: string) => r.redactText(s);
const R = '[REDACTED:AUTH_HEADER]';

describe('S12 Authorization headers of any scheme keep the scheme and lose everything after it', () => {
  it.each([
    ['Api-Token', `dt0c01.${chars(BASE62, 24)}.${chars(BASE62, 64, 2)}`],
    ['SSWS', `00${chars(B64URL, 40)}`],
    ['Bot', `${chars(B64URL, 24)}.${chars(B64URL, 6, 3)}.${chars(B64URL, 27, 4)}`],
    ['Splunk', '12345678-abcd-4321-9876-1234567890ab'],
    ['GenieKey', `${chars(HEX, 8)}-${chars(HEX, 4, 2)}-${chars(HEX, 12, 3)}`],
    ['Api-Key', chars(BASE62, 32)],
    ['Basic', Buffer.from('user:pass').toString('base64')],
    ['Bearer', chars(B64URL, 40)],
    ['SharedKey', `myaccount:${chars(B64, 43)}=`],
    ['Custom-Scheme_v2', chars(BASE62, 20)],
  ])('%s', (scheme, credential) => {
    for (const header of ['Authorization', 'authorization', 'Proxy-Authorization']) {
      const out = text(`${header}: ${scheme} ${credential} next`);
      expect(out).toBe(`${header}: ${scheme} ${R} next`);
    }
    expect(text(`{"Authorization":"${scheme} ${credential}","x":1}`)).toBe(`{"Authorization":"${scheme} ${R}","x":1}`);
    expect(text(`{\\"authorization\\":\\"${scheme} ${credential}\\"}`)).toBe(
      `{\\"authorization\\":\\"${scheme} ${R}\\"}`,
    );
  });

  it('redacts a credential computed by a shell command substitution up to its end', () => {
    expect(text('curl -H "Authorization: Basic $(echo -n admin:s3cr3t-pw | base64)" https://x')).toBe(
      `curl -H "Authorization: Basic ${R}" https://x`,
    );
    expect(text('curl -H "Authorization: Bearer $(printf %s "$(cat tok)")" -X GET')).toBe(
      `curl -H "Authorization: Bearer ${R}" -X GET`,
    );
    expect(text('-H "Authorization: Basic `echo -n admin:s3cr3t-pw | base64`" x')).toBe(
      `-H "Authorization: Basic ${R}" x`,
    );
    // Not closed on its line: one token68, as before.
    expect(text('Authorization: Bearer $(unclosed s3cr3t\nnext')).toBe(`Authorization: Bearer ${R} s3cr3t\nnext`);
  });

  it('redacts a whole Digest parameter list, quoted values with commas included', () => {
    const line =
      'Authorization: Digest username="Mufasa", realm="test, realm", nonce="dcd98b71", uri="/dir", qop=auth, ' +
      'nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1"\nnext line';
    expect(text(line)).toBe(`Authorization: Digest ${R}\nnext line`);
  });

  it('redacts an AWS SigV4 parameter list whose values contain `;` and `/`', () => {
    const line =
      `Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ` +
      `SignedHeaders=content-type;host;x-amz-date, Signature=${chars(HEX, 64)} rest`;
    expect(text(line)).toBe(`Authorization: AWS4-HMAC-SHA256 ${R} rest`);
  });

  it('redacts everything up to the closing quote inside a quoted value', () => {
    expect(text(`"authorization": "Token abc def ghi", "k": 1`)).toBe(`"authorization": "Token ${R}", "k": 1`);
  });

  it('redacts a value without a scheme whole', () => {
    const credential = chars(B64, 30, 9);
    expect(text(`Authorization: ${credential}`)).toBe(`Authorization: ${R}`);
    expect(text(`{"Authorization":"${credential}"}`)).toBe(`{"Authorization":"${R}"}`);
  });

  it('keeps empty header values of JSON header dumps', () => {
    for (const line of [
      '"headers":{"Authorization":[],"Accept":["*/*"]}',
      '{"authorization":""}',
      'Authorization: -',
    ]) {
      expect(text(line)).toBe(line);
    }
  });

  it('does not take the next line when the header value is empty', () => {
    expect(text('Authorization:\nHost: example.com')).toBe('Authorization:\nHost: example.com');
  });

  it('keeps a header key with any scheme in attribute maps', () => {
    const out = r.redactValue({ headers: { authorization: `SSWS ${chars(B64URL, 42)}` } });
    expect(out).toEqual({ headers: { authorization: 'SSWS [REDACTED:CREDENTIAL]' } });
    expect(r.redactAttributes({ 'http.request.header.authorization': 'Digest username="a", response="b"' })).toEqual({
      'http.request.header.authorization': 'Digest [REDACTED:CREDENTIAL]',
    });
    // Other credential keys keep only the well-known schemes (a password can contain spaces).
    expect(r.redactAttributes({ password: 'correct horse battery staple' })).toEqual({
      password: '[REDACTED:CREDENTIAL]',
    });
  });
});
