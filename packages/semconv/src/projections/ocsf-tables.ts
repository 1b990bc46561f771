/**
 * OCSF mapping tables: seclog enum → OCSF id translations (read from the catalog's `mappings.ocsfValueIds`, see
 * docs/design/semconv.md#ocsf) and, per OCSF class, where the actor, the target and the context go. The class layouts
 * encode which attributes each class defines (OCSF 1.8.0; 3007 / 3008
 * from the 1.9.0-dev design notes); the external OCSF check verifies every 1.8.0 layout against the schema.
 */

import { catalog, HTTP_REQUEST_METHODS } from '../catalog/index.js';

/**
 * The catalog's seclog value → OCSF enum id table of an attribute (`mappings.ocsfValueIds`,
 * docs/design/semconv.md#ocsf).
 */
function catalogValueIds(attribute: string): Readonly<Record<string, number>> {
  const ids = catalog.attributes.find((a) => a.name === attribute)?.mappings.ocsfValueIds;
  // The catalog ships in this package: a missing table is a packaging bug, reported at load rather than per event.
  if (!ids) throw new Error(`catalog attribute ${attribute} has no mappings.ocsfValueIds`);
  return ids;
}

/** `security_event.actor.type` → OCSF `user.type_id` (privileged users become {@link OCSF_USER_TYPE_ADMIN}). */
export const OCSF_USER_TYPE_ID = catalogValueIds('security_event.actor.type');
/** OCSF `user.type_id` 2 Admin, for actors with `security_event.actor.privileged = true`. */
export const OCSF_USER_TYPE_ADMIN = 2;

/** `security_event.auth.method` → `auth_protocol_id`; 99 Other carries `auth_protocol` = the method. */
export const OCSF_AUTH_PROTOCOL_ID = catalogValueIds('security_event.auth.method');

/** `security_event.auth.factors` → `auth_factor.factor_type_id` (99 Other carries `factor_type`). */
export const OCSF_FACTOR_TYPE_ID = catalogValueIds('security_event.auth.factors');

/** `security_event.mfa.factor.type` → `auth_factor.factor_type_id`. */
export const OCSF_MFA_FACTOR_TYPE_ID = catalogValueIds('security_event.mfa.factor.type');

/** `security_event.outcome` → `status_id`. */
export const OCSF_STATUS_ID = catalogValueIds('security_event.outcome');

/** OCSF captions of the `status_id` values (the `status` sibling). */
export const OCSF_STATUS_CAPTION: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Success',
  2: 'Failure',
  99: 'Other',
};

/** `security_event.detection.confidence` → `confidence_id`. */
export const OCSF_CONFIDENCE_ID = catalogValueIds('security_event.detection.confidence');

/**
 * The factor an authentication method itself proves, used when the event lists no factors (a password login proves
 * the password factor: the worked example in docs/design/semconv.md#worked-example-a-failed-login shows `auth_factors:
 * [{ factor_type_id: 11 }]` for it).
 */
export const OCSF_METHOD_FACTOR: Readonly<Record<string, string>> = {
  password: 'password',
  passkey: 'webauthn',
  magic_link: 'email',
};

/**
 * HTTP methods OCSF `http_request.http_method` defines: the known methods less `QUERY`, which OCSF 1.8.0 does not list
 * (others, e.g. `_OTHER`, are left out; a test compares the set with the schema).
 */
export const OCSF_HTTP_METHODS: ReadonlySet<string> = new Set(HTTP_REQUEST_METHODS.filter((m) => m !== 'QUERY'));

/**
 * OTel SeverityNumber → OCSF `severity_id` (docs/design/semconv.md#ocsf: INFO → 1 Informational, WARN → 2 Low, ERROR →
 * 4 High;
 * FATAL → 5 Critical; unset → 0 Unknown).
 */
export function ocsfSeverityId(severityNumber: number): number {
  if (severityNumber <= 0) return 0;
  if (severityNumber <= 12) return 1;
  if (severityNumber <= 16) return 2;
  if (severityNumber <= 20) return 4;
  return 5;
}

/** Where the event's target object goes in a class. */
export type OcsfTargetSlot = 'entity' | 'resources' | 'web_resources' | 'table' | 'file' | 'iam_role';

