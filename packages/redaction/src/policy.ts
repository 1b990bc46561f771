import { BUILTIN_DETECTORS, findBuiltinDetector } from './detectors/registry.js';
import {
  ACTIONS,
  DEFAULT_KEY_CLASS_ACTIONS,
  DEFAULT_LIMITS,
  DEFAULT_VALUE_SCANS,
  KEY_CLASSES,
} from './policy-defaults.js';
import { checkRegexSafety } from './regex-safety.js';
import type { Action, CustomDetectorInput, KeyClass, RedactionPolicyInput } from './types.js';

export { DEFAULT_KEY_CLASS_ACTIONS, DEFAULT_LIMITS, defaultPolicy } from './policy-defaults.js';

/** Invalid policy: thrown at construction, naming the field; never echoes key material. */
export class RedactionPolicyError extends Error {
  override readonly name = 'RedactionPolicyError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field} ${message}`);
  }
}

export interface CompiledCustomDetector {
  name: string;
  re: RegExp;
  action: Action;
  keywords: string[];
  validate?: (match: string) => boolean;
}

/** The validated policy the engine runs on. */
export interface ResolvedPolicy {
  mode: 'full' | 'key-only';
  detectors: Map<string, { enabled: boolean; action: Action }>;
  keyClassActions: Record<KeyClass, Action>;
  extraKeys: Partial<Record<KeyClass, string[]>>;
  excludeKeys: string[];
  hmac: { kid: string; key: Uint8Array; previous: { kid: string; key: Uint8Array }[]; tokenLength: number } | undefined;
  tokenLength: number;
  allowLiterals: Set<string>;
  allowPatterns: RegExp[];
  allowEmailDomains: string[];
  custom: CompiledCustomDetector[];
  redactAllTypes: boolean;
  scanBinary: boolean;
  scanNumberShapes: boolean;
  keepJwtHeaderFields: ('alg' | 'kid')[];
  keepPrivateIps: boolean;
  limits: { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };
  /** Strings over `maxScanBytes`: `truncate` (default) or `chunk` (scan them whole within the record budget). */
  overflow: 'truncate' | 'chunk';
  /** Optional per-record time budget, checked between strings. */
  recordTimeBudgetMs: number | undefined;
}

const TOP_LEVEL = new Set([
  'mode',
  'detectors',
  'keyClasses',
  'excludeKeys',
  'hmac',
  'allowlist',
  'customDetectors',
  'redactAllTypes',
  'scanBinary',
  'scanNumberShapes',
  'jwt',
  'ip',
  'limits',
]);

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkObject(field: string, v: unknown, known?: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(v)) throw new RedactionPolicyError(field, `must be an object, got ${describe(v)}`);
  if (known !== undefined) {
    for (const k of Object.keys(v)) {
      if (!known.includes(k))
        throw new RedactionPolicyError(`${field}.${k}`, `is not a known field (expected one of ${known.join(', ')})`);
    }
  }
  return v;
}

function checkAction(field: string, v: unknown): Action {
  if (typeof v !== 'string' || !ACTIONS.includes(v as Action)) {
    throw new RedactionPolicyError(field, `must be one of ${ACTIONS.join(', ')}, got ${describe(v)}`);
  }
  return v as Action;
}

function checkBoolean(field: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new RedactionPolicyError(field, `must be a boolean, got ${describe(v)}`);
  return v;
}

function optionalBoolean(field: string, v: unknown, fallback: boolean): boolean {
  return v === undefined ? fallback : checkBoolean(field, v);
}

function checkInt(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RedactionPolicyError(field, `must be an integer between ${min} and ${max}, got ${describe(v)}`);
  }
  return v;
}

function checkStrings(field: string, v: unknown, maxLen = 256): string[] {
  if (!Array.isArray(v)) throw new RedactionPolicyError(field, `must be an array of strings, got ${describe(v)}`);
  return v.map((s, i) => {
    if (typeof s !== 'string' || s.length === 0 || s.length > maxLen) {
      throw new RedactionPolicyError(
        `${field}[${i}]`,
        `must be a non-empty string of at most ${maxLen} characters, got ${describe(s)}`,
      );
    }
    return s;
  });
}

