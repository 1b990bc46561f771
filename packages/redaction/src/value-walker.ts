import { bytesAsText, textAsBytes } from './binary-text.js';
import { PRIORITY } from './detector.js';
import { authSchemeLength } from './detectors/auth-header.js';
import type { KeyClassifier, KeyDecision, KeyEntry } from './key-classifier.js';
import { MIN_SCANNED_KEY, uniqueKey } from './key-names.js';
import type { ResolvedPolicy } from './policy.js';
import type { Pseudonymizer } from './pseudonymizer.js';
import { MIN_REMEMBERED_LENGTH, type RenderTemplate, rememberIn } from './record-memory.js';
import { renderReplacement } from './replacement.js';
import { bump, type StringScanner } from './string-scanner.js';
import type { Action, KeyClass, RedactionReport } from './types.js';
import { CUT_OVERLAP, isPiiShapedInteger, scanCut, type WalkBudget } from './walk-budget.js';

export { newBudget, type WalkBudget } from './walk-budget.js';

/** Marker returned for a key whose class action is `drop`. */
export const DROP: unique symbol = Symbol('seclog.redaction.drop');

export const ERROR_MARKER = '[REDACTION_ERROR]';

const CLASS_LABELS: Record<KeyClass, string> = {
  credential: 'CREDENTIAL',
  token: 'TOKEN',
  session: 'SESSION',
  payment: 'PAYMENT',
  paymentSad: 'PAYMENT_SAD',
  governmentId: 'GOVERNMENT_ID',
  contact: 'CONTACT',
  network: 'NETWORK',
  connection: 'CONNECTION',
};

const AUTH_SCHEME = /^(?:bearer|basic|token|digest|negotiate|apikey|dpop|aws4-hmac-sha256) {1,3}(?=\S)/i;