/** What an OCSF class carries, and where seclog puts actor, target and context. */
export interface OcsfClassLayout {
  /**
   * Top-level `user`: the authenticating actor (Authentication) or the target user (IAM user classes);
   * `targets` puts the target user in the `users` array (Group Management from 1.9.0, where `user` is deprecated).
   */
  readonly user?: 'actor' | 'target' | 'targets';
  /** `session` at event level (Authentication) or inside `actor`. */
  readonly session: 'event' | 'actor';
  readonly dstEndpoint: boolean;
  readonly httpRequest: 'optional' | 'required' | 'none';
  /** `auth_protocol(_id)` and `is_mfa` (Authentication). */
  readonly authentication?: boolean;
  /** `auth_factors` from the factors / factor type attributes. */
  readonly authFactors?: boolean;
  readonly target?: OcsfTargetSlot;
  /** `group` from `security_event.target.group.*`. */
  readonly group?: boolean;
  readonly privileges?: 'required' | 'optional';
  /** `comment` from `security_event.justification`. */
  readonly comment?: boolean;
  /** `api.operation` (API Activity). */
  readonly api?: boolean;
  /** `finding_info`, `confidence_id`, `evidences` (Detection Finding). */
  readonly finding?: boolean;
  /** Event-level `src_endpoint` (findings carry it in `evidences`). */
  readonly srcEndpoint: boolean;
  /** Event Log Activity: the log is the application's own (`log_type_id` 2 Application, `log_provider` = service). */
  readonly eventLog?: boolean;
  /** Profile that adds `actor` to the class (Web Resources classes get it from the Host profile). */
  readonly actorProfile?: string;
}

/** Profiles that add hinted attributes (listed in `metadata.profiles` when the hint is applied). */
export const OCSF_HINT_PROFILES: Readonly<Record<string, string>> = {
  disposition_id: 'security_control',
  action_id: 'security_control',
};

const IAM_USER: OcsfClassLayout = {
  user: 'target',
  session: 'actor',
  dstEndpoint: false,
  httpRequest: 'optional',
  srcEndpoint: true,
};

/** Layout per class_uid. */
export const OCSF_CLASS_LAYOUTS: Readonly<Record<number, OcsfClassLayout>> = {
  1008: { session: 'actor', dstEndpoint: true, httpRequest: 'none', srcEndpoint: true, eventLog: true },
  2004: {
    session: 'actor',
    dstEndpoint: false,
    httpRequest: 'none',
    srcEndpoint: false,
    target: 'resources',
    finding: true,
    comment: true,
  },
  3001: { ...IAM_USER, authFactors: true },
  3002: {
    user: 'actor',
    session: 'event',
    dstEndpoint: true,
    httpRequest: 'optional',
    srcEndpoint: true,
    authentication: true,
    authFactors: true,
  },
  3004: {
    session: 'actor',
    dstEndpoint: false,
    httpRequest: 'optional',
    srcEndpoint: true,
    target: 'entity',
    comment: true,
  },
  3005: { ...IAM_USER, target: 'resources', privileges: 'required' },
  3006: { ...IAM_USER, group: true, privileges: 'optional' },
  3007: { ...IAM_USER, authFactors: true, privileges: 'optional' },
  3008: {
    session: 'actor',
    dstEndpoint: false,
    httpRequest: 'optional',
    srcEndpoint: true,
    target: 'iam_role',
    privileges: 'optional',
  },
  6001: {
    session: 'actor',
    dstEndpoint: true,
    httpRequest: 'optional',
    srcEndpoint: true,
    target: 'web_resources',
    actorProfile: 'host',
  },
  6003: {
    session: 'actor',
    dstEndpoint: true,
    httpRequest: 'optional',
    srcEndpoint: true,
    target: 'resources',
    api: true,
  },
  6004: {
    session: 'actor',
    dstEndpoint: false,
    httpRequest: 'required',
    srcEndpoint: true,
    target: 'web_resources',
    actorProfile: 'host',
  },
  6005: { session: 'actor', dstEndpoint: true, httpRequest: 'optional', srcEndpoint: true, target: 'table' },
  6006: { session: 'actor', dstEndpoint: true, httpRequest: 'optional', srcEndpoint: true, target: 'file' },
};

/** OCSF schema versions the projection emits. */
export type OcsfVersion = '1.8.0' | '1.9.0';

/**
 * Per-version layout changes. 1.9.0-dev (ocsf-schema main, checked once against the source at a5cfc68e; the repo's
 * reference data holds 1.8.0 only): Group Management deprecates `user` for `users`.
 */
export const OCSF_CLASS_LAYOUT_OVERRIDES: Readonly<Record<OcsfVersion, Readonly<Record<number, OcsfClassLayout>>>> = {
  '1.8.0': {},
  '1.9.0': { 3006: { ...IAM_USER, user: 'targets', group: true, privileges: 'optional' } },
};
