import { describe, expect, it } from 'vitest';
import { recordDigest, resourceDigest, sha256 } from '../src/canonical/digest.js';
import { canonicalAnyValue, canonicalizeLogRecord, canonicalResourceText } from '../src/canonical/from-record.js';
import { CanonicalizationError, OLCF1_MAX_DEPTH } from '../src/canonical/tuple.js';

const seal = { streamId: 'AAAAAAAAAAAAAAAAAAAAAA', seq: 7, resourceDigest: 'R' };
const enc = (v: unknown) => JSON.stringify(canonicalAnyValue(v));

function nested(depth: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

describe('OLCF-1 AnyValue from JS values', () => {
  it('classifies numbers the way the OTLP exporter does', () => {
    expect(enc(1)).toBe('["i","1"]');
    expect(enc(1.0)).toBe('["i","1"]');
    expect(enc(-0)).toBe('["i","0"]');
    expect(enc(1.5)).toBe('["d","3ff8000000000000"]');
    expect(enc(0.1 + 0.2)).toBe('["d","3fd3333333333334"]');
    expect(enc(5e-324)).toBe('["d","0000000000000001"]');
  });

  it('writes integers above 2^53 exactly, never through String()', () => {
    expect(enc(2 ** 53)).toBe('["i","9007199254740992"]');
    expect(enc(2 ** 53 + 2)).toBe('["i","9007199254740994"]');
    expect(enc(2 ** 60)).toBe('["i","1152921504606846976"]');
    expect(enc(-(2 ** 63))).toBe('["i","-9223372036854775808"]');
  });

  it('sends integers outside int64 as doubles, as the protobuf exporter does', () => {
    expect(enc(2 ** 63)).toBe('["d","43e0000000000000"]');
    expect(enc(1e21)).toBe('["d","444b1ae4d6e2ef50"]');
  });

  it('hashes NaN and infinities by their bits with one canonical NaN', () => {
    expect(enc(Number.NaN)).toBe('["d","7ff8000000000000"]');
    expect(enc(Number.POSITIVE_INFINITY)).toBe('["d","7ff0000000000000"]');
    expect(enc(Number.NEGATIVE_INFINITY)).toBe('["d","fff0000000000000"]');
  });

  it('maps bigint, null, undefined, functions and symbols to ["e"]', () => {
    for (const v of [10n, null, undefined, () => 1, Symbol('s')]) expect(enc(v)).toBe('["e"]');
  });

  it('tags every type so a value never collides with its string form', () => {
    const forms = [123, '123', true, 'true', new Uint8Array([1, 2]), 'AQI=', 1.5, '1.5'].map(enc);
    expect(new Set(forms).size).toBe(forms.length);
  });

  it('encodes bytes as standard padded base64, including the empty array', () => {
    expect(enc(new Uint8Array([0xfb, 0xff]))).toBe('["y","+/8="]');
    expect(enc(new Uint8Array(0))).toBe('["y",""]');
    expect(enc(Buffer.from('hi'))).toBe('["y","aGk="]');
  });

  it('sorts map keys by UTF-16 code units, integer-like keys included', () => {
    expect(enc({ b: 1, 10: 2, a: 3, 9: 4 })).toBe(
      '["m",[["10",["i","2"]],["9",["i","4"]],["a",["i","3"]],["b",["i","1"]]]]',
    );
    // U+1F600 is the surrogate pair D83D DE00, below U+FF61 in UTF-16 order although above it in code points.
    expect(enc({ '\uFF61': 1, '😀': 2, '': 3 })).toBe('["m",[["",["i","3"]],["😀",["i","2"]],["｡",["i","1"]]]]');
  });

  it('keeps array order and nests tags', () => {
    expect(enc([2, 'a', [true]])).toBe('["a",[["i","2"],["s","a"],["a",[["b",true]]]]]');
  });

  it('replaces lone surrogates with U+FFFD exactly as the wire encoder will', () => {
    expect(enc('a\ud800b')).toBe('["s","a\uFFFDb"]');
    expect(enc('\udfff')).toBe('["s","\uFFFD"]');
  });

  it('escapes control characters as JSON.stringify does and leaves U+2028 and non-ASCII alone', () => {
    expect(enc('\u0000\n\u001f\u2028é/')).toBe('["s","\\u0000\\n\\u001f\u2028é/"]');
  });

  it('accepts nesting up to 128 containers and rejects 129', () => {
    expect(() => canonicalAnyValue(nested(OLCF1_MAX_DEPTH))).not.toThrow();
    expect(() => canonicalAnyValue(nested(OLCF1_MAX_DEPTH + 1))).toThrow(CanonicalizationError);
  });

  it('rejects cycles and reports them as cycles, not depth', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    try {
      canonicalAnyValue(a);
      expect.unreachable();
    } catch (e) {
      expect((e as CanonicalizationError).reason).toBe('cycle');
    }
  });

  it('accepts shared (non-cyclic) references', () => {
    const shared = { k: 1 };
    expect(enc([shared, shared])).toBe('["a",[["m",[["k",["i","1"]]]],["m",[["k",["i","1"]]]]]]');
  });

  it('rejects two keys that collide after surrogate normalization', () => {
    expect(() => canonicalAnyValue({ '\ud800': 1, '\udfff': 2 })).toThrow(/duplicate/);
  });
});

