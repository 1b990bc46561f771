/**
 * Projection to the Elastic Common Schema (ECS 9.x): categorization from the catalog's per-event ECS mapping, fields
 * from the attribute table below (docs/design/semconv.md#ecs).
 */
import { isIP } from 'node:net';
import { catalog } from '../catalog/index.js';
import {
  eventDefinitionOf,
  eventTimeIso,
  firstStr,
  isNonconforming,
  NONCONFORMING_TAG,
  pushUnique,
  resolveVariant,
  type SecurityEventRecord,
  str,
  strings,
} from './record.js';

/** An ECS document with dotted field names (Elasticsearch expands the dots into objects at index time). */
export type EcsDocument = Record<string, string | number | boolean | string[]>;

/**
 * seclog/OTel attribute → ECS field, for values copied unchanged. Shared with the collector's OTTL generator so the
 * pipeline and the projection cannot drift. ECS declares `user.*`, `user_agent.original`, `error.type`, `url.*` and
 * `http.response.status_code` a `match` with OTel (docs/design/semconv.md#ecs): those keep their names.
 */
export const ECS_ATTRIBUTE_FIELDS: ReadonlyArray<readonly [attribute: string, ecsField: string]> = [
  ['user.id', 'user.id'],
  ['user.name', 'user.name'],
  ['user.email', 'user.email'],
  ['user.full_name', 'user.full_name'],
  ['user.hash', 'user.hash'],
  ['user.roles', 'user.roles'],
  ['security_event.target.user.id', 'user.target.id'],
  ['security_event.target.user.name', 'user.target.name'],
  ['security_event.target.user.email', 'user.target.email'],
  ['security_event.target.group.id', 'user.target.group.id'],
  ['security_event.target.group.name', 'user.target.group.name'],
  ['security_event.effective_user.id', 'user.effective.id'],
  ['security_event.effective_user.name', 'user.effective.name'],
  ['security_event.access.role.new', 'user.target.roles'],
  // Neither has an ECS field; `labels` is ECS's place for such facts (keyword values).
  ['security_event.access.role.privileged', 'labels.role_privileged'],
  ['security_event.policy.type', 'labels.policy_type'],
  ['security_event.data.record_count', 'labels.record_count'],
  ['security_event.tenant.id', 'organization.id'],
  ['user_agent.original', 'user_agent.original'],
  ['http.request.method', 'http.request.method'],
  ['http.response.status_code', 'http.response.status_code'],
  ['url.path', 'url.path'],
  ['server.address', 'server.address'],
  ['client.port', 'client.port'],
  ['error.type', 'error.type'],
  ['security_rule.name', 'rule.name'],
  ['security_rule.uuid', 'rule.uuid'],
  ['security_rule.ruleset.name', 'rule.ruleset'],
  ['security_rule.version', 'rule.version'],
  ['file.name', 'file.name'],
  ['file.size', 'file.size'],
  ['file.extension', 'file.extension'],
  ['security_event.sequence', 'event.sequence'],
  ['log.record.uid', 'event.id'],
];

/** Resource attribute → ECS field. */
export const ECS_RESOURCE_FIELDS: ReadonlyArray<readonly [attribute: string, ecsField: string]> = [
  ['service.name', 'service.name'],
  ['service.version', 'service.version'],
  ['service.instance.id', 'service.node.name'],
  ['deployment.environment.name', 'service.environment'],
  ['host.name', 'host.name'],
];

/**
 * Client geolocation: OTel attribute → ECS field under `source.` and `client.` (ECS rule of thumb: both when the
 * roles are known). `geo.location.lat/lon` become one `geo_point` ("lat,lon").
 */
export const ECS_GEO_FIELDS: ReadonlyArray<readonly [attribute: string, ecsSuffix: string]> = [
  ['geo.country.iso_code', 'geo.country_iso_code'],
  ['geo.region.iso_code', 'geo.region_iso_code'],
  ['geo.locality.name', 'geo.city_name'],
  ['geo.continent.code', 'geo.continent_code'],
  ['client.as.number', 'as.number'],
];

/** ECS `labels` hold keyword values only: non-string values are written as their string form. */
export const ECS_LABELS_PREFIX = 'labels.';

/** Attributes whose value explains the event (`event.reason`), first present wins. */
export const ECS_REASON_ATTRIBUTES = [
  'error.type',
  'security_event.session.end_reason',
  'security_event.lock.reason',
] as const;

/** User identifiers collected into `related.user` (ECS: every user name or id seen on the event). */
const RELATED_USER_ATTRIBUTES = [
  'user.name',
  'user.id',
  'security_event.target.user.name',
  'security_event.target.user.id',
  'security_event.effective_user.name',
  'security_event.effective_user.id',
] as const;

