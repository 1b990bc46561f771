/**
 * Projection to Datadog standard log attributes (docs/design/semconv.md#datadog). The result is the
 * standard-attribute layer Datadog's OOTB rules read; through OTLP every other attribute keeps its OTel name, so the
 * projection does not repeat them.
 */
import { eventDefinitionOf, type SecurityEventRecord, str } from './record.js';

/** Datadog attributes with dotted names (`usr.id`), as Datadog addresses them (`@usr.id`). */
export type DatadogAttributes = Record<string, string | number | boolean>;

/**
 * The remapper table (plus the HTTP standard attributes): OTel/seclog attribute → Datadog attribute.
 * Shared with the collector's OTTL generator. `security_event.category` → `evt.name` and `security_event.outcome` →
 * `evt.outcome` are not plain copies and are handled separately.
 */
export const DATADOG_ATTRIBUTE_RENAMES: ReadonlyArray<readonly [attribute: string, datadogAttribute: string]> = [
  ['user.id', 'usr.id'],
  ['user.name', 'usr.name'],
  ['user.email', 'usr.email'],
  ['client.address', 'network.client.ip'],
  ['user_agent.original', 'http.useragent'],
  ['security_event.auth.user_exists', 'usr.exists'],
  ['http.request.method', 'http.method'],
  ['http.response.status_code', 'http.status_code'],
  // Client geolocation from the SDK geo lookup (Datadog's GeoIP parser writes the same attributes).
  ['geo.country.iso_code', 'network.client.geoip.country.iso_code'],
  ['geo.region.iso_code', 'network.client.geoip.subdivision.iso_code'],
  ['geo.locality.name', 'network.client.geoip.city.name'],
  ['geo.continent.code', 'network.client.geoip.continent.code'],
];

/** `evt.outcome` values Datadog documents; `unknown` outcomes are left out rather than invented. */
export const DATADOG_OUTCOMES: ReadonlySet<string> = new Set(['success', 'failure']);

/**
 * Projects a security event to Datadog standard attributes.
 *
 * @example
 * toDatadog(record)['evt.name']; // 'authentication' for events 1–7
 * @throws {ProjectionError} when the event name is not in the catalog
 */
export function toDatadog(record: SecurityEventRecord): DatadogAttributes {
  const def = eventDefinitionOf(record);
  const attrs = record.attributes;
  const out: DatadogAttributes = { 'evt.name': def.datadog.evtName };
  const outcome = str(attrs, 'security_event.outcome');
  if (outcome !== undefined && DATADOG_OUTCOMES.has(outcome)) out['evt.outcome'] = outcome;
  for (const [attribute, target] of DATADOG_ATTRIBUTE_RENAMES) {
    const value = attrs[attribute];
    if ((typeof value === 'string' && value.length > 0) || typeof value === 'boolean') out[target] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[target] = value;
  }
  return out;
}
