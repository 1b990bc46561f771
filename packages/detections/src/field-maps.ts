/**
 * Where each field a rule names lives in each SIEM: the OTel name (as in the rules) → the ECS, Splunk CIM or Datadog
 * field the seclog projections put its value in. Derived from the projections' own tables where they have one; the
 * CIM placements, which depend on the data model, are listed here and checked against `toSplunkCIM` by a test.
 * Fields a SIEM has no place for keep their OTel name: seclog ships every attribute as it is (OTLP), so a rule can
 * still read them there.
 */
import {
  CIM_RECORD_COUNT_FIELD,
  type CimModel,
  DATADOG_ATTRIBUTE_RENAMES,
  ECS_ATTRIBUTE_FIELDS,
  ECS_GEO_FIELDS,
  ECS_LABELS_PREFIX,
} from '@seclog/semconv';

/** The record field that holds the EventName in the rules. */
export const EVENT_NAME_FIELD = 'event_name';

/** OTel name → SIEM field. */
export type FieldMap = Readonly<Record<string, string>>;

/** ECS: the projection's table (labels are keywords: a boolean or number rule value would not match them there). */
export function ecsFieldMap(): FieldMap {
  const out: Record<string, string> = {
    [EVENT_NAME_FIELD]: 'event.action',
    'security_event.outcome': 'event.outcome',
    'client.address': 'source.ip',
  };
  for (const [attribute, field] of ECS_ATTRIBUTE_FIELDS) {
    if (!field.startsWith(ECS_LABELS_PREFIX)) out[attribute] = field;
  }
  for (const [attribute, suffix] of ECS_GEO_FIELDS) out[attribute] = `source.${suffix}`;
  return out;
}

/**
 * Datadog: the remapper table of `datadog.yaml`; the EventName travels as `otel.event.name` (the Datadog transform
 * copies it there: Datadog has no standard attribute for it, and `evt.name` holds the category).
 */
export function datadogFieldMap(): FieldMap {
  const out: Record<string, string> = { [EVENT_NAME_FIELD]: 'otel.event.name' };
  for (const [attribute, target] of DATADOG_ATTRIBUTE_RENAMES) out[attribute] = target;
  return out;
}

/** Splunk CIM, per data model: fields `toSplunkCIM` fills with the attribute's value unchanged. */
export const CIM_FIELD_MAPS: Readonly<Record<CimModel, FieldMap>> = {
  Authentication: {
    [EVENT_NAME_FIELD]: 'signature',
    'security_event.outcome': 'action',
    // user.id is not mapped: toSplunkCIM leaves user_id out when an impersonation names an effective user.
    'client.address': 'src',
    'security_event.auth.method': 'authentication_method',
    'session.id': 'session_id',
  },
  Change: {
    [EVENT_NAME_FIELD]: 'command',
    'security_event.outcome': 'status',
    'client.address': 'src',
  },
  Data_Access: {
    [EVENT_NAME_FIELD]: 'signature',
    'user.id': 'user_id',
    'client.address': 'src',
    'security_event.data.record_count': CIM_RECORD_COUNT_FIELD,
  },
  Web: { 'client.address': 'src' },
  Alerts: { 'client.address': 'src' },
};
