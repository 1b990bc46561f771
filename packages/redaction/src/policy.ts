/**
 * The redaction policy: validated at construction (errors name the full field path and never repeat a value, which
 * may be a key), merged over the defaults into the `ResolvedPolicy` the engine runs on.
 */
import { BUILTIN_DETECTORS } from './detectors/registry.js';
import {
  resolveAllowlist,
  resolveCustom,
  resolveDetectorSettings,
  resolveHmac,
  resolveIp,
  resolveJwt,
  resolveKeyClasses,
  resolveLimits,
  stringList,
} from './internal/policy-sections.js';
import { type DEFAULT_LIMITS, DEFAULT_VALUE_SCANS } from './policy-defaults.js';
import { policyReader } from './policy-error.js';
import type { Action, KeyClass, RedactionPolicyInput } from './types.js';

export { DEFAULT_KEY_CLASS_ACTIONS, DEFAULT_LIMITS, defaultPolicy } from './policy-defaults.js';

export { RedactionPolicyError } from './policy-error.js';

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

/** Top-level fields of a policy: the input type's keys, kept in one list for validation. */
const POLICY_FIELDS = [
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
] as const satisfies readonly (keyof RedactionPolicyInput)[];

/** Validates a policy input and merges it over the defaults. Throws `RedactionPolicyError` naming the bad field. */
export function resolvePolicy(input: RedactionPolicyInput = {}): ResolvedPolicy {
  const read = policyReader;
  const p = read.object('policy', input, POLICY_FIELDS);
  const hmac = p.hmac === undefined ? undefined : resolveHmac(p.hmac);
  const scans = DEFAULT_VALUE_SCANS;
  return {
    mode: read.oneOf('policy.mode', p.mode, ['full', 'key-only'] as const, 'full'),
    detectors: resolveDetectorSettings(p.detectors, BUILTIN_DETECTORS),
    ...resolveKeyClasses(p.keyClasses),
    excludeKeys: p.excludeKeys === undefined ? [] : stringList('policy.excludeKeys', p.excludeKeys, 128),
    hmac,
    tokenLength: hmac?.tokenLength ?? 16,
    ...resolveAllowlist(p.allowlist),
    custom: p.customDetectors === undefined ? [] : resolveCustom(p.customDetectors),
    redactAllTypes: read.boolean('policy.redactAllTypes', p.redactAllTypes, scans.redactAllTypes),
    scanBinary: read.boolean('policy.scanBinary', p.scanBinary, scans.scanBinary),
    scanNumberShapes: read.boolean('policy.scanNumberShapes', p.scanNumberShapes, scans.scanNumberShapes),
    keepJwtHeaderFields: resolveJwt(p.jwt),
    keepPrivateIps: resolveIp(p.ip),
    ...resolveLimits(p.limits),
  };
}
