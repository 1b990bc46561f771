/**
 * Hostile log records for differential tests, in two steps: a **spec** (plain data that fast-check generates, shrinks
 * and prints) and `buildRecord`, which turns a spec into the live values an application could pass to
 * `logger.emit()` — getters with state, Proxies, `String` objects, typed arrays, cycles. Building is done once per
 * pipeline, so a getter that answers differently on its second read starts fresh in each.
 *
 * Every planted secret is one seclog's default redaction must remove (`planted-secrets.ts`); `buildRecord` returns the
 * spellings that must not reach an archive. The arbitraries that generate specs are in `hostile-record-arbitraries.ts`.
 */
import {
  type Attributes,
  type Context,
  type Logger,
  type LoggerProvider,
  type LogRecord,
  ROOT_CONTEXT,
  trace,
} from '@opentelemetry/api';
import { type SecretSpec, secretOf } from './planted-secrets.js';

/** Pieces of a string, joined with spaces (so each secret stands as a word of its own, as in real log lines). */
export type Piece =
  | { readonly p: 'word'; readonly w: string }
  | { readonly p: 'secret'; readonly s: SecretSpec }
  /**
   * A whitespace-free string whose secret straddles code unit `at`: 65 536 (redaction's scan window) or 1 MiB (the
   * snapshot's string limit, where the string is cut).
   */
  | { readonly p: 'across'; readonly s: SecretSpec; readonly back: number; readonly at: number };

export type ValueSpec =
  | { readonly k: 'text'; readonly parts: readonly Piece[] }
  | { readonly k: 'scalar'; readonly v: string }
  | { readonly k: 'secret-number'; readonly s: SecretSpec; readonly as: 'number' | 'bigint' | 'float64array' }
  | { readonly k: 'bytes'; readonly parts: readonly Piece[]; readonly buffer: boolean }
  | { readonly k: 'typed'; readonly type: 'i32' | 'u16' | 'f64' | 'big64' | 'u8c'; readonly n: readonly number[] }
  | { readonly k: 'string-object'; readonly parts: readonly Piece[] }
  | { readonly k: 'date'; readonly ms: number }
  | { readonly k: 'array'; readonly items: readonly ValueSpec[]; readonly length: number }
  | { readonly k: 'map'; readonly entries: readonly (readonly [KeySpec, ValueSpec])[] }
  | { readonly k: 'es-map'; readonly entries: readonly (readonly [KeySpec, ValueSpec])[] }
  | { readonly k: 'set'; readonly items: readonly ValueSpec[] }
  | { readonly k: 'getter-flip'; readonly first: ValueSpec; readonly second: ValueSpec }
  /** A getter that throws (the secret in its error) on `key`, next to a readable field holding the secret. */
  | { readonly k: 'getter-throws'; readonly s: SecretSpec; readonly key: 'boom' | 'message' | 'toJSON' }
  | { readonly k: 'class'; readonly field: ValueSpec; readonly toJSON: boolean }
  | { readonly k: 'proxy'; readonly mode: 'flip' | 'lying-keys' | 'revoked' | 'array'; readonly s: SecretSpec }
  | { readonly k: 'deep'; readonly depth: number; readonly leaf: ValueSpec; readonly arrays: boolean }
  | { readonly k: 'cycle'; readonly s: SecretSpec }
  | { readonly k: 'error'; readonly parts: readonly Piece[] }
  | { readonly k: 'symbol-key'; readonly s: SecretSpec }
  | { readonly k: 'logs-inside'; readonly parts: readonly Piece[] };

export type KeySpec = { readonly k: 'name'; readonly name: string } | { readonly k: 'secret'; readonly s: SecretSpec };

/** The instrumentation scope a record is emitted with (all named {@link APP_SCOPE}). */
export type ScopeName = 'app' | 'hostile' | 'crowded' | 'secret';
export const APP_SCOPE = 'hostile-app';

export interface RecordSpec {
  readonly scope?: ScopeName;
  readonly body?: ValueSpec;
  readonly attributes: readonly (readonly [KeySpec, ValueSpec])[];
  readonly eventName?: LabelSpec;
  readonly severityText?: LabelSpec;
  readonly severityNumber?: string;
  readonly timestamp?: string;
  readonly observedTimestamp?: string;
  readonly exception?: ValueSpec;
  readonly span?: number;
  /** Plain attributes added first, up to the SDK's attribute count limit (128) and beyond it. */
  readonly filler?: number;
}

