/**
 * Projection to OCSF (1.8.0 by default, 1.9.0-dev on request). The catalog picks class, activity and fixed `hints`
 * per event; {@link OCSF_CLASS_LAYOUTS} says where actor, target and context go in that class.
 */
import type { OcsfActivity } from '../catalog/types.js';
import { ECS_REASON_ATTRIBUTES } from './ecs.js';
import {
  actorUser,
  applyHint,
  authFactors,
  clientEndpoint,
  compact,
  endpoint,
  firstList,
  namedUser,
  type OcsfObject,
  targetObject,
} from './ocsf-objects.js';
import {
  OCSF_AUTH_PROTOCOL_ID,
  OCSF_CLASS_LAYOUT_OVERRIDES,
  OCSF_CLASS_LAYOUTS,
  OCSF_CONFIDENCE_ID,
  OCSF_HINT_PROFILES,
  OCSF_HTTP_METHODS,
  OCSF_STATUS_CAPTION,
  OCSF_STATUS_ID,
  type OcsfClassLayout,
  type OcsfVersion,
  ocsfSeverityId,
} from './ocsf-tables.js';
import {
  bool,
  eventDefinitionOf,
  eventTimeMs,
  firstStr,
  int,
  isNonconforming,
  NONCONFORMING_TAG,
  ProjectionError,
  resolveVariant,
  type SecurityEventRecord,
  severityOf,
  str,
  strings,
} from './record.js';

export type { OcsfObject, OcsfValue } from './ocsf-objects.js';

/** Options of {@link toOCSF}. */
export interface OcsfOptions {
  /** OCSF schema version; default `1.8.0`. `1.9.0` follows the 1.9.0-dev class changes (3007 / 3008). */
  readonly version?: OcsfVersion;
  /** `metadata.product.vendor_name`; default: the `service.namespace` resource attribute, else `unknown`. */
  readonly vendorName?: string;
}

/**
 * Projects a security event to an OCSF event.
 *
 * @example
 * const ocsf = toOCSF(record, { version: '1.8.0' });
 * ocsf.type_uid; // 300201 for a login
 * @throws {ProjectionError} when the event name is not in the catalog or the record has no usable time
 */
export function toOCSF(record: SecurityEventRecord, options: OcsfOptions = {}): OcsfObject {
  const p = classify(record, options.version ?? '1.8.0');
  const event: OcsfObject = {
    category_uid: p.activity.categoryUid,
    class_uid: p.activity.classUid,
    activity_id: p.activity.activityId,
    type_uid: p.activity.typeUid,
  };
  if (p.activity.activityId === 99) event.activity_name = p.activity.activityName;
  addStatus(event, p);
  event.severity_id = ocsfSeverityId(severityOf(record, p.def));
  event.time = eventTimeMs(record);
  event.metadata = metadataOf(p, options.vendorName);
  const actor = addUsers(event, p);
  addContext(event, p, actor);
  addAuthentication(event, p);
  addTarget(event, p);
  addClassExtras(event, p);
  addProfiles(event, p, record);
  return event;
}

/** What every step needs: the record's attributes and resource, the catalog entry and the class layout. */
interface Projection {
  readonly version: OcsfVersion;
  readonly def: ReturnType<typeof eventDefinitionOf>;
  readonly mapping: NonNullable<ReturnType<typeof eventDefinitionOf>['ocsf'][OcsfVersion]>;
  readonly activity: OcsfActivity;
  readonly layout: OcsfClassLayout;
  readonly attrs: SecurityEventRecord['attributes'];
  readonly resource: SecurityEventRecord['resource'];
}

/** Catalog entry, class and activity (variants decide, e.g. an external share), and the class layout. */
function classify(record: SecurityEventRecord, version: OcsfVersion): Projection {
  const def = eventDefinitionOf(record);
  const mapping = def.ocsf[version];
  if (!mapping) throw new ProjectionError(`OCSF version ${String(version)} is not supported`);
  const activity: OcsfActivity = resolveVariant<OcsfActivity>(mapping, mapping.variants, record.attributes);
  const layout: OcsfClassLayout | undefined =
    OCSF_CLASS_LAYOUT_OVERRIDES[version]?.[activity.classUid] ?? OCSF_CLASS_LAYOUTS[activity.classUid];
  if (!layout) throw new ProjectionError(`OCSF class ${activity.classUid} has no layout`);
  return { version, def, mapping, activity, layout, attrs: record.attributes, resource: record.resource };
}

function addStatus(event: OcsfObject, { attrs, layout }: Projection): void {
  const outcome = str(attrs, 'security_event.outcome');
  const statusId = outcome !== undefined ? OCSF_STATUS_ID[outcome] : undefined;
  // A finding's status_id is the finding's workflow state (New, In Progress, …), not the outcome.
  if (statusId !== undefined && !layout.finding) {
    event.status_id = statusId;
    const caption = OCSF_STATUS_CAPTION[statusId];
    if (caption !== undefined) event.status = caption;
  }
  const detail = firstStr(attrs, ECS_REASON_ATTRIBUTES);
  if (detail !== undefined) event.status_detail = detail.toUpperCase();
}

