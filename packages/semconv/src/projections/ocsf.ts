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
  const version = options.version ?? '1.8.0';
  const def = eventDefinitionOf(record);
  const mapping = def.ocsf[version];
  if (!mapping) throw new ProjectionError(`OCSF version ${String(version)} is not supported`);
  const activity: OcsfActivity = resolveVariant<OcsfActivity>(mapping, mapping.variants, record.attributes);
  const layout: OcsfClassLayout | undefined =
    OCSF_CLASS_LAYOUT_OVERRIDES[version]?.[activity.classUid] ?? OCSF_CLASS_LAYOUTS[activity.classUid];
  if (!layout) throw new ProjectionError(`OCSF class ${activity.classUid} has no layout`);
  const attrs = record.attributes;
  const resource = record.resource;

  const event: OcsfObject = {
    category_uid: activity.categoryUid,
    class_uid: activity.classUid,
    activity_id: activity.activityId,
    type_uid: activity.typeUid,
  };
  if (activity.activityId === 99) event.activity_name = activity.activityName;
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
  event.severity_id = ocsfSeverityId(severityOf(record, def));
  event.time = eventTimeMs(record);
  const sequence = int(attrs, 'security_event.sequence');
  event.metadata = compact({
    version,
    product: compact({
      vendor_name: options.vendorName ?? str(resource, 'service.namespace') ?? 'unknown',
      name: str(resource, 'service.name') ?? 'unknown',
      version: str(resource, 'service.version'),
    }),
    uid: str(attrs, 'log.record.uid'),
    tenant_uid: str(attrs, 'security_event.tenant.id'),
    sequence,
  }) as OcsfObject;

  // Actor and users.
  const actor = actorUser(attrs, resource);
  const effective = namedUser(attrs, 'security_event.effective_user');
  const target = namedUser(attrs, 'security_event.target.user');
  const session = compact({ uid: str(attrs, 'session.id') });
  const provider = str(attrs, 'security_event.auth.provider');
  const authzPolicy = str(attrs, 'security_event.authz.policy');
  let actorInUser = false;
  if (layout.user === 'actor') {
    // Authentication: `user` is who authenticates; an impersonation authenticates as the assumed identity.
    const subject = effective ?? actor;
    if (subject) event.user = subject;
    actorInUser = effective === undefined;
  } else if ((layout.user === 'target' || layout.user === 'targets') && target) {
    // A credential added to / removed from the user (API keys) is one of the user's programmatic credentials.
    const credentialId = str(attrs, 'security_event.credential.id');
    const user: OcsfObject =
      credentialId !== undefined
        ? {
            ...target,
            programmatic_credentials: [
              compact({ uid: credentialId, type: str(attrs, 'security_event.credential.type') }) as OcsfObject,
            ],
          }
        : target;
    if (layout.user === 'targets') event.users = [user];
    else event.user = user;
  }
  const actorContext = compact({
    session: layout.session === 'actor' ? session : undefined,
    idp: provider !== undefined ? { name: provider } : undefined,
    authorizations:
      authzPolicy !== undefined
        ? [{ decision: outcome === 'success' ? 'allowed' : 'denied', policy: { name: authzPolicy } }]
        : undefined,
  });
  // When the subject is already `user` (Authentication), `actor` only appears to carry context (e.g. the IdP), and
  // then repeats the subject: OCSF's actor needs an identity (user, session, app, …).
  const actorObject =
    actorInUser && actorContext === undefined ? undefined : compact({ user: actor, ...(actorContext ?? {}) });
  const actorValid = actorObject !== undefined && (actorObject.user !== undefined || actorObject.session !== undefined);

  // Context.
  const src = endpoint(str(attrs, 'client.address'), int(attrs, 'client.port'));
  const dst = endpoint(str(attrs, 'server.address'), undefined);
  const method = str(attrs, 'http.request.method');
  const urlPath = str(attrs, 'url.path');
  const httpRequest = compact({
    http_method: method !== undefined && OCSF_HTTP_METHODS.has(method) ? method : undefined,
    user_agent: str(attrs, 'user_agent.original'),
    url: urlPath !== undefined ? { path: urlPath } : undefined,
  });

  if (layout.finding) {
    const evidence = compact({
      actor: actorValid ? actorObject : undefined,
      src_endpoint: src,
      http_request: httpRequest,
    });
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
  } else {
    if (actorValid && actorObject) event.actor = actorObject;
    if (layout.srcEndpoint && src) event.src_endpoint = src;
    if (layout.httpRequest === 'required') event.http_request = httpRequest ?? {};
    else if (layout.httpRequest === 'optional' && httpRequest) event.http_request = httpRequest;
  }
  if (layout.dstEndpoint && dst) event.dst_endpoint = dst;
  if (layout.session === 'event' && session) event.session = session;

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

  // Target object.
  const object = targetObject(attrs);
  switch (layout.target) {
    case 'entity': {
      const entity = object ?? target;
      if (entity) event.entity = object && target ? { ...object, user: target } : entity;
      break;
    }
    case 'resources':
      if (object) event.resources = [object];
      break;
    case 'web_resources': {
      const route = str(attrs, 'http.route') ?? urlPath;
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
  // OCSF: metadata.profiles lists the profiles whose attributes the event uses.
  if (profiles.size > 0) (event.metadata as OcsfObject).profiles = [...profiles].sort();
  if (isNonconforming(record)) (event.metadata as OcsfObject).labels = [NONCONFORMING_TAG];
  return event;
}
