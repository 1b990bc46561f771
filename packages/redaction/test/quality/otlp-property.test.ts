import type { AnyValue, Attributes, Logger } from '@opentelemetry/api';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type RedactionPolicyInput, RedactionProcessor } from '../../src/index.js';
import { BASE62, createPrng, type Prng } from './corpus/prng.ts';
import { standaloneSecret } from './corpus/secret-generators.ts';

const SENSITIVE_KEYS = [
  'X-API-KEY',
  'x-api-key',
  'apiKey',
  'api.key',
  'api_key',
  'PASSWORD',
  'Password',
  'client_secret',
  'clientSecret',
  'Authorization',
  'AUTHORIZATION',
  'http.request.header.authorization',
  'x_auth_token',
  'refreshToken',
  'access-token',
  'db.password',
  'private_key',
];
const INNOCENT_KEYS = ['message', 'detail', 'note', 'data', 'payload', 'error', 'context', 'value'];

type Place = 'body-text' | 'body-map' | 'body-array' | 'attribute' | 'attribute-map' | 'attribute-array' | 'exception';

interface Plan {
  seed: number;
  plants: { place: Place; depth: number; underSensitiveKey: boolean; keyIndex: number }[];
}

const ALL_PLACES: readonly Place[] = [
  'body-text',
  'body-map',
  'body-array',
  'attribute',
  'attribute-map',
  'attribute-array',
  'exception',
];