function metadataOf({ version, attrs, resource }: Projection, vendorName: string | undefined): OcsfObject {
  return compact({
    version,
    product: compact({
      vendor_name: vendorName ?? str(resource, 'service.namespace') ?? 'unknown',
      name: str(resource, 'service.name') ?? 'unknown',
      version: str(resource, 'service.version'),
    }),
    uid: str(attrs, 'log.record.uid'),
    tenant_uid: str(attrs, 'security_event.tenant.id'),
    sequence: int(attrs, 'security_event.sequence'),
  }) as OcsfObject;
}

/**
 * `user` / `users` as the class wants them, and the `actor` object (with its session, IdP and authorization context),
 * returned for the next step, which places it. Undefined when it would carry no identity.
 */
function addUsers(event: OcsfObject, { attrs, resource, layout }: Projection): OcsfObject | undefined {
  const actor = actorUser(attrs, resource);
  const effective = namedUser(attrs, 'security_event.effective_user');
  const target = namedUser(attrs, 'security_event.target.user');
  let actorInUser = false;
  if (layout.user === 'actor') {
    // Authentication: `user` is who authenticates; an impersonation authenticates as the assumed identity.
    const subject = effective ?? actor;
    if (subject) event.user = subject;
    actorInUser = effective === undefined;
  } else if ((layout.user === 'target' || layout.user === 'targets') && target) {
    const user = withCredential(target, attrs);
    if (layout.user === 'targets') event.users = [user];
    else event.user = user;
  }
  const outcome = str(attrs, 'security_event.outcome');
  const provider = str(attrs, 'security_event.auth.provider');
  const authzPolicy = str(attrs, 'security_event.authz.policy');
  const actorContext = compact({
    session: layout.session === 'actor' ? sessionOf(attrs) : undefined,
    idp: provider !== undefined ? { name: provider } : undefined,
    authorizations:
      authzPolicy !== undefined
        ? [{ decision: outcome === 'success' ? 'allowed' : 'denied', policy: { name: authzPolicy } }]
        : undefined,
  });
  // When the subject is already `user` (Authentication), `actor` only appears to carry context (e.g. the IdP), and
  // then repeats the subject: OCSF's actor needs an identity (user, session, app, …).
  if (actorInUser && actorContext === undefined) return undefined;
  const actorObject = compact({ user: actor, ...(actorContext ?? {}) });
  return actorObject?.user !== undefined || actorObject?.session !== undefined ? actorObject : undefined;
}

/** A credential added to / removed from the user (API keys) is one of the user's programmatic credentials. */
function withCredential(user: OcsfObject, attrs: Projection['attrs']): OcsfObject {
  const credentialId = str(attrs, 'security_event.credential.id');
  if (credentialId === undefined) return user;
  const credential = compact({ uid: credentialId, type: str(attrs, 'security_event.credential.type') }) as OcsfObject;
  return { ...user, programmatic_credentials: [credential] };
}

function sessionOf(attrs: Projection['attrs']): OcsfObject | undefined {
  return compact({ uid: str(attrs, 'session.id') });
}

function httpRequestOf(attrs: Projection['attrs']): OcsfObject | undefined {
  const method = str(attrs, 'http.request.method');
  const urlPath = str(attrs, 'url.path');
  return compact({
    http_method: method !== undefined && OCSF_HTTP_METHODS.has(method) ? method : undefined,
    user_agent: str(attrs, 'user_agent.original'),
    url: urlPath !== undefined ? { path: urlPath } : undefined,
  });
}

/** Where the actor, endpoints, HTTP request and session go: findings keep them as evidence. */
function addContext(event: OcsfObject, p: Projection, actor: OcsfObject | undefined): void {
  const { attrs, layout } = p;
  const src = clientEndpoint(attrs, int(attrs, 'client.port'));
  const dst = endpoint(str(attrs, 'server.address'), undefined);
  const httpRequest = httpRequestOf(attrs);
  if (layout.finding) {
    addFinding(event, attrs, compact({ actor, src_endpoint: src, http_request: httpRequest }));
  } else {
    if (actor) event.actor = actor;
    if (layout.srcEndpoint && src) event.src_endpoint = src;
    if (layout.httpRequest === 'required') event.http_request = httpRequest ?? {};
    else if (layout.httpRequest === 'optional' && httpRequest) event.http_request = httpRequest;
  }
  if (layout.dstEndpoint && dst) event.dst_endpoint = dst;
  const session = sessionOf(attrs);
  if (layout.session === 'event' && session) event.session = session;
}

