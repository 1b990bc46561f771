import { authSchemeLength } from './detectors/auth-header.js';
import type { KeyClassifier, KeyDecision } from './key-classifier.js';
import type { ResolvedPolicy } from './policy.js';
import type { Pseudonymizer } from './pseudonymizer.js';
import { renderReplacement } from './replacement.js';
import { bump, type StringScanner } from './string-scanner.js';
import type { KeyClass, RedactionReport } from './types.js';

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

/** Per-record work counters (design §6.3). */
export interface WalkBudget {
  nodes: number;
  stringBytes: number;
  /** `performance.now()` deadline of the optional per-record time budget (Infinity: none). */
  deadline: number;
}

export function newBudget(timeBudgetMs?: number): WalkBudget {
  return {
    nodes: 0,
    stringBytes: 0,
    deadline: timeBudgetMs === undefined ? Infinity : performance.now() + timeBudgetMs,
  };
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
  keyed(value: unknown, key: string, path: string, depth: number, b: WalkBudget, r?: RedactionReport): unknown {
    if (b.nodes >= this.#p.limits.maxNodes) {
      // Past the node budget every value is replaced anyway: skip classifying (wide maps stay linear and cheap).
      b.nodes++;
      return this.#budgetHit(value, 'max_nodes', 'NODE_LIMIT', r);
    }
    let decision: KeyDecision | null = null;
    if (key !== '') decision = path === '' ? this.#classifier.classify(key) : this.#classifier.classifyPair(path, key);
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
        if (!this.#p.redactAllTypes || !(this.#full || forceScan)) return value;
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
      if (!this.#p.scanBinary || !(this.#full || forceScan)) return value;
      const s = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
      const out = this.string(s, key, b, r);
      return out === s ? value : new Uint8Array(Buffer.from(out, 'utf8'));
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

  /** Scans one string within the per-record string budget and the per-string scan-length limit. */
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
        return this.#scanner.scan(value, context, r);
      }
      const cut = scanCut(value, maxScan);
      const unscanned = Buffer.byteLength(value.slice(cut), 'utf8');
      if (r) bump(r.budget, 'truncated');
      return `${this.#scanner.scan(value.slice(0, cut), context, r)}[TRUNCATED:${unscanned} bytes unscanned]`;
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
      try {
        v = value[k];
        out = forceScan ? this.node(v, k, k, depth + 1, b, r, true) : this.keyed(v, k, path, depth + 1, b, r);
      } catch {
        if (r) r.errors++;
        out = ERROR_MARKER;
      }
      if (out !== v && copy === null) {
        copy = {};
        for (let j = 0; j < i; j++) copy[keys[j] as string] = value[keys[j] as string];
      }
      if (copy !== null && out !== DROP) copy[k] = out;
    }
    return copy ?? value;
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
    if (action === 'redact') {
      // `Authorization: Bearer …` keeps its scheme, like the free-text AUTH_HEADER detector: any scheme under an
      // authorization header key, the well-known ones under other credential keys.
      let scheme = '';
      if (typeof value === 'string' && d.keyClass === 'credential') {
        scheme = value.slice(
          0,
          d.authorizationHeader ? authSchemeLength(value) : (AUTH_SCHEME.exec(value)?.[0].length ?? 0),
        );
      }
      return `${scheme}[REDACTED:${CLASS_LABELS[d.keyClass]}]`;
    }
    return this.#leaves(value, action, d, depth, b);
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
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value))
      out[k] = this.#leaves((value as Record<string, unknown>)[k], action, d, depth + 1, b);
    return out;
  }
}

/** Where to cut a long string: at the byte budget, backed off to whitespace so no token is split in half. */
function scanCut(value: string, maxBytes: number): number {
  let bytes = 0;
  let i = 0;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
    if (bytes + n > maxBytes) break;
    bytes += n;
    if (n === 4) i++;
  }
  const floor = Math.max(0, i - 1024);
  for (let j = i; j > floor; j--) {
    const c = value.charCodeAt(j - 1);
    if (c === 32 || c === 10 || c === 9 || c === 13) return j;
  }
  return i;
}