/**
 * Projects a security event to an ECS document.
 *
 * @example
 * toECS(record)['event.category']; // ['authentication']
 * @throws {ProjectionError} when the event name is not in the catalog or the record has no usable time
 */
export function toECS(record: SecurityEventRecord): EcsDocument {
  const def = eventDefinitionOf(record);
  const attrs = record.attributes;
  const categorization = resolveVariant({ category: def.ecs.category, type: def.ecs.type }, def.ecs.variants, attrs);
  const doc: EcsDocument = {
    '@timestamp': eventTimeIso(record),
    'event.kind': def.ecs.kind,
    'event.category': [...categorization.category],
    'event.type': [...categorization.type],
    'event.action': def.name,
    'event.module': catalog.ecs.module,
    'event.dataset': catalog.ecs.dataset,
  };
  const outcome = str(attrs, 'security_event.outcome');
  if (outcome === 'success' || outcome === 'failure' || outcome === 'unknown') doc['event.outcome'] = outcome;
  const reason = firstStr(attrs, ECS_REASON_ATTRIBUTES);
  if (reason !== undefined) doc['event.reason'] = reason;

  for (const [attribute, field] of ECS_ATTRIBUTE_FIELDS) copyField(doc, attrs, attribute, field);
  for (const [attribute, field] of Object.entries(def.ecs.fields ?? {})) copyField(doc, attrs, attribute, field);

  // ECS rule of thumb (docs/design/semconv.md#ecs): always populate source.*, and client.* as well when the roles are
  // known.
  const clientAddress = str(attrs, 'client.address');
  if (clientAddress !== undefined) {
    if (isIP(clientAddress) !== 0) {
      doc['source.ip'] = clientAddress;
      doc['client.ip'] = clientAddress;
    } else {
      doc['source.address'] = clientAddress;
      doc['client.address'] = clientAddress;
    }
  }

  addGeo(doc, attrs);

  for (const [attribute, field] of ECS_RESOURCE_FIELDS) {
    const value = str(record.resource, attribute);
    if (value !== undefined) doc[field] = value;
  }

  const relatedUser: string[] = [];
  for (const attribute of RELATED_USER_ATTRIBUTES) pushUnique(relatedUser, str(attrs, attribute));
  if (relatedUser.length > 0) doc['related.user'] = relatedUser;
  const relatedIp: string[] = [];
  for (const attribute of ['client.address', 'network.peer.address']) {
    const ip = str(attrs, attribute);
    if (ip !== undefined && isIP(ip) !== 0) pushUnique(relatedIp, ip);
  }
  if (relatedIp.length > 0) doc['related.ip'] = relatedIp;
  if (isNonconforming(record)) doc.tags = [NONCONFORMING_TAG];
  return doc;
}

/** ECS fields that hold arrays (`normalize: array`); a single seclog value placed there becomes a one-item list. */
const ECS_ARRAY_FIELDS: ReadonlySet<string> = new Set(['user.changes.roles', 'user.target.roles', 'user.roles']);

function copyField(doc: EcsDocument, attrs: SecurityEventRecord['attributes'], attribute: string, field: string): void {
  const value = attrs[attribute];
  let out: EcsDocument[string] | undefined;
  if (typeof value === 'string' && value.length > 0) out = value;
  else if (typeof value === 'number' && Number.isFinite(value)) out = value;
  else if (typeof value === 'boolean') out = value;
  else if (Array.isArray(value)) out = strings(attrs, attribute);
  if (out === undefined) return;
  if (field.startsWith(ECS_LABELS_PREFIX)) out = Array.isArray(out) ? out.join(',') : String(out);
  else if (ECS_ARRAY_FIELDS.has(field) && !Array.isArray(out)) out = [String(out)];
  doc[field] = out;
}

/** `source.geo.*` / `client.geo.*`, `*.as.number` and the `geo_point` of the client address. */
function addGeo(doc: EcsDocument, attrs: SecurityEventRecord['attributes']): void {
  for (const [attribute, suffix] of ECS_GEO_FIELDS) {
    const value = attrs[attribute];
    const usable =
      (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isFinite(value));
    if (!usable) continue;
    doc[`source.${suffix}`] = value;
    doc[`client.${suffix}`] = value;
  }
  const lat = attrs['geo.location.lat'];
  const lon = attrs['geo.location.lon'];
  if (typeof lat === 'number' && typeof lon === 'number' && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    doc['source.geo.location'] = `${lat},${lon}`;
    doc['client.geo.location'] = `${lat},${lon}`;
  }
}
