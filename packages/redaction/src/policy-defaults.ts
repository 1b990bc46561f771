import { BUILTIN_DETECTORS } from './detectors/registry.js';
import { type Action, KEY_CLASSES, type KeyClass, type RedactionPolicyInput } from './types.js';

/**
 * Default action per key class (docs/design/redaction.md#key-classes). `connection` values are scanned; only
 * credentials inside go.
 */
export const DEFAULT_KEY_CLASS_ACTIONS: Readonly<Record<KeyClass, Action>> = {
  credential: 'redact',
  token: 'redact',
  session: 'hmac',
  payment: 'mask',
  paymentSad: 'drop',
  governmentId: 'mask',
  contact: 'hmac',
  network: 'hmac',
  connection: 'redact',
};

/**
 * Default work bounds (docs/design/redaction.md#limits-and-budgets): scan bytes per string, depth, nodes, string
 * bytes per record, findings.
 */
export const DEFAULT_LIMITS = {
  maxScanBytes: 65536,
  maxDepth: 16,
  maxNodes: 2000,
  maxTotalStringBytes: 262144,
  maxFindingsPerString: 256,
} as const;

/**
 * Fail-closed defaults for values that are not text (issue: bytes and numbers can carry secrets too): bytes are
 * scanned as text, integers of card or SSN shape are checked; other numbers only with `redactAllTypes`.
 */
export const DEFAULT_VALUE_SCANS = { scanBinary: true, scanNumberShapes: true, redactAllTypes: false } as const;

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * The secure default policy, for inspection and extension (`{ ...defaultPolicy, mode: 'key-only' }`). No HMAC key:
 * a random per-process key with kid `ephemeral` is used until you configure one (see README, "Key handling").
 */
export const defaultPolicy: Readonly<RedactionPolicyInput> = deepFreeze({
  mode: 'full',
  detectors: Object.fromEntries(
    BUILTIN_DETECTORS.map((d) => [d.name, { enabled: d.defaultEnabled, action: d.defaultAction }]),
  ),
  keyClasses: Object.fromEntries(KEY_CLASSES.map((c) => [c, { action: DEFAULT_KEY_CLASS_ACTIONS[c] }])),
  excludeKeys: [],
  allowlist: { literals: [], patterns: [], emailDomains: [] },
  customDetectors: [],
  ...DEFAULT_VALUE_SCANS,
  jwt: { keepHeaderFields: [] },
  ip: { privateRanges: 'hmac' },
  limits: { ...DEFAULT_LIMITS, overflow: 'truncate' },
} satisfies RedactionPolicyInput);
