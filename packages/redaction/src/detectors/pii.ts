import {
  continues,
  type Detector,
  finding,
  isAlnum,
  isDigit,
  isLetter,
  isWord,
  leftBoundary,
  matchAt,
} from '../internal/detector.js';
import { IBAN_LENGTHS, ibanValid, isCardNumber, ssnValid } from '../internal/validators.js';

function isLocalChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/** File extensions that look like TLDs after an `@` (`icon@2x.png`). */
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'css', 'js', 'mjs', 'ts', 'json', 'map']);

/**
 * P1 email addresses, anchored on `@` and expanding left (≤ 64 local-part characters) and right (≤ 8 labels of
 * ≤ 63 characters, alphabetic TLD of 2–24): linear even on adversarial `a@a@a@…` input. `git@host:path` (scp-style
 * SSH) is not an email.
 */
export const email: Detector<'EMAIL'> = {
  name: 'EMAIL',
  id: 'P1',
  category: 'pii',
  defaultAction: 'hmac',
  defaultEnabled: true,
  selfEvident: true,
  triggers: [],
  patterns: [],
  shape: 'at',
  scan(ctx) {
    const text = ctx.text;
    const n = text.length;
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      let ls = at;
      while (ls > 0 && at - ls < 64 && isLocalChar(text.charCodeAt(ls - 1))) ls--;
      while (ls < at && text.charCodeAt(ls) === 46) ls++;
      if (ls === at) continue;
      let i = at + 1;
      let labels = 0;
      let tldStart = i;
      let end = i;
      while (labels < 8) {
        const j = i;
        while (i < n && i - j < 63 && (isAlnum(text.charCodeAt(i)) || text.charCodeAt(i) === 45)) i++;
        if (i === j) break;
        labels++;
        tldStart = j;
        end = i;
        if (text.charCodeAt(i) === 46 && i + 1 < n && isAlnum(text.charCodeAt(i + 1))) i++;
        else break;
      }
      if (labels < 2 || (end < n && isWord(text.charCodeAt(end)))) continue;
      const tld = text.slice(tldStart, end);
      if (!/^[A-Za-z]{2,24}$/.test(tld) || FILE_TLDS.has(tld.toLowerCase())) continue;
      const local = text.slice(ls, at);
      if (local === 'git' || (text.charCodeAt(end) === 58 && end + 1 < n && text.charCodeAt(end + 1) > 32)) continue;
      ctx.out.push(finding(this, ls, end, 'EMAIL', 'email'));
      at = end - 1;
    }
  },
};

const DIGIT = /\d/g;
/** 12-digit (Maestro) numbers count only next to a card word: too many 12-digit ids pass Luhn by chance. */
const CARD_WORD = /\b(?:card|cc|credit|debit|pan|visa|maestro|mastercard|amex|payment)\b/i;
/** Grouped PAN layouts: 4-4-4-4(-1..3), Amex 4-6-5, Diners 4-6-4. */
const GROUP_SHAPES = new Set(['4,4,4,4', '4,4,4,4,1', '4,4,4,4,2', '4,4,4,4,3', '4,6,5', '4,6,4']);
/** First group lengths and least group count of the shapes (derived: a new shape widens them by itself). */
const FIRST_GROUPS = new Set([...GROUP_SHAPES].map((g) => Number(g.split(',')[0])));
const MIN_GROUPS = Math.min(...[...GROUP_SHAPES].map((g) => g.split(',').length));

/**
 * A number with a leading `-` that is not a group separator: a signed integer (`id=-6952295868487656571`, Java's
 * negative longs) or one glued to an identifier (`blk_-6952295868487656571`, `obj-4111…`). Cards are written
 * neither way, unless the identifier is a card word (`card-4111…`).
 */
function joinedToIdentifier(text: string, s: number): boolean {
  if (text.charCodeAt(s - 1) !== 45 || isDigit(text.charCodeAt(s - 2))) return false;
  let w = s - 1;
  while (w > 0 && s - 1 - w < 32 && isWord(text.charCodeAt(w - 1))) w--;
  return !CARD_WORD.test(text.slice(w, s - 1).replace(/_/g, ' '));
}

/** A space between numbers, or a `+`, which is how form encoding (`q=4242+4242+…`) writes one. */
function isSpaceSeparator(sep: string): boolean {
  return sep === ' ' || sep === '+';
}

