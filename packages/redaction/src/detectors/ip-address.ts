import { BlockList, isIP } from 'node:net';
import {
  continues,
  type Detector,
  finding,
  isAlnum,
  isDigit,
  isLetter,
  isWord,
  type ScanContext,
} from '../internal/detector.js';

const IPV4 = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;

/** Private, loopback and link-local ranges (RFC 1918, RFC 4193, RFC 4291), kept with `ip.privateRanges: 'keep'`. */
const PRIVATE_RANGES = new BlockList();
for (const [net, bits] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
] as const) {
  PRIVATE_RANGES.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['fc00::', 7],
  ['fe80::', 10],
  ['::1', 128],
] as const) {
  PRIVATE_RANGES.addSubnet(net, bits, 'ipv6');
}

function keepIp(ctx: ScanContext, ip: string, family: 'ipv4' | 'ipv6'): boolean {
  return ctx.keepPrivateIps && PRIVATE_RANGES.check(ip, family);
}

function isHexOrColon(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 58 || c === 46;
}

/** Words that announce a version number in prose (`version 0.0.0.6`, `release: 2.14.0.1`, `v 1.2.3.4`). */
const VERSION_WORDS = new Set(['v', 'ver', 'vers', 'version', 'release', 'rel', 'build', 'firmware', 'rev']);
/** Path segments after which a dotted quad names a version (`/firmware/2.4.10.3/`, `/releases/1.2.0.4/`). */
const VERSION_SEGMENTS = new Set([
  ...VERSION_WORDS,
  'versions',
  'releases',
  'builds',
  'download',
  'downloads',
  'dist',
  'tag',
  'tags',
  'update',
  'updates',
]);

/** The lower-cased run of letters ending at `end` (at most 24), or '' when it is longer or joined to a digit. */
function wordBefore(text: string, end: number): string {
  let s = end;
  while (s > 0 && end - s <= 24 && isLetter(text.charCodeAt(s - 1))) s--;
  if (end - s > 24 || (s > 0 && isDigit(text.charCodeAt(s - 1)))) return '';
  return text.slice(s, end).toLowerCase();
}

/**
 * Product tokens of a User-Agent or `Server` header (`Mozilla/5.0`, `Amoi-S6/1.0`, `Vodafone/1.0/…`): a name that
 * starts a token, `/`, a digit. `HTTP/1.1` of a request line is not one.
 */
const PRODUCT_TOKEN = /(?:^|[\s(;,"'[])([A-Za-z][\w.+-]{0,63})\/\d/g;
const NOT_PRODUCT = /^(?:https?|http2|spdy|h2|h3|rtsp|sip)$/i;
/** How far from a dotted quad (same line) another product token counts as User-Agent context. */
const PRODUCT_REACH = 256;

/** Per scanned text: the positions of the `/` of every product token, in order (one linear pass, on demand). */
const productSlashes = new WeakMap<ScanContext, number[]>();

function productSlashesOf(ctx: ScanContext): number[] {
  let list = productSlashes.get(ctx);
  if (list !== undefined) return list;
  list = [];
  const text = ctx.text;
  PRODUCT_TOKEN.lastIndex = 0;
  for (let m = PRODUCT_TOKEN.exec(text); m !== null; m = PRODUCT_TOKEN.exec(text)) {
    const name = m[1] as string;
    if (!NOT_PRODUCT.test(name)) list.push(m.index + m[0].length - 2);
    PRODUCT_TOKEN.lastIndex = m.index + m[0].length - 1;
  }
  productSlashes.set(ctx, list);
  return list;
}

/**
 * Whether the dotted quad after `slash` sits among other product tokens, as in a User-Agent: another product token
 * within {@link PRODUCT_REACH} characters on the same line, and the quad's own `/`-chain is not an absolute path or
 * a URL (`GET /api/hosts/10.1.2.3 HTTP/1.1 … "Mozilla/5.0 …"` keeps its address).
 */
function amongProducts(ctx: ScanContext, slash: number, end: number): boolean {
  const text = ctx.text;
  let chain = slash;
  while (chain > 0 && slash - chain < PRODUCT_REACH) {
    const c = text.charCodeAt(chain - 1);
    if (c <= 32 || c === 34 || c === 39 || c === 40 || c === 59 || c === 44 || c === 91) break;
    // `scheme://…/1.2.3.4`: a URL, whose segments name addresses
    if (c === 58 && text.charCodeAt(chain) === 47 && text.charCodeAt(chain + 1) === 47) return false;
    chain--;
  }
  if (text.charCodeAt(chain) === 47) return false;
  const list = productSlashesOf(ctx);
  // Only the nearest product token on each side needs a look: a line break between it and the quad also separates
  // every farther one, so a dense line costs two short scans per quad, not one per token in reach.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < slash) lo = mid + 1;
    else hi = mid;
  }
  const before = lo > 0 ? (list[lo - 1] as number) : -1;
  if (before >= 0 && slash - before <= PRODUCT_REACH && sameLine(text, before, slash)) return true;
  const after = list[list[lo] === slash ? lo + 1 : lo];
  return after !== undefined && after <= end + PRODUCT_REACH && sameLine(text, slash, after);
}

/** No line break in `[from, to)` (at most 2 × {@link PRODUCT_REACH} characters apart). */
function sameLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return false;
  }
  return true;
}

