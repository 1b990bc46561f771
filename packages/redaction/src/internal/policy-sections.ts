/**
 * One resolver per section of a redaction policy: each validates its part (full field paths, never the value) and
 * returns the resolved form. `resolvePolicy` composes them.
 */

import { findBuiltinDetector } from '../detectors/registry.js';
import type { CompiledCustomDetector, ResolvedPolicy } from '../policy.js';
import { DEFAULT_KEY_CLASS_ACTIONS, DEFAULT_LIMITS } from '../policy-defaults.js';
import { policyReader as read } from '../policy-error.js';
import { checkRegexSafety } from '../regex-safety.js';
import { ACTIONS, type Action, type CustomDetectorInput, KEY_CLASSES, type KeyClass } from '../types.js';
import type { Detector } from './detector.js';

/** An action (`redact`, `mask`, `hmac`, `drop`), or the fallback when absent. */
function action(field: string, v: unknown, fallback: Action): Action {
  return read.oneOf(field, v, ACTIONS, fallback);
}

/** A list of non-empty strings of at most `maxLen` characters. */
export function stringList(field: string, v: unknown, maxLen = 256): string[] {
  if (!Array.isArray(v)) read.fail(field, 'must be an array of strings');
  return (v as unknown[]).map((s, i) => {
    if (typeof s !== 'string' || s.length === 0 || s.length > maxLen) {
      read.fail(`${field}[${i}]`, `must be a non-empty string of at most ${maxLen} characters`);
    }
    return s as string;
  });
}

/** A regular expression source that the static ReDoS check accepts. */
function safePattern(field: string, source: unknown, flags: string): RegExp {
  if (typeof source !== 'string' || source.length === 0 || source.length > 2000) {
    read.fail(field, 'must be a non-empty regular expression source (≤ 2000 characters)');
  }
  const verdict = checkRegexSafety(source as string, flags);
  if (!verdict.safe) read.fail(field, `is rejected (rule ${verdict.rule}): ${verdict.reason}`);
  return new RegExp(source as string, flags);
}

/** Per-detector switches: keyed by name (`EMAIL`) or table id (`P1`). */
export function resolveDetectorSettings(
  v: unknown,
  builtins: readonly Detector[],
): Map<string, { enabled: boolean; action: Action }> {
  const detectors = new Map(builtins.map((d) => [d.name, { enabled: d.defaultEnabled, action: d.defaultAction }]));
  if (v === undefined) return detectors;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) read.fail('policy.detectors', 'must be an object');
  for (const [k, setting] of Object.entries(v as Record<string, unknown>)) {
    const d = findBuiltinDetector(k);
    // A key is repeated only when it is shaped like a detector name (it may be anything pasted).
    const f = /^[A-Z][A-Z0-9_]{0,47}$/.test(k) ? `policy.detectors.${k}` : 'policy.detectors';
    if (d === undefined) read.fail(f, 'is not a known detector (use a name such as EMAIL or a table id such as P1)');
    const s = read.object(f, setting, ['enabled', 'action']);
    const cur = detectors.get(d!.name)!;
    cur.enabled = read.boolean(`${f}.enabled`, s.enabled, cur.enabled);
    cur.action = action(`${f}.action`, s.action, cur.action);
  }
  return detectors;
}

/** Key-class actions and extra key names. */
export function resolveKeyClasses(v: unknown): Pick<ResolvedPolicy, 'keyClassActions' | 'extraKeys'> {
  const keyClassActions = { ...DEFAULT_KEY_CLASS_ACTIONS };
  const extraKeys: Partial<Record<KeyClass, string[]>> = {};
  for (const [k, setting] of Object.entries(read.object('policy.keyClasses', v, KEY_CLASSES))) {
    const f = `policy.keyClasses.${k}`;
    const s = read.object(f, setting, ['action', 'extraKeys']);
    keyClassActions[k as KeyClass] = action(`${f}.action`, s.action, keyClassActions[k as KeyClass]);
    if (s.extraKeys !== undefined) extraKeys[k as KeyClass] = stringList(`${f}.extraKeys`, s.extraKeys, 128);
  }
  return { keyClassActions, extraKeys };
}