/**
 * P2 payment card numbers: contiguous 12–19 digits (12 only for Maestro next to a card word) or grouped with one
 * consistent separator (space, `-`, `+`); IIN + brand length + Luhn; never part of a longer digit or hex token. A run of digit groups is
 * parsed from each of its groups until a card is found (each group at most six times: linear), no backtracking regex.
 */
export const creditCard: Detector<'CREDIT_CARD'> = {
  name: 'CREDIT_CARD',
  id: 'P2',
  category: 'pii',
  defaultAction: 'mask',
  defaultEnabled: true,
  triggers: [],
  patterns: [DIGIT, CARD_WORD],
  shape: 'card',
  scan(ctx, from = 0, to = ctx.text.length) {
    const text = ctx.text;
    const n = text.length;
    DIGIT.lastIndex = from;
    let resumedInRun = -1;
    for (let m = DIGIT.exec(text); m !== null && m.index < to; m = DIGIT.exec(text)) {
      const s = m.index;
      const ends: number[] = [];
      let sep = '';
      let i = s;
      let digits = 0;
      for (;;) {
        const g = i;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        digits += i - g;
        ends.push(i);
        const c = text[i];
        if (
          (c === ' ' || c === '-' || c === '+') &&
          (sep === '' || sep === c) &&
          isDigit(text.charCodeAt(i + 1)) &&
          ends.length < 6 &&
          digits <= 19
        ) {
          sep = c;
          i++;
          continue;
        }
        break;
      }
      const end = cardEnd(text, s, ends, sep, s === resumedInRun);
      const pan = end < 0 ? '' : text.slice(s, end).replace(/\D/g, '');
      if (
        end < 0 ||
        !isCardNumber(pan) ||
        (pan.length === 12 &&
          !(/card|pan|ccnumber/.test(ctx.path) || CARD_WORD.test(text.slice(Math.max(0, s - 30), s))))
      ) {
        // No card starts here. In a run of space-separated numbers the next one may start one: a number in front of
        // a card (`qty 2 4111…`, `2026 4242 4242 4242 4242`) must not hide it. Each group is read at most six times.
        resumedInRun = isSpaceSeparator(sep) ? (ends[0] as number) + 1 : -1;
        DIGIT.lastIndex = resumedInRun >= 0 ? resumedInRun : i;
        continue;
      }
      // A card that ends inside a run of space-separated numbers may have another card right behind it.
      resumedInRun = isSpaceSeparator(sep) && end < i ? end + 1 : -1;
      DIGIT.lastIndex = end;
      ctx.out.push(finding(this, s, end, 'CREDIT_CARD', 'card'));
    }
  },
};

/**
 * Where a card starting at `s` would end, from the ends of the run's digit groups (one consistent separator), or -1.
 * Contiguous: 12–19 digits, also as the first group of a run when a space and another number follow (`4111… 5`).
 * Grouped: one of the PAN layouts, or its first four or three groups when more numbers follow. `inRun`: `s` is a
 * later group of a space-separated run whose earlier groups started no card (the number before is not part of it).
 */
function cardEnd(text: string, s: number, ends: readonly number[], sep: string, inRun: boolean): number {
  if (!inRun && continues(text, s - 1, -1, sep === '' ? '-.,' : `${sep}.,`)) return -1;
  if (joinedToIdentifier(text, s)) return -1;
  const first = ends[0] as number;
  const contiguous = first - s >= 12 && first - s <= 19;
  if (ends.length === 1) return contiguous && !continues(text, first, 1, '-.,') ? first : -1;
  // A grouped run that no shape can start with, or with too few groups (most of a digit-and-space soup), is
  // dismissed before its group lengths are built and joined.
  if (!FIRST_GROUPS.has(first - s) || ends.length < MIN_GROUPS) return contiguous && isSpaceSeparator(sep) ? first : -1;
  const last = ends[ends.length - 1] as number;
  const lengths = ends.map((e, k) => e - (k === 0 ? s : (ends[k - 1] as number) + 1));
  if (GROUP_SHAPES.has(lengths.join(',')) && !continues(text, last, 1, '.,')) return last;
  // `4242 4242 4242 4242 2026`: the card, then another number.
  if (ends.length >= 5 && lengths.slice(0, 4).join(',') === '4,4,4,4') return ends[3] as number;
  if (ends.length >= 4 && GROUP_SHAPES.has(lengths.slice(0, 3).join(','))) return ends[2] as number;
  return -1;
}

