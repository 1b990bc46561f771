/**
 * fast-check arbitraries of hostile record specs (see `hostile-records.ts`): every hostile kind as a leaf, containers of
 * them, labels, severities, times, trace flags, scopes, and attribute counts around the SDK's limit of 128.
 */
import fc from 'fast-check';
import {
  type KeySpec,
  type LabelSpec,
  type Piece,
  type RecordSpec,
  SCALAR_NAMES,
  type ScopeName,
  SEVERITIES,
  TIMESTAMPS,
  type ValueSpec,
} from './hostile-records.js';
import type { SecretKind, SecretSpec } from './planted-secrets.js';

const seedArb = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const secretArb: fc.Arbitrary<SecretSpec> = fc.record({
  kind: fc.constantFrom<SecretKind>('github', 'card', 'card-spaced', 'email', 'email-url'),
  seed: seedArb,
});
const numericSecretArb: fc.Arbitrary<SecretSpec> = fc.record({
  kind: fc.constant<SecretKind>('card-number'),
  seed: seedArb,
});
const WORDS = ['login', 'failed', 'for', 'user', 'lone-high', 'lone-low', 'non-bmp', 'empty', 'token=', 'card:'];
const pieceArb: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 40, arbitrary: fc.record({ p: fc.constant('word' as const), w: fc.constantFrom(...WORDS) }) },
  { weight: 30, arbitrary: fc.record({ p: fc.constant('secret' as const), s: secretArb }) },
  { weight: 8, arbitrary: acrossArb(65_536) },
  { weight: 1, arbitrary: acrossArb(1 << 20) },
);

function acrossArb(at: number): fc.Arbitrary<Piece> {
  return fc.record({
    p: fc.constant('across' as const),
    s: secretArb,
    back: fc.integer({ min: 1, max: 30 }),
    at: fc.constant(at),
  });
}
const piecesArb = fc.array(pieceArb, { minLength: 1, maxLength: 4 });
const KEY_NAMES = [
  'user.email',
  'password',
  'http.url',
  '__proto__',
  'constructor',
  'toJSON',
  'lone-high',
  'empty',
  'seclog.integrity.seq',
  'seclog.integrity.stream',
  'seclog.integrity.checkpoint',
  'seclog.snapshot.truncated',
  'security_event.conformance.errors',
  'log.record.uid',
];
const keyArb: fc.Arbitrary<KeySpec> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('name' as const), name: fc.constantFrom(...KEY_NAMES) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('secret' as const), s: secretArb }) },
);

/** Values: leaves of every hostile kind, and containers of them (depth bounded, `deep` goes past the limits). */
export const valueArb: fc.Arbitrary<ValueSpec> = fc.letrec<{ value: ValueSpec }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ k: fc.constant('text' as const), parts: piecesArb }),
    fc.record({ k: fc.constant('scalar' as const), v: fc.constantFrom(...SCALAR_NAMES) }),
    fc.record({
      k: fc.constant('secret-number' as const),
      s: numericSecretArb,
      as: fc.constantFrom('number' as const, 'bigint' as const, 'float64array' as const),
    }),
    fc.record({ k: fc.constant('bytes' as const), parts: piecesArb, buffer: fc.boolean() }),
    fc.record({
      k: fc.constant('typed' as const),
      type: fc.constantFrom('i32' as const, 'u16' as const, 'f64' as const, 'big64' as const, 'u8c' as const),
      n: fc.array(fc.integer({ min: -70_000, max: 70_000 }), { maxLength: 5 }),
    }),
    fc.record({ k: fc.constant('string-object' as const), parts: piecesArb }),
    fc.record({
      k: fc.constant('date' as const),
      ms: fc.constantFrom(0, 1_700_000_000_000, Number.NaN, 8.64e15, -8.64e15),
    }),
    fc.record({
      k: fc.constant('array' as const),
      items: fc.array(tie('value'), { maxLength: 3 }),
      length: fc.constantFrom(0, 0, 7, 5000),
    }),
    fc.record({ k: fc.constant('map' as const), entries: fc.array(fc.tuple(keyArb, tie('value')), { maxLength: 3 }) }),
    fc.record({
      k: fc.constant('es-map' as const),
      entries: fc.array(fc.tuple(keyArb, tie('value')), { maxLength: 2 }),
    }),
    fc.record({ k: fc.constant('set' as const), items: fc.array(tie('value'), { maxLength: 2 }) }),
    fc.record({ k: fc.constant('getter-flip' as const), first: tie('value'), second: tie('value') }),
    fc.record({
      k: fc.constant('getter-throws' as const),
      s: secretArb,
      key: fc.constantFrom('boom' as const, 'message' as const, 'toJSON' as const),
    }),
    fc.record({ k: fc.constant('class' as const), field: tie('value'), toJSON: fc.boolean() }),
    fc.record({
      k: fc.constant('proxy' as const),
      mode: fc.constantFrom('flip' as const, 'lying-keys' as const, 'revoked' as const, 'array' as const),
      s: secretArb,
    }),
    fc.record({
      k: fc.constant('deep' as const),
      depth: fc.integer({ min: 50, max: 120 }),
      leaf: tie('value'),
      arrays: fc.boolean(),
    }),
    fc.record({ k: fc.constant('cycle' as const), s: secretArb }),
    fc.record({ k: fc.constant('error' as const), parts: piecesArb }),
    fc.record({ k: fc.constant('symbol-key' as const), s: secretArb }),
    fc.record({ k: fc.constant('logs-inside' as const), parts: piecesArb }),
  ),
})).value;

/** Labels are scanned with the secret detectors only (personal data in an event name is the caller's choice). */
const labelPiecesArb = fc.array(
  fc.oneof(
    fc.record({ p: fc.constant('word' as const), w: fc.constantFrom(...WORDS) }),
    fc.record({
      p: fc.constant('secret' as const),
      s: fc.record({ kind: fc.constant<SecretKind>('github'), seed: seedArb }),
    }),
  ),
  { minLength: 1, maxLength: 3 },
);
const labelArb: fc.Arbitrary<LabelSpec> = fc.oneof(
  fc.record({ k: fc.constant('text' as const), parts: labelPiecesArb }),
  fc.record({
    k: fc.constant('text' as const),
    parts: fc.constantFrom<Piece[]>(
      [{ p: 'word', w: 'security_event.authentication.login' }],
      [{ p: 'word', w: 'seclog.integrity.checkpoint' }],
      [{ p: 'word', w: 'seclog.integrity.genesis' }],
    ),
  }),
  fc.record({ k: fc.constant('other' as const), v: fc.constantFrom('string-object', 'number', 'to-string') }),
);

export const recordArb: fc.Arbitrary<RecordSpec> = fc.record(
  {
    scope: fc.constantFrom<ScopeName>('app', 'hostile', 'crowded', 'secret'),
    body: valueArb,
    attributes: fc.array(fc.tuple(keyArb, valueArb), { maxLength: 4 }),
    eventName: labelArb,
    severityText: labelArb,
    severityNumber: fc.constantFrom(...Object.keys(SEVERITIES)),
    timestamp: fc.constantFrom(...Object.keys(TIMESTAMPS)),
    observedTimestamp: fc.constantFrom(...Object.keys(TIMESTAMPS)),
    exception: valueArb,
    span: fc.constantFrom(0, 1, 255, 256, 2 ** 32),
    filler: fc.constantFrom(0, 127, 130),
  },
  { requiredKeys: ['attributes'] },
);