/** `severityText` and `eventName`: text, or a value of another type the API's types do not stop at run time. */
export type LabelSpec =
  | { readonly k: 'text'; readonly parts: readonly Piece[] }
  | { readonly k: 'other'; readonly v: string };

const NUMBERS: Record<string, number> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  ninf: Number.NEGATIVE_INFINITY,
  negzero: -0,
  zero: 0,
  beyond53: 2 ** 53 + 2,
  nbeyond53: -(2 ** 53 + 2),
  two64: 2 ** 64,
  half: 1.5,
  huge: 1e300,
  tiny: 5e-324,
  maxsafe: Number.MAX_SAFE_INTEGER,
  int32min: -(2 ** 31),
};

/** Names of the scalars a spec can ask for (fast-check prints names, not NaN bit patterns). */
export const SCALAR_NAMES = [
  ...Object.keys(NUMBERS),
  'true',
  'null',
  'undefined',
  'symbol',
  'function',
  'big70',
  'nbig64',
];

/** Scalars by name; any other name is itself (a word). */
function scalar(name: string): unknown {
  if (name in NUMBERS) return NUMBERS[name];
  switch (name) {
    case 'true':
      return true;
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'symbol':
      return Symbol('s');
    case 'function':
      return () => 1;
    case 'big70':
      return 2n ** 70n;
    case 'nbig64':
      return -(2n ** 64n) - 1n;
    case 'lone-high':
      return 'a\uD800b';
    case 'lone-low':
      return '\uDC00tail';
    case 'non-bmp':
      return 'ü 😀 \u{10FFFF}';
    case 'empty':
      return '';
    default:
      return name;
  }
}

/** A string from pieces; secrets go to `secrets`. */
function text(parts: readonly Piece[], secrets: string[]): string {
  return parts
    .map((part) => {
      if (part.p === 'word') return String(scalar(part.w));
      const { planted, spellings } = secretOf(part.s);
      secrets.push(...spellings);
      if (part.p === 'secret') return planted;
      const cut = part.at - Math.min(part.back, planted.length - 1);
      return `${'a'.repeat(cut)}${planted}${'b'.repeat(50)}`;
    })
    .join(' ');
}

function key(spec: KeySpec, secrets: string[]): string {
  if (spec.k === 'name') return String(scalar(spec.name));
  const { planted, spellings } = secretOf(spec.s);
  secrets.push(...spellings);
  return planted;
}