function skipRun(text: string, i: number): number {
  while (i < text.length && isWord(text.charCodeAt(i))) i++;
  return i;
}

const SSN = /\d{3}[- ]\d{2}[- ]\d{4}/g;
const SSN_PLAIN = /\d{9}/g;
const SSN_WORD = /\bssn\b|social[ _-]?security|\bss#/i;

/** P3 US SSNs: 3-2-4 with one consistent separator; plain 9 digits only near `ssn`/`social security`. */
export const usSsn: Detector<'US_SSN'> = {
  name: 'US_SSN',
  id: 'P3',
  category: 'pii',
  defaultAction: 'mask',
  defaultEnabled: true,
  triggers: [],
  patterns: [SSN, SSN_PLAIN, SSN_WORD],
  shape: 'ssn',
  scan(ctx, from = 0, to = ctx.text.length) {
    const text = ctx.text;
    SSN.lastIndex = from;
    for (let m = SSN.exec(text); m !== null && m.index < to; m = SSN.exec(text)) {
      const s = m.index;
      const e = s + 11;
      if (m[0][3] !== m[0][6] || continues(text, s - 1, -1, '-.') || continues(text, e, 1, `-.${m[0][3]}`)) {
        SSN.lastIndex = s + 1;
        continue;
      }
      if (ssnValid(m[0].replace(/\D/g, ''))) ctx.out.push(finding(this, s, e, 'US_SSN', 'ssn'));
    }
    const pathContext = ctx.path.includes('ssn') || ctx.path.includes('socialsecurity');
    if (!pathContext && !SSN_WORD.test(text.slice(Math.max(0, from - 30), to))) return;
    SSN_PLAIN.lastIndex = from;
    for (let m = SSN_PLAIN.exec(text); m !== null && m.index < to; m = SSN_PLAIN.exec(text)) {
      const s = m.index;
      if (!leftBoundary(text, s) || (s + 9 < text.length && isWord(text.charCodeAt(s + 9)))) {
        SSN_PLAIN.lastIndex = skipRun(text, s);
        continue;
      }
      const near = pathContext || SSN_WORD.test(text.slice(Math.max(0, s - 30), s));
      if (near && ssnValid(m[0])) ctx.out.push(finding(this, s, s + 9, 'US_SSN', 'ssn'));
    }
  },
};

/** IBAN length by country code, at `(first letter) * 26 + second letter` (0: not a country with IBANs). */
const IBAN_LENGTH_BY_CODE = new Uint8Array(26 * 26);
for (const [code, length] of Object.entries(IBAN_LENGTHS)) {
  IBAN_LENGTH_BY_CODE[(code.charCodeAt(0) - 65) * 26 + (code.charCodeAt(1) - 65)] = length;
}

/** The IBAN length of the country code of two ASCII letters at `s` (any case), without slicing them out. */
function ibanLengthAt(text: string, s: number): number {
  return IBAN_LENGTH_BY_CODE[((text.charCodeAt(s) | 32) - 97) * 26 + ((text.charCodeAt(s + 1) | 32) - 97)] as number;
}

/** P4 IBANs (any case, optional single spaces): per-country length + ISO 7064 mod-97. */
export const iban: Detector<'IBAN'> = {
  name: 'IBAN',
  id: 'P4',
  category: 'pii',
  defaultAction: 'mask',
  defaultEnabled: true,
  selfEvident: true,
  triggers: [],
  patterns: [],
  shape: 'iban',
  scan(ctx, from = 0, to = ctx.text.length) {
    const text = ctx.text;
    const n = text.length;
    // One pass over word starts: letter, letter, digit, digit (no regex, no allocation on clean text).
    for (let s = from; s < to && s + 3 < n; s++) {
      if (
        !isDigit(text.charCodeAt(s + 3)) ||
        !isDigit(text.charCodeAt(s + 2)) ||
        !isLetter(text.charCodeAt(s + 1)) ||
        !isLetter(text.charCodeAt(s)) ||
        !leftBoundary(text, s)
      ) {
        continue;
      }
      const expected = ibanLengthAt(text, s);
      if (expected === 0) continue;
      // Count the characters first, build the string only for a candidate of the right length (`GB99 ABCD GB99 …`
      // would otherwise build a 22-character string at every country code).
      let count = 0;
      let i = s;
      while (i < n && count < expected) {
        const c = text.charCodeAt(i);
        if (isAlnum(c)) count++;
        else if (c === 32 && count >= 4 && count % 4 === 0 && isAlnum(text.charCodeAt(i + 1))) {
          // single spaces between 4-character groups only
        } else break;
        i++;
      }
      if (count !== expected || (i < n && isWord(text.charCodeAt(i)))) continue;
      const out = text.slice(s, i).replaceAll(' ', '');
      if (ibanValid(out.toUpperCase())) {
        ctx.out.push(finding(this, s, i, 'IBAN', 'iban'));
        s = i - 1;
      }
    }
  },
};