/**
 * `name/1.2.3.4` (a product token, a path segment or a Java `host/address`): a version when `name` is a product
 * (`Chrome/131.0.0.0`, `WhatsApp/2.24.24.76`) or a version-ish path segment (`/firmware/2.4.10.3/`); an address when
 * a port follows (`msra-sa-41/10.190.173.170:8030`), when `name` looks like a host (digits, `-` or `.` in it,
 * `localhost`), or when it is any other path segment (`/hosts/10.1.2.3`) — unless other product tokens surround it
 * on its line, as in a User-Agent (`Amoi-S6/1.0 UP.Browser/6.2.3.3 (GUI)`, `Vodafone/1.0/HTC_Elf/1.11.164.2`,
 * `BlackBerry8120/4.3.0.124 Profile/MIDP-2.0 … VendorID/102`, `(…; PPC)/7.6.1.82/31/400`).
 */
function versionAfterSlash(ctx: ScanContext, slash: number, end: number): boolean {
  const text = ctx.text;
  if (text.charCodeAt(end) === 58 && isDigit(text.charCodeAt(end + 1))) return false;
  let s = slash;
  let hostLike = false;
  while (s > 0 && slash - s < 64) {
    const c = text.charCodeAt(s - 1);
    if (!(isAlnum(c) || c === 45 || c === 46 || c === 95)) break;
    if (isDigit(c) || c === 45 || c === 46) hostLike = true;
    s--;
  }
  // ` /10.1.2.3:50010` (Java InetSocketAddress without a host name), `//host`; `)/` only closes a product comment.
  if (s === slash) return text.charCodeAt(slash - 1) === 41 && amongProducts(ctx, slash, end);
  const name = text.slice(s, slash).toLowerCase();
  if (text.charCodeAt(s - 1) === 47) return VERSION_SEGMENTS.has(name) || amongProducts(ctx, slash, end);
  if (name === 'localhost') return false;
  return !hostLike || amongProducts(ctx, slash, end);
}

/**
 * Whether the dotted quad `[s, e)` is a version number rather than an address, from what surrounds it: a product or
 * path context (`/`, `~`, `word-`), or a version word before it. Letters or digits joined to it and a following
 * `.digit` are already excluded by the boundary rules of the scan.
 */