/** Builds the live value of a spec (fresh state every call). */
export function buildValue(spec: ValueSpec, secrets: string[], logger: Logger): unknown {
  const value = (s: ValueSpec) => buildValue(s, secrets, logger);
  const secret = (s: SecretSpec) => {
    const { planted, spellings } = secretOf(s);
    secrets.push(...spellings);
    return planted;
  };
  switch (spec.k) {
    case 'text':
      return text(spec.parts, secrets);
    case 'scalar':
      return scalar(spec.v);
    case 'secret-number': {
      const digits = secret(spec.s);
      if (spec.as === 'bigint') return BigInt(digits);
      return spec.as === 'number' ? Number(digits) : new Float64Array([1.5, Number(digits)]);
    }
    case 'bytes': {
      const bytes = new TextEncoder().encode(text(spec.parts, secrets));
      return spec.buffer ? Buffer.from(bytes) : bytes;
    }
    case 'typed':
      return typedArray(spec.type, spec.n);
    case 'string-object':
      return new String(text(spec.parts, secrets));
    case 'date':
      return new Date(spec.ms);
    case 'array': {
      const a = spec.items.map(value);
      // Beyond the items: holes (a sparse array), read as null.
      if (spec.length > a.length) a.length = spec.length;
      return a;
    }
    case 'map':
      return Object.fromEntries(spec.entries.map(([k, v]) => [key(k, secrets), value(v)]));
    case 'es-map':
      return new Map(spec.entries.map(([k, v]) => [key(k, secrets), value(v)]));
    case 'set':
      return new Set(spec.items.map(value));
    case 'getter-flip': {
      const first = value(spec.first);
      const second = value(spec.second);
      let reads = 0;
      const o = { before: 'x' };
      Object.defineProperty(o, 'flip', { enumerable: true, get: () => (reads++ === 0 ? first : second) });
      return o;
    }
    case 'getter-throws': {
      const planted = secret(spec.s);
      const o: Record<string, unknown> = { beside: `got ${planted}` };
      Object.defineProperty(o, spec.key, {
        enumerable: true,
        get: () => {
          throw new Error(planted);
        },
      });
      return o;
    }
    case 'class':
      return classInstance(value(spec.field), spec.toJSON);
    case 'proxy':
      return proxy(spec.mode, secret(spec.s));
    case 'deep': {
      let v = value(spec.leaf);
      for (let i = 0; i < spec.depth; i++) v = spec.arrays && i % 2 === 0 ? [v] : { d: v };
      return v;
    }
    case 'cycle': {
      const o: Record<string, unknown> = { note: `cyc ${secret(spec.s)}` };
      o.self = o;
      o.list = [o, { back: o }];
      return o;
    }
    case 'error': {
      const e = new Error(text(spec.parts, secrets));
      (e as Error & { code?: string }).code = 'E_FAIL';
      // The same stack in both pipelines (a real one names the call site of each run).
      e.stack = `Error: ${e.message}\n    at handler (app.js:1:1)`;
      return e;
    }
    case 'symbol-key': {
      const planted = secret(spec.s);
      return { [Symbol('s')]: planted, plain: `sym ${planted}` };
    }
    case 'logs-inside': {
      const inner = text(spec.parts, secrets);
      return {
        get nested() {
          logger.emit({ body: { inner }, attributes: { 'emitted.from': 'getter' } });
          return 'outer';
        },
      };
    }
  }
}

function typedArray(type: 'i32' | 'u16' | 'f64' | 'big64' | 'u8c', n: readonly number[]): unknown {
  switch (type) {
    case 'i32':
      return { frames: [Int32Array.from(n)] };
    case 'u16':
      return Uint16Array.from(n);
    case 'f64':
      return Float64Array.from([...n, Number.NaN, -0, Number.POSITIVE_INFINITY]);
    case 'big64':
      return BigInt64Array.from(n.map((x) => BigInt(Math.trunc(x)) * 2n ** 40n));
    case 'u8c':
      return { clamped: Uint8ClampedArray.from(n) };
  }
}

function classInstance(field: unknown, withToJSON: boolean): unknown {
  class Request {
    readonly method = 'GET';
    readonly field: unknown;
    constructor(f: unknown) {
      this.field = f;
    }
    get computed(): string {
      return 'from the prototype';
    }
  }
  class Serializable extends Request {
    toJSON() {
      return { method: this.method, field: this.field, via: 'toJSON' };
    }
  }
  return withToJSON ? new Serializable(field) : new Request(field);
}

function proxy(mode: 'flip' | 'lying-keys' | 'revoked' | 'array', planted: string): unknown {
  switch (mode) {
    case 'flip': {
      let reads = 0;
      return new Proxy({ detail: 'clean' } as Record<string, unknown>, {
        get: (t, k) => (k === 'detail' ? (reads++ === 0 ? 'clean' : planted) : Reflect.get(t, k)),
      });
    }
    case 'lying-keys':
      return new Proxy({} as Record<string, unknown>, {
        ownKeys: () => ['a', 'b'],
        getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true, writable: true }),
        get: (_t, k) => (k === 'b' ? `note ${planted}` : k === 'a' ? 1 : undefined),
      });
    case 'revoked': {
      const { proxy: p, revoke } = Proxy.revocable({ secret: planted }, {});
      revoke();
      return { before: 'ok', p };
    }
    case 'array':
      return new Proxy(['x', planted], {});
  }
}

export const TIMESTAMPS: Readonly<Record<string, () => LogRecord['timestamp']>> = {
  fixed: () => 1_700_000_000_123,
  date: () => new Date(1_700_000_000_456),
  hr: () => [1_700_000_000, 999_999_999],
  zero: () => 0,
  // A number below the time origin is a performance.now() offset to the SDK; a Date is not.
  negative: () => -1,
  'before-1970': () => new Date(-1),
  nan: () => Number.NaN,
  'invalid-date': () => new Date(Number.NaN),
  far: () => 8.64e15,
};

