import { BlockList, isIP } from 'node:net';

/**
 * Which immediate peers may report the client address in `X-Forwarded-For`: presets (`loopback`, `private`,
 * `linklocal`), addresses or CIDR ranges, or a predicate. Default: none (the socket peer is the client).
 */
export type TrustedProxies = readonly string[] | ((address: string) => boolean);

const PRESETS: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
};

/** Bounds on the header we parse: a longer chain than this is treated as untrustworthy beyond the bound. */
const MAX_FORWARDED_HEADER_CHARS = 2048;
const MAX_FORWARDED_HOPS = 32;

/** A compiled trusted-proxy set. */
export interface ProxyTrust {
  isTrusted(address: string): boolean;
}

/** Compiles the configuration once; a bad entry fails here with the field named (`trustedProxies[2]`). */
export function compileTrustedProxies(config: TrustedProxies | undefined, field = 'trustedProxies'): ProxyTrust {
  if (config === undefined) return { isTrusted: () => false };
  if (typeof config === 'function') {
    return {
      isTrusted: (a) => {
        try {
          return config(a) === true;
        } catch {
          return false;
        }
      },
    };
  }
  if (!Array.isArray(config)) throw new TypeError(`${field} must be an array of addresses/CIDRs/presets or a function`);
  const list = new BlockList();
  config.forEach((entry, i) => {
    if (typeof entry !== 'string') throw new TypeError(`${field}[${i}] must be a string`);
    for (const item of PRESETS[entry] ?? [entry]) addEntry(list, item, `${field}[${i}]`);
  });
  return { isTrusted: (a) => list.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4') };
}

function addEntry(list: BlockList, entry: string, field: string): void {
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) throw new TypeError(`${field}: "${entry}" is not an IP address, CIDR range or preset`);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (slash === -1) {
    list.addAddress(address, type);
    return;
  }
  const bitsText = entry.slice(slash + 1);
  const bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
  if (!(bits >= 0 && bits <= (family === 6 ? 128 : 32))) {
    throw new TypeError(`${field}: "${entry}" has an invalid prefix length`);
  }
  list.addSubnet(address, bits, type);
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; other addresses unchanged. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client address: the socket peer unless it is a trusted proxy, in which case `X-Forwarded-For` is walked from
 * the right, skipping trusted hops; the first untrusted hop is the client. An unparsable hop stops the walk at the
 * last address we could vouch for (never a value an untrusted party wrote).
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: ProxyTrust,
): string | undefined {
  if (peer === undefined || peer === '') return undefined;
  let current = normalizeAddress(peer);
  if (!trust.isTrusted(current) || forwardedFor === undefined) return current;
  const header = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).slice(
    0,
    MAX_FORWARDED_HEADER_CHARS,
  );
  const hops = header.split(',');
  let walked = 0;
  for (let i = hops.length - 1; i >= 0 && walked < MAX_FORWARDED_HOPS; i--, walked++) {
    const hop = normalizeAddress(stripPort((hops[i] ?? '').trim()));
    if (isIP(hop) === 0) return current;
    current = hop;
    if (!trust.isTrusted(hop)) return hop;
  }
  return current;
}

function stripPort(hop: string): string {
  if (hop.startsWith('[')) {
    const end = hop.indexOf(']');
    return end === -1 ? hop : hop.slice(1, end);
  }
  const colon = hop.indexOf(':');
  // Exactly one colon: IPv4 with a port. More colons: a bare IPv6 address.
  return colon !== -1 && hop.indexOf(':', colon + 1) === -1 ? hop.slice(0, colon) : hop;
}
