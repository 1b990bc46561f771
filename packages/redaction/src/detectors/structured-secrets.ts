import { type Detector, finding, isWord, matchAt } from '../internal/detector.js';
import { jwtHeader } from '../internal/validators.js';

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 _]{0,100})-----/y;
const PEM_MAX = 16 * 1024;

/**
 * S1 private keys: from `-----BEGIN … PRIVATE KEY-----` through the matching `-----END …-----` line (also when the
 * newlines are `\n`-escaped inside JSON), capped at 16 KiB; without an END the rest of the string goes (fail closed).
 * PuTTY key files run from `PuTTY-User-Key-File-` through the `Private-MAC:` line.
 */
export const privateKey: Detector<'PRIVATE_KEY'> = {
  name: 'PRIVATE_KEY',
  id: 'S1',
  category: 'secret',
  defaultAction: 'redact',
  defaultEnabled: true,
  selfEvident: true,
  triggers: ['-----begin ', 'putty-user-key-file-'],
  patterns: [PEM_BEGIN],
  onTrigger(ctx, index, literal) {
    const text = ctx.text;
    let end: number;
    if (literal === 'putty-user-key-file-') {
      const mac = text.indexOf('Private-MAC:', index);
      if (mac < 0 || mac - index > PEM_MAX) end = text.length;
      else {
        let e = mac + 12;
        while (e < text.length && e - mac < 200 && /[\s0-9a-fA-F]/.test(text[e] as string) && text[e] !== '\n') e++;
        end = e;
      }
    } else {
      const label = matchAt(PEM_BEGIN, text, index)?.[1];
      if (label === undefined || !(label.endsWith('PRIVATE KEY') || label.endsWith('PRIVATE KEY BLOCK')))
        return undefined;
      const endMarker = text.indexOf('-----END ', index + 11);
      if (endMarker < 0 || endMarker - index > PEM_MAX) end = text.length;
      else {
        const close = text.indexOf('-----', endMarker + 9);
        end = close < 0 || close - endMarker > 120 ? text.length : close + 5;
      }
    }
    ctx.out.push(finding(this, index, end));
    return end;
  },
};

/** Segment heads of a JWT: `{"` base64url-encoded, or pretty-printed `{\n  ` / `{\n"`. */
const JWT_HEADS = ['eyJ', 'ewogIC', 'ewoid'];

/** Index after a run of base64url characters starting at `i` (bounded). */
function b64urlRunEnd(text: string, i: number, max: number): number {
  const limit = Math.min(text.length, i + max);
  while (i < limit && (isWord(text.charCodeAt(i)) || text.charCodeAt(i) === 45)) i++;
  return i;
}

/** S11 JWTs (`eyJ…` header, payload, optional signature); the header must decode to JSON with `alg`. */
export const jwt: Detector<'JWT'> = {
  name: 'JWT',
  id: 'S11',
  category: 'secret',
  defaultAction: 'redact',
  defaultEnabled: true,
  selfEvident: true,
  triggers: ['eyj', 'ewogic', 'ewoid'],
  patterns: [],
  onTrigger(ctx, index) {
    const text = ctx.text;
    const headEnd = b64urlRunEnd(text, index, 1006);
    // No left-boundary rule: the header must decode to JSON with `alg`, which is specific enough wherever the token
    // starts (`ghs_<id>_eyJ…` embeds one after an underscore).
    if (headEnd - index < 11 || text[headEnd] !== '.') return headEnd;
    const p = headEnd + 1;
    if (!JWT_HEADS.some((h) => text.startsWith(h, p))) return headEnd;
    const payloadEnd = b64urlRunEnd(text, p, 1006);
    if (payloadEnd - p < 11 || text[payloadEnd] !== '.') return headEnd;
    const end = b64urlRunEnd(text, payloadEnd + 1, 1000);
    const header = jwtHeader(text.slice(index, headEnd));
    if (header === null) return headEnd;
    // Optionally keep `alg` / `kid` (useful to spot `alg: none` or a rotated key) — only when they look like ids.
    const kept = ctx.keepJwtHeaderFields
      .filter((f) => typeof header[f] === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(header[f] as string))
      .map((f) => `${f}=${header[f] as string}`);
    ctx.out.push(finding(this, index, end, kept.length > 0 ? `JWT ${kept.join(' ')}` : 'JWT', 'jwt'));
    return end;
  },
};