export const SEVERITIES: Readonly<Record<string, unknown>> = {
  warn: 13,
  zero: 0,
  negative: -1,
  big: 2 ** 40,
  fraction: 9.5,
  nan: Number.NaN,
  text: '9',
  object: new Number(17),
};

function label(spec: LabelSpec, secrets: string[]): unknown {
  if (spec.k === 'text') return text(spec.parts, secrets);
  switch (spec.v) {
    case 'string-object':
      return new String('security_event.authentication.login');
    case 'number':
      return 42;
    case 'to-string':
      return { toString: () => 'security_event.session.start' };
    default:
      return undefined;
  }
}

function spanContext(flags: number): Context {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: flags,
  });
}

/** A token a careless caller put into a logger's scope (its version, schema URL and attributes). */
const SCOPE_TOKEN = secretOf({ kind: 'github', seed: 4242 });

/**
 * The loggers of every scope, from one provider. Scope attributes go through the SDK's copy at `getLogger` (simple
 * values only: it drops the mixed array and anything past 128), which keeps NaN, ±Infinity, 2^60 and lone surrogates.
 */
export function scopedLoggers(provider: LoggerProvider): (scope: ScopeName) => Logger {
  const crowded: Attributes = {};
  for (let i = 0; i < 130; i++) crowded[`scope.attr.${i}`] = i;
  const hostile: Attributes = {
    nan: Number.NaN,
    inf: Number.NEGATIVE_INFINITY,
    big: 2 ** 60,
    negzero: -0,
    lone: 'a\uD800',
    list: ['x', 'y'],
    mixed: [1, 'a'] as unknown as string[],
  };
  const token = SCOPE_TOKEN.planted;
  const loggers: Record<ScopeName, Logger> = {
    app: provider.getLogger(APP_SCOPE, '1.0.0'),
    secret: provider.getLogger(APP_SCOPE, `build ${token}`, {
      schemaUrl: `https://schemas.example.com/${token}`,
      attributes: { 'deploy.token': token, note: `deployed with ${token}` },
    }),
    hostile: provider.getLogger(APP_SCOPE, 'v\uDC00', { schemaUrl: 'https://schema/\uD800', attributes: hostile }),
    crowded: provider.getLogger(APP_SCOPE, '2.0.0', { attributes: crowded }),
  };
  return (scope) => loggers[scope];
}

/** The record to emit and the spellings of every secret planted in it. */
export function buildRecord(spec: RecordSpec, logger: Logger): { record: LogRecord; secrets: string[] } {
  const secrets: string[] = spec.scope === 'secret' ? [...SCOPE_TOKEN.spellings] : [];
  const attributes: Record<string, unknown> = {};
  for (let i = 0; i < (spec.filler ?? 0); i++) attributes[`filler.${i}`] = i;
  for (const [k, v] of spec.attributes) {
    const name = key(k, secrets);
    const built = buildValue(v, secrets, logger);
    if (name === '__proto__') Object.defineProperty(attributes, name, { value: built, enumerable: true });
    else attributes[name] = built;
  }
  const record: Record<string, unknown> = { attributes };
  if (spec.body !== undefined) record.body = buildValue(spec.body, secrets, logger);
  if (spec.eventName !== undefined) record.eventName = label(spec.eventName, secrets);
  if (spec.severityText !== undefined) record.severityText = label(spec.severityText, secrets);
  if (spec.severityNumber !== undefined) record.severityNumber = SEVERITIES[spec.severityNumber];
  if (spec.timestamp !== undefined) record.timestamp = TIMESTAMPS[spec.timestamp]?.();
  if (spec.observedTimestamp !== undefined) record.observedTimestamp = TIMESTAMPS[spec.observedTimestamp]?.();
  if (spec.exception !== undefined) record.exception = buildValue(spec.exception, secrets, logger);
  if (spec.span !== undefined) record.context = spanContext(spec.span);
  return { record: record as LogRecord, secrets };
}
