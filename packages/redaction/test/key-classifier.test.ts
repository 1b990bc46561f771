import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';
import { KeyClassifier, normalizeKey, tokenizeKey } from '../src/internal/key-classifier.js';

const classifier = new KeyClassifier();
const cls = (k: string) => classifier.classify(k)?.keyClass ?? null;

describe('key normalization', () => {
  it('lower-cases and strips -, _, ., spaces and []', () => {
    for (const k of ['X-Api-Key', 'x_api_key', 'xApiKey', 'X API KEY', 'x.api.key', 'x[api]key']) {
      expect(normalizeKey(k)).toBe('xapikey');
    }
  });

  it('reads full-width letters as ASCII and ignores invisible characters, as the decoded view does', () => {
    expect(normalizeKey('\uff50\uff41\uff53\uff53\u200bword')).toBe('password');
    expect(normalizeKey('api\u00ad_key')).toBe('apikey');
    const r = createRedactor();
    expect(
      r.redactAttributes({
        '\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44': 'hunter22',
        'db.pass\ufeffword': 'hunter22',
      }),
    ).toEqual({
      '\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44': '[REDACTED:CREDENTIAL]',
      'db.pass\ufeffword': '[REDACTED:CREDENTIAL]',
    });
  });

  it('tokenizes camelCase and separators', () => {
    expect(tokenizeKey('refreshToken')).toEqual(['refresh', 'token']);
    expect(tokenizeKey('maxTokens')).toEqual(['max', 'tokens']);
    expect(tokenizeKey('HTTPHeader_X-Auth')).toEqual(['http', 'header', 'x', 'auth']);
  });
});

describe('key classification (K1)', () => {
  it.each([
    ['password', 'credential'],
    ['PASSWORD', 'credential'],
    ['db_password', 'credential'],
    ['userPassword', 'credential'],
    ['client_secret', 'credential'],
    ['X-API-KEY', 'credential'],
    ['AUTHORIZATION', 'credential'],
    ['aUtHoRiZaTiOn', 'credential'],
    ['Proxy-Authorization', 'credential'],
    ['http.request.header.authorization', 'credential'],
    ['http.request.header.x-api-key', 'credential'],
    ['aws.secret_access_key', 'credential'],
    ['private-key', 'credential'],
    ['refresh_token', 'token'],
    ['idToken', 'token'],
    ['x-amz-security-token', 'token'],
    ['github_token', 'token'],
    ['http.request.header.cookie', 'session'],
    ['Set-Cookie', 'session'],
    ['JSESSIONID', 'session'],
    ['connect.sid', 'session'],
    ['card_number', 'payment'],
    ['iban', 'payment'],
    ['cvv', 'paymentSad'],
    ['CVC2', 'paymentSad'],
    ['pin', 'paymentSad'],
    ['ssn', 'governmentId'],
    ['email', 'contact'],
    ['user.email', 'contact'],
    ['phone_number', 'contact'],
    ['X-Forwarded-For', 'network'],
    ['client_ip', 'network'],
    ['DATABASE_URL', 'connection'],
    ['mongodb_uri', 'connection'],
    // Short stems as suffixes: env-style `…_PASS`, one-word `adminpass`, `old_pwd`.
    ['REDIS_PASS', 'credential'],
    ['adminpass', 'credential'],
    ['db.pass', 'credential'],
    ['old_pwd', 'credential'],
    ['newPwd', 'credential'],
    // One-time and recovery codes are credentials of the moment (token class).
    ['otp_code', 'token'],
    ['otpCode', 'token'],
    ['verification_code', 'token'],
    ['recovery_code', 'token'],
    ['recovery-codes', 'token'],
    ['backup_codes', 'token'],
    ['pin_code', 'paymentSad'],
    ['PIN-CODE', 'paymentSad'],
  ])('classifies %s as %s', (key, expected) => {
    expect(cls(key)).toBe(expected);
  });

  it.each([
    'max_tokens',
    'MAX_NUM_BATCHED_TOKENS',
    'bos_token',
    'token_count',
    'time_to_first_token',
    'HF_TOKEN_PATH',
    'TOKENIZER_PATH',
    'use_auth_token',
    'auth_type',
    'no-auth',
    'key',
    'PWD',
    'first_pass',
    'object-keys',
    'SECRET_NAME',
    'primary_key',
    'public_key',
    'key_id',
    'keyword',
    'author',
    'secret_length',
    'token_endpoint',
    'secrets_manager_url',
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.output_tokens',
    'user.id',
    'trace_id',
    'http.request.method',
    'password_changed_at',
    'secret_type',
    'token_expires',
    // `…pass` words that hold no password, and the shell's working directories (upper case).
    'cache_bypass',
    'compass',
    'two_pass',
    'lowpass',
    'OLDPWD',
    'env.OLDPWD',
    'pass_count',
  ])('keeps %s (exclusion list and innocent keys)', (key) => {
    expect(cls(key)).toBeNull();
  });

  it('marks numeric values under count-like keys as measurements', () => {
    expect(classifier.classify('secret_size')?.skipNumeric).toBe(true);
    expect(classifier.classify('password_length')).toBeNull();
    expect(classifier.classify('password')?.skipNumeric).toBe(false);
  });

  it('lets a policy add keys to a class and exclude keys', () => {
    const c = new KeyClassifier({ credential: ['x-internal-sig'] }, ['session']);
    expect(c.classify('X-Internal-Sig')?.keyClass).toBe('credential');
    expect(c.classify('session')).toBeNull();
  });
});

describe('key classes applied to values', () => {
  const r = createRedactor({ hmac: { kid: 'k1', key: new Uint8Array(32).fill(1) } });

  it('redacts the whole value of a credential key without scanning it', () => {
    expect(r.redactValue('anything at all', 'db.password')).toBe('[REDACTED:CREDENTIAL]');
    expect(r.redactValue({ user: 'a', pass: 'b' }, 'credentials')).toBe('[REDACTED:CREDENTIAL]');
  });

  it('keeps numbers under count-like sensitive keys and booleans under any key', () => {
    expect(r.redactValue(12, 'password_length')).toBe(12);
    expect(r.redactValue(true, 'password')).toBe(true);
    expect(r.redactValue(123456, 'password')).toBe('[REDACTED:CREDENTIAL]');
  });

  it('drops payment authentication data keys', () => {
    expect(r.redactAttributes({ cvv: 123, pin: '0000', amount: 5 })).toEqual({ amount: 5 });
    expect(r.redactValue(123, 'cvv')).toBeUndefined();
  });

  it('pseudonymizes each value under a network key, also inside arrays', () => {
    const out = r.redactValue(['10.0.0.1', '10.0.0.2'], 'x-forwarded-for') as string[];
    expect(out).toHaveLength(2);
    for (const t of out) expect(t).toMatch(/^<ip:k1:[A-Za-z0-9_-]{16}>$/);
    expect(out[0]).not.toBe(out[1]);
  });

  it('scans a connection string and redacts only its credentials', () => {
    const out = r.redactValue('postgres://app:pa55w0rd@db.internal:5432/orders', 'DATABASE_URL') as string;
    expect(out).not.toContain('pa55w0rd');
    expect(out).toContain('@db.internal:5432/orders');
  });
});
