/**
 * Compile-time specification of the typed builders. `tsc -p packages/semconv/tsconfig.test.json` fails if any
 * `@ts-expect-error` line compiles (i.e. if the types stop rejecting an invalid combination).
 */
import { createNoopLogger } from '@opentelemetry/api';
import { describe, expectTypeOf, it } from 'vitest';
import type { AuthenticationLoginErrorType, AuthenticationLoginInput, SecurityEventName } from '../../src/index.js';
import { createSecurityEvents, emitSecurityEvent } from '../../src/index.js';

const security = createSecurityEvents(createNoopLogger(), { mode: 'safe' });
const logger = createNoopLogger();

describe('builder types', () => {
  it('accept a complete failed login and a complete successful login', () => {
    security.authenticationLogin({
      outcome: 'failure',
      errorType: 'invalid_credentials',
      actorType: 'anonymous',
      userName: 'alice@example.com',
      authMethod: 'password',
      authUserExists: true,
      clientAddress: '203.0.113.5',
    });
    security.authenticationLogin({
      outcome: 'success',
      actorType: 'user',
      userId: 'u1',
      authMethod: 'passkey',
      authMfaUsed: true,
      sessionId: 'h:1',
      clientAddress: '203.0.113.5',
    });
    expectTypeOf<AuthenticationLoginErrorType>().toEqualTypeOf<
      | 'invalid_credentials'
      | 'unknown_user'
      | 'account_locked'
      | 'account_disabled'
      | 'password_expired'
      | 'mfa_required'
      | 'mfa_failed'
      | 'credential_revoked'
      | 'credential_expired'
      | 'rate_limited'
      | 'policy_denied'
      | '_OTHER'
    >();
    expectTypeOf<'security_event.authentication.login'>().toExtend<SecurityEventName>();
  });

  it('require error.type on failure, from that event’s enum only', () => {
    // @ts-expect-error failure without errorType
    security.authenticationLogin({
      outcome: 'failure',
      actorType: 'anonymous',
      authMethod: 'password',
      clientAddress: 'x',
    });
    security.authenticationLogin({
      outcome: 'failure',
      // @ts-expect-error not_permitted is not an authentication.login failure reason
      errorType: 'not_permitted',
      actorType: 'anonymous',
      authMethod: 'password',
      clientAddress: 'x',
    });
    security.userDelete({ outcome: 'failure', errorType: 'not_permitted', actorType: 'system', targetUserId: 'u2' });
  });

  it('forbid error.type on success', () => {
    // @ts-expect-error errorType on a successful event
    security.userDelete({ outcome: 'success', errorType: 'not_permitted', actorType: 'system', targetUserId: 'u2' });
  });

  it('require the success-only attributes of a login (user id, MFA flag, session)', () => {
    // @ts-expect-error successful login without userId / authMfaUsed / sessionId
    security.authenticationLogin({ outcome: 'success', actorType: 'user', authMethod: 'password', clientAddress: 'x' });
  });

  it('require the credential id for api_key actors and the user id for user actors', () => {
    // @ts-expect-error api_key actor without actorCredentialId
    security.configUpdate({ outcome: 'success', actorType: 'api_key', configKey: 'sso.enforced' });
    security.configUpdate({ outcome: 'success', actorType: 'api_key', actorCredentialId: 'key_1', configKey: 'k' });
    // @ts-expect-error user actor without userId
    security.configUpdate({ outcome: 'success', actorType: 'user', configKey: 'sso.enforced' });
  });

  it('require the target and event-specific attributes', () => {
    // @ts-expect-error role grant without a target user
    security.accessRoleGrant({ outcome: 'success', actorType: 'user', userId: 'a', accessRoleName: 'admin' });
    security.mfaFactorRemove({
      outcome: 'success',
      actorType: 'user',
      userId: 'a',
      targetUserId: 'b',
      // @ts-expect-error wrong enum value for the MFA factor
      mfaFactorType: 'yubikey',
    });
    // @ts-expect-error session.reject only has failures
    security.sessionReject({ outcome: 'success', actorType: 'anonymous' });
  });

  it('refuse secret-class and unknown attributes', () => {
    security.accessRoleGrant({
      outcome: 'success',
      actorType: 'user',
      userId: 'a',
      targetUserId: 'b',
      accessRoleName: 'admin',
      // @ts-expect-error secret-class attribute
      credentialValue: 'hunter2',
    });
    // @ts-expect-error arbitrary keys are not catalog attributes
    security.userDelete({ outcome: 'success', actorType: 'system', targetUserId: 'u2', password: 'x' });
  });

  it('fix audit_log.access to the audit_log resource type', () => {
    security.auditLogAccess({ outcome: 'success', actorType: 'user', userId: 'a' });
    // @ts-expect-error the resource type is fixed
    security.auditLogAccess({ outcome: 'success', actorType: 'user', userId: 'a', targetResourceType: 'invoice' });
  });

  it('type emitSecurityEvent attributes by event name with OTel attribute names', () => {
    emitSecurityEvent(
      logger,
      'security_event.session.end',
      {
        'security_event.outcome': 'success',
        'security_event.actor.type': 'user',
        'user.id': 'u1',
        'session.id': 'h:1',
        'security_event.session.end_reason': 'logout',
      },
      { mode: 'safe' },
    );
    emitSecurityEvent(
      logger,
      'security_event.session.end',
      {
        'security_event.outcome': 'success',
        'security_event.actor.type': 'user',
        'user.id': 'u1',
        'session.id': 'h:1',
        // @ts-expect-error not an end reason
        'security_event.session.end_reason': 'crash',
      },
      { mode: 'safe' },
    );
    emitSecurityEvent(
      logger,
      // @ts-expect-error not a catalog event
      'security_event.user.teleport',
      { 'security_event.outcome': 'success' },
      { mode: 'safe' },
    );
    expectTypeOf<AuthenticationLoginInput>().not.toHaveProperty('category');
  });
});
