import { isIP } from 'node:net';
import { canonicalIp, type Pseudonymizer } from '../pseudonymizer.js';
import type { Action } from '../types.js';

/** Alphanumeric characters counted from the end are kept when a value has at least this many (SSN: 9). */
const MASK_KEEP_MIN = 9;

/**
 * Shape-preserving mask: separators stay, every letter/digit becomes `*` except the last 4 (when the value is long
 * enough that 4 characters reveal little). IBANs also keep their country code: `DE** **** … 3000`.
 */
export function maskValue(valueType: string, value: string): string {
  if (valueType === 'ip') return truncateIp(canonicalIp(value.trim()));
  let alnum = 0;
  for (let i = 0; i < value.length; i++) if (/[A-Za-z0-9]/.test(value[i] as string)) alnum++;
  const keepTail = alnum >= MASK_KEEP_MIN ? 4 : 0;
  const keepHead = valueType === 'iban' && alnum >= 12 ? 2 : 0;
  let seen = 0;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (/[A-Za-z0-9]/.test(c)) {
      seen++;
      out += seen <= keepHead || seen > alnum - keepTail ? c : '*';
    } else out += c;
  }
  return alnum === 0 ? '****' : out;
}

/**
 * IP "mask" = prefix truncation, which keeps GeoIP/abuse value: IPv4 to its /24 (`203.0.113.0/24`), IPv6 to its /48
 * (`2001:db8:85a3::/48`); an IPv4-mapped address is truncated as the IPv4 address it is. Anything that does not parse
 * becomes `****`.
 */
function truncateIp(value: string): string {
  const v = value.trim();
  const family = isIP(v);
  if (family === 4) return `${v.slice(0, v.lastIndexOf('.'))}.0/24`;
  if (family !== 6) return '****';
  // Expand `::` so the first three groups are known, then print them compressed.
  const [head = '', tail = ''] = v.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = v.includes('::')
    ? [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups]
    : headGroups;
  const prefix = groups.slice(0, 3).map((g) => (g.includes('.') ? '0' : String(Number.parseInt(g, 16).toString(16))));
  return `${prefix.join(':')}::/48`;
}

/** Renders the replacement for one sensitive value under an action (`drop` inside text behaves as `redact`). */
export function renderReplacement(
  action: Action,
  label: string,
  valueType: string,
  value: string,
  pseudonymizer: Pseudonymizer,
): string {
  switch (action) {
    case 'mask':
      return maskValue(valueType, value);
    case 'hmac':
      return pseudonymizer.token(valueType, value);
    default:
      return `[REDACTED:${label}]`;
  }
}
