/**
 * The client geolocation of the SDK geo hook in every projection, coordinates included (opt-in, so the golden samples
 * leave them out): ECS and OCSF 1.8.0 accept what the projections write.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toDatadog, toECS, toOCSF } from '../../src/projections/index.js';
import { checkEcsDocument, loadEcsFlat } from './ecs-checker.js';
import { checkOcsfEvent } from './ocsf-checker.js';
import { loadOcsfSchema, type OcsfSchema } from './ocsf-schema.js';
import { ocsfSchemaFile } from './reference-paths.js';
import { checkDatadogAttributes } from './siem-checker.js';

const login = {
  eventName: 'security_event.authentication.login',
  timestamp: '2026-11-26T17:40:00.000Z',
  attributes: {
    'security_event.category': 'authentication',
    'security_event.outcome': 'success',
    'security_event.actor.type': 'user',
    'user.id': 'u_035',
    'security_event.auth.method': 'password',
    'security_event.auth.mfa.used': true,
    'session.id': 's1',
    'client.address': '203.0.113.200',
    'server.address': 'app.example.com',
    'geo.country.iso_code': 'BR',
    'geo.region.iso_code': 'BR-SP',
    'geo.locality.name': 'São Paulo',
    'geo.continent.code': 'SA',
    'geo.location.lat': -23.55,
    'geo.location.lon': -46.63,
    'client.as.number': 64501,
  },
  resource: { 'service.name': 'billing-api' },
};

describe('client geolocation in the projections', () => {
  let ocsf: OcsfSchema;
  beforeAll(() => {
    ocsf = loadOcsfSchema(ocsfSchemaFile);
  });

  it('ECS: source.geo.* / client.geo.* / *.as.number with a geo_point pass @elastic/ecs', () => {
    const doc = toECS(login);
    expect(doc['source.geo.location']).toBe('-23.55,-46.63');
    expect(doc['client.geo.region_iso_code']).toBe('BR-SP');
    expect(checkEcsDocument(loadEcsFlat(), doc)).toEqual([]);
  });

  it('OCSF 1.8.0: src_endpoint.location and autonomous_system pass the schema', () => {
    const event = toOCSF(login);
    expect(event.src_endpoint).toEqual({
      ip: '203.0.113.200',
      location: { country: 'BR', region: 'BR-SP', city: 'São Paulo', continent: 'SA', lat: -23.55, long: -46.63 },
      autonomous_system: { number: 64501 },
    });
    expect(checkOcsfEvent(ocsf, event as Record<string, unknown>)).toEqual([]);
  });

  it('Datadog: network.client.geoip.* standard attributes', () => {
    const attrs = toDatadog(login);
    expect(attrs['network.client.geoip.country.iso_code']).toBe('BR');
    expect(checkDatadogAttributes(attrs)).toEqual([]);
  });
});
