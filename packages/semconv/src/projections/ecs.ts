/**
 * Projection to the Elastic Common Schema (ECS 9.x): categorization from the catalog's per-event ECS mapping, fields
 * from the attribute table below (docs/design/semconv.md#ecs).
 */
import { isIP } from 'node:net';
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
  ['security_event.access.role.new', 'user.changes.roles'],
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

/** Categorization an event gains when an attribute is present (catalog variants only test attribute values). */
export interface EcsPresenceRule {
  readonly event: string;
  readonly attribute: string;
  readonly category: string;
  readonly type: string;
}

/** Design §7 #30: an export that produces a file is also `[file]` / `[creation]`. */
export const ECS_PRESENCE_RULES: readonly EcsPresenceRule[] = [
  { event: 'security_event.data.export', attribute: 'file.name', category: 'file', type: 'creation' },
];

/** Adds a presence rule's category and type to a categorization (no duplicates). */
export function withPresenceRule(
  c: { readonly category: readonly string[]; readonly type: readonly string[] },
  rule: EcsPresenceRule,
): { category: string[]; type: string[] } {
  const category = [...c.category];
  const type = [...c.type];
  pushUnique(category, rule.category);
  pushUnique(type, rule.type);
  return { category, type };
}

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
  let categorization = resolveVariant({ category: def.ecs.category, type: def.ecs.type }, def.ecs.variants, attrs);
  for (const rule of ECS_PRESENCE_RULES) {
    if (rule.event === def.name && attrs[rule.attribute] !== undefined && attrs[rule.attribute] !== null) {
      categorization = withPresenceRule(categorization, rule);
    }
  }
  const doc: EcsDocument = {
    '@timestamp': eventTimeIso(record),
    'event.kind': def.ecs.kind,
    'event.category': [...categorization.category],
    'event.type': [...categorization.type],
    'event.action': def.name,
  };
  const outcome = str(attrs, 'security_event.outcome');
  if (outcome === 'success' || outcome === 'failure' || outcome === 'unknown') doc['event.outcome'] = outcome;
  const reason = firstStr(attrs, ECS_REASON_ATTRIBUTES);
  if (reason !== undefined) doc['event.reason'] = reason;

  for (const [attribute, field] of ECS_ATTRIBUTE_FIELDS) {
    const value = attrs[attribute];
    if (typeof value === 'string' && value.length > 0) doc[field] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) doc[field] = value;
    else if (typeof value === 'boolean') doc[field] = value;
    else if (Array.isArray(value)) {
      const list = strings(attrs, attribute);
      if (list) doc[field] = list;
    }
  }

  // ECS rule of thumb (§9.3): always populate source.*, and client.* as well when the roles are known.
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
