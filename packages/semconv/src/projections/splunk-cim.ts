/**
 * Projection to the Splunk Common Information Model (docs/design/semconv.md#splunk-cim). The catalog picks
 * the data model, dataset, tags and `action`; the tables below fill the model's fields. Required CIM fields the event
 * cannot supply are set to `unknown`, the value CIM itself calculates for empty fields.
 */
import type { CimEventMapping } from '../catalog/types.js';
import { ECS_REASON_ATTRIBUTES } from './ecs.js';
import {
  bool,
  eventDefinitionOf,
  eventTimeMs,
  firstStr,
  isNonconforming,
  NONCONFORMING_TAG,
  ProjectionError,
  resolveVariant,
  type SecurityEventRecord,
  severityOf,
  str,
  strings,
} from './record.js';

/** A CIM event: flat field names; `tag` is multivalued; `_time` is the event time in epoch seconds. */
export type SplunkCimEvent = Record<string, string | number | string[]>;

/** CIM's value for a field the source cannot fill. */
export const CIM_UNKNOWN = 'unknown';

/**
 * seclog's field beside the CIM data model for `security_event.data.record_count` (CIM defines no record count;
 * data-model searches ignore it, raw searches and the seclog rule pack use it).
 */
export const CIM_RECORD_COUNT_FIELD = 'record_count';

const ACTOR_NAME = ['user.name', 'user.id', 'enduser.pseudo.id'] as const;
const TARGET_USER_NAME = ['security_event.target.user.name', 'security_event.target.user.id'] as const;
const EFFECTIVE_USER_NAME = ['security_event.effective_user.name', 'security_event.effective_user.id'] as const;

/**
 * `object` / `object_id` sources per CIM `object_category`; other categories (resource types) use the target resource.
 */
const OBJECT_SOURCES: Readonly<Record<string, { readonly name: readonly string[]; readonly id: readonly string[] }>> = {
  user: { name: TARGET_USER_NAME, id: ['security_event.target.user.id', 'security_event.target.user.name'] },
  group: {
    name: ['security_event.target.group.name', 'security_event.target.group.id'],
    id: ['security_event.target.group.id'],
  },
  api_key: { name: ['security_event.credential.id'], id: ['security_event.credential.id'] },
  role: { name: ['security_event.access.role.name'], id: ['security_event.access.role.name'] },
  setting: { name: ['security_event.config.key'], id: ['security_event.config.key'] },
  policy: { name: ['security_event.policy.type'], id: ['security_event.policy.type'] },
};
const RESOURCE_OBJECT = {
  name: ['security_event.target.resource.name', 'security_event.target.resource.id'],
  id: ['security_event.target.resource.id'],
} as const;

/**
 * CIM Alerts `severity` from the OTel SeverityNumber (same bands as OCSF `severity_id`,
 * docs/design/semconv.md#splunk-cim).
 */
function alertSeverity(severityNumber: number): string {
  if (severityNumber >= 21) return 'critical';
  if (severityNumber >= 17) return 'high';
  if (severityNumber >= 13) return 'low';
  return 'informational';
}

function setIf(out: SplunkCimEvent, field: string, value: string | number | string[] | undefined): void {
  if (value !== undefined) out[field] = value;
}

/**
 * Projects a security event to a Splunk CIM event of the catalog's data model.
 *
 * @example
 * toSplunkCIM(record); // { tag: ['authentication'], action: 'failure', app: 'billing-api', src: '203.0.113.5', … }
 * @throws {ProjectionError} when the event name is not in the catalog or the record has no usable time
 */
export function toSplunkCIM(record: SecurityEventRecord): SplunkCimEvent {
  const c = cimContext(record);
  const fill = MODEL_FILLERS[c.cim.model];
  // A model this version does not know cannot be filled: refuse rather than emit a half-empty CIM event.
  if (!fill) throw new ProjectionError(`CIM model ${String((c.cim as { model: unknown }).model)} is not supported`);
  const out: SplunkCimEvent = { _time: eventTimeMs(record) / 1000, tag: c.tags };
  fill(out, c);
  if (c.cim.model === 'Web' || c.cim.model === 'Alerts') return out;
  // CIM has no record count; object_size is bytes. Volume rules need it, so it travels beside the model's fields.
  const records = c.attrs['security_event.data.record_count'];
  if (typeof records === 'number' && Number.isSafeInteger(records)) out[CIM_RECORD_COUNT_FIELD] = records;
  setIf(out, 'user_agent', c.userAgent);
  if (c.cim.model !== 'Data_Access') setIf(out, 'vendor_account', c.tenant);
  return out;
}

