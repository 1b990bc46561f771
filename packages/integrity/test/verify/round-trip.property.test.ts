/**
 * Property: random records → IntegrityProcessor → OTLP/JSON (the JS SDK serializer, and collector-style string ints,
 * upper-case ids, URL-safe base64, regrouped) → verifyArchive → every record VALID; and any single mutation of a
 * sealed field of one record → that record is flagged.
 *
 * Known exporter limits are excluded from the generator (docs/spec/otlp-json-input.md, "What exporters write"):
 * NaN/±Infinity doubles (the JS JSON serializer writes `null`) and integer-valued doubles outside int64 (written as
 * `intValue 1e+300`).
 */
import type { AnyValue, Logger, SeverityNumber } from '@opentelemetry/api';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { NS, seqOf } from '../attacks/archive-edits.js';
import { type Json, logRecords, tempArchiveDir } from '../attacks/otlp-archive.js';
import { ed25519Keys, produce, toRequests } from '../attacks/producer.js';

const keys = ed25519Keys();
const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

const tricky = fc.constantFrom('a', 'é', '😀', '\ud800', '\udfff', '\u2028', '\u0000', '"', '\\', '\uff61', ' ');
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: tricky, maxLength: 6 }));
const int = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -0, 1, -1, 2 ** 53, 2 ** 53 + 2, 2 ** 60, -(2 ** 62), Number.MAX_SAFE_INTEGER),
);
const double = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d));
const scalar = fc.oneof(text, int, double, fc.boolean(), fc.uint8Array({ maxLength: 8 }));
const { value: anyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
}));
const attributeKey = text.filter((k) => k.length > 0 && !k.startsWith(`${NS}.`));
const recordArb = fc.record({
  body: fc.option(anyValue, { nil: undefined }),
  attributes: fc.dictionary(attributeKey, anyValue, { maxKeys: 4 }),
  severityNumber: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
  severityText: fc.option(text, { nil: undefined }),
  eventName: fc.option(text, { nil: undefined }),
  timestamp: fc.option(fc.integer({ min: 0, max: 2_000_000_000_000 }), { nil: undefined }),
});
type RecordSpec = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

/** True when a key anywhere in the record is not well-formed UTF-16 (it may collide after normalisation). */
function hasLoneSurrogateKey(spec: RecordSpec): boolean {
  const walk = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(walk);
    if (v && typeof v === 'object' && !(v instanceof Uint8Array))
      return Object.entries(v).some(
        ([k, x]) => !(k as unknown as { isWellFormed(): boolean }).isWellFormed() || walk(x),
      );
    return false;
  };
  return walk(spec.attributes) || walk(spec.body);
}

function emitter(specs: readonly RecordSpec[]) {
  return (logger: Logger, i: number) => {
    const s = specs[i - 1]!;
    logger.emit({
      ...(s.body !== undefined ? { body: s.body as AnyValue } : {}),
      attributes: s.attributes as Record<string, AnyValue>,
      ...(s.severityNumber !== undefined ? { severityNumber: s.severityNumber as SeverityNumber } : {}),
      ...(s.severityText !== undefined ? { severityText: s.severityText } : {}),
      ...(s.eventName !== undefined ? { eventName: s.eventName } : {}),
      ...(s.timestamp !== undefined ? { timestamp: s.timestamp } : {}),
    });
  };
}

async function sealAndVerify(
  specs: readonly RecordSpec[],
  encoding: 'js' | 'collector',
  mutate?: (lrs: Json[]) => number,
) {
  const records = await produce({ signer: keys.signer, records: specs.length, maxRecords: 4, emit: emitter(specs) });
  const reqs = toRequests(records, encoding, 3);
  const data: Json[] = [];
  for (const { lr } of logRecords(reqs))
    if (seqOf(lr) !== undefined && seqOf(lr)! > 0 && !lr.eventName?.startsWith(`${NS}.`)) data.push(lr);
  const mutatedSeq = mutate?.(data);
  const dir = tempArchiveDir();
  dirs.push(dir);
  dir.write('archive.jsonl', reqs);
  const report = await verifyArchive([dir.dir], { trust: { publicKeys: [keys.publicKey] } });
  return { report, mutatedSeq, dataCount: data.length };
}

const mutations: Record<string, (lr: Json) => void> = {
  timestamp: (lr) => {
    lr.timeUnixNano = (BigInt(lr.timeUnixNano ?? '0') + 1n).toString();
  },
  severity: (lr) => {
    lr.severityNumber = ((Number(lr.severityNumber ?? 0) % 24) + 1) % 25 || 1;
  },
  severityText: (lr) => {
    lr.severityText = `${lr.severityText ?? ''}!`;
  },
  eventName: (lr) => {
    lr.eventName = `${lr.eventName ?? ''}x`;
  },
  addAttribute: (lr) => {
    lr.attributes = [...(lr.attributes ?? []), { key: '\u0001mutation', value: { boolValue: true } }];
  },
  body: (lr) => {
    lr.body = { arrayValue: { values: [lr.body ?? {}] } };
  },
  traceFlags: (lr) => {
    lr.flags = Number(lr.flags ?? 0) + 1;
  },
};

describe.each(['js', 'collector'] as const)('round trip through OTLP/JSON (%s encoding)', (encoding) => {
  it('random records verify as VALID', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 6 }), async (specs) => {
        const { report, dataCount } = await sealAndVerify(specs, encoding);
        expect(dataCount).toBe(specs.length);
        expect(report.streams).toHaveLength(1);
        const st = report.streams[0]!;
        // Lone surrogates in two keys of one map normalise to the same key (U+FFFD): the producer seals such a
        // record as an explicit `olcf1-unverifiable` leaf (duplicate key), which the verifier reports as UNVERIFIABLE.
        const unverifiable = specs.filter(hasLoneSurrogateKey).length;
        expect(st.findings.every((f) => f.status === 'UNVERIFIABLE')).toBe(true);
        expect(st.records.VALID).toBe(Number(st.signedTreeSize) - (st.records.UNVERIFIABLE ?? 0));
        expect(st.records.UNVERIFIABLE ?? 0).toBeLessThanOrEqual(unverifiable);
      }),
      { numRuns: 25 },
    );
  });

  it('any single mutation of a sealed field is flagged at its seq', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.constantFrom(...Object.keys(mutations)),
        async (specs, pick, kind) => {
          const { report, mutatedSeq } = await sealAndVerify(specs, encoding, (data) => {
            const lr = data[pick % data.length]!;
            mutations[kind]!(lr);
            return seqOf(lr)!;
          });
          const st = report.streams[0]!;
          expect(report.verdict).toBe('failed');
          expect(st.records.MODIFIED).toBe(1);
          expect(st.findings.find((f) => f.status === 'MODIFIED')?.seqFrom).toBe(String(mutatedSeq));
        },
      ),
      { numRuns: 25 },
    );
  });
});
