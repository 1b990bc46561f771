/**
 * The SDK's geo/ASN hook: where `client.address` is, looked up before redaction turns the address into a keyed
 * pseudonym (downstream, nothing can geolocate `<ip:k1:…>`). New-country and impossible-travel detections need it.
 */

/** What a lookup returns for one address; every field optional (`undefined` is the same as absent). */
export interface ClientGeo {
  /** ISO 3166-1 alpha-2, e.g. `DE` → `geo.country.iso_code`. */
  readonly countryIsoCode?: string | undefined;
  /** ISO 3166-2, e.g. `DE-BE` → `geo.region.iso_code`. */
  readonly regionIsoCode?: string | undefined;
  /** City → `geo.locality.name`. */
  readonly localityName?: string | undefined;
  /** Two-letter continent code → `geo.continent.code`. */
  readonly continentCode?: string | undefined;
  /** WGS84 → `geo.location.lat` / `geo.location.lon` (both or neither). */
  readonly lat?: number | undefined;
  readonly lon?: number | undefined;
  /** Autonomous system number → `client.as.number`. */
  readonly asNumber?: number | undefined;
}

/**
 * A synchronous lookup (it runs inside `onEmit`): an in-memory database reader such as a MaxMind / DB-IP `.mmdb`
 * opened at start-up, or a cache. Return `undefined` when the address is unknown or private. It must not throw;
 * if it does, the record goes on without geolocation.
 */
export type ClientGeoLookup = (address: string) => ClientGeo | undefined;

const ISO2 = /^[A-Z]{2}$/;
const ISO_REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

/**
 * The OTel attributes for a lookup result: only well-formed values, never overwriting what the record already has.
 *
 * @example
 * geoAttributes({ 'client.address': '203.0.113.5' }, () => ({ countryIsoCode: 'DE', asNumber: 64496 }));
 * // { 'geo.country.iso_code': 'DE', 'client.as.number': 64496 }
 */
export function geoAttributes(
  attributes: Readonly<Record<string, unknown>>,
  lookup: ClientGeoLookup,
): Record<string, string | number> {
  const address = attributes['client.address'];
  if (typeof address !== 'string' || address.length === 0 || address.length > 64) return {};
  let geo: ClientGeo | undefined;
  try {
    geo = lookup(address);
  } catch {
    return {};
  }
  if (!geo || typeof geo !== 'object') return {};
  const out: Record<string, string | number> = {};
  const put = (key: string, value: string | number | undefined, ok: boolean): void => {
    if (value !== undefined && ok && attributes[key] === undefined) out[key] = value;
  };
  const text = (v: unknown, max = 128): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
  put('geo.country.iso_code', geo.countryIsoCode, text(geo.countryIsoCode) && ISO2.test(geo.countryIsoCode));
  put('geo.region.iso_code', geo.regionIsoCode, text(geo.regionIsoCode) && ISO_REGION.test(geo.regionIsoCode));
  put('geo.locality.name', geo.localityName, text(geo.localityName));
  put('geo.continent.code', geo.continentCode, text(geo.continentCode) && ISO2.test(geo.continentCode));
  const { lat, lon } = geo;
  const located = typeof lat === 'number' && typeof lon === 'number' && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  put('geo.location.lat', lat, located);
  put('geo.location.lon', lon, located);
  put('client.as.number', geo.asNumber, Number.isSafeInteger(geo.asNumber) && (geo.asNumber ?? -1) >= 0);
  return out;
}