export function isVersionContext(ctx: ScanContext, s: number, e: number): boolean {
  const text = ctx.text;
  const prev = text.charCodeAt(s - 1);
  // Windows component identities: `Package_for_KB2894856~31bf3856ad364e35~amd64~~6.1.1.0`.
  if (prev === 126) return true;
  // `release-2.14.0.1.tar.gz`, `el7-1.0.0.1`: joined by `-` to a word with a letter. A range between two addresses
  // (`10.0.0.1-10.0.0.9`) has only digits and dots before the dash and stays an address.
  if (prev === 45) {
    let i = s - 1;
    while (i > 0 && s - i < 64 && isAlnum(text.charCodeAt(i - 1))) {
      if (isLetter(text.charCodeAt(i - 1))) return true;
      i--;
    }
    return false;
  }
  if (prev === 47) return versionAfterSlash(ctx, s - 1, e);
  // `v.1.2.3.4`: joined by a dot to a word.
  if (prev === 46) return isLetter(text.charCodeAt(s - 2));
  // A version word before it, across at most a quote, one `:`/`=` and a few spaces (`"version": "10.0.0.1"`).
  let i = s;
  let gap = 0;
  while (i > 0 && gap < 8) {
    const c = text.charCodeAt(i - 1);
    if (c !== 32 && c !== 9 && c !== 34 && c !== 39 && c !== 58 && c !== 61) break;
    i--;
    gap++;
  }
  if (i === s && s > 0) return false;
  const word = wordBefore(text, i);
  return word !== '' && (VERSION_WORDS.has(word) || word.endsWith('version') || word.endsWith('release'));
}

/**
 * P5 IP addresses: strict IPv4 octets and IPv6 candidates (≥ 2 `:`), each confirmed by `net.isIP`. A dotted quad in
 * a version context is not an address (`isVersionContext`); values under `*version*` keys are not scanned for IPs.
 */
export const ipAddress: Detector<'IP_ADDRESS'> = {
  name: 'IP_ADDRESS',
  id: 'P5',
  category: 'pii',
  defaultAction: 'hmac',
  defaultEnabled: true,
  selfEvident: true,
  triggers: [],
  patterns: [IPV4, PRODUCT_TOKEN, NOT_PRODUCT],
  shape: 'ip',
  scan(ctx, from = 0, to = ctx.text.length) {
    const text = ctx.text;
    if (ctx.path.includes('version')) return;
    IPV4.lastIndex = from;
    for (let m = IPV4.exec(text); m !== null && m.index < to; m = IPV4.exec(text)) {
      const s = m.index;
      const e = s + m[0].length;
      if (continues(text, s - 1, -1, '.') || continues(text, e, 1, '.') || isIP(m[0]) !== 4) {
        IPV4.lastIndex = s + 1;
        while (IPV4.lastIndex < text.length && isDigit(text.charCodeAt(IPV4.lastIndex))) IPV4.lastIndex++;
        continue;
      }
      if (isVersionContext(ctx, s, e)) continue;
      if (!keepIp(ctx, m[0], 'ipv4')) ctx.out.push(finding(this, s, e, 'IP_ADDRESS', 'ip'));
    }
    // IPv6: each maximal run of hex digits, `:` and `.` around a `:` is one candidate; runs never overlap, so the
    // whole pass is linear (colon soup included).
    // Runs may start up to 45 characters before the window (an address is at most 45 long).
    let runEnd = Math.max(0, from - 45);
    for (let c = text.indexOf(':', from); c >= 0 && c < to; c = text.indexOf(':', Math.max(c + 1, runEnd))) {
      let s = c;
      while (s > runEnd && isHexOrColon(text.charCodeAt(s - 1))) s--;
      let e = c + 1;
      while (e < text.length && isHexOrColon(text.charCodeAt(e))) e++;
      runEnd = e;
      while (
        e > s &&
        (text.charCodeAt(e - 1) === 46 || (text.charCodeAt(e - 1) === 58 && text.charCodeAt(e - 2) !== 58))
      )
        e--;
      if (
        e - s < 3 ||
        e - s > 45 ||
        (s > 0 && isWord(text.charCodeAt(s - 1))) ||
        (e < text.length && isWord(text.charCodeAt(e)))
      ) {
        continue;
      }
      const cand = text.slice(s, e);
      if (isIP(cand) === 6 && !keepIp(ctx, cand, 'ipv6')) ctx.out.push(finding(this, s, e, 'IP_ADDRESS', 'ip'));
    }
  },
};
