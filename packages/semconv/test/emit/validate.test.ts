import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkSecurityEvent, formatIssues, isSecretKey, looksLikeSecret } from '../../src/index.js';

/** A classic GitHub token: `ghp_`, a 30-character body and its base62 CRC32 (GitHub's published format). */
function githubClassicToken(body: string): string {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let n = crc32(body);
  let check = '';
  for (; n > 0; n = Math.floor(n / 62)) check = digits[n % 62] + check;
  return `ghp_${body}${check.padStart(6, '0')}`;
}

const codes = (name: string, attributes: Record<string, unknown>) =>
  formatIssues(checkSecurityEvent(name, attributes).issues);

const BASE = { 'security_event.category': 'account', 'security_event.actor.type': 'system' };

describe('checkSecurityEvent', () => {
  it('accepts a conformant event', () => {
    expect(
      codes('security_event.user.delete', {
        ...BASE,
        'security_event.outcome': 'success',
        'security_event.target.user.id': 'u',
      }),
    ).toEqual([]);
  });

  it('reports wrong types and enum values per attribute', () => {
    expect(
      codes('security_event.user.delete', {
        ...BASE,
        'security_event.outcome': 'success',
        'security_event.target.user.id': 7,
        'security_event.actor.privileged': 'yes',
        'security_event.auth.factors': ['totp', 'carrier_pigeon'],
        'security_event.auth.failure_count': 1.5,
      }),
    ).toEqual([
      'invalid_type:security_event.target.user.id',
      'invalid_type:security_event.actor.privileged',
      'invalid_value:security_event.auth.factors',
      'invalid_type:security_event.auth.failure_count',
    ]);
  });

  it('requires the actor identity for user and api_key actors', () => {
    const event = {
      'security_event.category': 'account',
      'security_event.outcome': 'success',
      'security_event.target.user.id': 'u',
    };
    expect(codes('security_event.user.delete', { ...event, 'security_event.actor.type': 'user' })).toEqual([
      'missing_required:user.id',
    ]);
    expect(codes('security_event.user.delete', { ...event, 'security_event.actor.type': 'api_key' })).toEqual([
      'missing_required:security_event.actor.credential.id',
    ]);
  });

  it('checks outcome rules: allowed outcomes, error.type enum, no error.type on success', () => {
    const reject = { 'security_event.category': 'session', 'security_event.actor.type': 'anonymous' };
    expect(codes('security_event.session.reject', { ...reject, 'security_event.outcome': 'success' })).toEqual([
      'invalid_outcome',
    ]);
    expect(
      codes('security_event.session.reject', { ...reject, 'security_event.outcome': 'failure', 'error.type': 'nope' }),
    ).toEqual(['invalid_error_type:error.type']);
    expect(
      codes('security_event.account.lock', {
        ...BASE,
        'security_event.outcome': 'failure',
        'security_event.target.user.id': 'u',
        'security_event.lock.reason': 'admin',
      }),
    ).toEqual([]);
  });

  it('reports a fixed value and a category that contradict the event', () => {
    expect(
      codes('security_event.audit_log.access', {
        'security_event.category': 'data',
        'security_event.actor.type': 'system',
        'security_event.outcome': 'success',
        'security_event.target.resource.type': 'invoice',
      }),
    ).toEqual(['fixed_value:security_event.target.resource.type', 'invalid_value:security_event.category']);
  });

  it('bounds the number of issues per record', () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`x.k${i}`, 1]));
    expect(checkSecurityEvent('security_event.user.delete', many).issues).toHaveLength(32);
  });

  it('flags and marks for truncation values over 8192 characters', () => {
    const report = checkSecurityEvent('security_event.user.delete', {
      ...BASE,
      'security_event.outcome': 'success',
      'security_event.target.user.id': 'u',
      'security_event.justification': 'x'.repeat(9000),
    });
    expect(formatIssues(report.issues)).toEqual(['value_too_long:security_event.justification']);
    expect(report.truncateKeys).toEqual(['security_event.justification']);
  });

  it('removes structured values (maps, nested arrays) that cannot be checked for secrets', () => {
    const report = checkSecurityEvent('security_event.user.delete', {
      ...BASE,
      'security_event.outcome': 'success',
      'security_event.target.user.id': { password: 'hunter2' },
      'app.context': [{ token: 'x' }],
    });
    expect(formatIssues(report.issues)).toEqual([
      'unsupported_value:security_event.target.user.id',
      'unsupported_value:app.context',
      'missing_required:security_event.target.user.id',
    ]);
    expect(report.dropKeys).toEqual(['security_event.target.user.id', 'app.context']);
  });

  it('leaves structured values of non-catalog attributes to other processors when unknown attributes are not reported', () => {
    const report = checkSecurityEvent(
      'security_event.user.delete',
      { ...BASE, 'security_event.outcome': 'success', 'security_event.target.user.id': 'u', 'app.context': { a: 1 } },
      { reportUnknownAttributes: false },
    );
    expect(report.issues).toEqual([]);
  });

  it('flags arrays over 256 members for truncation', () => {
    const fields = Array.from({ length: 300 }, (_, i) => `f${i}`);
    const report = checkSecurityEvent('security_event.user.update', {
      ...BASE,
      'security_event.outcome': 'success',
      'security_event.target.user.id': 'u',
      'security_event.changes.fields': fields,
    });
    expect(formatIssues(report.issues)).toEqual(['value_too_long:security_event.changes.fields']);
  });
});

describe('secret guard', () => {
  it('recognises secret key names but not catalog id attributes', () => {
    expect(isSecretKey('password')).toBe(true);
    expect(isSecretKey('http.request.header.authorization')).toBe(true);
    expect(isSecretKey('app.refresh_token')).toBe(true);
    expect(isSecretKey('app.order_id')).toBe(false);
    // The redaction engine's exclusions apply here too: an LLM's token budget is not a token.
    expect(isSecretKey('gen_ai.request.max_tokens')).toBe(false);
  });

  it('recognises credential-shaped values', () => {
    expect(looksLikeSecret('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig')).toBe(true);
    expect(looksLikeSecret(`AKIA${'A'.repeat(16)}`)).toBe(true);
    expect(looksLikeSecret(githubClassicToken('0123456789abcdefghijABCDEFGHIJ'))).toBe(true);
    expect(looksLikeSecret('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
    expect(looksLikeSecret('connect with password=hunter2 please')).toBe(true);
    expect(looksLikeSecret('xoxe-1-My0xLTIzNDU2Nzg5MC0xMjM0NTY3ODkwMTIzNA')).toBe(true);
    expect(looksLikeSecret('key_7f3a')).toBe(false);
    expect(looksLikeSecret('019ab2c4-5e6f-7a01-9c3d-2e4f5a6b7c8d')).toBe(false);
  });

  it('stays fast on adversarial input (coarse guard against backtracking)', () => {
    const input = `${'eyJ'.repeat(5000)}${'a.'.repeat(5000)}`;
    const start = performance.now();
    looksLikeSecret(input);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
