import { describe, expect, it } from 'vitest';
import {
  ProjectionError,
  type SecurityEventRecord,
  toDatadog,
  toECS,
  toOCSF,
  toSplunkCIM,
} from '../../src/projections/index.js';

const TIME = '2026-08-31T10:15:02.123Z';

function rec(short: string, attributes: SecurityEventRecord['attributes'], extra: Partial<SecurityEventRecord> = {}) {
  return {
    eventName: `security_event.${short}`,
    timestamp: TIME,
    attributes: { 'security_event.outcome': 'success', 'security_event.actor.type': 'user', ...attributes },
    resource: { 'service.name': 'billing-api' },
    ...extra,
  } satisfies SecurityEventRecord;
}

const admin = { 'user.id': 'u_admin', 'user.name': 'root@example.com' };
const bob = { 'security_event.target.user.id': 'u_bob', 'security_event.target.user.name': 'bob@example.com' };

describe('common behaviour', () => {
  it('refuses events outside the catalog and records without a usable time', () => {
    expect(() => toECS(rec('made.up', {}))).toThrow(ProjectionError);
    expect(() => toOCSF(rec('user.create', bob, { timestamp: 'not a date' }))).toThrow(/no usable timeUnixNano/);
  });

  it('identifies bridged records (no EventName) by otel.event.name', () => {
    const bridged = { ...rec('user.create', bob), eventName: '' };
    expect(() => toECS(bridged)).toThrow(ProjectionError);
    const named = {
      ...bridged,
      attributes: { ...bridged.attributes, 'otel.event.name': 'security_event.user.create' },
    };
    expect(toECS(named)['event.action']).toBe('security_event.user.create');
  });

  it('never copies attributes outside its mapping tables: secrets and unknown keys stay out of every projection', () => {
    const leaky = rec('credential.api_key.create', {
      ...admin,
      'security_event.credential.id': 'key_1',
      'security_event.credential.value': 'sk_live_SECRET_VALUE_123',
      'http.request.header.authorization': 'Bearer SECRET_TOKEN_456',
      password: 'SECRET_PW_789',
    });
    const all = JSON.stringify([
      toECS(leaky),
      toOCSF(leaky),
      toOCSF(leaky, { version: '1.9.0' }),
      toSplunkCIM(leaky),
      toDatadog(leaky),
    ]);
    expect(all).not.toMatch(/SECRET/);
    expect(all).toContain('key_1');
  });

  it('flags events the emitter marked non-conforming in every SIEM (ECS tags, OCSF labels, CIM tag)', () => {
    const flagged = rec('user.create', { ...bob, 'security_event.conformance.errors': ['missing_required:user.id'] });
    expect(toECS(flagged).tags).toEqual(['seclog_nonconforming']);
    expect(toOCSF(flagged).metadata).toMatchObject({ labels: ['seclog_nonconforming'] });
    expect(toSplunkCIM(flagged).tag).toEqual(['change', 'account', 'seclog_nonconforming']);
    expect(toECS(rec('user.create', bob)).tags).toBeUndefined();
  });

  it('accepts timeUnixNano as bigint, decimal string or number, and timestamp as Date', () => {
    const ns = 1788171302123000000n;
    for (const time of [{ timeUnixNano: ns }, { timeUnixNano: ns.toString() }, { timestamp: new Date(TIME) }]) {
      expect(toECS({ ...rec('user.create', bob), timestamp: undefined, ...time })['@timestamp']).toBe(TIME);
    }
  });

  it('uses the catalog default severity when the record has none (failure raises INFO to WARN)', () => {
    const ok = toOCSF(rec('authentication.login', { 'user.id': 'u1', 'security_event.auth.method': 'oidc' }));
    const failed = toOCSF(
      rec('authentication.login', { 'user.id': 'u1', 'security_event.outcome': 'failure', 'error.type': 'mfa_failed' }),
    );
    expect([ok.severity_id, failed.severity_id]).toEqual([1, 2]);
    expect(toOCSF(rec('session.reject', { 'security_event.outcome': 'failure' })).severity_id).toBe(4);
  });
});