function planArb(places: readonly Place[], sensitiveKeys: fc.Arbitrary<boolean>): fc.Arbitrary<Plan> {
  return fc.record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    plants: fc.array(
      fc.record({
        place: fc.constantFrom<Place>(...places),
        depth: fc.integer({ min: 0, max: 4 }),
        underSensitiveKey: sensitiveKeys,
        keyIndex: fc.nat(),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  });
}

interface Built {
  body: AnyValue;
  attributes: Attributes;
  exception?: Error;
  planted: string[];
}

function nest(p: Prng, depth: number, key: string, value: AnyValue): Attributes {
  let node: Attributes = { [key]: value, [p.pick(INNOCENT_KEYS)]: 'ok' };
  for (let d = 0; d < depth; d++) node = { [`level${d}`]: node, count: d };
  return node;
}

/** Builds a record from a plan: each plant is a keyword-free secret (caught by shape) or any value under a key. */
function build(plan: Plan): Built {
  const p = createPrng(plan.seed);
  const textParts: string[] = ['request handled'];
  const bodyMap: Attributes = { msg: 'handled', status: 200 };
  const bodyArray: AnyValue[] = ['start'];
  const attributes: Attributes = { 'service.name': 'checkout', 'http.response.status_code': 200 };
  const planted: string[] = [];
  let bodyKind: 'text' | 'map' | 'array' = 'map';
  let exception: Error | undefined;
  for (const plant of plan.plants) {
    const sensitive = plant.underSensitiveKey && plant.place !== 'body-text' && plant.place !== 'exception';
    const secret = sensitive ? p.chars(BASE62, p.int(12, 32)) : standaloneSecret(p).value;
    const key = sensitive ? (SENSITIVE_KEYS[plant.keyIndex % SENSITIVE_KEYS.length] as string) : p.pick(INNOCENT_KEYS);
    planted.push(secret);
    const wrapped = sensitive
      ? secret
      : `${p.pick(['failed with', 'using', 'got'])} ${secret} ${p.pick(['at step 3', 'ok', ''])}`;
    switch (plant.place) {
      case 'body-text':
        bodyKind = 'text';
        textParts.push(wrapped);
        break;
      case 'body-map':
        bodyMap[`k${plant.keyIndex % 7}_${planted.length}`] = nest(p, plant.depth, key, wrapped);
        break;
      case 'body-array':
        if (bodyKind !== 'text') bodyKind = 'array';
        bodyArray.push(sensitive ? nest(p, plant.depth, key, wrapped) : wrapped);
        break;
      case 'attribute':
        attributes[sensitive ? key : `${key}_${planted.length}`] = wrapped;
        break;
      case 'attribute-map':
        attributes[`ctx_${planted.length}`] = nest(p, plant.depth, key, wrapped);
        break;
      case 'attribute-array':
        attributes[`list_${planted.length}`] = [p.pick(INNOCENT_KEYS), sensitive ? nest(p, 0, key, wrapped) : wrapped];
        break;
      case 'exception':
        // Exception messages and stack traces are a classic leak path (they become exception.* attributes).
        exception = new Error(`${exception ? `${exception.message}; ` : ''}request ${wrapped}`);
        break;
    }
  }
  // Every planted secret must reach the record, whatever body kind was chosen.
  if (bodyKind === 'text') {
    attributes.extra_map = bodyMap;
    attributes.extra_array = bodyArray;
  } else if (bodyKind === 'array') attributes.extra_map = bodyMap;
  const body: AnyValue =
    bodyKind === 'text' ? textParts.join(' ') : bodyKind === 'array' ? bodyArray : { ...bodyMap, items: bodyArray };
  return exception ? { body, attributes, exception, planted } : { body, attributes, planted };
}

/** Distinctive pieces of a secret that must not survive: the whole value and a middle slice of its random part. */
function needles(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const out = [escaped];
  if (secret.length >= 24) {
    const mid = Math.floor(secret.length / 2);
    out.push(JSON.stringify(secret.slice(mid - 6, mid + 6)).slice(1, -1));
  }
  return out;
}

/** Emits the planned record and checks the OTLP/JSON bytes and the caller's objects. */
function checkPlan(logger: Logger, exporter: InMemoryLogRecordExporter, plan: Plan): void {
  exporter.reset();
  const built = build(plan);
  const before = structuredClone({ body: built.body, attributes: built.attributes });
  logger.emit({ body: built.body, attributes: built.attributes, exception: built.exception, severityText: 'INFO' });
  const records = exporter.getFinishedLogRecords();
  expect(records).toHaveLength(1);
  const bytes = JsonLogsSerializer.serializeRequest(records);
  expect(bytes).toBeDefined();
  const json = new TextDecoder().decode(bytes);
  for (const secret of built.planted) {
    for (const needle of needles(secret))
      expect(json.includes(needle), `a planted value survived (${plan.seed})`).toBe(false);
  }
  // The caller's objects are never mutated (copy-on-write).
  expect({ body: built.body, attributes: built.attributes }).toEqual(before);
}

function pipeline(policy?: RedactionPolicyInput): {
  logger: Logger;
  exporter: InMemoryLogRecordExporter;
  provider: LoggerProvider;
} {
  const exporter = new InMemoryLogRecordExporter();
  const next = new SimpleLogRecordProcessor({ exporter });
  const provider = new LoggerProvider({
    processors: [policy ? new RedactionProcessor({ next, policy }) : new RedactionProcessor({ next })],
  });
  return { logger: provider.getLogger('property-test'), exporter, provider };
}

// Planted secrets, anywhere in a record, never reach the OTLP/JSON bytes an exporter would send.
describe('property: planted secrets never reach the serialized OTLP export', () => {
  const full = pipeline();
  const keyOnly = pipeline({ mode: 'key-only' });
  afterAll(() => Promise.all([full.provider.shutdown(), keyOnly.provider.shutdown()]));

  it('holds for random records with secrets in bodies, nested maps, arrays, attributes and exceptions', () => {
    fc.assert(
      fc.property(planArb(ALL_PLACES, fc.boolean()), (plan) => checkPlan(full.logger, full.exporter, plan)),
      { numRuns: 80, seed: 20261126 },
    );
  });

  it('holds in key-only mode for values under sensitive keys (odd spellings included) at any depth', () => {
    const structured = ALL_PLACES.filter((p) => p !== 'body-text' && p !== 'exception');
    fc.assert(
      fc.property(planArb(structured, fc.constant(true)), (plan) => checkPlan(keyOnly.logger, keyOnly.exporter, plan)),
      { numRuns: 40, seed: 20261127 },
    );
  });
});
