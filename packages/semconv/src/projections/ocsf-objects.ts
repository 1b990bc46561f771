/**
 * Builders for the OCSF objects the projection fills (user, endpoint, target object, auth factors) and the hint
 * setter. Pure functions over the record's attributes.
 */
import { isIP } from 'node:net';
import {
  OCSF_FACTOR_TYPE_ID,
  OCSF_METHOD_FACTOR,
  OCSF_MFA_FACTOR_TYPE_ID,
  OCSF_USER_TYPE_ADMIN,
  OCSF_USER_TYPE_ID,
} from './ocsf-tables.js';
import { bool, firstStr, type SecurityEventRecord, str, strings } from './record.js';

/** A JSON value of an OCSF event. */
export type OcsfValue = string | number | boolean | OcsfObject | OcsfValue[];
/** A JSON object of an OCSF event (the event itself or one of its objects). */
export interface OcsfObject {
  [attribute: string]: OcsfValue;
}

/** Attribute bag of a record. */
export type Attrs = SecurityEventRecord['attributes'];

/** Builds an object from optional entries; undefined values and empty objects are left out. */
export function compact(entries: Record<string, OcsfValue | undefined>): OcsfObject | undefined {
  const out: OcsfObject = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function endpoint(address: string | undefined, port: number | undefined): OcsfObject | undefined {
  if (address === undefined) return undefined;
  return compact({ [isIP(address) !== 0 ? 'ip' : 'hostname']: address, port });
}

/**
 * The client endpoint with its geolocation and autonomous system (OTel `geo.*`, `client.as.number`, filled by the SDK
 * geo lookup): OCSF `network_endpoint.location` / `autonomous_system`.
 */
export function clientEndpoint(attrs: Attrs, port: number | undefined): OcsfObject | undefined {
  const base = endpoint(str(attrs, 'client.address'), port);
  if (base === undefined) return undefined;
  const lat = attrs['geo.location.lat'];
  const lon = attrs['geo.location.lon'];
  const located = typeof lat === 'number' && typeof lon === 'number';
  const location = compact({
    country: str(attrs, 'geo.country.iso_code'),
    region: str(attrs, 'geo.region.iso_code'),
    city: str(attrs, 'geo.locality.name'),
    continent: str(attrs, 'geo.continent.code'),
    lat: located ? lat : undefined,
    long: located ? lon : undefined,
  });
  const asn = attrs['client.as.number'];
  const autonomousSystem = typeof asn === 'number' && Number.isSafeInteger(asn) ? { number: asn } : undefined;
  return { ...base, ...compact({ location, autonomous_system: autonomousSystem }) };
}

/**
 * OCSF `user` for the actor (`user.*`, `security_event.actor.*`). A service or system actor without a user identity is
 * identified by the `service.name` resource (docs/design/semconv.md#common-requirements-and-actor-identity).
 */
export function actorUser(attrs: Attrs, resource: Attrs | undefined): OcsfObject | undefined {
  const actorType = str(attrs, 'security_event.actor.type');
  const credentialId = str(attrs, 'security_event.actor.credential.id');
  let typeId = actorType !== undefined ? OCSF_USER_TYPE_ID[actorType] : undefined;
  if (actorType === 'user' && bool(attrs, 'security_event.actor.privileged') === true) typeId = OCSF_USER_TYPE_ADMIN;
  // An API-key principal without a user id is identified by its key id (the user object needs a name or uid).
  const uid = str(attrs, 'user.id') ?? (actorType === 'api_key' ? credentialId : str(attrs, 'enduser.pseudo.id'));
  let name = str(attrs, 'user.name');
  if (uid === undefined && name === undefined && (actorType === 'service' || actorType === 'system')) {
    name = str(resource, 'service.name');
  }
  if (uid === undefined && name === undefined) return undefined;
  return compact({
    name,
    uid,
    email_addr: str(attrs, 'user.email'),
    full_name: str(attrs, 'user.full_name'),
    type_id: typeId,
    programmatic_credentials: credentialId !== undefined ? [{ uid: credentialId }] : undefined,
  });
}

/** OCSF `user` from an id/name/email attribute triple (target or effective user). */
export function namedUser(attrs: Attrs, prefix: string): OcsfObject | undefined {
  const uid = str(attrs, `${prefix}.id`);
  const name = str(attrs, `${prefix}.name`);
  if (uid === undefined && name === undefined) return undefined;
  return compact({ name, uid, email_addr: str(attrs, `${prefix}.email`) });
}

/**
 * The non-user object the event acts on, most specific first: an API key, a role, a policy, a setting, then the
 * generic target resource.
 */
export function targetObject(attrs: Attrs): OcsfObject | undefined {
  const credentialId = str(attrs, 'security_event.credential.id');
  if (credentialId !== undefined)
    return compact({ uid: credentialId, type: str(attrs, 'security_event.credential.type') });
  const role = str(attrs, 'security_event.access.role.name');
  if (role !== undefined) return { name: role, type: 'role' };
  const policy = str(attrs, 'security_event.policy.type');
  if (policy !== undefined) return { name: policy, type: 'policy' };
  const setting = str(attrs, 'security_event.config.key');
  if (setting !== undefined) return { name: setting, type: 'setting' };
  const uid = str(attrs, 'security_event.target.resource.id');
  const name = str(attrs, 'security_event.target.resource.name');
  if (uid === undefined && name === undefined) return undefined;
  return compact({ uid, name, type: str(attrs, 'security_event.target.resource.type') });
}

export function authFactors(attrs: Attrs): OcsfObject[] | undefined {
  const toFactor = (factor: string, ids: Readonly<Record<string, number>>): OcsfObject => {
    const id = ids[factor] ?? 99;
    return id === 99 ? { factor_type_id: 99, factor_type: factor } : { factor_type_id: id };
  };
  const listed = strings(attrs, 'security_event.auth.factors');
  if (listed) return listed.map((f) => toFactor(f, OCSF_FACTOR_TYPE_ID));
  const factorType = str(attrs, 'security_event.mfa.factor.type');
  if (factorType !== undefined) return [toFactor(factorType, OCSF_MFA_FACTOR_TYPE_ID)];
  const method = str(attrs, 'security_event.auth.method');
  const implied = method !== undefined ? OCSF_METHOD_FACTOR[method] : undefined;
  return implied !== undefined ? [toFactor(implied, OCSF_FACTOR_TYPE_ID)] : undefined;
}

/** Sets `value` at a hint path: `a.b` nests objects, `x[].k` sets `k` on every element of array `x`. */
export function applyHint(event: OcsfObject, path: string, value: string | number | boolean): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') return;
  if (rest.length === 0) {
    event[head] = value;
    // A hinted enum id is authoritative: drop a derived caption sibling (`type` next to `type_id`).
    if (head.endsWith('_id')) delete event[head.slice(0, -3)];
    return;
  }
  const tail = rest.join('.');
  if (head.endsWith('[]')) {
    const key = head.slice(0, -2);
    const list = Array.isArray(event[key]) ? (event[key] as OcsfValue[]) : [];
    if (list.length === 0) list.push({});
    for (const item of list) if (typeof item === 'object' && !Array.isArray(item)) applyHint(item, tail, value);
    event[key] = list;
    return;
  }
  const child = event[head];
  const obj = typeof child === 'object' && !Array.isArray(child) ? child : {};
  applyHint(obj, tail, value);
  event[head] = obj;
}

/** Privileges when the class requires them and no permission list is given: the role or the checked permission. */
export function firstList(attrs: Attrs): string[] | undefined {
  const single = firstStr(attrs, ['security_event.access.role.name', 'security_event.authz.permission']);
  return single !== undefined ? [single] : undefined;
}