const PHONE_PLUS = /\+\d[\d ().-]{6,20}\d/g;
/** Near a phone word: 2–5 digit groups, 7–15 digits (`(415) 555-0100`, `0487 98 11 92`, `0378 3549890`). */
const PHONE_LOCAL = /\(?\d{2,5}\)?(?:[-. ]\d{2,8}){1,4}/g;
const PHONE_WORD = /\b(?:phone|tel|telephone|mobile|cell|fax|call|sms|whatsapp|office|desk|contact)\b/i;

/** P6 phone numbers: `+` E.164 forms (8–15 digits), other forms only near a phone word. Off by default. */
export const phone: Detector<'PHONE'> = {
  name: 'PHONE',
  id: 'P6',
  category: 'pii',
  defaultAction: 'hmac',
  defaultEnabled: false,
  triggers: [],
  patterns: [PHONE_PLUS, PHONE_LOCAL, PHONE_WORD],
  gate: /\+\d|\d{3}/,
  scan(ctx) {
    const text = ctx.text;
    PHONE_PLUS.lastIndex = 0;
    for (let m = PHONE_PLUS.exec(text); m !== null; m = PHONE_PLUS.exec(text)) {
      const s = m.index;
      const e = s + m[0].length;
      const digits = m[0].replace(/\D/g, '').length;
      if (digits >= 8 && digits <= 15 && leftBoundary(text, s) && !(e < text.length && isWord(text.charCodeAt(e)))) {
        ctx.out.push(finding(this, s, e, 'PHONE', 'phone'));
      }
    }
    const pathContext = /phone|mobile|msisdn|tel/.test(ctx.path);
    if (!pathContext && !PHONE_WORD.test(text)) return;
    PHONE_LOCAL.lastIndex = 0;
    for (let m = PHONE_LOCAL.exec(text); m !== null; m = PHONE_LOCAL.exec(text)) {
      const s = m.index;
      const e = s + m[0].length;
      const digits = m[0].replace(/\D/g, '').length;
      if (digits < 7 || digits > 15 || continues(text, s - 1, -1, '-.') || continues(text, e, 1, '-.')) continue;
      if (
        pathContext ||
        PHONE_WORD.test(text.slice(Math.max(0, s - 30), s)) ||
        PHONE_WORD.test(text.slice(e, e + 15))
      ) {
        ctx.out.push(finding(this, s, e, 'PHONE', 'phone'));
      }
    }
  },
};

const CVV = /(?:cvv2?|cvc2?|cid)\\?["']?\s{0,3}[:=]\s{0,3}\\?["']?(\d{3,4})/iy;

/** P7 card security codes in free text (`cvv: 123`); under key names they are dropped by K1. */
export const cvv: Detector<'CVV'> = {
  name: 'CVV',
  id: 'P7',
  category: 'secret',
  defaultAction: 'redact',
  defaultEnabled: true,
  // `cid` alone is inside many words (incident, decide): only with what follows a key.
  triggers: ['cvv', 'cvc', 'cid=', 'cid:', 'cid"', "cid'", 'cid ', 'cid\\'],
  patterns: [CVV],
  onTrigger(ctx, index) {
    const text = ctx.text;
    if (!leftBoundary(text, index)) return undefined;
    const m = matchAt(CVV, text, index);
    if (m === null) return undefined;
    const e = index + m[0].length;
    if (e < text.length && isDigit(text.charCodeAt(e))) return undefined;
    ctx.out.push(finding(this, e - (m[1] ?? '').length, e, 'CVV', 'cvv'));
    return e;
  },
};
