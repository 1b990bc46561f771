/**
 * Spec-conformant PII generators: Luhn-valid PANs of every brand in contiguous, spaced and dashed forms, US SSNs
 * that pass the area/group/serial rules, IBANs with valid mod-97 for several countries, emails, IPv4/IPv6 and
 * E.164 phone numbers. All values are random; none is a real person's.
 */
import { ibanCheckDigits, luhnCheckDigit } from './checksums.ts';
import { type Fragment, labelled } from './fragment.ts';
import { BASE62, DIGITS, HEX, LOWER, type Prng, UPPER } from './prng.ts';

export interface CardBrand {
  name: string;
  prefixes: readonly string[];
  lengths: readonly number[];
}

/** IIN ranges and lengths per brand (docs/design/redaction.md#validators). Ranges are expanded to a few representative prefixes. */
export const CARD_BRANDS: readonly CardBrand[] = [
  { name: 'visa', prefixes: ['4'], lengths: [13, 16, 19] },
  { name: 'mastercard', prefixes: ['51', '52', '53', '54', '55', '2221', '2500', '2720'], lengths: [16] },
  { name: 'amex', prefixes: ['34', '37'], lengths: [15] },
  { name: 'discover', prefixes: ['6011', '644', '649', '65'], lengths: [16, 19] },
  { name: 'jcb', prefixes: ['3528', '3550', '3589'], lengths: [16] },
  { name: 'diners', prefixes: ['300', '305', '36', '38', '39'], lengths: [14] },
  { name: 'unionpay', prefixes: ['62'], lengths: [16, 19] },
  { name: 'maestro', prefixes: ['50', '56', '58', '67', '69'], lengths: [16, 19] },
];

export type CardLayout = 'contiguous' | 'spaced' | 'dashed';

/** Groups a PAN the way it is printed: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4. */
export function groupPan(pan: string, separator: string): string {
  const groups =
    pan.length === 15 ? [4, 6, 5] : pan.length === 14 ? [4, 6, 4] : pan.length === 19 ? [4, 4, 4, 4, 3] : [4, 4, 4, 4];
  if (groups.reduce((a, b) => a + b, 0) !== pan.length) return pan;
  const out: string[] = [];
  let at = 0;
  for (const g of groups) {
    out.push(pan.slice(at, at + g));
    at += g;
  }
  return out.join(separator);
}

export function luhnValidPan(prng: Prng, brand: CardBrand, length?: number): string {
  const len = length ?? prng.pick(brand.lengths);
  let payload = prng.pick(brand.prefixes);
  // Avoid all-same-digit bodies (a rejected degenerate case) by construction: random digits almost never are.
  while (payload.length < len - 1) payload += prng.digits(1);
  return payload + luhnCheckDigit(payload);
}

export function formatPan(pan: string, layout: CardLayout): string {
  if (layout === 'contiguous' || pan.length === 13) return pan;
  return groupPan(pan, layout === 'spaced' ? ' ' : '-');
}

const CARD_CONTEXT = ['card', 'pan', 'cc', 'payment card', 'charged card', 'card_number='] as const;

/** Published payment-processor test PANs (docs/design/redaction.md#measuring-it): real-format numbers that appear in staging logs. */
export const TEST_PANS: readonly string[] = [
  '4242424242424242',
  '4000056655665556',
  '5555555555554444',
  '2223003122003222',
  '5200828282828210',
  '5105105105105100',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '6011000990139424',
  '3056930009020004',
  '36227206271667',
  '3566002020360505',
  '6200000000000005',
  '6205500000000000004',
  '4111111111111111',
  '4012888888881881',
  '2222420000001113',
];

export function cardFragment(prng: Prng): Fragment {
  const brand = prng.pick(CARD_BRANDS);
  const pan = prng.chance(0.2) ? prng.pick(TEST_PANS) : luhnValidPan(prng, brand);
  const layout = prng.pick<CardLayout>(['contiguous', 'spaced', 'dashed']);
  const ctx = prng.pick(CARD_CONTEXT);
  const sep = ctx.endsWith('=') ? '' : ' ';
  return labelled(`${ctx}${sep}`, formatPan(pan, layout), '', 'CREDIT_CARD', 'positive', 'pii');
}

/** SSN area 001–899 except 666; group 01–99; serial 0001–9999; avoids the famous invalid ones. */
export function validSsn(prng: Prng, separator: '-' | ' '): string {
  for (;;) {
    const area = prng.int(1, 899);
    if (area === 666) continue;
    const group = prng.int(1, 99);
    const serial = prng.int(1, 9999);
    const a = String(area).padStart(3, '0');
    const g = String(group).padStart(2, '0');
    const s = String(serial).padStart(4, '0');
    const ssn = `${a}${separator}${g}${separator}${s}`;
    if (`${a}${g}${s}` === '078051120' || `${a}${g}${s}` === '123456789') continue;
    return ssn;
  }
}

export function ssnFragment(prng: Prng): Fragment {
  const ctx = prng.pick(['ssn', 'SSN:', 'social security number', 'applicant', 'tax form for']);
  return labelled(`${ctx} `, validSsn(prng, prng.chance(0.8) ? '-' : ' '), '', 'US_SSN', 'positive', 'pii');
}

interface IbanCountry {
  code: string;
  /** BBAN layout: n = digit, a = upper-case letter, c = alphanumeric. */
  bban: string;
}

