import { type Detector, finding, isAlnum, leftBoundary, matchAt } from '../internal/detector.js';

/** `Authorization` / `Proxy-Authorization` followed by `:` or `=` (the header name may be quoted, JSON-escaped). */
const AUTH_NAME = /authorization\\?["']?[ \t]{0,3}[:=][ \t]{0,3}/iy;
const BEARER = /bearer[ \t]{1,3}[A-Za-z0-9._~+/-]{8,1000}={0,2}/iy;
/** Longest credential taken after one header name (bounded work per hit). */
const MAX_CREDENTIAL = 4096;
/** A scheme is a short token (RFC 9110 `auth-scheme`): `Bearer`, `Api-Token`, `SSWS`, `AWS4-HMAC-SHA256`… */
const MAX_SCHEME = 24;

function isSchemeChar(c: number): boolean {
  return isAlnum(c) || c === 45 || c === 46 || c === 95 || c === 43;
}

function hasAlnum(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isAlnum(text.charCodeAt(i))) return true;
  return false;
}

/** Characters that end an unquoted token68 credential or auth-param value in free text. */
function endsToken(c: number, inParam: boolean): boolean {
  return (
    c <= 32 ||
    c === 34 ||
    c === 39 ||
    c === 92 ||
    c === 96 ||
    c === 60 ||
    c === 62 ||
    c === 44 ||
    (!inParam && c === 59) ||
    Number.isNaN(c)
  );
}

/**
 * The scheme word at `i` when one is followed by a credential (`Api-Token dt0c01…`): its end, else -1 (the whole
 * value is the credential, e.g. `Authorization: dXNlcjpwYXNz`). A word with more than 4 digits is read as a
 * credential, not as a scheme.
 */