/** The values every data model draws on, resolved once. */
interface CimContext {
  readonly record: SecurityEventRecord;
  readonly def: ReturnType<typeof eventDefinitionOf>;
  readonly cim: CimEventMapping;
  readonly attrs: SecurityEventRecord['attributes'];
  readonly resource: SecurityEventRecord['resource'];
  readonly tags: string[];
  readonly outcome: string;
  readonly action: string;
  readonly app: string;
  readonly src: string;
  readonly dest: string;
  readonly actor: string | undefined;
  readonly userAgent: string | undefined;
  readonly tenant: string | undefined;
}

function cimContext(record: SecurityEventRecord): CimContext {
  const def = eventDefinitionOf(record);
  const cim: CimEventMapping = def.cim;
  const attrs = record.attributes;
  const resource = record.resource;
  const outcome = str(attrs, 'security_event.outcome') ?? CIM_UNKNOWN;
  const resolved = resolveVariant({ action: cim.action }, cim.variants, attrs).action;
  const tags = [...cim.tags];
  if (isNonconforming(record)) tags.push(NONCONFORMING_TAG);
  return {
    record,
    def,
    cim,
    attrs,
    resource,
    tags,
    outcome,
    action: resolved === 'from_outcome' ? outcome : (resolved ?? CIM_UNKNOWN),
    app: str(resource, 'service.name') ?? CIM_UNKNOWN,
    src: str(attrs, 'client.address') ?? CIM_UNKNOWN,
    dest: str(attrs, 'server.address') ?? str(resource, 'service.name') ?? CIM_UNKNOWN,
    actor: firstStr(attrs, ACTOR_NAME),
    userAgent: str(attrs, 'user_agent.original'),
    tenant: str(attrs, 'security_event.tenant.id'),
  };
}

function fillAuthentication(out: SplunkCimEvent, c: CimContext): void {
  const { attrs } = c;
  if (bool(attrs, 'security_event.actor.privileged') === true) c.tags.push('privileged');
  const effective = firstStr(attrs, EFFECTIVE_USER_NAME);
  out.action = c.action;
  out.app = c.app;
  out.src = c.src;
  out.dest = c.dest;
  // Privilege escalation: `user` is the assumed identity, `src_user` the admin who assumed it.
  out.user = effective ?? c.actor ?? CIM_UNKNOWN;
  if (effective !== undefined) setIf(out, 'src_user', c.actor);
  out.signature = c.def.name;
  setIf(out, 'reason', firstStr(attrs, ECS_REASON_ATTRIBUTES));
  const method =
    str(attrs, 'security_event.auth.method') ??
    (str(attrs, 'security_event.mfa.factor.type') !== undefined ? 'MFA' : undefined);
  setIf(out, 'authentication_method', method);
  setIf(out, 'authentication_service', str(attrs, 'security_event.auth.provider'));
  setIf(out, 'session_id', str(attrs, 'session.id'));
  if (effective === undefined) setIf(out, 'user_id', str(attrs, 'user.id'));
}

