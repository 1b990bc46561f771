import { authSchemeLength } from '../detectors/auth-header.js';
import type { ResolvedPolicy } from '../policy.js';
import type { Pseudonymizer } from '../pseudonymizer.js';
import type { Action, KeyClass, RedactionReport } from '../types.js';
import { bytesAsText, textAsBytes } from './binary-text.js';
import { isAlnum, isLetter, PRIORITY } from './detector.js';
import type { KeyClassifier, KeyDecision, KeyEntry } from './key-classifier.js';
import { MIN_SCANNED_KEY, uniqueKey } from './key-names.js';
import { MIN_REMEMBERED_LENGTH, type RenderTemplate, rememberIn } from './record-memory.js';
import { renderReplacement } from './replacement.js';
import { bump, type StringScanner } from './string-scanner.js';
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

/** Key classes a key name in an array lends to the next element (the secrets S16 also reads in free text). */
const PAIR_CLASSES: ReadonlySet<KeyClass> = new Set<KeyClass>(['credential', 'token', 'session']);
/** What {@link ValueWalker} `#pairKey` returns for an array of key names (no name/value pairs in it). */
const NAME_LIST: KeyEntry = { decision: null, cleanName: false };
/** Longest array element read as a key name (header names and flags are short; longer strings are values). */
const MAX_PAIR_KEY = 64;

/**
 * Fields of a name/value entry object (`{ name: 'DB_PASSWORD', value: 'x' }`: Kubernetes `env`, HAR headers and
 * parameters, AWS tags `Key`/`Value` and CloudFormation `ParameterKey`/`ParameterValue`): the name field's value is
 * a key name, the value field's value is under it.
 */
const ENTRY_NAME_FIELDS: ReadonlySet<string> = new Set(['name', 'key', 'Name', 'Key', 'ParameterKey', 'OptionName']);
const ENTRY_VALUE_FIELDS: ReadonlySet<string> = new Set(['value', 'Value', 'ParameterValue']);
/** Entry objects are small (`name`, `value`, `valueFrom`, `type`, `comment`…): larger maps are not read as one. */
const MAX_ENTRY_FIELDS = 6;

