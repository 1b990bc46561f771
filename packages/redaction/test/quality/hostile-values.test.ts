/**
 * Property: hostile JavaScript values with planted secrets, through the real SDK pipeline (LoggerProvider →
 * RedactionProcessor → SimpleLogRecordProcessor → in-memory exporter) and both OTLP serializers. No planted secret,
 * nor ≥ 12 consecutive characters of one, may reach the exported bytes, and `logger.emit` never throws.
 *
 * Hostile shapes: getters that answer differently on the next read, Proxies (lying `get`, `ownKeys`), `String`
 * objects, `Buffer`/`Uint8Array` bodies and nested typed arrays, sparse arrays, class instances, `toJSON`, `Map`/`Set`,
 * secrets used as keys, card numbers as numbers and bigints, strings over the 64 KiB scan limit with the secret across
 * the cut, cycles, `Error`s, and the caller's objects changed after `emit`.
 */
import type { AnyValue, Logger } from '@opentelemetry/api';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { type SafeLoggerProvider, safeLoggerProvider } from '@seclog/snapshot';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as sourceEngine from '../../src/index.js';
import { createPrng, type Prng } from './corpus/prng.ts';
import { standaloneSecret } from './corpus/secret-generators.ts';
import { LEAK_WINDOW } from './public/evaluate.ts';

// `SECLOG_REDACTION_ENGINE=<path to an index.ts>` measures another copy of the engine (before/after figures).
const { RedactionProcessor }: typeof sourceEngine = process.env.SECLOG_REDACTION_ENGINE
  ? ((await import(process.env.SECLOG_REDACTION_ENGINE)) as typeof sourceEngine)
  : sourceEngine;

const KINDS = [
  'string',
  'text',
  'getter-flip',
  'proxy-flip',
  'proxy-keys',
  'string-object',
  'buffer',
  'nested-typed-array',
  'sparse-array',
  'class-instance',
  'to-json',
  'date-to-json',
  'map',
  'set',
  'key',
  'map-key',
  'card-number',
  'card-bigint',
  'card-float64array',
  'long-string',
  'cycle',
  'error',
  'mutate-after-emit',
  'buffer-after-emit',
  'symbol-key',
  'throwing-getter',
] as const;
type Kind = (typeof KINDS)[number];

type Place = 'body' | 'body-map' | 'attribute' | 'attribute-map' | 'exception';
const PLACES: readonly Place[] = ['body', 'body-map', 'attribute', 'attribute-map', 'exception'];

interface Plant {
  kind: Kind;
  place: Place;
  seed: number;
}

/** Luhn-valid 16-digit test PANs (published test numbers) — safe integers, so they can be logged as numbers. */
const TEST_PANS = ['4111111111111111', '5555555555554444', '4012888888881881', '6011111111111117', '3530111333300000'];

interface Built {
  value: unknown;
  /** What must not survive (whole values; windows of ≥ 12 characters are checked). */
  secrets: string[];
  /** Runs after `emit` (changes to the caller's objects). */
  after?: () => void;
}

/** A planted value: mostly keyword-free secrets, sometimes an e-mail address or a card number (claimed PII). */
function secretOf(p: Prng): string {
  const roll = p.int(0, 9);
  if (roll === 0)
    return `${p.pick(['jane.doe', 'ops-team', 'k.tanaka'])}${p.int(10, 99)}@${p.pick(['example.org', 'corp.example.com'])}`;
  if (roll === 1) return p.pick(TEST_PANS);
  return standaloneSecret(p).value;
}

