/** Events 1–7: authentication and sessions (docs/design/semconv.md#events). */
import { event, ocsf, onSuccess, severity } from './define.js';
import type { EventDefinition } from './types.js';

const AUTHN = { category: 3, classUid: 3002, className: 'Authentication' } as const;
const authn = (activityId: number, activityName: string, typeUid: number) =>
  ocsf(AUTHN.category, AUTHN.classUid, AUTHN.className, activityId, activityName, typeUid);
const same = <T>(mapping: T) => ({ '1.8.0': mapping, '1.9.0': mapping });
const AUTH_CIM = {
  model: 'Authentication',
  dataset: 'Authentication',
  tags: ['authentication'],
  action: 'from_outcome',
} as const;

/** Authentication and session events. */
export const authenticationEvents: readonly EventDefinition[] = [
  event('authentication.login', {
    id: 1,
    category: 'authentication',
    description: 'A principal attempted to log in (one event per attempt, success or failure).',
    required: ['security_event.auth.method', 'client.address'],
    conditionallyRequired: [onSuccess('user.id', 'security_event.auth.mfa.used', 'session.id')],
    recommended: [
      'user.name',
      // A failed login for an existing account carries its id too: per-account rules then group failures and
      // successes by one key (user.name is the identifier as typed, which varies).
      'user.id',
      // Where the client is (SDK geo lookup): new-country and impossible-travel rules key on them.
      'geo.country.iso_code',
      'geo.region.iso_code',
      'geo.locality.name',
      'client.as.number',
      'security_event.auth.factors',
      'security_event.auth.provider',
      'security_event.auth.failure_count',
      'security_event.auth.user_exists',
    ],
    severity: severity(9, 13),
    errorTypes: [
      'invalid_credentials',
      'unknown_user',
      'account_locked',
      'account_disabled',
      'password_expired',
      'mfa_required',
      'mfa_failed',
      'credential_revoked',
      'credential_expired',
      'rate_limited',
      'policy_denied',
      '_OTHER',
    ],
    // Single-valued on purpose: ES|QL `==` on a multi-valued field is null, so [authentication, session] hid
    // successful logins from `event.category == "authentication"` filters. session.start is its own event.
    ecs: { kind: 'event', category: ['authentication'], type: ['start'] },
    ocsf: same({ ...authn(1, 'Logon', 300201) }),
    cim: { ...AUTH_CIM, notes: 'tag privileged when security_event.actor.privileged = true' },
    datadog: {
      evtName: 'authentication',
      appsecEvent: { success: 'users.login.success', failure: 'users.login.failure' },
    },
    compliance: {
      soc2: ['CC6.1', 'CC7.2'],
      pci: ['10.2.1.4 (fail)', '10.2.1.2 (admin)'],
      owasp: ['authn_login_success', 'authn_login_fail', 'authn_login_successafterfail', 'authn_login_fail_max'],
    },
  }),
  event('authentication.mfa.verify', {
    id: 2,
    category: 'authentication',
    description: 'A second factor was checked (step-up or login second step).',
    required: ['security_event.mfa.factor.type', 'user.id'],
    recommended: ['session.id', 'security_event.auth.failure_count'],
    severity: severity(9, 13),
    errorTypes: ['invalid_code', 'expired_code', 'push_denied', 'factor_not_enrolled', 'rate_limited'],
    ecs: { kind: 'event', category: ['authentication'], type: ['info'] },
    ocsf: same({ ...authn(99, 'MFA Verify', 300299), hints: { is_mfa: true } }),
    cim: { ...AUTH_CIM, notes: 'authentication_method = MFA' },
    datadog: { evtName: 'authentication' },
    compliance: { soc2: ['CC6.1', 'CC6.6'], pci: ['10.2.1.4 (fail)'], owasp: [] },
  }),
  event('authentication.impersonation.start', {
    id: 3,
    category: 'authentication',
    description: 'An administrator started acting as another user (user.* = the admin, effective_user = assumed).',
    required: ['user.id', 'security_event.effective_user.id', 'security_event.justification'],
    recommended: ['session.id', 'security_event.effective_user.name'],
    severity: severity(13, 13),
    errorTypes: ['not_permitted'],
    ecs: { kind: 'event', category: ['authentication'], type: ['start'] },
    ocsf: same({ ...authn(7, 'Account Switch', 300207), hints: { account_switch_type_id: 2 } }),
    cim: { ...AUTH_CIM, notes: 'src_user = the admin (user.*), user = the impersonated identity' },
    datadog: { evtName: 'authentication' },
    compliance: { soc2: ['CC6.1', 'CC6.3', 'CC7.2'], pci: ['10.2.1.2'], owasp: ['authz_admin'] },
  }),
  event('session.start', {
    id: 4,
    category: 'session',
    description: 'An authenticated server-side session was created.',
    required: ['session.id', 'user.id'],
    recommended: ['security_event.auth.mfa.used', 'security_event.auth.method'],
    severity: severity(9, 13),
    errorTypes: ['_OTHER'],
    ecs: { kind: 'event', category: ['session'], type: ['start'] },
    ocsf: same({ ...authn(99, 'Session Start', 300299) }),
    cim: { ...AUTH_CIM },
    datadog: { evtName: 'authentication' },
    compliance: { soc2: ['CC6.1'], pci: [], owasp: ['session_created'] },
  }),
  event('session.renew', {
    id: 5,
    category: 'session',
    description: 'A session was renewed or its id rotated.',
    required: ['session.id', 'session.previous_id'],
    severity: severity(9, 13),
    errorTypes: ['session_expired', 'session_revoked'],
    ecs: { kind: 'event', category: ['session'], type: ['info'] },
    ocsf: same({ ...authn(99, 'Session Renew', 300299) }),
    cim: { ...AUTH_CIM },
    datadog: { evtName: 'authentication' },
    compliance: { soc2: ['CC6.1'], pci: [], owasp: ['session_renewed'] },
  }),
  event('session.end', {
    id: 6,
    category: 'session',
    description: 'A session ended (logout, timeout, revocation, credential change, replacement).',
    required: ['session.id', 'security_event.session.end_reason'],
    severity: severity(9, 13),
    errorTypes: [],
    ecs: { kind: 'event', category: ['session'], type: ['end'] },
    ocsf: same({ ...authn(2, 'Logoff', 300202), notes: 'status_detail = security_event.session.end_reason' }),
    cim: { ...AUTH_CIM, notes: 'logoff' },
    datadog: { evtName: 'authentication' },
    compliance: { soc2: ['CC6.1'], pci: [], owasp: ['session_logout', 'session_expired'] },
  }),
  event('session.reject', {
    id: 7,
    category: 'session',
    description: 'Use of an expired, revoked or tampered session was refused.',
    outcomes: ['failure'],
    required: [],
    recommended: ['session.id', 'user.id'],
    severity: severity(20, 20),
    errorTypes: [
      'session_expired',
      'session_revoked',
      'session_invalid_signature',
      'session_fixation_suspected',
      'session_binding_mismatch',
    ],
    ecs: { kind: 'event', category: ['session'], type: ['info'] },
    ocsf: same({ ...authn(99, 'Session Reject', 300299) }),
    cim: { ...AUTH_CIM },
    datadog: { evtName: 'authentication' },
    compliance: { soc2: ['CC6.1', 'CC7.2'], pci: ['10.2.1.4'], owasp: ['session_use_after_expire'] },
  }),
];