function fillChange(out: SplunkCimEvent, c: CimContext): void {
  const { attrs, cim } = c;
  const accountManagement = cim.dataset.startsWith('All_Changes.Account_Management');
  const category = cim.objectCategory ?? str(attrs, 'security_event.target.resource.type');
  const sources = (category !== undefined ? OBJECT_SOURCES[category] : undefined) ?? RESOURCE_OBJECT;
  out.action = c.action;
  out.change_type = cim.changeType ?? CIM_UNKNOWN;
  out.command = c.def.name;
  out.dest = c.dest;
  out.dvc = str(c.resource, 'host.name') ?? str(c.resource, 'service.instance.id') ?? c.app;
  out.object = firstStr(attrs, sources.name) ?? CIM_UNKNOWN;
  out.object_attrs = cim.objectAttrs
    ? [...cim.objectAttrs]
    : (strings(attrs, 'security_event.changes.fields') ?? [CIM_UNKNOWN]);
  out.object_category = category ?? CIM_UNKNOWN;
  out.object_id = firstStr(attrs, sources.id) ?? CIM_UNKNOWN;
  out.src = c.src;
  out.status = c.outcome;
  // In Account_Management `user` is the account changed and `src_user` the actor.
  if (accountManagement) {
    out.user = firstStr(attrs, TARGET_USER_NAME) ?? CIM_UNKNOWN;
    setIf(out, 'src_user', c.actor);
  } else {
    out.user = c.actor ?? CIM_UNKNOWN;
  }
  setIf(out, 'result', cim.result);
  out.vendor_product = c.app;
}

function fillDataAccess(out: SplunkCimEvent, c: CimContext): void {
  const { attrs } = c;
  const category = c.cim.objectCategory ?? str(attrs, 'security_event.target.resource.type');
  out.action = c.action;
  out.app = c.app;
  out.object = firstStr(attrs, RESOURCE_OBJECT.name) ?? category ?? CIM_UNKNOWN;
  out.object_attrs = strings(attrs, 'security_event.changes.fields') ?? [CIM_UNKNOWN];
  out.object_category = category ?? CIM_UNKNOWN;
  out.object_id = firstStr(attrs, RESOURCE_OBJECT.id) ?? CIM_UNKNOWN;
  const size = attrs['file.size'];
  out.object_size = typeof size === 'number' && Number.isFinite(size) ? size : CIM_UNKNOWN;
  out.dest = c.dest;
  out.src = c.src;
  out.user = c.actor ?? CIM_UNKNOWN;
  out.user_name = str(attrs, 'user.name') ?? c.actor ?? CIM_UNKNOWN;
  out.vendor_account = c.tenant ?? CIM_UNKNOWN;
  out.vendor_product = c.app;
  setIf(out, 'user_id', str(attrs, 'user.id'));
  out.signature = c.def.name;
}

function fillWeb(out: SplunkCimEvent, c: CimContext): void {
  const { attrs } = c;
  out.action = c.action;
  out.app = c.app;
  out.dest = c.dest;
  out.src = c.src;
  const status = attrs['http.response.status_code'];
  if (typeof status === 'number' && Number.isInteger(status)) out.status = String(status);
  setIf(out, 'uri_path', str(attrs, 'url.path') ?? str(attrs, 'http.route'));
  setIf(out, 'http_method', str(attrs, 'http.request.method'));
  setIf(out, 'http_user_agent', c.userAgent);
  setIf(out, 'user', c.actor);
  out.vendor_product = c.app;
}

/** Alerts requires app, description, dest, id, signature, signature_id, severity, src, type and user. */
function fillAlerts(out: SplunkCimEvent, c: CimContext): void {
  const { attrs } = c;
  const rule = str(attrs, 'security_rule.name');
  out.app = c.app;
  out.body = rule ?? c.def.name;
  out.description = c.def.description;
  out.dest = c.dest;
  out.id = str(attrs, 'log.record.uid') ?? CIM_UNKNOWN;
  out.severity = alertSeverity(severityOf(c.record, c.def));
  out.type = 'alert';
  out.signature = rule ?? c.def.name;
  out.signature_id = str(attrs, 'security_rule.uuid') ?? CIM_UNKNOWN;
  out.src = c.src;
  out.user = c.actor ?? CIM_UNKNOWN;
  setIf(out, 'user_name', str(attrs, 'user.name'));
  setIf(out, 'vendor_account', c.tenant);
}

/** One filler per CIM data model the catalog uses. */
const MODEL_FILLERS: Readonly<Record<string, (out: SplunkCimEvent, c: CimContext) => void>> = {
  Authentication: fillAuthentication,
  Change: fillChange,
  Data_Access: fillDataAccess,
  Web: fillWeb,
  Alerts: fillAlerts,
};
