/**
 * Independent ground truth for benign logs: which replaced spans are real network or e-mail addresses (legitimate
 * pseudonyms, "IP pseudonyms aside") and which are something else taken for one (a version number, an id). The rules
 * are written from how the logs are formatted, not from the engine:
 *
 * An IPv4 span is a real address unless it is part of a longer dotted or alphanumeric token: directly preceded by a
 * letter, digit, `_`, `~`, `.` or `-`; directly followed by a letter, digit, `_`, or `.`/`-` + digit; preceded by a
 * product or path segment and one `/` (`Chrome/131.0.0.0`, `/firmware/2.4.10.3/`) — but a `/` after a space, line
 * start or punctuation is Java's `InetSocketAddress` form (`/10.1.2.3:50010`), `//` is a URL host and `/dev/tcp/` a
 * bash socket path; or preceded by
 * a version word (`version`, `ver`, `release`, `build`, `firmware`, `v`) and at most `: =`.
 * An IPv6 span is a real address when `net.isIP` accepts it and it is not glued to a letter, digit, `_`, `.` or `:`
 * (a full stop or a colon followed by a space may end it).
 * An e-mail span is `local@domain.tld` not glued to further address characters.
 */
import { isIP } from 'node:net';

const GLUE_BEFORE = /[A-Za-z0-9_~.-]/;
const GLUE_AFTER = /[A-Za-z0-9_]/;
// whole words only: `server: 0.0.0.0:25` and `nameserver 192.0.2.1` end in `ver` but name no version
const VERSION_WORD = /\b(?:version|ver|release|build|firmware|v)\s*[:=]?\s*$/i;

export function isRealIpv4(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  if (isIP(value) !== 4) return false;
  const before = text[start - 1] ?? '';
  const after = text[end] ?? '';
  const after2 = text[end + 1] ?? '';
  if (before !== '' && GLUE_BEFORE.test(before)) return false;
  if (after !== '' && GLUE_AFTER.test(after)) return false;
  if ((after === '.' || after === '-') && /[0-9]/.test(after2)) return false;
  if (before === '/') {
    let i = start - 1;
    while (i >= 0 && text[i] === '/') i--;
    const slashes = start - 1 - i;
    const lead = text[i] ?? '';
    // `scheme://host`, or a network-path reference `"//host:port"`
    const url = slashes === 2 && (lead === '' || /[\s:=([{"'<,]/.test(lead));
    const javaForm = slashes === 1 && (lead === '' || /[\s=:([{"'<,]/.test(lead));
    // bash's `/dev/tcp/<host>/<port>`, `/dev/udp/<host>/<port>`
    const devNet = /\/dev\/(?:tcp|udp)\/$/.test(text.slice(Math.max(0, start - 9), start));
    if (!url && !javaForm && !devNet) return false;
  }
  if (VERSION_WORD.test(text.slice(Math.max(0, start - 12), start))) return false;
  return true;
}

export function isRealIpv6(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  if (isIP(value) !== 6) return false;
  const before = text[start - 1] ?? '';
  const after = text[end] ?? '';
  const after2 = text[end + 1] ?? '';
  // a sentence's full stop or a `host: message` colon may follow, but not more address characters
  const endsClean =
    after === '' ||
    !/[A-Za-z0-9_.:]/.test(after) ||
    ((after === '.' || after === ':') && !/[A-Za-z0-9_.:]/.test(after2));
  return !/[A-Za-z0-9_.:]/.test(before) && endsClean;
}

const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}$/;

export function isRealEmail(text: string, start: number, end: number): boolean {
  if (!EMAIL.test(text.slice(start, end))) return false;
  return !/[A-Za-z0-9._%+-]/.test(text[start - 1] ?? '') && !/[A-Za-z0-9_-]/.test(text[end] ?? '');
}

/** True when a replaced span `[start, end)` of `text` reported as `type` is a legitimate pseudonym target. */
export function isLegitimatePseudonym(type: string, text: string, start: number, end: number): boolean {
  const t = type.toUpperCase();
  if (t === 'IP' || t === 'IP_ADDRESS') return isRealIpv4(text, start, end) || isRealIpv6(text, start, end);
  if (t === 'EMAIL') return isRealEmail(text, start, end);
  return false;
}