describe('toECS', () => {
  it('keeps a successful login single-valued ([authentication] / [start]) and scopes it to the seclog dataset', () => {
    const ecs = toECS(rec('authentication.login', { 'user.id': 'u1' }));
    expect([ecs['event.category'], ecs['event.type']]).toEqual([['authentication'], ['start']]);
    expect([ecs['event.module'], ecs['event.dataset']]).toEqual(['seclog', 'seclog.security_event']);
  });

  it('puts the granted role in user.changes.roles, the new set in user.target.roles and facts ECS lacks in labels', () => {
    const ecs = toECS(
      rec('access.role.grant', {
        ...admin,
        ...bob,
        'security_event.access.role.name': 'billing_admin',
        'security_event.access.role.privileged': true,
        'security_event.access.role.new': ['support', 'billing_admin'],
      }),
    );
    expect(ecs).toMatchObject({
      'user.changes.roles': ['billing_admin'],
      'user.target.roles': ['support', 'billing_admin'],
      'user.target.name': 'bob@example.com',
      'labels.role_privileged': 'true',
    });
    const revoke = toECS(rec('access.role.revoke', { ...admin, ...bob, 'security_event.access.role.name': 'x' }));
    expect(revoke['user.changes.roles']).toBeUndefined();
    const policy = toECS(rec('policy.update', { ...admin, 'security_event.policy.type': 'mfa' }));
    expect(policy['labels.policy_type']).toBe('mfa');
  });

  it('places the SDK geo lookup of the client in source.geo.* / client.geo.* and source.as.*', () => {
    const ecs = toECS(
      rec('authentication.login', {
        'user.id': 'u1',
        'geo.country.iso_code': 'NZ',
        'geo.locality.name': 'Auckland',
        'geo.location.lat': -36.85,
        'geo.location.lon': 174.76,
        'client.as.number': 64500,
      }),
    );
    expect(ecs).toMatchObject({
      'source.geo.country_iso_code': 'NZ',
      'client.geo.country_iso_code': 'NZ',
      'source.geo.city_name': 'Auckland',
      'source.geo.location': '-36.85,174.76',
      'source.as.number': 64500,
    });
  });

  it('puts the actor in user.*, the target in user.target.* and every identifier in related.user', () => {
    const ecs = toECS(rec('user.delete', { ...admin, ...bob, 'security_event.justification': 'offboarding' }));
    expect(ecs).toMatchObject({
      'user.id': 'u_admin',
      'user.target.id': 'u_bob',
      'user.target.name': 'bob@example.com',
      'event.type': ['deletion'],
      'related.user': ['root@example.com', 'u_admin', 'bob@example.com', 'u_bob'],
    });
  });

  it('keeps an export that produces a file single-valued; the file and the record count travel beside it', () => {
    const base = { 'security_event.target.resource.type': 'invoice', 'security_event.data.record_count': 10 };
    const withFile = toECS(rec('data.export', { ...base, 'file.name': 'x.csv' }));
    expect([withFile['event.category'], withFile['event.type']]).toEqual([['database'], ['access']]);
    expect([withFile['file.name'], withFile['labels.record_count']]).toEqual(['x.csv', '10']);
  });

  it('keeps a client host name in *.address (source.ip / client.ip are ip-typed)', () => {
    const ecs = toECS(rec('session.start', { 'client.address': 'proxy.example.net', 'session.id': 's' }));
    expect(ecs['source.address']).toBe('proxy.example.net');
    expect(ecs['source.ip']).toBeUndefined();
    expect(ecs['related.ip']).toBeUndefined();
  });
});

