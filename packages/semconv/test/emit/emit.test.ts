import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  catalog,
  createSecurityEvents,
  defaultConformanceMode,
  emitSecurityEvent,
  getSecurityEventLogger,
  SecurityEventValidationError,
  uuidV7,
} from '../../src/index.js';
import { sdkPipeline } from './sdk-harness.js';

const FAILED_LOGIN = {
  outcome: 'failure',
  errorType: 'invalid_credentials',
  actorType: 'anonymous',
  userName: 'alice@example.com',
  authUserExists: true,
  authMethod: 'password',
  authFailureCount: 3,
  clientAddress: '203.0.113.5',
  userAgentOriginal: 'Mozilla/5.0',
  httpRequestMethod: 'POST',
  httpRoute: '/api/v1/login',
  httpResponseStatusCode: 401,
  serverAddress: 'app.example.com',
} as const;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createSecurityEvents builders', () => {
  it('emits the failed login of the worked example as an OTel event on the @seclog/semconv scope', () => {
    const { provider, records } = sdkPipeline();
    const security = createSecurityEvents(provider, { mode: 'strict' });
    const result = security.authenticationLogin(FAILED_LOGIN, { body: 'login failed' });

    const [record] = records();
    expect(record?.eventName).toBe('security_event.authentication.login');
    expect(record?.severityNumber).toBe(13);
    expect(record?.body).toBe('login failed');
    expect(record?.instrumentationScope).toMatchObject({
      name: '@seclog/semconv',
      version: catalog.version,
      schemaUrl: catalog.schemaUrl,
    });
    expect(record?.attributes).toEqual({
      'security_event.category': 'authentication',
      'security_event.outcome': 'failure',
      'security_event.actor.type': 'anonymous',
      'error.type': 'invalid_credentials',
      'user.name': 'alice@example.com',
      'security_event.auth.user_exists': true,
      'security_event.auth.method': 'password',
      'security_event.auth.failure_count': 3,
      'client.address': '203.0.113.5',
      'user_agent.original': 'Mozilla/5.0',
      'http.request.method': 'POST',
      'http.route': '/api/v1/login',
      'http.response.status_code': 401,
      'server.address': 'app.example.com',
      'log.record.uid': result.uid,
    });
    expect(result).toEqual({ eventName: record?.eventName, uid: result.uid, conformanceErrors: [] });
  });

  it('uses the ok severity on success and the variant severity when audit logging is disabled', () => {
    const { provider, records } = sdkPipeline();
    const security = createSecurityEvents(provider, { mode: 'strict' });
    security.sessionEnd({
      outcome: 'success',
      actorType: 'user',
      userId: 'u1',
      sessionId: 'h1',
      sessionEndReason: 'logout',
    });
    security.auditLogConfigUpdate({
      outcome: 'success',
      actorType: 'user',
      userId: 'u1',
      auditLogOperation: 'disable',
    });
    security.auditLogConfigUpdate({ outcome: 'success', actorType: 'user', userId: 'u1', auditLogOperation: 'enable' });
    expect(records().map((r) => r.severityNumber)).toEqual([9, 20, 13]);
  });

  it('fills fixed values (audit_log.access targets the audit log)', () => {
    const { provider, records } = sdkPipeline();
    createSecurityEvents(provider, { mode: 'strict' }).auditLogAccess({
      outcome: 'success',
      actorType: 'user',
      userId: 'u',
    });
    expect(records()[0]?.attributes['security_event.target.resource.type']).toBe('audit_log');
  });

  it('passes the timestamp through and numbers events when sequence is on', () => {
    const { provider, records } = sdkPipeline();
    const security = createSecurityEvents(provider, { mode: 'strict', sequence: true });
    const at = new Date('2026-08-31T10:15:02.123Z');
    security.userDelete({ outcome: 'success', actorType: 'system', targetUserId: 'u2' }, { timestamp: at });
    security.userDelete({ outcome: 'success', actorType: 'system', targetUserId: 'u3' });
    expect(records()[0]?.hrTime).toEqual([Math.floor(at.getTime() / 1000), 123_000_000]);
    expect(records().map((r) => r.attributes['security_event.sequence'])).toEqual([1, 2]);
  });

  it('throws in strict mode at the call site, listing codes, and emits nothing', () => {
    const { provider, records } = sdkPipeline();
    const security = createSecurityEvents(provider, { mode: 'strict' });
    const call = () =>
      // biome-ignore lint/suspicious/noExplicitAny: simulates an untyped JavaScript caller
      (security as any).authenticationLogin({ outcome: 'failure', actorType: 'user', authMethod: 'pin' });
    expect(call).toThrow(SecurityEventValidationError);
    try {
      call();
    } catch (error) {
      expect((error as SecurityEventValidationError).codes).toEqual([
        'invalid_value:security_event.auth.method',
        'missing_required:client.address',
        'missing_required:user.id',
        'missing_required:error.type',
      ]);
    }
    expect(records()).toHaveLength(0);
  });

  it('emits in safe mode with the conformance codes instead of throwing', () => {
    const { provider, records } = sdkPipeline();
    // biome-ignore lint/suspicious/noExplicitAny: simulates an untyped JavaScript caller
    const security = createSecurityEvents(provider, { mode: 'safe' }) as any;
    const result = security.accessRoleGrant({
      outcome: 'success',
      errorType: 'not_permitted',
      actorType: 'user',
      userId: 'a',
    });
    expect(result.conformanceErrors).toEqual([
      'missing_required:security_event.target.user.id',
      'missing_required:security_event.access.role.name',
      'error_type_on_success:error.type',
    ]);
    expect(records()[0]?.attributes['security_event.conformance.errors']).toEqual(result.conformanceErrors);
    expect(records()[0]?.eventName).toBe('security_event.access.role.grant');
  });

  it('refuses secrets: strict throws, safe drops the attribute and flags it without echoing the value', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl';
    const input = {
      outcome: 'success',
      actorType: 'system',
      targetUserId: 'u2',
      password: 'hunter2',
      credentialValue: 'sk_live_abcdefghijklmnop1234',
      justification: `ticket ${jwt}`,
    };
    const strict = sdkPipeline();
    // biome-ignore lint/suspicious/noExplicitAny: simulates an untyped JavaScript caller
    expect(() => (createSecurityEvents(strict.provider, { mode: 'strict' }) as any).userDelete(input)).toThrow(
      /secret_attribute:password/,
    );
    const safe = sdkPipeline();
    // biome-ignore lint/suspicious/noExplicitAny: simulates an untyped JavaScript caller
    const result = (createSecurityEvents(safe.provider, { mode: 'safe' }) as any).userDelete(input);
    const attributes = safe.records()[0]?.attributes ?? {};
    expect(Object.keys(attributes)).not.toContain('password');
    expect(Object.keys(attributes)).not.toContain('security_event.credential.value');
    expect(Object.keys(attributes)).not.toContain('security_event.justification');
    expect(result.conformanceErrors).toEqual([
      'secret_attribute:password',
      'secret_attribute:security_event.credential.value',
      'secret_value:security_event.justification',
    ]);
    expect(JSON.stringify(safe.records()[0])).not.toMatch(/hunter2|sk_live|eyJhbGci/);
  });

  it('drops a body that carries a credential and cuts an over-long body', () => {
    const { provider, records } = sdkPipeline();
    const security = createSecurityEvents(provider, { mode: 'safe' });
    const input = { outcome: 'success', actorType: 'system', targetUserId: 'u2' } as const;
    const leaked = security.userDelete(input, { body: 'deleted by Bearer abcdefghijklmnopqrstuvwxyz012345' });
    const long = security.userDelete(input, { body: 'x'.repeat(10_000) });
    expect(leaked.conformanceErrors).toEqual(['secret_value:body']);
    expect(records()[0]?.body).toBeUndefined();
    expect(long.conformanceErrors).toEqual(['value_too_long:body']);
    expect(records()[1]?.body).toHaveLength(8192);
  });

  it('reports unknown events and unknown attributes from JavaScript callers in safe mode', () => {
    const { provider, records } = sdkPipeline();
    const logger = getSecurityEventLogger(provider);
    // biome-ignore lint/suspicious/noExplicitAny: simulates an untyped JavaScript caller
    const emitAny = emitSecurityEvent as any;
    const result = emitAny(logger, 'security_event.user.teleport', { 'app.order': 1 }, { mode: 'safe' });
    expect(result.conformanceErrors).toEqual(['unknown_event', 'unknown_attribute:app.order']);
    expect(records()[0]?.severityNumber).toBe(13);
  });

  it('never throws in safe mode, even when the logger does', () => {
    const logger = {
      emit: () => {
        throw new Error('exporter down');
      },
      enabled: () => true,
    };
    const security = createSecurityEvents(logger, { mode: 'safe' });
    const result = security.userDelete({ outcome: 'success', actorType: 'system', targetUserId: 'u2' });
    expect(result.conformanceErrors).toEqual(['emit_failed']);
  });
});