/** Literals, safe patterns and e-mail domains that are never redacted. */
export function resolveAllowlist(
  v: unknown,
): Pick<ResolvedPolicy, 'allowLiterals' | 'allowPatterns' | 'allowEmailDomains'> {
  const a = read.object('policy.allowlist', v, ['literals', 'patterns', 'emailDomains']);
  const f = 'policy.allowlist';
  return {
    allowLiterals: new Set(a.literals === undefined ? [] : stringList(`${f}.literals`, a.literals, 4096)),
    allowPatterns:
      a.patterns === undefined
        ? []
        : stringList(`${f}.patterns`, a.patterns, 2000).map((s, i) => safePattern(`${f}.patterns[${i}]`, s, '')),
    allowEmailDomains:
      a.emailDomains === undefined
        ? []
        : stringList(`${f}.emailDomains`, a.emailDomains, 253).map((d) => d.toLowerCase().replace(/^[*@.]+/, '')),
  };
}

/** Accepted range of each limit. */
const LIMIT_RANGES: Readonly<Record<keyof typeof DEFAULT_LIMITS, readonly [number, number]>> = {
  maxScanBytes: [1024, 16 * 1024 * 1024],
  maxDepth: [1, 64],
  maxNodes: [1, 1_000_000],
  maxTotalStringBytes: [1024, 256 * 1024 * 1024],
  maxFindingsPerString: [1, 100_000],
};

/** Work bounds, what happens to strings over the scan limit, and the optional per-record time budget. */
export function resolveLimits(v: unknown): Pick<ResolvedPolicy, 'limits' | 'overflow' | 'recordTimeBudgetMs'> {
  const l = read.object('policy.limits', v, [...Object.keys(LIMIT_RANGES), 'overflow', 'recordTimeBudgetMs']);
  const limits = { ...DEFAULT_LIMITS } as ResolvedPolicy['limits'];
  for (const [k, [min, max]] of Object.entries(LIMIT_RANGES) as [keyof typeof DEFAULT_LIMITS, [number, number]][]) {
    limits[k] = read.integer(`policy.limits.${k}`, l[k], { min, max, fallback: DEFAULT_LIMITS[k] });
  }
  const budget = l.recordTimeBudgetMs;
  return {
    limits,
    overflow: read.oneOf('policy.limits.overflow', l.overflow, ['truncate', 'chunk'] as const, 'truncate'),
    recordTimeBudgetMs:
      budget === undefined
        ? undefined
        : read.integer('policy.limits.recordTimeBudgetMs', budget, { min: 1, max: 60_000, fallback: 1 }),
  };
}

/** JWT header fields kept in the redaction label. */
export function resolveJwt(v: unknown): ('alg' | 'kid')[] {
  const j = read.object('policy.jwt', v, ['keepHeaderFields']);
  if (j.keepHeaderFields === undefined) return [];
  return stringList('policy.jwt.keepHeaderFields', j.keepHeaderFields, 8).map((s, i) =>
    read.oneOf(`policy.jwt.keepHeaderFields[${i}]`, s, ['alg', 'kid'] as const, 'alg'),
  );
}

/** Whether private, loopback and link-local addresses are kept. */
export function resolveIp(v: unknown): boolean {
  const ip = read.object('policy.ip', v, ['privateRanges']);
  return read.oneOf('policy.ip.privateRanges', ip.privateRanges, ['hmac', 'keep'] as const, 'hmac') === 'keep';
}

