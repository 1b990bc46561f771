/**
 * 1 MiB adversarial strings (docs/design/redaction.md#adversarial-inputs): shapes that make a naive regex scan every position, explode candidate
 * counts or backtrack. Used by the ReDoS guard test and the W7 benchmark. Deterministic.
 */
import { BASE64, createPrng } from './prng.ts';

export const MIB = 1024 * 1024;

function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** name → builder of a string of about `size` characters (default 1 MiB). */
export const ADVERSARIAL_INPUTS: Readonly<Record<string, (size?: number) => string>> = {
  'email a×n @ a-×n': (size = MIB) => `${'a'.repeat(size / 2)}@${'a-'.repeat(size / 4)}`,
  'email a@ repeated': (size = MIB) => repeatTo('a@', size),
  'email dotted local part': (size = MIB) => `${repeatTo('a.', size / 2)}@${repeatTo('b.', size / 2 - 1)}`,
  'digit/space soup': (size = MIB) => {
    const p = createPrng(77);
    let s = '';
    while (s.length < size) s += p.chance(0.8) ? p.digits(1) : p.pick([' ', '-', ' ']);
    return s;
  },
  'digits only': (size = MIB) => repeatTo('4111111111111111', size),
  'ssn-like 123-45-': (size = MIB) => repeatTo('123-45-', size),
  'iban-like GB99 ': (size = MIB) => repeatTo('GB99 ABCD ', size),
  'jwt eyJ. repeated': (size = MIB) => repeatTo('eyJ.', size),
  'jwt eyJ long segment': (size = MIB) => `eyJ${'a'.repeat(size / 2)}.eyJ${'b'.repeat(size / 2 - 8)}`,
  'bearer x repeated': (size = MIB) => repeatTo('bearer x ', size),
  'authorization: repeated': (size = MIB) => repeatTo('Authorization: ', size),
  'ipv4 1.1.1.1 repeated': (size = MIB) => repeatTo('1.1.1.1.', size),
  'ipv6 colon soup': (size = MIB) => repeatTo('a:', size),
  'long base64': (size = MIB) => createPrng(78).chars(BASE64, size),
  'PEM BEGIN without END': (size = MIB) =>
    `-----BEGIN RSA PRIVATE KEY-----\n${createPrng(79).chars(BASE64, size - 40)}`,
  'PEM BEGIN repeated': (size = MIB) => repeatTo('-----BEGIN PRIVATE KEY-----', size),
  ':// repeated': (size = MIB) => repeatTo('://', size),
  'url creds a:a@ repeated': (size = MIB) => `https://${repeatTo('a:a', size - 10)}`,
  'password= repeated': (size = MIB) => repeatTo('password=', size),
  // one value run holding every trigger: S16 walks a value to its end however long, once per run
  'token={ in one value run': (size = MIB) => repeatTo('token={', size),
  'long value after token=': (size = MIB) => `token=${'a'.repeat(size - 6)}`,
  'url password with @ repeated': (size = MIB) => `https://a:${repeatTo('b@', size - 10)}`,
  'AccountKey= repeated': (size = MIB) => repeatTo('AccountKey=', size),
  // every dotted quad after a product token, among product tokens (User-Agent context look-ups)
  'product tokens and quads': (size = MIB) => repeatTo('A/1 b-1/1.2.3.4 c/1.0/5.6.7.8 ', size),
  'key run before password=': (size = MIB) => `${'a'.repeat(size - 16)}xpassword=x`,
  'passw in one key run': (size = MIB) => repeatTo('passw_', size),
  '--password flag repeated': (size = MIB) => repeatTo('--password ', size),
  '<password> repeated': (size = MIB) => repeatTo('<password>', size),
  '<password><![CDATA[ repeated': (size = MIB) => repeatTo('<password><![CDATA[', size),
  'entry name fields repeated': (size = MIB) => repeatTo('name="password" value=', size),
  'spaces around entry names': (size = MIB) => repeatTo(`name${' '.repeat(40)}=${' '.repeat(40)}password`, size),
  'quoted value of escaped quotes': (size = MIB) => `password="${repeatTo('\\"', size - 12)}`,
  'YAML block headers repeated': (size = MIB) => repeatTo('password: |\n', size),
  'YAML block of block headers': (size = MIB) => `secret: |\n${repeatTo('  password: >-\\n ', size - 12)}`,
  'identified by repeated': (size = MIB) => repeatTo("identified by '", size),
  'curl without options': (size = MIB) => `curl ${repeatTo('c -', size - 5)}`,
  'curl repeated': (size = MIB) => repeatTo('curl -', size),
  'mysql -p repeated': (size = MIB) => repeatTo('mysql -p ', size),
  'curl -u user: repeated': (size = MIB) => `curl ${repeatTo(' -u a', size - 5)}`,
  'query ?token= repeated': (size = MIB) => repeatTo('?token=&', size),
  'cookie: repeated': (size = MIB) => repeatTo('Cookie: a=b; ', size),
  'AKIA repeated': (size = MIB) => repeatTo('AKIA', size),
  'ghp_ repeated': (size = MIB) => repeatTo('ghp_', size),
  'xoxb- repeated': (size = MIB) => repeatTo('xoxb-', size),
  'sk_live_ repeated': (size = MIB) => repeatTo('sk_live_', size),
  'AIza repeated': (size = MIB) => repeatTo('AIza', size),
  'npm_ / SG. / hvs. repeated': (size = MIB) => repeatTo('npm_SG.hvs.', size),
  // escapes and look-alikes read by the decoded view: every candidate is read once, a failed one in bounded steps
  '& without ; repeated': (size = MIB) => repeatTo('&', size),
  '&# digits without ;': (size = MIB) => repeatTo('&#1234567', size),
  'backslash run before u': (size = MIB) => repeatTo('\\\\\\\\\\\\\\\\\\u00', size),
  '%25 nested three rounds': (size = MIB) => repeatTo('%252540', size),
  'zero-width space between characters': (size = MIB) => repeatTo('g\u200b', size),
  'full-width digits': (size = MIB) => repeatTo('\uff14\uff12 ', size),
  'word chars then !': (size = MIB) => `${'a'.repeat(size - 1)}!`,
  'whitespace run': (size = MIB) => `${' '.repeat(size - 1)}x`,
  'lorem-like text': (size = MIB) => repeatTo('lorem ipsum dolor sit amet consectetur adipiscing elit ', size),
};
