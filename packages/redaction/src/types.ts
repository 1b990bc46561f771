import type { DetectorName } from './detectors/registry.js';

/** What can happen to a sensitive value: the one list (policy validation and docs derive from it). */
export const ACTIONS = ['redact', 'mask', 'hmac', 'drop'] as const;
/** What happens to a sensitive value. */
export type Action = (typeof ACTIONS)[number];

/** Key-name classes (docs/design/redaction.md#key-classes), in table order. */
export const KEY_CLASSES = [
  'credential',
  'token',
  'session',
  'payment',
  'paymentSad',
  'governmentId',
  'contact',
  'network',
  'connection',
] as const;
/** A key-name class. */
export type KeyClass = (typeof KEY_CLASSES)[number];

/** Built-in value detectors, derived from the registry. Each also answers to its table id ({@link DetectorId}). */
export type { DetectorName };
/** A detector's table id: `S1`… for secrets, `P1`… for PII. */
export type DetectorId = `${'S' | 'P'}${number}`;

/** Where a finding's detector ranks in overlap resolution: secret > pii > generic. */
export type DetectorCategory = 'secret' | 'pii' | 'generic';

/** A secret key for HMAC pseudonymization: at least 32 random bytes. */
export interface HmacKey {
  /** Key id embedded in every token (`[A-Za-z0-9_-]{1,16}`), e.g. `k2026q4`. */
  kid: string;
  /** The key material (≥ 32 bytes). Strings are refused: decode env values explicitly, e.g. `Buffer.from(v, 'base64')`. */
  key: Uint8Array;
}

/** HMAC configuration: the active key, previous keys kept for lookups, and the token length. */
export interface HmacPolicyInput {
  kid: string;
  key: Uint8Array;
  /** Keys of earlier periods; tokens are never produced with them, only on request via `pseudonymize(type, v, kid)`. */
  previousKeys?: HmacKey[];
  /** Base64url characters kept from the MAC (16–22, default 16 = 96 bits). */
  tokenLength?: number;
}

/** A user-supplied pattern detector; checked for ReDoS safety at construction. */
export interface CustomDetectorInput {
  /** Upper-case label used in `[REDACTED:NAME]`, e.g. `EMPLOYEE_ID`. */
  name: string;
  /** Regular expression source (every quantifier bounded ≤ 1000; no backreferences or lookbehind). */
  pattern: string;
  /** Extra flags among `i`, `m`, `s`, `u`. */
  flags?: string;
  action?: Action;
  /** Case-insensitive literals; when given, the pattern runs only in windows around them (faster). */
  keywords?: string[];
  /** Extra check on a match; returning false discards it. Exceptions fail closed (`[REDACTION_ERROR]`). */
  validate?: (match: string) => boolean;
}

/** Per-detector switch and action. */
export interface DetectorSettingInput {
  enabled?: boolean;
  action?: Action;
}

/** Per-key-class action and extra key names (normalized exact match). */
export interface KeyClassSettingInput {
  action?: Action;
  extraKeys?: string[];
}

/** Work bounds; everything beyond them is redacted, never passed through unscanned. */
export interface LimitsInput {
  /** Bytes of one string that are scanned (default 65536); the rest becomes `[TRUNCATED:n bytes unscanned]`. */
  maxScanBytes?: number;
  /** Nesting depth of maps/arrays (default 16, max 64). */
  maxDepth?: number;
  /** Values visited per record (default 2000). */
  maxNodes?: number;
  /** Total string bytes scanned per record (default 262144). */
  maxTotalStringBytes?: number;
  /** Findings in one string before the whole value becomes `[REDACTED:TOO_MANY_FINDINGS]` (default 256). */
  maxFindingsPerString?: number;
  /**
   * Strings longer than `maxScanBytes`: `truncate` (default) keeps the scanned prefix plus `[TRUNCATED:n bytes
   * unscanned]`; `chunk` scans them whole as long as the record's `maxTotalStringBytes` budget allows (the scanner is
   * linear, so no chunk boundaries are needed), and truncates only what exceeds the budget.
   */
  overflow?: 'truncate' | 'chunk';
  /** Optional per-record time budget (ms), checked between strings; later strings become `[REDACTED:TIME_BUDGET]`. */
  recordTimeBudgetMs?: number;
}