/** BBAN structures from the IBAN registry for a few countries (total length = 4 + bban length). */
export const IBAN_COUNTRIES: readonly IbanCountry[] = [
  { code: 'DE', bban: 'nnnnnnnnnnnnnnnnnn' },
  { code: 'GB', bban: 'aaaannnnnnnnnnnnnn' },
  { code: 'FR', bban: 'nnnnnnnnnncccccccccccnn' },
  { code: 'ES', bban: 'nnnnnnnnnnnnnnnnnnnn' },
  { code: 'IT', bban: 'annnnnnnnnncccccccccccc' },
  { code: 'NL', bban: 'aaaannnnnnnnnn' },
  { code: 'BE', bban: 'nnnnnnnnnnnn' },
  { code: 'CH', bban: 'nnnnncccccccccccc' },
  { code: 'PL', bban: 'nnnnnnnnnnnnnnnnnnnnnnnn' },
  { code: 'AT', bban: 'nnnnnnnnnnnnnnnn' },
];

export function validIban(prng: Prng, country?: IbanCountry): string {
  const c = country ?? prng.pick(IBAN_COUNTRIES);
  let bban = '';
  for (const t of c.bban)
    bban += t === 'n' ? prng.digits(1) : t === 'a' ? prng.chars(UPPER, 1) : prng.chars(`${UPPER}${DIGITS}`, 1);
  return `${c.code}${ibanCheckDigits(c.code, bban)}${bban}`;
}

export function ibanFragment(prng: Prng): Fragment {
  const iban = validIban(prng);
  const form = prng.int(0, 3);
  const shown = form === 0 ? iban.replace(/(.{4})/g, '$1 ').trim() : form === 1 ? iban.toLowerCase() : iban;
  const ctx = prng.pick(['IBAN', 'iban=', 'refund to account', 'payout account']);
  return labelled(ctx.endsWith('=') ? ctx : `${ctx} `, shown, '', 'IBAN', 'positive', 'pii');
}

const TLDS = ['com', 'org', 'net', 'io', 'de', 'co.uk', 'fr', 'dev', 'example', 'technology'];
const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory'];

export function randomEmail(prng: Prng): string {
  const name = prng.pick(NAMES);
  const local =
    prng.int(0, 3) === 0
      ? `${name}.${prng.pick(NAMES)}`
      : prng.int(0, 2) === 0
        ? `${name}+${prng.chars(LOWER, 4)}`
        : `${name}${prng.digits(prng.int(0, 4))}`;
  const domain = `${prng.chance(0.3) ? `${prng.chars(LOWER, 3)}.` : ''}${prng.chars(LOWER, prng.int(4, 10))}`;
  const cased = prng.chance(0.2) ? local.toUpperCase() : local;
  return `${cased}@${domain}.${prng.pick(TLDS)}`;
}

export function emailFragment(prng: Prng): Fragment {
  const ctx = prng.pick(['user', 'email=', 'sent receipt to', 'login by', 'from: <', 'contact']);
  const post = ctx.endsWith('<') ? '>' : '';
  return labelled(
    ctx.endsWith('=') || ctx.endsWith('<') ? ctx : `${ctx} `,
    randomEmail(prng),
    post,
    'EMAIL',
    'positive',
    'pii',
  );
}

export function randomIpv4(prng: Prng): string {
  return `${prng.int(1, 223)}.${prng.int(0, 255)}.${prng.int(0, 255)}.${prng.int(1, 254)}`;
}

export function randomIpv6(prng: Prng): string {
  const groups = Array.from({ length: 8 }, () => prng.chars(HEX, prng.int(1, 4)).replace(/^0+(?=.)/, ''));
  const form = prng.int(0, 3);
  if (form === 0) return groups.join(':');
  if (form === 1) return `2001:db8:${groups.slice(0, 2).join(':')}::${groups[7]}`;
  if (form === 2) return `::ffff:${randomIpv4(prng)}`;
  return `fe80::${groups.slice(4).join(':')}`;
}

export function ipFragment(prng: Prng): Fragment {
  const v6 = prng.chance(0.3);
  const ctx = prng.pick(['client', 'remote_addr=', 'connection from', 'peer', 'blocked']);
  return labelled(
    ctx.endsWith('=') ? ctx : `${ctx} `,
    v6 ? randomIpv6(prng) : randomIpv4(prng),
    '',
    'IP_ADDRESS',
    'positive',
    'pii',
  );
}

const PHONE_FORMS: readonly ((p: Prng) => string)[] = [
  (p) => `+1 ${p.int(201, 989)} ${p.int(200, 999)} ${p.digits(4)}`,
  (p) => `+1-${p.int(201, 989)}-${p.int(200, 999)}-${p.digits(4)}`,
  (p) => `+44 20 ${p.digits(4)} ${p.digits(4)}`,
  (p) => `+49 30 ${p.digits(7)}`,
  (p) => `+33 ${p.int(1, 9)} ${p.digits(2)} ${p.digits(2)} ${p.digits(2)} ${p.digits(2)}`,
  (p) => `+81${p.int(10, 99)}${p.digits(8)}`,
];

export function phoneFragment(prng: Prng): Fragment {
  const ctx = prng.pick(['phone', 'sms sent to', 'callback number', 'mobile=']);
  return labelled(ctx.endsWith('=') ? ctx : `${ctx} `, prng.pick(PHONE_FORMS)(prng), '', 'PHONE', 'positive', 'pii');
}

/** A random base62 string (helper for ids that must look random). */
export function randomBase62(prng: Prng, length: number): string {
  return prng.chars(BASE62, length);
}