function build(kind: Kind, p: Prng): Built {
  const secret = secretOf(p);
  switch (kind) {
    case 'string':
      return { value: secret, secrets: [secret] };
    case 'text':
      return { value: `login failed for ${secret} at step ${p.int(1, 9)}`, secrets: [secret] };
    case 'getter-flip': {
      let reads = 0;
      const o = {};
      Object.defineProperty(o, 'detail', { enumerable: true, get: () => (reads++ === 0 ? 'nothing to see' : secret) });
      return { value: o, secrets: [secret] };
    }
    case 'proxy-flip': {
      let reads = 0;
      return {
        value: new Proxy({ detail: 'clean' } as Record<string, unknown>, {
          get: (t, k) => (k === 'detail' ? (reads++ === 0 ? 'clean' : secret) : Reflect.get(t, k)),
        }),
        secrets: [secret],
      };
    }
    case 'proxy-keys':
      return {
        value: new Proxy({} as Record<string, unknown>, {
          ownKeys: () => ['a', 'b'],
          getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true, writable: true }),
          get: (_t, k) => (k === 'b' ? `note ${secret}` : k === 'a' ? 1 : undefined),
        }),
        secrets: [secret],
      };
    case 'string-object':
      return { value: new String(`token ${secret}`), secrets: [secret] };
    case 'buffer':
      return { value: Buffer.from(`payload ${secret} end`, 'utf8'), secrets: [secret] };
    case 'nested-typed-array':
      return { value: { frames: [new TextEncoder().encode(secret)] }, secrets: [secret] };
    case 'sparse-array': {
      const a: unknown[] = [];
      a[p.int(3, 40)] = secret;
      a.length = p.int(50, 5000);
      return { value: a, secrets: [secret] };
    }
    case 'class-instance': {
      class Request {
        readonly method = 'GET';
        readonly header: string;
        constructor(h: string) {
          this.header = h;
        }
        get shadow(): string {
          return secret;
        }
      }
      return { value: new Request(`x ${secret}`), secrets: [secret] };
    }
    case 'to-json':
      return { value: { toJSON: () => ({ note: secret, n: 1 }) }, secrets: [secret] };
    case 'date-to-json': {
      const d = new Date(0);
      Object.defineProperty(d, 'toJSON', { value: () => secret });
      return { value: d, secrets: [secret] };
    }
    case 'map':
      return {
        value: new Map<unknown, unknown>([
          ['k', secret],
          [2, { deep: secret }],
        ]),
        secrets: [secret],
      };
    case 'set':
      return { value: new Set([secret, 'b']), secrets: [secret] };
    case 'key':
      return { value: { [secret]: p.int(0, 9), ok: true }, secrets: [secret] };
    case 'map-key':
      return { value: new Map([[secret, 'value']]), secrets: [secret] };
    case 'card-number': {
      const pan = p.pick(TEST_PANS);
      return { value: Number(pan), secrets: [pan] };
    }
    case 'card-bigint': {
      const pan = p.pick(TEST_PANS);
      return { value: BigInt(pan), secrets: [pan] };
    }
    case 'card-float64array': {
      const pan = p.pick(TEST_PANS);
      return { value: new Float64Array([1.5, Number(pan)]), secrets: [pan] };
    }
    case 'long-string': {
      // whitespace-free, the secret straddling the 64 KiB scan limit (PEM blocks have spaces: draw another)
      let s = secret;
      while (/\s/.test(s)) s = secretOf(p);
      const cut = 65_536 - p.int(1, Math.min(30, s.length - 1));
      return { value: `${'a'.repeat(cut)}${s}${'b'.repeat(p.int(0, 100))}`, secrets: [s] };
    }
    case 'cycle': {
      const o: Record<string, unknown> = { note: `cyc ${secret}` };
      o.self = o;
      o.list = [o, { back: o }];
      return { value: o, secrets: [secret] };
    }
    case 'error': {
      const e = new Error(`request failed: ${secret}`);
      (e as Error & { code?: string }).code = 'E_FAIL';
      return { value: e, secrets: [secret] };
    }
    case 'mutate-after-emit': {
      const o: Record<string, unknown> = { status: 'ok' };
      return {
        value: o,
        secrets: [secret],
        after: () => {
          o.status = secret;
          o.later = secret;
        },
      };
    }
    case 'buffer-after-emit': {
      const b = Buffer.alloc(secret.length + 8, 0x2e);
      return { value: b, secrets: [secret], after: () => b.write(secret, 4, 'utf8') };
    }
    case 'symbol-key':
      return { value: { [Symbol('s')]: secret, plain: `sym ${secret}` }, secrets: [secret] };
    case 'throwing-getter': {
      // a getter that throws (with the secret in its message) next to a readable field holding the secret
      const o: Record<string, unknown> = { plain: `got ${secret}` };
      Object.defineProperty(o, 'boom', {
        enumerable: true,
        get: () => {
          throw new Error(secret);
        },
      });
      return { value: o, secrets: [secret] };
    }
  }
}

/** Every string the OTLP/JSON export holds (keys, values, base64 `bytesValue` decoded as latin-1). */
function jsonHaystack(bytes: Uint8Array): string {
  const parts: string[] = [new TextDecoder().decode(bytes)];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      parts.push(v);
      if (key === 'bytesValue') parts.push(Buffer.from(v, 'base64').toString('latin1'));
    } else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        parts.push(k);
        walk(x, k);
      }
  };
  walk(JSON.parse(new TextDecoder().decode(bytes)));
  return parts.join('\n');
}

function pemCore(secret: string): string {
  const m = /-----BEGIN [A-Z ]*PRIVATE KEY-----\n([\s\S]*?)\n-----END/.exec(secret);
  return m?.[1] ?? secret;
}

