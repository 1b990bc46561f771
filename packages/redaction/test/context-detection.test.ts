import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { HMAC_KEY } from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });
const text = (s: string) => r.redactText(s);
const IP = /<ip:k1:[\w-]{16}>/;

describe('P5 dotted quads in a version context are versions, not addresses', () => {
  it.each([
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Windows NT 10.0) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0',
    'WhatsApp/2.24.24.76 A',
    'Package_for_KB2894856~31bf3856ad364e35~amd64~~6.1.1.0 installed',
    'loaded driver version 0.0.0.6',
    'Version: 10.0.0.1',
    '{"appVersion":"10.0.0.1"}',
    'app_version=1.2.3.4',
    'System.Web, Version=4.0.0.0, Culture=neutral',
    'fetched release-2.14.0.1.tar.gz',
    'GET /firmware/2.4.10.3/image.bin 200',
    'pkg v.1.2.3.4 ok',
    'build 1.0.0.1 passed',
  ])('keeps %s', (line) => {
    expect(text(line)).toBe(line);
  });

  // Product tokens whose name has digits, dots or dashes, or that follow other segments, are versions when other
  // product tokens surround them on the line, as in a User-Agent (hand-made strings in the shapes of old handsets).
  it.each([
    'Acme-Z3/1.0 Net.Browser/6.2.3.9 (GUI) MMP/2.0',
    'Phone8120/4.3.0.124 Profile/MIDP-2.0 Configuration/CLDC-1.1 VendorID/102',
    'Mozilla/5.0 (Linux; U; Android 2.3.3; en-gb; Maker_Model-X2/1.45.111.1 Build/GRI40) AppleWebKit/533.1',
    'Mozilla/4.0 (compatible; MSIE 6.0; Windows CE) Carrier/1.0/Maker_Model/1.11.164.2',
    'Opera/9.80 (J2ME/MIDP; Opera Mini) Safari/533.1/FooBrowser/8.3.0.143/145/444',
    'Mozilla/4.0 (compatible; MSIE 4.01; Windows CE; PPC)/7.6.1.82/31/400',
    '203.0.113.9 - - [01/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "Acme-Z3/1.0 Net.Browser/6.2.3.9 (GUI)"',
  ])('keeps the User-Agent version in %s', (line) => {
    const out = text(line);
    expect(out.replace(/^<ip:k1:[\w-]{16}>/, '203.0.113.9')).toBe(line);
  });
});

describe('P5 keeps recall on addresses in free text', () => {
  it.each([
    ['client 10.1.2.3', 'client '],
    ['from 192.0.2.7 port 22', 'from '],
    ['Forwarded: for=192.0.2.60;proto=http', 'Forwarded: for='],
    ['X-Forwarded-For: 203.0.113.1', 'X-Forwarded-For: '],
    ['ip=1.2.3.4', 'ip='],
    ['{"ip":"198.51.100.20"}', '{"ip":"'],
    // Java InetSocketAddress / InetAddress: `/address:port`, `host/address:port`, `localhost/address`.
    ['src: /10.250.19.102:54106', 'src: /'],
    ['Old: msra-sa-41/10.190.173.170:8030', 'Old: msra-sa-41/'],
    ['connecting to localhost/127.0.0.1', 'connecting to localhost/'],
    ['node-7/10.0.0.8 is up', 'node-7/'],
    // Any other path segment than a version-ish one: `/hosts/…` names an address.
    ['GET /api/hosts/10.1.2.3/status', 'GET /api/hosts/'],
    // A request path or URL stays a path, a Java host/address stays one, even beside product tokens.
    ['GET /api/hosts/10.1.2.3 HTTP/1.1 "Mozilla/5.0 (X11)"', 'GET /api/hosts/'],
    ['Apache/2.4 proxy http://gw/hosts/10.1.2.3', 'Apache/2.4 proxy http://gw/hosts/'],
    ['Mozilla/5.0 (X11)\nnode-7/10.0.0.8 is up', 'Mozilla/5.0 (X11)\nnode-7/'],
    ['GET / HTTP/1.1 from node-7/10.0.0.8', 'GET / HTTP/1.1 from node-7/'],
    ['range 10.0.0.1-10.0.0.9', 'range '],
    ['http://203.0.113.9/login', 'http://'],
    ['server 10.9.8.7 refused', 'server '],
  ])('pseudonymizes the address in %s', (line, prefix) => {
    const out = text(line);
    expect(out.startsWith(prefix)).toBe(true);
    expect(out.slice(prefix.length)).toMatch(new RegExp(`^${IP.source}`));
  });

  it('pseudonymizes both ends of an address range', () => {
    expect(text('range 10.0.0.1-10.0.0.9').match(new RegExp(IP.source, 'g'))).toHaveLength(2);
  });

  it('finds IPv6 addresses in brackets', () => {
    expect(text('host [2001:db8::1]:80')).toMatch(new RegExp(`^host \\[${IP.source}\\]:80$`));
  });
});

describe('P2 numbers glued to identifiers or signed are not cards', () => {
  it.each([
    'Receiving block blk_-6952295868487656571 src: /x',
    'object obj_-4111111111111111 stored',
    'id=-4111111111111111',
    'chunk part-4111111111111111 done',
  ])('keeps %s', (line) => {
    expect(text(line)).toBe(line);
  });

  it('still masks a card joined to a card word or separated by spaces', () => {
    expect(text('card-4111111111111111')).toBe('card-************1111');
    expect(text('pan 4111 1111 1111 1111')).toBe('pan **** **** **** 1111');
  });
});

describe('S16 token/auth words without a credential after them', () => {
  it.each([
    'Auth successful for hdfs (auth:SIMPLE)',
    'auth=KERBEROS user=bob',
    'token=Token{a64f992, kind=HDFS_DELEGATION_TOKEN}',
    'refreshToken=Optional[abc]',
    'System.Web, Version=4.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e',
    'resolved io.jsonwebtoken:jjwt-jackson-0.11.2',
    'resolved io.jsonwebtoken:jjwt-api:0.11.2',
    'saved file my-xoxo-archive-2024-10-01.zip',
    '[Warn] Auth: Auth-Failure ip from user',
    "Access denied for user 'root'@'localhost' (using password: YES)",
    'token=null password=none secret: no',
  ])('keeps %s', (line) => {
    expect(text(line)).toBe(line);
  });

  it.each([
    ['auth=s3cr3t-Value', 'auth=[REDACTED:CREDENTIAL]'],
    ['token=abc123', 'token=[REDACTED:TOKEN]'],
    ['refresh_token=abc', 'refresh_token=[REDACTED:TOKEN]'],
    ['app.token: jjwt-jackson-0.11.2', 'app.token: [REDACTED:TOKEN]'],
    ['db.password:hunter2', 'db.password:[REDACTED:CREDENTIAL]'],
  ])('still redacts %s', (line, expected) => {
    expect(text(line)).toBe(expected);
  });
});

describe('S16 an empty value does not take the next line', () => {
  it('keeps the next line key and redacts only its own value', () => {
    expect(text('GITHUB_API_KEY=\nDYNATRACE_API_KEY=abc123')).toBe(
      'GITHUB_API_KEY=\nDYNATRACE_API_KEY=[REDACTED:CREDENTIAL]',
    );
    expect(text('password=\nuser=bob')).toBe('password=\nuser=bob');
    expect(text('password:\r\nnext: 1')).toBe('password:\r\nnext: 1');
  });
});