const COOKIE_HEAD = /cookies?\\?["']?\s{0,3}:\s{0,3}\\?["']?/iy;

/** S13 `Cookie:` / `Set-Cookie:` header text: names stay, values become session pseudonyms. */
export const cookieHeader: Detector<'COOKIE'> = {
  name: 'COOKIE',
  id: 'S13',
  category: 'secret',
  defaultAction: 'hmac',
  defaultEnabled: true,
  triggers: ['cookie'],
  patterns: [COOKIE_HEAD],
  onTrigger(ctx, index) {
    const text = ctx.text;
    const m = matchAt(COOKIE_HEAD, text, index);
    if (m === null) return undefined;
    const isSet = index >= 4 && text.slice(index - 4, index).toLowerCase() === 'set-';
    let i = index + m[0].length;
    const limit = Math.min(text.length, i + 4096);
    let pairs = 0;
    while (i < limit) {
      // name
      const nameStart = i;
      while (i < limit && !'=;\r\n"\''.includes(text[i] as string)) i++;
      if (text[i] !== '=' || i === nameStart) break;
      i++;
      const valueStart = i;
      while (i < limit && !';\r\n"\'\\ ,'.includes(text[i] as string)) i++;
      if (i > valueStart) ctx.out.push(finding(this, valueStart, i, 'COOKIE', 'session'));
      pairs++;
      if (isSet || text[i] !== ';') break;
      i++;
      while (i < limit && text.charCodeAt(i) === 32) i++;
    }
    return pairs > 0 ? i : undefined;
  },
};

/** Characters that end the user part (`\s : @ / " ' < >`); the password may contain `:`. */
function endsUserinfo(c: number, isUser: boolean): boolean {
  return (
    c <= 32 || c === 160 || c === 64 || c === 47 || c === 34 || c === 39 || c === 60 || c === 62 || (isUser && c === 58)
  );
}

/** S14 credentials in URLs (`scheme://user:password@host`): the password is redacted, the user pseudonymized. */
export const urlCredentials: Detector<'URL_CREDENTIALS'> = {
  name: 'URL_CREDENTIALS',
  id: 'S14',
  category: 'secret',
  defaultAction: 'redact',
  defaultEnabled: true,
  triggers: ['://'],
  patterns: [],
  onTrigger(ctx, index) {
    const text = ctx.text;
    let s = index;
    while (s > 0 && index - s < 21 && /[A-Za-z0-9+.-]/.test(text[s - 1] as string)) s--;
    if (s === index || !/[A-Za-z]/.test(text[s] as string)) return undefined;
    const userStart = index + 3;
    let i = userStart;
    const userLimit = Math.min(text.length, userStart + 256);
    // An `@` in the user part (`user@example.com:pw@smtp…`: unencoded, or `%40` read in the decoded view) belongs to
    // it when a `:` and a password ending at `@` follow.
    while (i < userLimit && (text.charCodeAt(i) === 64 || !endsUserinfo(text.charCodeAt(i), true))) i++;
    if (text.charCodeAt(i) !== 58) return undefined;
    const pwStart = i + 1;
    let pwEnd = pwStart;
    const pwLimit = Math.min(text.length, pwStart + 256);
    while (pwEnd < pwLimit && !endsUserinfo(text.charCodeAt(pwEnd), false)) pwEnd++;
    if (pwEnd === pwStart || text.charCodeAt(pwEnd) !== 64) return undefined;
    // An unencoded `@` in the password (`user:p@ss@host`): the userinfo ends at the authority's last `@`, as URL
    // parsers split it (the host has none).
    for (let j = pwEnd + 1; j < pwLimit; j++) {
      const c = text.charCodeAt(j);
      if (c === 64) pwEnd = j;
      else if (endsUserinfo(c, false) || c === 63 || c === 35) break;
    }
    if (i > userStart) ctx.out.push(finding(this, userStart, i, 'URL_USER', 'username', 'hmac'));
    ctx.out.push(finding(this, pwStart, pwEnd, 'URL_PASSWORD', 'password'));
    return pwEnd;
  },
};