/** The first ≥ 12-character window of a secret found in `haystack`, shape-masked, or undefined. */
function survivor(secret: string, haystack: string): string | undefined {
  const core = pemCore(secret);
  if (core.length < LEAK_WINDOW) return haystack.includes(core) ? core.replace(/[A-Za-z0-9]/g, '•') : undefined;
  for (let i = 0; i + LEAK_WINDOW <= core.length; i++) {
    const w = core.slice(i, i + LEAK_WINDOW);
    if (haystack.includes(w)) return `${w.slice(0, 3).replace(/./g, '•')}… (window at ${i} of ${core.length})`;
  }
  return undefined;
}

/**
 * The SDK provider behind `safeLoggerProvider`, as `@seclog/node` registers it: the bare SDK logger lets a throwing
 * attribute getter escape from `emit()` (`@opentelemetry/core` validates attribute values before any processor runs).
 */
function pipeline(): { logger: Logger; exporter: InMemoryLogRecordExporter; provider: SafeLoggerProvider } {
  const exporter = new InMemoryLogRecordExporter();
  const provider = safeLoggerProvider(
    new LoggerProvider({
      processors: [new RedactionProcessor({ next: new SimpleLogRecordProcessor({ exporter }) })],
    }),
  );
  return { logger: provider.getLogger('hostile-values'), exporter, provider };
}

const plantArb: fc.Arbitrary<Plant> = fc.record({
  kind: fc.constantFrom<Kind>(...KINDS),
  place: fc.constantFrom<Place>(...PLACES),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

/** Emits one record holding the plants; returns the surviving secrets per serializer (empty = pass). */
function run(logger: Logger, exporter: InMemoryLogRecordExporter, plants: readonly Plant[]): string[] {
  exporter.reset();
  const secrets: string[] = [];
  const afters: (() => void)[] = [];
  const bodyMap: Record<string, unknown> = { msg: 'handled' };
  const attributes: Record<string, unknown> = { 'service.name': 'checkout' };
  let body: unknown = bodyMap;
  let exception: unknown;
  plants.forEach((plant, i) => {
    const b = build(plant.kind, createPrng(plant.seed));
    secrets.push(...b.secrets);
    if (b.after) afters.push(b.after);
    switch (plant.place) {
      case 'body':
        if (body === bodyMap) body = b.value;
        else bodyMap[`extra_${i}`] = b.value;
        break;
      case 'body-map':
        bodyMap[`field_${i}`] = { inner: b.value };
        break;
      case 'attribute':
        attributes[`attr_${i}`] = b.value;
        break;
      case 'attribute-map':
        attributes[`ctx_${i}`] = { list: [b.value] };
        break;
      case 'exception':
        exception = b.value instanceof Error ? b.value : new Error(`wrapped ${String(b.secrets[0])}`);
        break;
    }
  });
  if (body !== bodyMap) attributes.body_map = bodyMap;
  try {
    logger.emit({
      body: body as AnyValue,
      attributes: attributes as Record<string, AnyValue>,
      ...(exception === undefined ? {} : { exception }),
      severityText: 'WARN',
    });
  } catch (e) {
    // never echo the error: it may carry the secret
    return [
      `logger.emit threw ${(e as Error)?.name ?? typeof e} (${plants.map((x) => `${x.kind}@${x.place}`).join(', ')})`,
    ];
  }
  for (const f of afters) f();
  const records = exporter.getFinishedLogRecords();
  expect(records).toHaveLength(1);
  const failures: string[] = [];
  const json = JsonLogsSerializer.serializeRequest(records);
  const proto = ProtobufLogsSerializer.serializeRequest(records);
  expect(json).toBeDefined();
  expect(proto).toBeDefined();
  const hay = { json: jsonHaystack(json as Uint8Array), protobuf: Buffer.from(proto as Uint8Array).toString('latin1') };
  const where = plants.map((x) => `${x.kind}@${x.place}`).join(', ');
  for (const s of secrets)
    for (const [name, h] of Object.entries(hay)) {
      const w = survivor(s, h);
      if (w) failures.push(`${name}: ${w} [${where}]`);
    }
  return failures;
}

describe('property: hostile values never carry a planted secret into OTLP bytes', () => {
  const p = pipeline();
  afterAll(() => p.provider.shutdown());

  it.each(KINDS)('%s, alone in each place', (kind) => {
    const failures: string[] = [];
    PLACES.forEach((place, i) => {
      const f = run(p.logger, p.exporter, [{ kind, place, seed: 1000 + i * 7919 }]);
      if (f.length > 0) failures.push(`${place}: ${f.join(', ')}`);
    });
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('holds for random mixes of hostile values in every place', () => {
    fc.assert(
      fc.property(fc.array(plantArb, { minLength: 1, maxLength: 6 }), (plants) => {
        const f = run(p.logger, p.exporter, plants);
        expect(f, f.join('\n')).toEqual([]);
      }),
      { numRuns: 120, seed: 20261203 },
    );
  });
});