describe('OLCF-1 record tuple', () => {
  it('emits the 19 slots in order with the documented defaults', () => {
    const form = canonicalizeLogRecord({}, seal);
    expect(form.ok).toBe(true);
    expect(form.text).toBe(
      '["olcf1","AAAAAAAAAAAAAAAAAAAAAA","7","R","","","",[],"0","0","0","","",["e"],[],"0","","","0"]',
    );
  });

  it('fills every slot from a full record', () => {
    const form = canonicalizeLogRecord(
      {
        instrumentationScope: { name: 'lib', version: '1.2', schemaUrl: 'https://s', attributes: { z: 'y' } },
        hrTime: [1700000000, 5],
        hrTimeObserved: [0, 12],
        severityNumber: 9,
        severityText: 'INFO',
        eventName: 'user.login',
        body: 'hello',
        attributes: { b: 1, a: 'x', 'seclog.integrity.seq': 7 },
        droppedAttributesCount: 2,
        spanContext: { traceId: '0AF7651916CD43DD8448EB211C80319C', spanId: 'B7AD6B7169203331', traceFlags: 1 },
      },
      { ...seal, excludeAttributes: new Set(['seclog.integrity.seq']) },
    );
    expect(form.text).toBe(
      '["olcf1","AAAAAAAAAAAAAAAAAAAAAA","7","R","lib","1.2","https://s",[["z",["s","y"]]],"1700000000000000005","12","9","INFO","user.login",["s","hello"],[["a",["s","x"]],["b",["i","1"]]],"2","0af7651916cd43dd8448eb211c80319c","b7ad6b7169203331","1"]',
    );
  });

  it('maps all-zero and malformed ids to ""', () => {
    const form = canonicalizeLogRecord(
      { spanContext: { traceId: '0'.repeat(32), spanId: 'xyz', traceFlags: 0 } },
      seal,
    );
    expect(JSON.parse(form.text).slice(16)).toEqual(['', '', '0']);
  });

  it('seals a cyclic body as an explicit unverifiable leaf instead of dropping it', () => {
    const body: Record<string, unknown> = {};
    body.me = body;
    const form = canonicalizeLogRecord({ body }, seal);
    expect(form).toMatchObject({ ok: false, reason: 'cycle' });
    expect(form.text).toBe('["olcf1-unverifiable","AAAAAAAAAAAAAAAAAAAAAA","7","cycle"]');
  });

  it('counts lone surrogates', () => {
    expect(canonicalizeLogRecord({ body: '\ud800\ud800', attributes: { k: '\udc00' } }, seal).loneSurrogates).toBe(3);
  });

  it('distinguishes records that differ only in a timestamp nanosecond', () => {
    const a = canonicalizeLogRecord({ hrTime: [1700000000, 1] }, seal).text;
    const b = canonicalizeLogRecord({ hrTime: [1700000000, 2] }, seal).text;
    expect(recordDigest(a).equals(recordDigest(b))).toBe(false);
  });
});

describe('resource digest', () => {
  it('is the base64 SHA-256 of ["olcf1-resource", sorted pairs, dropped count]', () => {
    const text = canonicalResourceText({ 'service.name': 'svc', 'a.b': 1 });
    expect(text).toBe('["olcf1-resource",[["a.b",["i","1"]],["service.name",["s","svc"]]],"0"]');
    expect(resourceDigest({ 'service.name': 'svc', 'a.b': 1 })).toBe(sha256(text).toString('base64'));
  });

  it('does not depend on attribute insertion order', () => {
    expect(resourceDigest({ a: 1, b: 2 })).toBe(resourceDigest({ b: 2, a: 1 }));
  });
});