function checkSafePattern(field: string, source: unknown, flags: string): RegExp {
  if (typeof source !== 'string' || source.length === 0 || source.length > 2000) {
    throw new RedactionPolicyError(
      field,
      `must be a non-empty regular expression source (≤ 2000 characters), got ${describe(source)}`,
    );
  }
  const verdict = checkRegexSafety(source, flags);
  if (!verdict.safe) throw new RedactionPolicyError(field, `is rejected (rule ${verdict.rule}): ${verdict.reason}`);
  return new RegExp(source, flags);
}

function checkKey(field: string, v: unknown): Uint8Array {
  if (typeof v === 'string') {
    throw new RedactionPolicyError(
      field,
      'must be a Uint8Array, not a string (decode it explicitly, e.g. Buffer.from(value, "base64"))',
    );
  }
  if (!(v instanceof Uint8Array)) throw new RedactionPolicyError(field, `must be a Uint8Array, got ${describe(v)}`);
  if (v.length < 32) throw new RedactionPolicyError(field, `must be at least 32 bytes, got ${v.length} bytes`);
  return Uint8Array.from(v);
}

function checkKid(field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]{1,16}$/.test(v)) {
    // Not echoed: a key pasted into the wrong field must not end up in an error message.
    const got = typeof v === 'string' ? `a string of length ${v.length}` : describe(v);
    throw new RedactionPolicyError(field, `must match [A-Za-z0-9_-]{1,16}, got ${got}`);
  }
  return v;
}

function resolveHmac(v: unknown): ResolvedPolicy['hmac'] {
  const h = checkObject('policy.hmac', v, ['kid', 'key', 'previousKeys', 'tokenLength']);
  const kid = checkKid('policy.hmac.kid', h.kid);
  const key = checkKey('policy.hmac.key', h.key);
  const tokenLength = h.tokenLength === undefined ? 16 : checkInt('policy.hmac.tokenLength', h.tokenLength, 16, 22);
  const previous: { kid: string; key: Uint8Array }[] = [];
  if (h.previousKeys !== undefined) {
    if (!Array.isArray(h.previousKeys)) {
      throw new RedactionPolicyError('policy.hmac.previousKeys', `must be an array, got ${describe(h.previousKeys)}`);
    }
    h.previousKeys.forEach((p, i) => {
      const f = `policy.hmac.previousKeys[${i}]`;
      const o = checkObject(f, p, ['kid', 'key']);
      const pk = checkKid(`${f}.kid`, o.kid);
      if (pk === kid || previous.some((x) => x.kid === pk))
        throw new RedactionPolicyError(`${f}.kid`, `duplicates key id "${pk}"`);
      previous.push({ kid: pk, key: checkKey(`${f}.key`, o.key) });
    });
  }
  return { kid, key, previous, tokenLength };
}

function resolveCustom(v: unknown): CompiledCustomDetector[] {
  if (!Array.isArray(v))
    throw new RedactionPolicyError('policy.customDetectors', `must be an array, got ${describe(v)}`);
  const names = new Set<string>();
  return v.map((raw, i) => {
    const f = `policy.customDetectors[${i}]`;
    const c = checkObject(f, raw, [
      'name',
      'pattern',
      'flags',
      'action',
      'keywords',
      'validate',
    ]) as Partial<CustomDetectorInput>;
    if (typeof c.name !== 'string' || !/^[A-Z][A-Z0-9_]{0,47}$/.test(c.name)) {
      throw new RedactionPolicyError(`${f}.name`, `must match [A-Z][A-Z0-9_]{0,47}, got ${describe(c.name)}`);
    }
    if (names.has(c.name) || findBuiltinDetector(c.name) !== undefined) {
      throw new RedactionPolicyError(`${f}.name`, `duplicates detector "${c.name}"`);
    }
    names.add(c.name);
    const flags = c.flags ?? '';
    if (typeof flags !== 'string' || !/^[imsu]{0,4}$/.test(flags) || new Set(flags).size !== flags.length) {
      throw new RedactionPolicyError(`${f}.flags`, `must be a combination of i, m, s, u, got ${describe(flags)}`);
    }
    const re = checkSafePattern(`${f}.pattern`, c.pattern, `${flags}g`);
    const out: CompiledCustomDetector = {
      name: c.name,
      re,
      action: c.action === undefined ? 'redact' : checkAction(`${f}.action`, c.action),
      keywords:
        c.keywords === undefined ? [] : checkStrings(`${f}.keywords`, c.keywords, 64).map((k) => k.toLowerCase()),
    };
    if (c.validate !== undefined) {
      if (typeof c.validate !== 'function')
        throw new RedactionPolicyError(`${f}.validate`, `must be a function, got ${describe(c.validate)}`);
      out.validate = c.validate;
    }
    return out;
  });
}