describe('emitSecurityEvent', () => {
  it('emits with OTel attribute names and keeps a caller-provided log.record.uid', () => {
    const { provider, records } = sdkPipeline();
    const result = emitSecurityEvent(
      getSecurityEventLogger(provider),
      'security_event.credential.api_key.create',
      {
        'security_event.outcome': 'success',
        'security_event.actor.type': 'api_key',
        'security_event.actor.credential.id': 'key_admin',
        'security_event.credential.id': 'key_7f3a',
        'security_event.credential.type': 'api_key',
        'security_event.target.user.id': 'svc-billing',
        'log.record.uid': 'fixed-id',
      },
      { mode: 'strict' },
    );
    expect(result.uid).toBe('fixed-id');
    expect(records()[0]?.attributes['security_event.category']).toBe('credential');
    expect(records()[0]?.severityNumber).toBe(9);
  });
});

describe('defaultConformanceMode', () => {
  it('is strict under NODE_ENV development or test, and safe in production or when NODE_ENV is unset', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(defaultConformanceMode()).toBe('safe');
    expect(createSecurityEvents(sdkPipeline().provider).mode).toBe('safe');
    vi.stubEnv('NODE_ENV', undefined);
    expect(defaultConformanceMode()).toBe('safe');
    vi.stubEnv('NODE_ENV', 'test');
    expect(defaultConformanceMode()).toBe('strict');
    vi.stubEnv('NODE_ENV', 'development');
    expect(createSecurityEvents(sdkPipeline().provider).mode).toBe('strict');
  });
});

describe('uuidV7', () => {
  it('produces RFC 9562 version-7 ids that sort in creation order, also within one millisecond', () => {
    const before = Date.now();
    const ids = Array.from({ length: 2000 }, () => uuidV7());
    const after = Date.now();
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const firstMs = Number.parseInt(ids[0]?.slice(0, 13).replace('-', '') ?? '', 16);
    expect(firstMs).toBeGreaterThanOrEqual(before);
    expect(firstMs).toBeLessThanOrEqual(after + 1);
  });
});
