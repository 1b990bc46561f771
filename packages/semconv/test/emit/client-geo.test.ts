import { describe, expect, it } from 'vitest';
import { type ClientGeoLookup, geoAttributes, SecurityEventProcessor } from '../../src/index.js';
import { sdkPipeline } from './sdk-harness.js';

const FAILED_LOGIN = {
  'security_event.outcome': 'failure',
  'security_event.actor.type': 'anonymous',
  'error.type': 'invalid_credentials',
  'security_event.auth.method': 'password',
  'user.name': 'alice@example.com',
  'client.address': '203.0.113.5',
};

const table: Record<string, ReturnType<ClientGeoLookup>> = {
  '203.0.113.5': { countryIsoCode: 'NZ', localityName: 'Auckland', lat: -36.85, lon: 174.76, asNumber: 64500 },
};
const lookup: ClientGeoLookup = (address) => table[address];

describe('SecurityEventProcessor geo hook', () => {
  it('adds geo.* and client.as.number to security events with a client address, before redaction', () => {
    const seen: string[] = [];
    const { provider, records } = sdkPipeline(
      (next) =>
        new SecurityEventProcessor({
          next,
          mode: 'strict',
          geo: (a) => {
            seen.push(a);
            return lookup(a);
          },
        }),
    );
    const logger = provider.getLogger('app');
    logger.emit({ eventName: 'security_event.authentication.login', attributes: FAILED_LOGIN });
    logger.emit({ body: 'not a security event', attributes: { 'client.address': '203.0.113.5' } });
    const [login, other] = records();
    expect(login?.attributes).toMatchObject({
      'geo.country.iso_code': 'NZ',
      'geo.locality.name': 'Auckland',
      'geo.location.lat': -36.85,
      'geo.location.lon': 174.76,
      'client.as.number': 64500,
    });
    expect(login?.attributes).not.toHaveProperty('security_event.conformance.errors');
    expect(other?.attributes).not.toHaveProperty('geo.country.iso_code');
    expect(seen).toEqual(['203.0.113.5']);
  });

  it('never overwrites, drops malformed values, and survives a throwing lookup', () => {
    expect(
      geoAttributes({ 'client.address': 'x', 'geo.country.iso_code': 'DE' }, () => ({
        countryIsoCode: 'FR',
        regionIsoCode: 'nonsense',
        continentCode: 'EU',
        lat: 200,
        lon: 1,
        asNumber: -1,
      })),
    ).toEqual({ 'geo.continent.code': 'EU' });
    expect(
      geoAttributes({ 'client.address': 'x' }, () => {
        throw new Error('db closed');
      }),
    ).toEqual({});
    expect(geoAttributes({}, lookup)).toEqual({});
  });

  it('refuses a geo option that is not a function', () => {
    const next = { onEmit() {}, forceFlush: async () => {}, shutdown: async () => {} };
    expect(() => new SecurityEventProcessor({ next, geo: 'x' as never })).toThrow(/options\.geo must be a function/);
  });
});