/** The policy accepted by `createRedactor` and `RedactionProcessor`; every field is optional. */
export interface RedactionPolicyInput {
  /** `full` (default) scans values; `key-only` classifies key names only (pino-like). */
  mode?: 'full' | 'key-only';
  detectors?: Partial<Record<DetectorName | DetectorId, DetectorSettingInput>>;
  keyClasses?: Partial<Record<KeyClass, KeyClassSettingInput>>;
  /** Normalized key names never classified as sensitive (extends the built-in exclusion list). */
  excludeKeys?: string[];
  hmac?: HmacPolicyInput;
  allowlist?: {
    /** Exact values never redacted (cards compare digits only; emails compare lower-cased). */
    literals?: string[];
    /** Regex sources tested against each finding; checked for ReDoS safety like custom detectors. */
    patterns?: string[];
    /** Email domains (and their subdomains) whose addresses stay, e.g. `example.com`. */
    emailDomains?: string[];
  };
  customDetectors?: CustomDetectorInput[];
  /**
   * Scan every number as text (a changed number becomes a string). Default false: only integers of card or SSN
   * shape are checked (`scanNumberShapes`).
   */
  redactAllTypes?: boolean;
  /**
   * Scan `Uint8Array` values as text: UTF-8 when valid, else latin-1; a changed value stays bytes in the same
   * encoding. Default true (fail closed); `false` lets bytes pass untouched.
   */
  scanBinary?: boolean;
  /**
   * Check non-negative integers of 9–19 digits (numbers and bigints) with the card and SSN detectors, as if they
   * were text (a card found becomes its masked string). Default true; `false` leaves numbers alone unless
   * `redactAllTypes` is set.
   */
  scanNumberShapes?: boolean;
  jwt?: { keepHeaderFields?: ('alg' | 'kid')[] };
  /** `privateRanges: 'keep'` leaves private, loopback and link-local addresses as they are (default `'hmac'`). */
  ip?: { privateRanges?: 'hmac' | 'keep' };
  limits?: LimitsInput;
}

/** Cumulative or per-call counts; never contains values or key names. */
export interface RedactionReport {
  /** `detector:action` → count, e.g. `EMAIL:hmac`. Key classes appear as `K1.credential:redact`. */
  findings: Map<string, number>;
  /** Budget events: `truncated`, `too_many_findings`, `max_depth`, `max_nodes`, `max_string_bytes`. */
  budget: Map<string, number>;
  /** Values replaced by `[REDACTION_ERROR]`. */
  errors: number;
}

/** The redaction engine created by `createRedactor`. */
export interface Redactor {
  /** The validated, frozen policy in force. */
  readonly policy: ResolvedPolicyView;
  /**
   * Redacts any log value (string, number, map, array…). Returns the same reference when nothing changed and never
   * mutates the input. Returns `undefined` when `keyPath` classifies the value as `drop`.
   */
  redactValue(value: unknown, keyPath?: string, report?: RedactionReport): unknown;
  /** Redacts a record's attribute map: returns the same object if clean, else a copy without dropped keys. */
  redactAttributes<T extends Record<string, unknown>>(attributes: T, report?: RedactionReport): T;
  /** Redacts one string of free text. */
  redactText(text: string, report?: RedactionReport): string;
  /**
   * The HMAC token for a value as it would appear in logs, e.g. `<email:k1:Xq7vLp2mA9cTz0Rw>`; with `kid` it uses a
   * previous key (to find records from an earlier key period).
   */
  pseudonymize(type: string, value: string, kid?: string): string;
}

/** A read-only summary of the resolved policy (no key material). */
export interface ResolvedPolicyView {
  readonly mode: 'full' | 'key-only';
  readonly hmacKid: string;
  readonly ephemeralKey: boolean;
  readonly detectors: Readonly<Record<string, { enabled: boolean; action: Action }>>;
  readonly keyClasses: Readonly<Record<KeyClass, Action>>;
}
