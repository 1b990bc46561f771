/**
 * A busy, benign day: every staff member logs in a few times from home, a few mistype their password, people
 * export reports, an administrator grants ordinary roles, users create their own expiring API keys, swap an MFA
 * device, and audit-log retention is adjusted. No rule of the pack may fire on it.
 */
import {
  ADMIN,
  actor,
  after,
  at,
  dataExport,
  failedLogin,
  login,
  type ScenarioEvent,
  USERS,
  user,
} from './scenario-event.js';

/** The benign day, in time order. */
export function baselineDay(): ScenarioEvent[] {
  const events: ScenarioEvent[] = [];
  USERS.forEach((u, i) => {
    // Three to five logins a day, at least 90 minutes apart, always from home.
    const logins = 3 + (i % 3);
    for (let k = 0; k < logins; k++) events.push(login(u, after('08:00', i * 53 + k * 5400)));
  });
  // Legitimate failures: a dozen users mistype once or twice, then succeed.
  for (let i = 0; i < 12; i++) {
    const u = user(i * 3);
    const t = after('09:00', i * 1700);
    events.push(failedLogin(u.email, u.address, t, u.id));
    if (i % 3 === 0) events.push(failedLogin(u.email, u.address, after('09:00', i * 1700 + 20), u.id));
  }
  // A typo'd login name that matches no account.
  events.push(failedLogin('user07@example.com', user(6).address, at('11:12')));
  // Reports: up to three exports per person per hour, a few thousand records each.
  for (let i = 0; i < 24; i++) {
    events.push(dataExport(user(i % 8), after('10:00', i * 1500), 200 + ((i * 137) % 2800)));
  }
  // Ordinary role grants by the administrator, to other people.
  for (const [i, role] of [
    [4, 'support'],
    [9, 'billing_viewer'],
  ] as const) {
    events.push({
      name: 'security_event.access.role.grant',
      time: after('13:00', i * 60),
      attributes: {
        ...actor(ADMIN),
        'security_event.outcome': 'success',
        'security_event.target.user.id': user(i).id,
        'security_event.target.user.name': user(i).email,
        'security_event.access.role.name': role,
        'security_event.access.role.privileged': false,
        'security_event.justification': `TICKET-${100 + i}`,
      },
    });
  }
  // Users create their own API keys, each with an expiry.
  for (const i of [2, 14, 27]) {
    const u = user(i);
    events.push({
      name: 'security_event.credential.api_key.create',
      time: after('14:00', i * 30),
      attributes: {
        ...actor(u),
        'security_event.outcome': 'success',
        'security_event.credential.id': `key_${u.id}`,
        'security_event.credential.type': 'api_key',
        'security_event.target.user.id': u.id,
        'security_event.credential.expires_at': '2027-02-24T00:00:00Z',
      },
    });
  }
  // A new phone: the old TOTP factor goes, a passkey stays.
  for (const i of [5, 21]) {
    const u = user(i);
    events.push({
      name: 'security_event.mfa.factor.remove',
      time: after('15:00', i * 40),
      attributes: {
        ...actor(u),
        'security_event.outcome': 'success',
        'security_event.target.user.id': u.id,
        'security_event.mfa.factor.type': 'totp',
        'security_event.mfa.remaining_factors': 1,
      },
    });
  }
  // Audit-log retention extended (not reduced, not disabled).
  events.push({
    name: 'security_event.audit_log.config.update',
    time: at('16:30'),
    attributes: {
      ...actor(ADMIN),
      'security_event.outcome': 'success',
      'security_event.audit_log.operation': 'retention_change',
      'security_event.justification': 'TICKET-220',
    },
  });
  // Denied requests (a normal trickle).
  for (let i = 0; i < 6; i++) {
    events.push({
      name: 'security_event.authorization.check',
      time: after('12:00', i * 900),
      attributes: {
        ...actor(user(i * 5)),
        'security_event.outcome': 'failure',
        'error.type': 'insufficient_permissions',
        'security_event.authz.permission': 'invoice:delete',
        'security_event.target.resource.type': 'invoice',
      },
    });
  }
  return events.sort((a, b) => a.time.getTime() - b.time.getTime());
}
