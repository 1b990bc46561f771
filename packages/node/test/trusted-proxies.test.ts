import { describe, expect, it } from 'vitest';
import { compileTrustedProxies, resolveClientAddress } from '../src/request-log/trusted-proxies.js';

describe('resolveClientAddress', () => {
  it('uses the socket peer and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(resolveClientAddress('203.0.113.9', '198.51.100.1', compileTrustedProxies(undefined))).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For sent by an untrusted peer, however plausible it looks', () => {
    const trust = compileTrustedProxies(['10.0.0.0/8']);
    expect(resolveClientAddress('203.0.113.9', '198.51.100.1', trust)).toBe('203.0.113.9');
  });

  it('walks the chain right to left past trusted hops and stops at the first untrusted one', () => {
    const trust = compileTrustedProxies(['10.0.0.0/8', 'loopback']);
    // client spoofs a leading entry; the real client is the hop the trusted proxy appended
    expect(resolveClientAddress('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3', trust)).toBe('198.51.100.7');
  });

  it('normalises IPv4-mapped IPv6 peers before checking trust', () => {
    const trust = compileTrustedProxies(['loopback']);
    expect(resolveClientAddress('::ffff:127.0.0.1', '198.51.100.7', trust)).toBe('198.51.100.7');
  });

  it('returns the innermost trusted hop when every hop is trusted', () => {
    const trust = compileTrustedProxies(['private', 'loopback']);
    expect(resolveClientAddress('127.0.0.1', '10.0.0.5, 192.168.1.1', trust)).toBe('10.0.0.5');
  });

  it('stops at an unparsable hop instead of trusting text an attacker wrote', () => {
    const trust = compileTrustedProxies(['loopback']);
    expect(resolveClientAddress('127.0.0.1', 'evil"\n, not-an-ip', trust)).toBe('127.0.0.1');
  });

  it('accepts ports and bracketed IPv6 hops', () => {
    const trust = compileTrustedProxies(['loopback']);
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7:5443', trust)).toBe('198.51.100.7');
    expect(resolveClientAddress('::1', '[2001:db8::1]:443', trust)).toBe('2001:db8::1');
  });

  it('bounds the work on a huge header', () => {
    const trust = compileTrustedProxies(['loopback']);
    const header = `${'127.0.0.1,'.repeat(100_000)}198.51.100.7`;
    expect(resolveClientAddress('127.0.0.1', header, trust)).toBe('127.0.0.1');
  });

  it('accepts a predicate and treats a throwing predicate as untrusted', () => {
    expect(
      resolveClientAddress(
        '127.0.0.1',
        '198.51.100.7',
        compileTrustedProxies(() => true),
      ),
    ).toBe('198.51.100.7');
    const boom = compileTrustedProxies(() => {
      throw new Error('x');
    });
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7', boom)).toBe('127.0.0.1');
  });

  it('rejects bad entries at construction, naming the index', () => {
    expect(() => compileTrustedProxies(['loopback', 'proxy.internal'])).toThrow(/trustedProxies\[1\].*proxy\.internal/);
    expect(() => compileTrustedProxies(['10.0.0.0/33'])).toThrow(/trustedProxies\[0\].*prefix length/);
    expect(() => compileTrustedProxies('loopback' as unknown as string[])).toThrow(/trustedProxies must be/);
  });
});

describe('express route template fallback', () => {
  it('keeps word segments of a baseUrl and replaces anything that could carry a value', async () => {
    const { sanitizeBaseUrl, expressRouteTemplate } = await import('../src/request-log/express-route-template.js');
    expect(sanitizeBaseUrl('/api/v1/tenants/4242/bob@example.com/x9f8e7d6')).toBe(
      '/api/v1/tenants/:param/:param/:param',
    );
    // no router stack to walk (e.g. a mounted sub-app): the sanitised baseUrl plus the route's own template
    expect(expressRouteTemplate({ route: { path: '/users/:id' }, baseUrl: '/orgs/12345' })).toBe(
      '/orgs/:param/users/:id',
    );
    expect(expressRouteTemplate({ baseUrl: '/orgs/12345' })).toBeUndefined();
  });
});