function addFinding(event: OcsfObject, attrs: Projection['attrs'], evidence: OcsfObject | undefined): void {
  if (evidence) event.evidences = [evidence];
  const ruleUuid = str(attrs, 'security_rule.uuid');
  const ruleName = str(attrs, 'security_rule.name');
  event.finding_info = compact({
    uid: str(attrs, 'log.record.uid') ?? ruleUuid ?? 'unknown',
    title: ruleName,
    analytic:
      ruleUuid !== undefined || ruleName !== undefined
        ? compact({ uid: ruleUuid, name: ruleName, type_id: 1 })
        : undefined,
  }) as OcsfObject;
  const confidence = str(attrs, 'security_event.detection.confidence');
  if (confidence !== undefined && OCSF_CONFIDENCE_ID[confidence] !== undefined) {
    event.confidence_id = OCSF_CONFIDENCE_ID[confidence];
  }
}

function addAuthentication(event: OcsfObject, { attrs, layout }: Projection): void {
  if (layout.authentication) {
    const authMethod = str(attrs, 'security_event.auth.method');
    if (authMethod !== undefined) {
      const protocolId = OCSF_AUTH_PROTOCOL_ID[authMethod] ?? 99;
      event.auth_protocol_id = protocolId;
      if (protocolId === 99) event.auth_protocol = authMethod;
    }
  }
  const factors = layout.authFactors ? authFactors(attrs) : undefined;
  if (layout.authentication) {
    const mfaUsed = bool(attrs, 'security_event.auth.mfa.used');
    if (mfaUsed !== undefined) event.is_mfa = mfaUsed;
    else if (factors) event.is_mfa = factors.length > 1;
  }
  if (factors) event.auth_factors = factors;
}

/** The object acted on, in the attribute the class has for it. */
function addTarget(event: OcsfObject, { attrs, layout }: Projection): void {
  const object = targetObject(attrs);
  switch (layout.target) {
    case 'entity': {
      const target = namedUser(attrs, 'security_event.target.user');
      const entity = object ?? target;
      if (entity) event.entity = object && target ? { ...object, user: target } : entity;
      break;
    }
    case 'resources':
      if (object) event.resources = [object];
      break;
    case 'web_resources': {
      const route = str(attrs, 'http.route') ?? str(attrs, 'url.path');
      const web = object ?? (route !== undefined ? { name: route } : undefined);
      if (web) event.web_resources = [web];
      break;
    }
    case 'table':
      if (object) event.table = compact({ uid: object.uid, name: object.name ?? object.type }) as OcsfObject;
      else {
        const type = str(attrs, 'security_event.target.resource.type');
        if (type !== undefined) event.table = { name: type };
      }
      break;
    case 'file': {
      const name = str(attrs, 'file.name') ?? (object?.name as string | undefined) ?? 'unknown';
      event.file = compact({ name, type_id: 1, size: int(attrs, 'file.size') }) as OcsfObject;
      break;
    }
    case 'iam_role':
      if (object) event.iam_role = compact({ name: object.name, uid: object.uid }) as OcsfObject;
      break;
    default:
      break;
  }
}

/** Attributes only some classes have: group, privileges, comment, event log, API operation. */
function addClassExtras(event: OcsfObject, { attrs, resource, layout, def }: Projection): void {
  if (layout.group) {
    const group = compact({
      uid: str(attrs, 'security_event.target.group.id'),
      name: str(attrs, 'security_event.target.group.name'),
    });
    if (group) event.group = group;
  }
  if (layout.privileges) {
    const privileges =
      strings(attrs, 'security_event.access.permissions') ??
      (layout.privileges === 'required' ? firstList(attrs) : undefined);
    if (privileges) event.privileges = privileges;
  }
  if (layout.comment) {
    const justification = str(attrs, 'security_event.justification');
    if (justification !== undefined) event.comment = justification;
  }
  if (layout.eventLog) {
    event.log_type_id = 2;
    event.log_type = 'Application';
    event.log_provider = str(resource, 'service.name') ?? 'unknown';
  }
  if (layout.api) event.api = { operation: str(attrs, 'security_event.admin.operation') ?? def.name };
}

/** Catalog hints, and `metadata.profiles`: the profiles whose attributes the event uses (an OCSF rule). */
function addProfiles(event: OcsfObject, { layout, activity, mapping }: Projection, record: SecurityEventRecord): void {
  const profiles = new Set<string>();
  if (layout.actorProfile && event.actor !== undefined) profiles.add(layout.actorProfile);
  // Hints belong to the default class; a variant that switches class (e.g. an external share → 6001) skips them.
  if (activity.classUid === mapping.classUid) {
    for (const [path, value] of Object.entries(mapping.hints ?? {})) {
      applyHint(event, path, value);
      const profile = OCSF_HINT_PROFILES[path];
      if (profile !== undefined) profiles.add(profile);
    }
  }
  if (profiles.size > 0) (event.metadata as OcsfObject).profiles = [...profiles].sort();
  if (isNonconforming(record)) (event.metadata as OcsfObject).labels = [NONCONFORMING_TAG];
}
