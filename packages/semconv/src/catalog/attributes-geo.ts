/**
 * Where `client.address` is: OTel `geo.*` and `client.as.number`, filled by an optional lookup in the SDK (the
 * `geo` option of `SecurityEventProcessor`) before redaction turns the address into a pseudonym. New-country and
 * impossible-travel detections need them; nothing downstream can look up a pseudonymized address.
 */
import type { AttributeDefinition, AttributeMappings, Sensitivity } from './types.js';

/** OTel's geo attributes describe "the location of the entity" they sit beside: on a security event, the client. */
function geo(
  name: string,
  camelName: string,
  type: 'string' | 'double' | 'int',
  otelConstant: string,
  description: string,
  mappings: AttributeMappings,
  examples: readonly (string | number)[],
  sensitivity: Sensitivity = 'none',
): AttributeDefinition {
  return {
    name,
    camelName,
    type,
    requirementLevel: 'opt_in',
    sensitivity,
    description,
    origin: 'otel',
    stability: 'development',
    otelConstant,
    mappings,
    examples,
  };
}

/** Geolocation and network owner of the client address. */
export const geoAttributes: readonly AttributeDefinition[] = [
  geo(
    'geo.country.iso_code',
    'geoCountryIsoCode',
    'string',
    'ATTR_GEO_COUNTRY_ISO_CODE',
    'ISO 3166-1 alpha-2 country of client.address (from the SDK geo lookup).',
    {
      ecs: 'source.geo.country_iso_code / client.geo.country_iso_code',
      ocsf: 'src_endpoint.location.country',
      datadog: 'network.client.geoip.country.iso_code',
    },
    ['DE'],
  ),
  geo(
    'geo.region.iso_code',
    'geoRegionIsoCode',
    'string',
    'ATTR_GEO_REGION_ISO_CODE',
    'ISO 3166-2 region of client.address.',
    {
      ecs: 'source.geo.region_iso_code',
      ocsf: 'src_endpoint.location.region',
      datadog: 'network.client.geoip.subdivision.iso_code',
    },
    ['DE-BE'],
  ),
  geo(
    'geo.locality.name',
    'geoLocalityName',
    'string',
    'ATTR_GEO_LOCALITY_NAME',
    'City of client.address.',
    { ecs: 'source.geo.city_name', ocsf: 'src_endpoint.location.city', datadog: 'network.client.geoip.city.name' },
    ['Berlin'],
  ),
  geo(
    'geo.continent.code',
    'geoContinentCode',
    'string',
    'ATTR_GEO_CONTINENT_CODE',
    'Two-letter continent code of client.address.',
    {
      ecs: 'source.geo.continent_code',
      ocsf: 'src_endpoint.location.continent',
      datadog: 'network.client.geoip.continent.code',
    },
    ['EU'],
  ),
  geo(
    'geo.location.lat',
    'geoLocationLat',
    'double',
    'ATTR_GEO_LOCATION_LAT',
    'Latitude of client.address (WGS84); city precision is personal data.',
    { ecs: 'source.geo.location.lat', ocsf: 'src_endpoint.location.lat' },
    [52.52],
    'pii',
  ),
  geo(
    'geo.location.lon',
    'geoLocationLon',
    'double',
    'ATTR_GEO_LOCATION_LON',
    'Longitude of client.address (WGS84).',
    { ecs: 'source.geo.location.lon', ocsf: 'src_endpoint.location.long' },
    [13.405],
    'pii',
  ),
  geo(
    'client.as.number',
    'clientAsNumber',
    'int',
    'ATTR_CLIENT_AS_NUMBER',
    'Autonomous system number that announces client.address.',
    { ecs: 'source.as.number / client.as.number', ocsf: 'src_endpoint.autonomous_system.number' },
    [64496],
  ),
];