/** An HMAC key: a Uint8Array of at least 32 bytes (a string is refused: decode it explicitly). */
function hmacKeyBytes(field: string, v: unknown): Uint8Array {
  if (typeof v === 'string') {
    read.fail(field, 'must be a Uint8Array, not a string (decode it explicitly, e.g. Buffer.from(value, "base64"))');
  }
  if (!(v instanceof Uint8Array)) read.fail(field, 'must be a Uint8Array');
  const key = v as Uint8Array;
  if (key.length < 32) read.fail(field, `must be at least 32 bytes, got ${key.length} bytes`);
  return Uint8Array.from(key);
}

/** A key id; a wrong one is described by its length only (a key pasted into the wrong field must not leak). */
function keyId(field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]{1,16}$/.test(v)) {
    read.fail(
      field,
      `must match [A-Za-z0-9_-]{1,16}${typeof v === 'string' ? `, got a string of length ${v.length}` : ''}`,
    );
  }
  return v as string;
}

/** The pseudonym key, earlier keys kept for lookups, and the token length. */
export function resolveHmac(v: unknown): NonNullable<ResolvedPolicy['hmac']> {
  const h = read.object('policy.hmac', v, ['kid', 'key', 'previousKeys', 'tokenLength']);
  const kid = keyId('policy.hmac.kid', h.kid);
  const key = hmacKeyBytes('policy.hmac.key', h.key);
  const tokenLength = read.integer('policy.hmac.tokenLength', h.tokenLength, { min: 16, max: 22, fallback: 16 });
  const previous: { kid: string; key: Uint8Array }[] = [];
  if (h.previousKeys !== undefined && !Array.isArray(h.previousKeys))
    read.fail('policy.hmac.previousKeys', 'must be an array');
  ((h.previousKeys ?? []) as unknown[]).forEach((entry, i) => {
    const f = `policy.hmac.previousKeys[${i}]`;
    const o = read.object(f, entry, ['kid', 'key']);
    const pk = keyId(`${f}.kid`, o.kid);
    if (pk === kid || previous.some((x) => x.kid === pk)) read.fail(`${f}.kid`, `duplicates key id "${pk}"`);
    previous.push({ kid: pk, key: hmacKeyBytes(`${f}.key`, o.key) });
  });
  return { kid, key, previous, tokenLength };
}

/** Custom pattern detectors, each checked for ReDoS safety. */
export function resolveCustom(v: unknown): CompiledCustomDetector[] {
  if (!Array.isArray(v)) read.fail('policy.customDetectors', 'must be an array');
  const names = new Set<string>();
  return (v as unknown[]).map((raw, i) => {
    const f = `policy.customDetectors[${i}]`;
    const c = read.object(f, raw, ['name', 'pattern', 'flags', 'action', 'keywords', 'validate']) as Partial<
      Record<keyof CustomDetectorInput, unknown>
    >;
    if (typeof c.name !== 'string' || !/^[A-Z][A-Z0-9_]{0,47}$/.test(c.name))
      read.fail(`${f}.name`, 'must match [A-Z][A-Z0-9_]{0,47}');
    const name = c.name as string;
    if (names.has(name) || findBuiltinDetector(name) !== undefined)
      read.fail(`${f}.name`, `duplicates detector "${name}"`);
    names.add(name);
    const flags = c.flags ?? '';
    if (typeof flags !== 'string' || !/^[imsu]{0,4}$/.test(flags) || new Set(flags).size !== flags.length) {
      read.fail(`${f}.flags`, 'must be a combination of i, m, s, u');
    }
    const validate = read.optionalFunction<(match: string) => boolean>(`${f}.validate`, c.validate);
    return {
      name,
      re: safePattern(`${f}.pattern`, c.pattern, `${flags}g`),
      action: action(`${f}.action`, c.action, 'redact'),
      keywords: c.keywords === undefined ? [] : stringList(`${f}.keywords`, c.keywords, 64).map((k) => k.toLowerCase()),
      ...(validate ? { validate } : {}),
    };
  });
}
