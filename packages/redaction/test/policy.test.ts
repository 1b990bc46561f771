import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  DETECTOR_NAMES,
  defaultPolicy,
  RedactionPolicyError,
  type RedactionPolicyInput,
} from '../src/index.js';

function errorOf(policy: unknown): RedactionPolicyError {
  try {
    createRedactor(policy as RedactionPolicyInput);
  } catch (e) {
    expect(e).toBeInstanceOf(RedactionPolicyError);
    return e as RedactionPolicyError;
  }
  throw new Error('policy was accepted');
}

describe('invalid policies fail at construction with an error naming the field', () => {
  it.each([
    [{ mode: 'fast' }, 'policy.mode', "must be one of 'full', 'key-only'"],
    [{ limits: { maxDepth: 'x' } }, 'policy.limits.maxDepth', 'must be an integer from 1 to 64'],
    [{ limits: { maxDepth: 65 } }, 'policy.limits.maxDepth', 'from 1 to 64'],
    [{ limits: { maxNodes: 0 } }, 'policy.limits.maxNodes', 'from 1 to'],
    [{ limits: { maxScanBytes: 1.5 } }, 'policy.limits.maxScanBytes', 'must be an integer'],
    [{ limits: { maxTotalStringBytes: -1 } }, 'policy.limits.maxTotalStringBytes', 'must be an integer'],
    [{ limits: { maxFindingsPerString: 0 } }, 'policy.limits.maxFindingsPerString', 'must be an integer'],
    [{ limits: { maxdepth: 3 } }, 'policy.limits.maxdepth', 'is not a known option (did you mean maxDepth?)'],
    [{ limits: { overflow: 'split' } }, 'policy.limits.overflow', "must be one of 'truncate', 'chunk'"],
    [{ limits: { recordTimeBudgetMs: 0 } }, 'policy.limits.recordTimeBudgetMs', 'from 1 to 60000'],
    [{ detector: {} }, 'policy.detector', 'is not a known option (did you mean detectors?)'],
    [{ detectors: { NOPE: {} } }, 'policy.detectors.NOPE', 'is not a known detector'],
    [
      { detectors: { EMAIL: { action: 'shred' } } },
      'policy.detectors.EMAIL.action',
      "must be one of 'redact', 'mask', 'hmac', 'drop'",
    ],
    [{ detectors: { P1: { enabled: 'yes' } } }, 'policy.detectors.P1.enabled', 'must be true or false'],
    [
      { keyClasses: { passwords: {} } },
      'policy.keyClasses.passwords',
      'is not a known option; known: credential, token',
    ],
    [{ keyClasses: { credential: { action: 'x' } } }, 'policy.keyClasses.credential.action', 'must be one of'],
    [
      { keyClasses: { credential: { extraKeys: [''] } } },
      'policy.keyClasses.credential.extraKeys[0]',
      'non-empty string',
    ],
    [{ excludeKeys: 'max_tokens' }, 'policy.excludeKeys', 'must be an array of strings'],
    [{ hmac: { kid: 'k1', key: new Uint8Array(16) } }, 'policy.hmac.key', 'must be at least 32 bytes, got 16 bytes'],
    [{ hmac: { kid: 'k1', key: 'a'.repeat(64) } }, 'policy.hmac.key', 'must be a Uint8Array, not a string'],
    [{ hmac: { kid: 'bad kid!', key: new Uint8Array(32) } }, 'policy.hmac.kid', 'must match'],
    [{ hmac: { kid: 'k1', key: new Uint8Array(32), tokenLength: 8 } }, 'policy.hmac.tokenLength', 'from 16 to 22'],
    [
      { hmac: { kid: 'k1', key: new Uint8Array(32), previousKeys: [{ kid: 'k1', key: new Uint8Array(32) }] } },
      'policy.hmac.previousKeys[0].kid',
      'duplicates key id "k1"',
    ],
    [{ allowlist: { literals: 'x' } }, 'policy.allowlist.literals', 'must be an array'],
    [{ allowlist: { patterns: ['(a+)+'] } }, 'policy.allowlist.patterns[0]', 'rule unbounded'],
    [{ customDetectors: [{ name: 'lower', pattern: 'x' }] }, 'policy.customDetectors[0].name', 'must match'],
    [{ customDetectors: [{ name: 'EMAIL', pattern: 'x' }] }, 'policy.customDetectors[0].name', 'duplicates detector'],
    [{ customDetectors: [{ name: 'X', pattern: 'a*' }] }, 'policy.customDetectors[0].pattern', 'rule unbounded'],
    [{ customDetectors: [{ name: 'X', pattern: 'a{0,5}' }] }, 'policy.customDetectors[0].pattern', 'rule empty-match'],
    [
      { customDetectors: [{ name: 'X', pattern: 'a{1,5000}' }] },
      'policy.customDetectors[0].pattern',
      'rule bound-too-large',
    ],
    [
      { customDetectors: [{ name: 'X', pattern: '(a)\\1' }] },
      'policy.customDetectors[0].pattern',
      'rule backreference',
    ],
    [{ customDetectors: [{ name: 'X', pattern: '(?<=a)b' }] }, 'policy.customDetectors[0].pattern', 'rule lookbehind'],
    [
      { customDetectors: [{ name: 'X', pattern: '(?:a{1,5}){1,5}' }] },
      'policy.customDetectors[0].pattern',
      'rule ambiguous-repetition',
    ],
    [
      { customDetectors: [{ name: 'X', pattern: 'x', flags: 'g' }] },
      'policy.customDetectors[0].flags',
      'combination of i, m, s, u',
    ],
    [
      { customDetectors: [{ name: 'X', pattern: 'x', validate: 'yes' }] },
      'policy.customDetectors[0].validate',
      'must be a function',
    ],
    [{ jwt: { keepHeaderFields: ['typ'] } }, 'policy.jwt.keepHeaderFields[0]', "must be one of 'alg', 'kid'"],
    [{ redactAllTypes: 1 }, 'policy.redactAllTypes', 'must be true or false'],
    [{ ip: { privateRanges: 'drop' } }, 'policy.ip.privateRanges', "must be one of 'hmac', 'keep'"],
  ])('%j → %s', (policy, field, message) => {
    const e = errorOf(policy);
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
    expect(e.message).toContain(message);
    expect(e.name).toBe('RedactionPolicyError');
  });

  it('never echoes key material in the message', () => {
    const key = 'k3y-material-that-must-not-leak-0123456789';
    expect(errorOf({ hmac: { kid: 'k1', key } }).message).not.toContain(key);
    expect(errorOf({ hmac: { kid: 'k1', key: Buffer.from(key.slice(0, 20)) } }).message).not.toContain('k3y');
    expect(errorOf({ hmac: { kid: key, key: new Uint8Array(32) } }).message).not.toContain('k3y');
  });
});

describe('defaultPolicy', () => {
  it('is frozen, lists every detector and key class, and round-trips as a valid policy', () => {
    expect(Object.isFrozen(defaultPolicy)).toBe(true);
    expect(Object.isFrozen(defaultPolicy.limits)).toBe(true);
    expect(Object.keys(defaultPolicy.detectors ?? {}).sort()).toEqual([...DETECTOR_NAMES].sort());
    expect(defaultPolicy.keyClasses?.paymentSad?.action).toBe('drop');
    expect(defaultPolicy.detectors?.PHONE?.enabled).toBe(false);
    expect(() => createRedactor({ ...defaultPolicy, mode: 'key-only' })).not.toThrow();
  });

  it('can be extended per detector by name or table id', () => {
    const r = createRedactor({ detectors: { P1: { enabled: false }, AWS_ACCESS_KEY_ID: { action: 'mask' } } });
    expect(r.redactText('a@b.com')).toBe('a@b.com');
    expect(r.policy.detectors.EMAIL?.enabled).toBe(false);
    expect(r.redactText('AKIAIOSFODNN7EXAMPL3')).toBe('****************MPL3');
  });
});