describe('toOCSF', () => {
  it('impersonation: user is the assumed identity, actor.user the admin, account switch = Impersonate', () => {
    const ocsf = toOCSF(
      rec('authentication.impersonation.start', {
        ...admin,
        'security_event.effective_user.id': 'u_bob',
        'security_event.justification': 'TICKET-1',
      }),
    );
    expect(ocsf).toMatchObject({
      class_uid: 3002,
      activity_id: 7,
      user: { uid: 'u_bob' },
      actor: { user: { uid: 'u_admin', name: 'root@example.com', type_id: 1 } },
      account_switch_type_id: 2,
    });
  });

  it('account changes: user is the target, actor.user the actor; privileged actors are Admin (2)', () => {
    const ocsf = toOCSF(rec('account.lock', { ...admin, ...bob, 'security_event.actor.privileged': true }));
    expect(ocsf.user).toEqual({ uid: 'u_bob', name: 'bob@example.com' });
    expect(ocsf.actor).toEqual({ user: { uid: 'u_admin', name: 'root@example.com', type_id: 2 } });
  });

  it('identifies an API-key actor by its key id and lists the key as a programmatic credential', () => {
    const ocsf = toOCSF(
      rec('config.update', {
        'security_event.actor.type': 'api_key',
        'security_event.actor.credential.id': 'key_1',
        'security_event.config.key': 'mfa.required',
      }),
    );
    expect(ocsf.actor).toEqual({ user: { uid: 'key_1', type_id: 4, programmatic_credentials: [{ uid: 'key_1' }] } });
    expect(ocsf.resources).toEqual([{ name: 'mfa.required', type: 'Setting' }]);
  });

  it('translates methods and factors: OIDC → 4 without a caption, recovery codes → 99 with factor_type', () => {
    const ocsf = toOCSF(
      rec('authentication.login', {
        'user.id': 'u1',
        'security_event.auth.method': 'oidc',
        'security_event.auth.factors': ['password', 'recovery_code'],
      }),
    );
    expect(ocsf.auth_protocol_id).toBe(4);
    expect(ocsf.auth_protocol).toBeUndefined();
    expect(ocsf.auth_factors).toEqual([{ factor_type_id: 11 }, { factor_type_id: 99, factor_type: 'recovery_code' }]);
    expect(ocsf.is_mfa).toBe(true);
  });

  it('follows the 1.9.0 class changes when asked (Account Change 3001 → User Management 3007)', () => {
    const record = rec('account.lock', { ...admin, ...bob, 'security_event.lock.reason': 'max_retries' });
    expect([toOCSF(record).type_uid, toOCSF(record, { version: '1.9.0' }).type_uid]).toEqual([300109, 300706]);
    expect(toOCSF(record, { version: '1.9.0' }).metadata).toMatchObject({ version: '1.9.0' });
    expect(toOCSF(record).status_detail).toBe('MAX_RETRIES');
  });

  it('1.9.0: Group Management lists the member in users (user is deprecated there)', () => {
    const record = rec('access.group.member.add', { ...admin, ...bob, 'security_event.target.group.id': 'g1' });
    expect(toOCSF(record).user).toEqual({ uid: 'u_bob', name: 'bob@example.com' });
    const v19 = toOCSF(record, { version: '1.9.0' });
    expect([v19.user, v19.users, v19.group]).toEqual([
      undefined,
      [{ uid: 'u_bob', name: 'bob@example.com' }],
      { uid: 'g1' },
    ]);
  });

  it('a hinted enum id replaces the derived caption (policy entity: type_id 5, no free-text type)', () => {
    const ocsf = toOCSF(rec('policy.update', { 'security_event.policy.type': 'mfa' }));
    expect(ocsf.entity).toEqual({ name: 'mfa', type_id: 5 });
  });

  it('switches class on a variant and then ignores the default class hints (external share → 6001 Share)', () => {
    const ocsf = toOCSF(
      rec('access.permission.change', {
        'security_event.target.resource.type': 'report',
        'security_event.target.resource.id': 'r1',
        'security_event.access.permissions': ['view'],
        'security_event.access.external': true,
      }),
    );
    expect([ocsf.class_uid, ocsf.activity_id, ocsf.type_uid]).toEqual([6001, 8, 600108]);
    expect(ocsf.web_resources).toEqual([{ uid: 'r1', type: 'report' }]);
  });
});

describe('toSplunkCIM', () => {
  it('Account_Management: user is the account changed, src_user the actor', () => {
    const cim = toSplunkCIM(rec('user.disable', { ...admin, ...bob }));
    expect(cim).toMatchObject({
      user: 'bob@example.com',
      src_user: 'root@example.com',
      action: 'modified',
      object_id: 'u_bob',
    });
  });

  it('other Change datasets: user is the actor', () => {
    const cim = toSplunkCIM(rec('config.update', { ...admin, 'security_event.config.key': 'mfa.required' }));
    expect(cim).toMatchObject({ user: 'root@example.com', object: 'mfa.required', object_category: 'setting' });
    expect(cim.src_user).toBeUndefined();
  });

  it('impersonation: user is the impersonated identity, src_user the admin; privileged actors get the tag', () => {
    const cim = toSplunkCIM(
      rec('authentication.impersonation.start', {
        ...admin,
        'security_event.actor.privileged': true,
        'security_event.effective_user.name': 'bob@example.com',
      }),
    );
    expect(cim).toMatchObject({
      user: 'bob@example.com',
      src_user: 'root@example.com',
      tag: ['authentication', 'privileged'],
    });
  });

  it('fills required fields the event cannot supply with CIM’s own "unknown"', () => {
    const cim = toSplunkCIM(rec('user.create', bob));
    expect(cim).toMatchObject({ src: 'unknown', dest: 'billing-api', object_attrs: ['unknown'] });
    expect('src_user' in cim).toBe(false); // no actor identity: the optional field is left out, not invented
  });
});

describe('toDatadog', () => {
  it('sets evt.name = authentication for session events and leaves unknown outcomes out', () => {
    const dd = toDatadog(rec('session.end', { 'security_event.outcome': 'unknown', 'session.id': 's' }));
    expect(dd).toEqual({ 'evt.name': 'authentication' });
  });

  it('uses the category elsewhere and renames the actor to usr.*', () => {
    expect(toDatadog(rec('data.export', { ...admin, 'user.email': 'root@example.com' }))).toEqual({
      'evt.name': 'data',
      'evt.outcome': 'success',
      'usr.id': 'u_admin',
      'usr.name': 'root@example.com',
      'usr.email': 'root@example.com',
    });
  });
});