/** A key name as arrays carry them: letters, digits, `-`, `_`, `.` only. */
function isKeyLike(s: string): boolean {
  for (let j = 0; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (!(isAlnum(c) || c === 45 || c === 95 || c === 46)) return false;
  }
  return true;
}

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
      if (!isPlainMap(value)) {
        // Without a snapshot (the direct API): Map, Set and Error are walked as the snapshot would write them.
        if (value instanceof Map || value instanceof Set || value instanceof Error) {
          return this.#collection(value, key, path, depth, b, r, forceScan);
        }
        if (Object.keys(value).length === 0) return value; // Date, class instances without own keys
      }
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

  /**
   * A `Map`, `Set` or `Error` (only reachable without a snapshot): walked as the plain map or array the snapshot
   * makes of it (map keys as strings; an error's own keys plus `stack`, `message`, `name` and `cause`). Returned as
   * it is when nothing changed, else as that plain copy — always the copy for a map with non-string keys, whose key
   * objects are not scanned.
   */
  #collection(
    value: Map<unknown, unknown> | Set<unknown> | Error,
    key: string,
    path: string,
    depth: number,
    b: WalkBudget,
    r: RedactionReport | undefined,
    forceScan: boolean,
  ): unknown {
    if (value instanceof Set) {
      const items = [...value];
      const out = this.#array(items, key, path, depth, b, r, forceScan);
      return out === items ? value : out;
    }
    const plain: Record<string, unknown> = Object.create(null);
    let objectKeys = false;
    if (value instanceof Map) {
      for (const [k, v] of value) {
        if (typeof k === 'object' && k !== null) objectKeys = true;
        const name = typeof k === 'string' ? k : String(k);
        if (!Object.hasOwn(plain, name)) plain[name] = v;
      }
    } else {
      for (const k of Object.keys(value)) plain[k] = (value as unknown as Record<string, unknown>)[k];
      for (const k of ['stack', 'message', 'name', 'cause'] as const) {
        if (!Object.hasOwn(plain, k) && value[k] !== undefined) plain[k] = value[k];
      }
    }
    const out = this.#map(plain, path, depth, b, r, forceScan);
    return out === plain && !objectKeys ? value : out;
  }

  /**
   * Arrays also carry keys and values side by side: argv (`['--db-password', 'x']`), Node's `req.rawHeaders`
   * (`['X-Api-Key', 'x', …]`), header entry lists (`[['authorization', 'Bearer x']]`). An element that is a
   * credential, token or session key name makes the next element its value, which gets the key's class action like a
   * map value would (counted as `K1.<class>`). One look-behind per element; nothing is allocated when none is found.
   */
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
    const n = value.length;
    let prev: unknown;
    // Cleared when a name is followed by another sensitive name: a list of names (`['password', 'token']`), no pairs.
    let pairs = (n & 1) === 0;
    for (let i = 0; i < n; i++) {
      const v = value[i];
      let entry = i > 0 ? this.#pairKey(prev, v, i, pairs) : null;
      if (entry === NAME_LIST) {
        pairs = false;
        entry = null;
      }
      let out: unknown;
      if (entry === null) out = this.node(v, key, path, depth + 1, b, r, forceScan);
      else {
        out = this.keyed(v, '', path, depth + 1, b, r, entry);
        // An array element cannot be removed (positions carry meaning): a `drop` class leaves its marker.
        if (out === DROP) out = `[REDACTED:${CLASS_LABELS[(entry.decision as KeyDecision).keyClass]}]`;
      }
      prev = v;
      if (out !== v && copy === null) copy = value.slice(0, i);
      if (copy !== null) copy.push(out);
    }
    return copy ?? value;
  }

  /**
   * The key entry that `prev` gives to `v`, its next array element, or null. `prev` is a flag (`--db-password`,
   * `-storepass`: one or two dashes stripped) anywhere in the array, or a plain key name at an even position of an
   * even-length array (`pairs`: name/value pairs as in `rawHeaders` and `[key, value]` entries). Only credential,
   * token and session classes; `v` is not a next flag (`--…`). After a plain name, a `v` that is itself a sensitive
   * key name returns {@link NAME_LIST}: the array lists names.
   */
  #pairKey(prev: unknown, v: unknown, i: number, pairs: boolean): KeyEntry | null {
    if (typeof prev !== 'string' || prev.length < 2 || prev.length > MAX_PAIR_KEY) return null;
    const isString = typeof v === 'string';
    if (!isString && typeof v !== 'number' && typeof v !== 'bigint') return null;
    let start = 0;
    while (start < 2 && prev.charCodeAt(start) === 45) start++;
    if (start === 0 && (!pairs || (i & 1) === 0)) return null;
    if (!isLetter(prev.charCodeAt(start)) || !isKeyLike(prev)) return null;
    const entry = this.#classifier.entry(start === 0 ? prev : prev.slice(start));
    const d = entry.decision;
    if (d === null || !PAIR_CLASSES.has(d.keyClass)) return null;
    if (isString) {
      if (start > 0 && (v as string).startsWith('--')) return null;
      if (
        start === 0 &&
        (v as string).length <= MAX_PAIR_KEY &&
        isKeyLike(v as string) &&
        this.#classifier.classify(v as string) !== null
      ) {
        return NAME_LIST;
      }
    }
    return entry;
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
    const lent = forceScan || keys.length > MAX_ENTRY_FIELDS ? null : this.#entryName(value, keys);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      let out: unknown;
      let v: unknown;
      let name = k;
      try {
        v = value[k];
        const entry =
          forceScan || b.nodes >= this.#p.limits.maxNodes
            ? null
            : lent !== null && ENTRY_VALUE_FIELDS.has(k)
              ? lent
              : this.entry(k, path);
        name = this.keyName(k, b, r, entry, forceScan);
        out = forceScan ? this.node(v, k, k, depth + 1, b, r, true) : this.keyed(v, k, path, depth + 1, b, r, entry);
      } catch {
        if (r) r.errors++;
        out = ERROR_MARKER;
      }
      if ((out !== v || name !== k) && copy === null) copy = copyHead(value, keys, i);
      if (copy !== null && out !== DROP) setOwn(copy, name === k ? k : uniqueKey(copy, name), out);
    }
    return copy ?? value;
  }

  /**
   * For a name/value entry object whose name is a credential, token or session key (`{ name: 'DB_PASSWORD', value:
   * 'x' }`): that name's key entry, which its value field then gets; else null. A throwing getter reads as no name.
   */
  #entryName(value: Record<string, unknown>, keys: readonly string[]): KeyEntry | null {
    let nameField: string | null = null;
    let hasValue = false;
    for (const k of keys) {
      if (ENTRY_NAME_FIELDS.has(k)) nameField ??= k;
      else if (ENTRY_VALUE_FIELDS.has(k)) hasValue = true;
    }
    if (nameField === null || !hasValue) return null;
    let name: unknown;
    try {
      name = value[nameField];
    } catch {
      return null;
    }
    if (typeof name !== 'string' || name.length < 2 || name.length > MAX_PAIR_KEY || !isKeyLike(name)) return null;
    const entry = this.#classifier.entry(name);
    return entry.decision !== null && PAIR_CLASSES.has(entry.decision.keyClass) ? entry : null;
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
      setOwn(
        out,
        name === k ? k : uniqueKey(out, name),
        this.#leaves((value as Record<string, unknown>)[k], action, d, depth + 1, b),
      );
    }
    return out;
  }
}

/** A copy of `value` with its first `n` keys (same prototype: snapshots are null-prototype maps). */
function copyHead(value: Record<string, unknown>, keys: readonly string[], n: number): Record<string, unknown> {
  const copy: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (let j = 0; j < n; j++) setOwn(copy, keys[j] as string, value[keys[j] as string]);
  return copy;
}

/**
 * `obj[key] = v` as an own property, also for the key `__proto__`: an object from `JSON.parse` can carry it as
 * an ordinary key, and plain assignment on a `{}` copy would set the copy's prototype instead (the value would
 * vanish from the output without a trace).
 */
function setOwn(obj: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}