/** Validates a policy input and merges it over the defaults. Throws `RedactionPolicyError` naming the bad field. */
export function resolvePolicy(input: RedactionPolicyInput = {}): ResolvedPolicy {
  const p = checkObject('policy', input) as Record<string, unknown>;
  for (const k of Object.keys(p)) {
    if (!TOP_LEVEL.has(k))
      throw new RedactionPolicyError(
        `policy.${k}`,
        `is not a known field (expected one of ${[...TOP_LEVEL].join(', ')})`,
      );
  }
  const mode = p.mode ?? 'full';
  if (mode !== 'full' && mode !== 'key-only')
    throw new RedactionPolicyError('policy.mode', `must be "full" or "key-only", got ${describe(mode)}`);

  const detectors = new Map(
    BUILTIN_DETECTORS.map((d) => [d.name, { enabled: d.defaultEnabled, action: d.defaultAction }]),
  );
  if (p.detectors !== undefined) {
    for (const [k, v] of Object.entries(checkObject('policy.detectors', p.detectors))) {
      const f = `policy.detectors.${k}`;
      const d = findBuiltinDetector(k);
      if (d === undefined)
        throw new RedactionPolicyError(
          f,
          'is not a known detector (use a name such as EMAIL or a table id such as P1)',
        );
      const s = checkObject(f, v, ['enabled', 'action']);
      const cur = detectors.get(d.name)!;
      if (s.enabled !== undefined) cur.enabled = checkBoolean(`${f}.enabled`, s.enabled);
      if (s.action !== undefined) cur.action = checkAction(`${f}.action`, s.action);
    }
  }

  const keyClassActions = { ...DEFAULT_KEY_CLASS_ACTIONS };
  const extraKeys: Partial<Record<KeyClass, string[]>> = {};
  if (p.keyClasses !== undefined) {
    for (const [k, v] of Object.entries(checkObject('policy.keyClasses', p.keyClasses, KEY_CLASSES))) {
      const f = `policy.keyClasses.${k}`;
      const s = checkObject(f, v, ['action', 'extraKeys']);
      if (s.action !== undefined) keyClassActions[k as KeyClass] = checkAction(`${f}.action`, s.action);
      if (s.extraKeys !== undefined) extraKeys[k as KeyClass] = checkStrings(`${f}.extraKeys`, s.extraKeys, 128);
    }
  }
  const excludeKeys = p.excludeKeys === undefined ? [] : checkStrings('policy.excludeKeys', p.excludeKeys, 128);
  const hmac = p.hmac === undefined ? undefined : resolveHmac(p.hmac);

  let allowLiterals = new Set<string>();
  let allowPatterns: RegExp[] = [];
  let allowEmailDomains: string[] = [];
  if (p.allowlist !== undefined) {
    const a = checkObject('policy.allowlist', p.allowlist, ['literals', 'patterns', 'emailDomains']);
    if (a.literals !== undefined) allowLiterals = new Set(checkStrings('policy.allowlist.literals', a.literals, 4096));
    if (a.patterns !== undefined) {
      allowPatterns = checkStrings('policy.allowlist.patterns', a.patterns, 2000).map((s, i) =>
        checkSafePattern(`policy.allowlist.patterns[${i}]`, s, ''),
      );
    }
    if (a.emailDomains !== undefined) {
      allowEmailDomains = checkStrings('policy.allowlist.emailDomains', a.emailDomains, 253).map((d) =>
        d.toLowerCase().replace(/^[*@.]+/, ''),
      );
    }
  }

  const limits = { ...DEFAULT_LIMITS } as ResolvedPolicy['limits'];
  let overflow: ResolvedPolicy['overflow'] = 'truncate';
  let recordTimeBudgetMs: number | undefined;
  if (p.limits !== undefined) {
    const l = checkObject('policy.limits', p.limits, [
      ...Object.keys(DEFAULT_LIMITS),
      'overflow',
      'recordTimeBudgetMs',
    ]);
    if (l.overflow !== undefined) {
      if (l.overflow !== 'truncate' && l.overflow !== 'chunk') {
        throw new RedactionPolicyError(
          'policy.limits.overflow',
          `must be "truncate" or "chunk", got ${describe(l.overflow)}`,
        );
      }
      overflow = l.overflow;
    }
    if (l.recordTimeBudgetMs !== undefined) {
      recordTimeBudgetMs = checkInt('policy.limits.recordTimeBudgetMs', l.recordTimeBudgetMs, 1, 60_000);
    }
    const ranges: Record<keyof typeof DEFAULT_LIMITS, [number, number]> = {
      maxScanBytes: [1024, 16 * 1024 * 1024],
      maxDepth: [1, 64],
      maxNodes: [1, 1_000_000],
      maxTotalStringBytes: [1024, 256 * 1024 * 1024],
      maxFindingsPerString: [1, 100_000],
    };
    for (const [k, [min, max]] of Object.entries(ranges) as [keyof typeof DEFAULT_LIMITS, [number, number]][]) {
      if (l[k] !== undefined) limits[k] = checkInt(`policy.limits.${k}`, l[k], min, max);
    }
  }

  let keepJwtHeaderFields: ('alg' | 'kid')[] = [];
  if (p.jwt !== undefined) {
    const j = checkObject('policy.jwt', p.jwt, ['keepHeaderFields']);
    if (j.keepHeaderFields !== undefined) {
      keepJwtHeaderFields = checkStrings('policy.jwt.keepHeaderFields', j.keepHeaderFields, 8).map((s, i) => {
        if (s !== 'alg' && s !== 'kid')
          throw new RedactionPolicyError(
            `policy.jwt.keepHeaderFields[${i}]`,
            `must be "alg" or "kid", got ${describe(s)}`,
          );
        return s;
      });
    }
  }

  let keepPrivateIps = false;
  if (p.ip !== undefined) {
    const ip = checkObject('policy.ip', p.ip, ['privateRanges']);
    if (ip.privateRanges !== undefined) {
      if (ip.privateRanges !== 'hmac' && ip.privateRanges !== 'keep') {
        throw new RedactionPolicyError(
          'policy.ip.privateRanges',
          `must be "hmac" or "keep", got ${describe(ip.privateRanges)}`,
        );
      }
      keepPrivateIps = ip.privateRanges === 'keep';
    }
  }

  return {
    mode,
    detectors,
    keyClassActions,
    extraKeys,
    excludeKeys,
    hmac,
    tokenLength: hmac?.tokenLength ?? 16,
    allowLiterals,
    allowPatterns,
    allowEmailDomains,
    custom: p.customDetectors === undefined ? [] : resolveCustom(p.customDetectors),
    redactAllTypes: optionalBoolean('policy.redactAllTypes', p.redactAllTypes, DEFAULT_VALUE_SCANS.redactAllTypes),
    scanBinary: optionalBoolean('policy.scanBinary', p.scanBinary, DEFAULT_VALUE_SCANS.scanBinary),
    scanNumberShapes: optionalBoolean(
      'policy.scanNumberShapes',
      p.scanNumberShapes,
      DEFAULT_VALUE_SCANS.scanNumberShapes,
    ),
    keepJwtHeaderFields,
    keepPrivateIps,
    limits,
    overflow,
    recordTimeBudgetMs,
  };
}