function isPlainMap(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Walks log values with copy-on-write: only branches that change are cloned, everything else keeps its reference,
 * and the caller's objects are never mutated. Recursion is bounded by `maxDepth` (≤ 64), so it cannot overflow.
 */
export class ValueWalker {
  readonly #p: ResolvedPolicy;
  readonly #classifier: KeyClassifier;
  readonly #scanner: StringScanner;
  readonly #pseudonymizer: Pseudonymizer;
  readonly #full: boolean;
  readonly #templates = new WeakMap<KeyDecision, RenderTemplate>();

  constructor(policy: ResolvedPolicy, classifier: KeyClassifier, scanner: StringScanner, pseudonymizer: Pseudonymizer) {
    this.#p = policy;
    this.#classifier = classifier;
    this.#scanner = scanner;
    this.#pseudonymizer = pseudonymizer;
    this.#full = policy.mode === 'full';
  }

  /**
   * Redacts a value found under `key` (`''` at the root); `path` is the parent's key. Keys are classified alone and
   * as `parent.key` (`api.key`, `header.authorization`): two cached lookups, no per-node string building.
   */
  keyed(
    value: unknown,
    key: string,
    path: string,
    depth: number,
    b: WalkBudget,
    r?: RedactionReport,
    entry?: KeyEntry | null,
  ): unknown {
    if (b.nodes >= this.#p.limits.maxNodes) {
      // Past the node budget every value is replaced anyway: skip classifying (wide maps stay linear and cheap).
      b.nodes++;
      return this.#budgetHit(value, 'max_nodes', 'NODE_LIMIT', r);
    }
    const decision = (entry === undefined ? this.entry(key, path) : entry)?.decision ?? null;
    const childPath = key === '' ? path : key;
    if (decision !== null) return this.#applyKeyClass(value, decision, key, childPath, depth, b, r);
    return this.node(value, key, childPath, depth, b, r);
  }

  /** Redacts an unclassified value (scans strings in full mode; recurses into maps and arrays). */
  node(
    value: unknown,
    key: string,
    path: string,
    depth: number,
    b: WalkBudget,
    r?: RedactionReport,
    forceScan = false,
  ): unknown {
    const limits = this.#p.limits;
    if (++b.nodes > limits.maxNodes) return this.#budgetHit(value, 'max_nodes', 'NODE_LIMIT', r);
    switch (typeof value) {
      case 'string':
        return this.#full || forceScan ? this.string(value, key, b, r) : value;
      case 'number':
      case 'bigint': {
        if (!(this.#full || forceScan)) return value;
        // Cards and SSNs logged as numbers: integers of 9–19 digits are checked by default (`scanNumberShapes`),
        // every number with `redactAllTypes`.
        if (!this.#p.redactAllTypes && !(this.#p.scanNumberShapes && isPiiShapedInteger(value))) return value;
        const s = String(value);
        const out = this.string(s, key, b, r);
        return out === s ? value : out;
      }
      case 'object':
        break;
      default:
        return value;
    }
    if (value === null) return value;
    if (value instanceof Uint8Array) {
      if (!this.#p.scanBinary || !(this.#full || forceScan) || value.byteLength === 0) return value;
      const { text, encoding } = bytesAsText(value);
      const out = this.string(text, key, b, r);
      return out === text ? value : textAsBytes(out, encoding);
    }
    if (depth >= limits.maxDepth) return this.#budgetHit(value, 'max_depth', 'MAX_DEPTH', r);
    try {
      if (Array.isArray(value)) return this.#array(value, key, path, depth, b, r, forceScan);
      if (!isPlainMap(value) && Object.keys(value).length === 0) return value; // Date, Map, class instances
      return this.#map(value as Record<string, unknown>, path, depth, b, r, forceScan);
    } catch {
      if (r) r.errors++;
      return ERROR_MARKER;
    }
  }

  /**
   * Scans one string within the per-record string budget and the per-string scan-length limit. Past the limit the
   * string is cut (`[TRUNCATED:n bytes unscanned]`), but the scan reads `CUT_OVERLAP` characters beyond the cut: a
   * value straddling it is replaced whole and nothing of it survives.
   */
  string(value: string, key: string, b: WalkBudget, r?: RedactionReport): string {
    if (value.length === 0) return value;
    const limits = this.#p.limits;
    if (b.stringBytes >= limits.maxTotalStringBytes)
      return this.#budgetHit(value, 'max_string_bytes', 'STRING_BUDGET', r) as string;
    if (b.deadline !== Infinity && performance.now() > b.deadline) {
      return this.#budgetHit(value, 'time_budget', 'TIME_BUDGET', r) as string;
    }
    const remaining = limits.maxTotalStringBytes - b.stringBytes;
    b.stringBytes += value.length;
    try {
      const context = key === '' ? '' : this.#classifier.context(key);
      const maxScan = this.#p.overflow === 'chunk' ? Math.max(limits.maxScanBytes, remaining) : limits.maxScanBytes;
      if (value.length <= maxScan / 3 || Buffer.byteLength(value, 'utf8') <= maxScan) {
        return this.#scanner.scan(value, context, r, b);
      }
      const cut = scanCut(value, maxScan);
      const window = value.slice(0, Math.min(value.length, cut + 2 * CUT_OVERLAP));
      const scanned = this.#scanner.scanPrefix(window, cut, context, r, b);
      if (scanned.end >= value.length) return scanned.out;
      const unscanned = Buffer.byteLength(value.slice(scanned.end), 'utf8');
      if (r) bump(r.budget, 'truncated');
      return `${scanned.out}[TRUNCATED:${unscanned} bytes unscanned]`;
    } catch {
      if (r) r.errors++;
      return ERROR_MARKER;
    }
  }

  #budgetHit(value: unknown, event: string, label: string, r?: RedactionReport): unknown {
    if (value === null || value === undefined || typeof value === 'boolean') return value;
    if (r) bump(r.budget, event);
    return `[REDACTED:${label}]`;
  }

  #array(
    value: unknown[],
    key: string,
    path: string,
    depth: number,
    b: WalkBudget,
    r: RedactionReport | undefined,
    forceScan: boolean,
  ): unknown[] {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const out = this.node(v, key, path, depth + 1, b, r, forceScan);
      if (out !== v && copy === null) copy = value.slice(0, i);
      if (copy !== null) copy.push(out);
    }
    return copy ?? value;
  }

  #map(
    value: Record<string, unknown>,
    path: string,
    depth: number,
    b: WalkBudget,
    r: RedactionReport | undefined,
    forceScan: boolean,
  ): unknown {
    let copy: Record<string, unknown> | null = null;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      let out: unknown;
      let v: unknown;
      let name = k;
      try {
        v = value[k];
        const entry = forceScan || b.nodes >= this.#p.limits.maxNodes ? null : this.entry(k, path);
        name = this.keyName(k, b, r, entry, forceScan);
        out = forceScan ? this.node(v, k, k, depth + 1, b, r, true) : this.keyed(v, k, path, depth + 1, b, r, entry);
      } catch {
        if (r) r.errors++;
        out = ERROR_MARKER;
      }
      if ((out !== v || name !== k) && copy === null) copy = copyHead(value, keys, i);
      if (copy !== null && out !== DROP) copy[name === k ? k : uniqueKey(copy, name)] = out;
    }
    return copy ?? value;
  }

  /** The classifier's cache entry of `key` under `path` (`''` at the top level), or null for the root. */
  entry(key: string, path: string): KeyEntry | null {
    if (key === '') return null;
    return path === '' ? this.#classifier.entry(key) : this.#classifier.pairEntry(path, key);
  }

  /**
   * What a map or attribute key is written as: itself, or its redacted text when the key holds a secret (keys are
   * scanned with the value detectors in full mode; counted as `KEY.<detector>`).
   */
  keyName(key: string, b: WalkBudget, r?: RedactionReport, entry: KeyEntry | null = null, forceScan = false): string {
    if ((!this.#full && !forceScan) || key.length < MIN_SCANNED_KEY) return key;
    // A key cached as clean is scanned again only when it contains a value already found in the record.
    const clean = entry?.cleanName === true;
    if (
      clean &&
      !(b.memory !== null ? b.memory.occursIn(key) : b.pendingValue !== null && key.includes(b.pendingValue))
    ) {
      return key;
    }
    b.countPrefix = 'KEY.';
    try {
      const out = this.string(key, '', b, r);
      if (out === key && entry !== null) entry.cleanName = true;
      return out;
    } finally {
      b.countPrefix = '';
    }
  }

  #applyKeyClass(
    value: unknown,
    d: KeyDecision,
    key: string,
    path: string,
    depth: number,
    b: WalkBudget,
    r?: RedactionReport,
  ): unknown {
    const action = this.#p.keyClassActions[d.keyClass];
    if (action === 'drop') {
      if (r) bump(r.findings, `K1.${d.keyClass}:drop`);
      return DROP;
    }
    if (value === null || value === undefined || typeof value === 'boolean') return value;
    if ((typeof value === 'number' || typeof value === 'bigint') && d.skipNumeric) return value;
    if (typeof value === 'string' && value.length === 0) return value;
    if (d.keyClass === 'connection' && action === 'redact') {
      // Connection strings: keep host and database, redact the credentials inside (URL user:password, Password=…).
      return this.node(value, key, path, depth, b, r, true);
    }
    if (r) bump(r.findings, `K1.${d.keyClass}:${action}`);
    // `Authorization: Bearer …` keeps its scheme, like the free-text AUTH_HEADER detector: any scheme under an
    // authorization header key, the well-known ones under other credential keys.
    let scheme = 0;
    if (typeof value === 'string' && d.keyClass === 'credential' && action === 'redact') {
      scheme = d.authorizationHeader ? authSchemeLength(value) : (AUTH_SCHEME.exec(value)?.[0].length ?? 0);
    }
    if (typeof value === 'string' && this.#full && value.length - scheme >= MIN_REMEMBERED_LENGTH) {
      this.#remember(value.slice(scheme), d, action, b);
    }
    if (action === 'redact') {
      return `${typeof value === 'string' ? value.slice(0, scheme) : ''}[REDACTED:${CLASS_LABELS[d.keyClass]}]`;
    }
    return this.#leaves(value, action, d, depth, b);
  }

  /** Remembers a classified value (its credential part) so its copies in later strings of the record go too. */
  #remember(credential: string, d: KeyDecision, action: Action, b: WalkBudget): void {
    rememberIn(b, credential, this.#template(d, action));
  }

  /** The render template of a key decision (one per decision and action: no allocation per record). */
  #template(d: KeyDecision, action: Action): RenderTemplate {
    let t = this.#templates.get(d);
    if (t === undefined || t.action !== action) {
      const label = CLASS_LABELS[d.keyClass];
      t = { detector: `K1.${d.keyClass}`, label, valueType: d.valueType, priority: PRIORITY.secret, action };
      this.#templates.set(d, t);
    }
    return t;
  }

  /** Applies mask/hmac to every scalar under a classified key (e.g. a list of IPs under `x-forwarded-for`). */
  #leaves(value: unknown, action: 'mask' | 'hmac', d: KeyDecision, depth: number, b: WalkBudget): unknown {
    if (++b.nodes > this.#p.limits.maxNodes) return '[REDACTED:NODE_LIMIT]';
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
      return renderReplacement(action, CLASS_LABELS[d.keyClass], d.valueType, String(value), this.#pseudonymizer);
    }
    if (typeof value !== 'object' || value === null) return value;
    if (value instanceof Uint8Array) return `[REDACTED:${CLASS_LABELS[d.keyClass]}]`;
    if (depth >= this.#p.limits.maxDepth) return '[REDACTED:MAX_DEPTH]';
    if (Array.isArray(value)) return value.map((v) => this.#leaves(v, action, d, depth + 1, b));
    const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    for (const k of Object.keys(value)) {
      const name = this.keyName(k, b);
      out[name === k ? k : uniqueKey(out, name)] = this.#leaves(
        (value as Record<string, unknown>)[k],
        action,
        d,
        depth + 1,
        b,
      );
    }
    return out;
  }
}

/** A copy of `value` with its first `n` keys (same prototype: snapshots are null-prototype maps). */
function copyHead(value: Record<string, unknown>, keys: readonly string[], n: number): Record<string, unknown> {
  const copy: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (let j = 0; j < n; j++) copy[keys[j] as string] = value[keys[j] as string];
  return copy;
}
