/**
 * One attack per alert category, each replayed on top of the benign day: the rules listed must fire on it, on
 * records of the attack only, and every other rule must stay silent.
 */
import type { AlertCategory } from '../rule-pack.js';
import { ADMIN, actor, after, dataExport, failedLogin, login, type ScenarioEvent, user } from './scenario-event.js';

/** An attack and what it must trigger. */
export interface AttackScenario {
  readonly alert: AlertCategory;
  readonly description: string;
  /** Rule names (Sigma `name`) that must fire; every other alerting rule must not. */
  readonly fires: readonly string[];
  /** Number of records each alert of the first rule in `fires` must rest on. */
  readonly evidence: number;
  readonly events: () => ScenarioEvent[];
}

const ATTACKER = '203.0.113.66';

/** The attacks. */
export const ATTACKS: readonly AttackScenario[] = [
  {
    alert: 'brute_force',
    description: '12 wrong passwords for one account within three minutes',
    fires: ['seclog_brute_force'],
    evidence: 12,
    events: () =>
      Array.from({ length: 12 }, (_, i) =>
        failedLogin(user(16).email, ATTACKER, after('10:00:30', i * 15), user(16).id),
      ),
  },
  {
    alert: 'password_spraying',
    description: 'one password tried against 15 accounts from one address within six minutes',
    fires: ['seclog_password_spraying'],
    evidence: 15,
    events: () =>
      Array.from({ length: 15 }, (_, i) => failedLogin(user(i + 1).email, ATTACKER, after('10:11', i * 24))),
  },
  {
    alert: 'mfa_disabled',
    description: 'the last MFA factor of an account removed, then the MFA policy changed',
    fires: ['seclog_mfa_last_factor_removed', 'seclog_mfa_policy_changed'],
    evidence: 1,
    events: () => [
      {
        name: 'security_event.mfa.factor.remove',
        time: after('11:40', 0),
        attributes: {
          ...actor(ADMIN),
          'security_event.outcome': 'success',
          'security_event.target.user.id': user(18).id,
          'security_event.target.user.name': user(18).email,
          'security_event.mfa.factor.type': 'totp',
          'security_event.mfa.remaining_factors': 0,
        },
      },
      {
        name: 'security_event.policy.update',
        time: after('11:45', 0),
        attributes: {
          ...actor(ADMIN),
          'security_event.outcome': 'success',
          'security_event.policy.type': 'mfa',
          'security_event.changes.fields': ['enforcement'],
        },
      },
    ],
  },
  {
    alert: 'privilege_grant',
    description: 'an admin role granted, and a user granting a role to themselves',
    fires: ['seclog_privileged_role_granted', 'seclog_role_self_granted'],
    evidence: 1,
    events: () => [
      {
        name: 'security_event.access.role.grant',
        time: after('12:20', 0),
        attributes: {
          ...actor(ADMIN),
          'security_event.outcome': 'success',
          'security_event.target.user.id': user(17).id,
          'security_event.target.user.name': user(17).email,
          'security_event.access.role.name': 'org_admin',
          'security_event.access.role.privileged': true,
        },
      },
      {
        name: 'security_event.access.role.grant',
        time: after('12:25', 0),
        attributes: {
          ...actor(user(23)),
          'security_event.outcome': 'success',
          'security_event.target.user.id': user(23).id,
          'security_event.access.role.name': 'billing_editor',
          'security_event.access.role.privileged': false,
        },
      },
    ],
  },
  {
    alert: 'policy_change',
    description: 'the password policy relaxed, then audit logging disabled',
    fires: ['seclog_security_policy_changed', 'seclog_audit_logging_reduced'],
    evidence: 1,
    events: () => [
      {
        name: 'security_event.policy.update',
        time: after('17:05', 0),
        attributes: {
          ...actor(ADMIN),
          'security_event.outcome': 'success',
          'security_event.policy.type': 'password',
          'security_event.changes.fields': ['min_length'],
        },
      },
      {
        name: 'security_event.audit_log.config.update',
        time: after('17:06', 0),
        attributes: {
          ...actor(ADMIN),
          'security_event.outcome': 'success',
          'security_event.audit_log.operation': 'disable',
        },
      },
    ],
  },
  {
    alert: 'data_export_spike',
    description: '25 exports of 2,500 records by one account within 40 minutes',
    fires: ['seclog_data_export_count_spike', 'seclog_data_export_volume_spike'],
    evidence: 25,
    events: () => Array.from({ length: 25 }, (_, i) => dataExport(user(33), after('16:02', i * 96), 2500)),
  },
  {
    alert: 'impossible_travel',
    description: 'one account logs in from Germany, then from Brazil 30 minutes later',
    fires: ['seclog_impossible_travel'],
    evidence: 2,
    events: () => [login(user(35), after('17:10', 0), 'DE'), login(user(35), after('17:40', 0), 'BR', '203.0.113.200')],
  },
  {
    alert: 'api_key_created',
    description: 'an administrator mints a key without expiry for another account',
    fires: ['seclog_api_key_without_expiry', 'seclog_api_key_for_other_user'],
    evidence: 1,
    events: () => [
      {
        name: 'security_event.credential.api_key.create',
        time: after('18:20', 0),
        attributes: {
          ...actor(ADMIN),
          'security_event.outcome': 'success',
          'security_event.credential.id': 'key_persist',
          'security_event.credential.type': 'api_key',
          'security_event.target.user.id': user(29).id,
        },
      },
    ],
  },
  {
    alert: 'integrity_violation',
    description: 'seclog reports a record missing from a sealed stream',
    fires: ['seclog_integrity_violation'],
    evidence: 1,
    events: () => [
      {
        name: 'security_event.audit_log.integrity.violation',
        time: after('18:40', 0),
        attributes: {
          'security_event.outcome': 'failure',
          'security_event.actor.type': 'system',
          'error.type': 'missing',
          'security_event.integrity.stream_id': 'rCJRkNXHq0aQb8Yq1qK3mA',
          'security_event.integrity.seq_from': 2001,
          'security_event.integrity.seq_to': 2001,
          'security_event.integrity.count': 1,
        },
      },
    ],
  },
];
