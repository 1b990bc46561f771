/**
 * OTTL statements that add ECS fields to security events in the collector (for Elastic), generated from the same
 * catalog mappings and field table as {@link toECS}.
 */
import { catalog } from '../catalog/index.js';
import type { Catalog, EcsCategorization } from '../catalog/types.js';
import { ATTR_SECURITY_EVENT_CONFORMANCE_ERRORS } from '../generated/names.js';
import { ECS_ATTRIBUTE_FIELDS, ECS_GEO_FIELDS, ECS_LABELS_PREFIX, ECS_REASON_ATTRIBUTES } from '../projections/ecs.js';
import { NONCONFORMING_TAG } from '../projections/record.js';
import {
  and,
  copyAttribute,
  eventNameIs,
  eventNameLiftGroup,
  hasAttribute,
  IS_SECURITY_EVENT,
  LOG_EVENT_NAME,
  logAttribute,
  type OttlStatementGroup,
  type OttlText,
  ottlLiteral,
  ottlString,
  ottlStringList,
  setAttribute,
  where,
} from './ottl.js';

/** RE2 pattern of an IPv4 literal (`source.ip` / `client.ip` are `ip`-typed in ECS; host names go to `*.address`). */
export const IPV4_PATTERN = '^[0-9]{1,3}([.][0-9]{1,3}){3}$';
/** RE2 pattern of an IPv6 literal: hex digits, dots and at least one colon (host names never contain a colon). */
export const IPV6_PATTERN = '^[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*$';

function categorization(eventName: string, c: EcsCategorization, condition?: OttlText): OttlText[] {
  const when = condition ? and(eventNameIs(eventName), condition) : eventNameIs(eventName);
  return [
    where(setAttribute('event.category', ottlStringList(c.category)), when),
    where(setAttribute('event.type', ottlStringList(c.type)), when),
  ];
}

/**
 * Statements (log context) adding ECS fields: `event.kind/category/type/action/outcome/reason/id`, the actor/target
 * fields of the ECS table, `source.*` / `client.*`, `related.ip` and the non-conforming tag. Apply them only to security events (see
 * {@link generateEcsTransformGroups}).
 *
 * Not generated: `@timestamp` and `service.*` / `host.*` (the Elasticsearch exporter maps the record time and the
 * resource) and `related.user` (several optional sources; OTTL cannot build a list without nil members).
 *
 * @example
 * generateEcsTransformStatements()[0]; // 'set(log.attributes["event.kind"], "event")'
 */
export function generateEcsTransformStatements(source: Catalog = catalog): OttlText[] {
  const out: OttlText[] = [];
  const kinds = new Map<string, string[]>();
  for (const def of source.events) kinds.set(def.ecs.kind, [...(kinds.get(def.ecs.kind) ?? []), def.name]);
  const [defaultKind] = [...kinds.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? ['event'];
  out.push(setAttribute('event.kind', ottlString(defaultKind)));
  for (const def of source.events) {
    if (def.ecs.kind !== defaultKind)
      out.push(where(setAttribute('event.kind', ottlString(def.ecs.kind)), eventNameIs(def.name)));
  }
  out.push(setAttribute('event.action', LOG_EVENT_NAME));
  out.push(setAttribute('event.module', ottlString(source.ecs.module)));
  out.push(setAttribute('event.dataset', ottlString(source.ecs.dataset)));
  out.push(copyAttribute('security_event.outcome', 'event.outcome'));

  for (const def of source.events) {
    out.push(...categorization(def.name, def.ecs));
    // The first matching variant wins in the catalog; later statements overwrite earlier ones, so emit in reverse.
    for (const variant of [...(def.ecs.variants ?? [])].reverse()) {
      const condition = `${logAttribute(variant.when.attribute)} == ${ottlLiteral(variant.when.equals)}`;
      out.push(...categorization(def.name, variant.use, condition));
    }
    // Per-event placements (e.g. the granted role → user.changes.roles, a one-item list as ECS normalizes it).
    for (const [attribute, field] of Object.entries(def.ecs.fields ?? {})) {
      out.push(
        where(setAttribute(field, `[${logAttribute(attribute)}]`), and(eventNameIs(def.name), hasAttribute(attribute))),
      );
    }
  }

  // event.reason: the first present attribute wins, so copy in reverse priority order.
  for (const attribute of [...ECS_REASON_ATTRIBUTES].reverse()) out.push(copyAttribute(attribute, 'event.reason'));
  for (const [attribute, field] of ECS_ATTRIBUTE_FIELDS) {
    if (field.startsWith(ECS_LABELS_PREFIX)) {
      // ECS labels are keywords: write the string form (Concat converts booleans and integers).
      out.push(where(setAttribute(field, `Concat([${logAttribute(attribute)}], "")`), hasAttribute(attribute)));
    } else if (attribute !== field) out.push(copyAttribute(attribute, field));
  }
  for (const [attribute, suffix] of ECS_GEO_FIELDS) {
    out.push(copyAttribute(attribute, `source.${suffix}`));
    out.push(copyAttribute(attribute, `client.${suffix}`));
  }
  const lat = logAttribute('geo.location.lat');
  const lon = logAttribute('geo.location.lon');
  for (const side of ['source', 'client']) {
    out.push(
      where(
        setAttribute(`${side}.geo.location`, `Concat([${lat}, ${lon}], ",")`),
        and(hasAttribute('geo.location.lat'), hasAttribute('geo.location.lon')),
      ),
    );
  }

  const client = logAttribute('client.address');
  const isIp = `(IsMatch(${client}, ${ottlString(IPV4_PATTERN)}) or IsMatch(${client}, ${ottlString(IPV6_PATTERN)}))`;
  const present = hasAttribute('client.address');
  out.push(where(setAttribute('source.ip', client), and(present, isIp)));
  out.push(where(setAttribute('client.ip', client), and(present, isIp)));
  out.push(where(setAttribute('related.ip', `[${client}]`), and(present, isIp)));
  out.push(where(setAttribute('source.address', client), and(present, `not ${isIp}`)));
  out.push(
    where(
      setAttribute('tags', ottlStringList([NONCONFORMING_TAG])),
      hasAttribute(ATTR_SECURITY_EVENT_CONFORMANCE_ERRORS),
    ),
  );
  return out;
}

/**
 * `log_statements` groups for the Elastic pipeline: lift bridged event names, then the ECS statements for records
 * whose EventName is a security event.
 */
export function generateEcsTransformGroups(source: Catalog = catalog): OttlStatementGroup[] {
  return [
    eventNameLiftGroup(),
    {
      description: 'ECS fields for seclog security events (generated from the @seclog/semconv catalog)',
      conditions: [IS_SECURITY_EVENT],
      statements: generateEcsTransformStatements(source),
    },
  ];
}