function schemeEnd(text: string, i: number): number {
  const c0 = text.charCodeAt(i);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return -1;
  let e = i;
  let digits = 0;
  while (e < text.length && e - i <= MAX_SCHEME && isSchemeChar(text.charCodeAt(e))) {
    if (text.charCodeAt(e) >= 48 && text.charCodeAt(e) <= 57) digits++;
    e++;
  }
  if (e - i > MAX_SCHEME || digits > 4) return -1;
  let s = e;
  while (s < text.length && s - e < 3 && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
  if (s === e) return -1;
  const next = text.charCodeAt(s);
  return Number.isNaN(next) || next === 10 || next === 13 || next === 34 || next === 39 || next === 92 ? -1 : e;
}

/** Length of `<scheme> ` at the start of an Authorization header value (0 when the value has no scheme word). */
export function authSchemeLength(value: string): number {
  const e = schemeEnd(value, 0);
  if (e < 0) return 0;
  let s = e;
  while (value.charCodeAt(s) === 32 || value.charCodeAt(s) === 9) s++;
  return s;
}

/** End of the quoted value opened by `quote` (`"`, `'` or `\"`): the closing quote, else the end of the line. */
function quotedEnd(text: string, i: number, quote: string): number {
  const limit = Math.min(text.length, i + MAX_CREDENTIAL);
  const escaped = quote.length === 2;
  const q = quote.charCodeAt(quote.length - 1);
  for (; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    if (escaped) {
      if (c === 92 && text.charCodeAt(i + 1) === q) return i;
      if (c === 92 && text.charCodeAt(i + 1) === 92) i++;
    } else if (c === 92) i++;
    else if (c === q) return i;
  }
  return Math.min(i, text.length);
}

/** `name=` of an auth-param at `i` (`username=`, `Credential=`): the index after `=`, else -1. */
function paramValueStart(text: string, i: number): number {
  let e = i;
  while (e < text.length && e - i < 32 && (isAlnum(text.charCodeAt(e)) || text.charCodeAt(e) === 95)) e++;
  if (e === i || text.charCodeAt(e) !== 61 || text.charCodeAt(e + 1) === 61) return -1;
  return e + 1;
}

/**
 * End of an unquoted credential: a comma-separated auth-param list (`Digest username="a", response="…"`,
 * `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=a;b, Signature=…`) or one token68 (`Bearer abc`, `SSWS 00x…`).
 */
function unquotedEnd(text: string, i: number): number {
  const limit = Math.min(text.length, i + MAX_CREDENTIAL);
  if (paramValueStart(text, i) < 0) {
    while (i < limit && !endsToken(text.charCodeAt(i), false)) i++;
    return i;
  }
  let end = i;
  for (let p = i; p < limit; ) {
    const v = paramValueStart(text, p);
    if (v < 0) break;
    let e = v;
    if (text[e] === '"' || (text[e] === '\\' && text[e + 1] === '"')) {
      const quote = text[e] === '"' ? '"' : '\\"';
      e = quotedEnd(text, e + quote.length, quote);
      if (text.startsWith(quote, e)) e += quote.length;
    } else {
      while (e < limit && !endsToken(text.charCodeAt(e), true)) e++;
    }
    end = e;
    if (text.charCodeAt(e) !== 44) break;
    p = e + 1;
    while (p < limit && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
  }
  return end;
}

/**
 * End of a shell command substitution at `i` (`$(echo -n user:pass | base64)`, `` `…` ``): after its closing `)`
 * (nested ones counted) or backtick on the same line, else -1. A command line that computes the credential holds
 * the secret it encodes; one token68 would stop at its first space.
 */
function substitutionEnd(text: string, i: number): number {
  const backtick = text.charCodeAt(i) === 96;
  if (!backtick && !(text.charCodeAt(i) === 36 && text.charCodeAt(i + 1) === 40)) return -1;
  const limit = Math.min(text.length, i + MAX_CREDENTIAL);
  let depth = 0;
  for (let e = backtick ? i + 1 : i + 2; e < limit; e++) {
    const c = text.charCodeAt(e);
    if (c === 10 || c === 13) return -1;
    if (backtick) {
      if (c === 96) return e + 1;
    } else if (c === 40) depth++;
    else if (c === 41 && depth-- === 0) return e + 1;
  }
  return -1;
}

/**
 * S12 `Authorization` / `Proxy-Authorization` header values and bare `Bearer` tokens. Whatever the scheme
 * (`Bearer`, `Basic`, `Api-Token`, `SSWS`, `Bot`, `Splunk`, `GenieKey`, unknown ones), the scheme word stays and
 * everything after it is the credential: inside a quoted value up to its closing quote, otherwise one token68, a
 * whole auth-param list or a shell command substitution. A value without a scheme is redacted whole.
 */
export const authHeader: Detector<'AUTH_HEADER'> = {
  name: 'AUTH_HEADER',
  id: 'S12',
  category: 'secret',
  defaultAction: 'redact',
  defaultEnabled: true,
  triggers: ['authorization', 'bearer'],
  patterns: [AUTH_NAME, BEARER],
  onTrigger(ctx, index, literal) {
    const text = ctx.text;
    if (literal === 'bearer') {
      if (!leftBoundary(text, index)) return undefined;
      const m = matchAt(BEARER, text, index);
      if (m === null) return undefined;
      let start = index + 6;
      while (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9) start++;
      const end = index + m[0].length;
      // A bare "bearer <x>" (no header name) only when <x> looks like a token: letters and digits, and not the key
      // of a following `key=value` (`token_type=Bearer expires_in=3600`, "the bearer authentication scheme").
      const credential = text.slice(start, end);
      if (!/\d/.test(credential) || !/[A-Za-z]/.test(credential)) return undefined;
      if (text[end] === '=' || (credential.endsWith('=') && /[^=\s]/.test(text[end] ?? ' '))) return undefined;
      ctx.out.push(finding(this, start, end));
      return end;
    }
    const m = matchAt(AUTH_NAME, text, index);
    if (m === null) return undefined;
    let i = index + m[0].length;
    let quote = '';
    if (text[i] === '"' || text[i] === "'") quote = text[i] as string;
    else if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === "'")) quote = text.slice(i, i + 2);
    i += quote.length;
    const scheme = schemeEnd(text, i);
    let start = i;
    if (scheme >= 0) {
      start = scheme;
      while (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9) start++;
    }
    // An empty list or object (`"Authorization":[]` in a JSON header dump) holds no credential.
    if (quote === '' && (text[start] === '[' || text[start] === '{')) return undefined;
    const substituted = quote === '' ? substitutionEnd(text, start) : -1;
    const end =
      substituted >= 0 ? substituted : quote === '' ? unquotedEnd(text, start) : quotedEnd(text, start, quote);
    if (end <= start || !hasAlnum(text, start, end)) return undefined;
    ctx.out.push(finding(this, start, end));
    return end;
  },
};
