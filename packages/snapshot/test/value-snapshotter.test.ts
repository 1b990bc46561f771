import { describe, expect, it } from 'vitest';
import {
  CIRCULAR_MARKER,
  DEFAULT_SNAPSHOT_LIMITS,
  DEPTH_MARKER,
  OMITTED_KEYS_KEY,
  resolveSnapshotLimits,
  SnapshotLimitsError,
  UNREADABLE_MARKER,
  ValueSnapshotter,
} from '../src/index.ts';

function snap(v: unknown, limits = DEFAULT_SNAPSHOT_LIMITS) {
  const s = new ValueSnapshotter(limits);
  s.begin();
  const value = s.value(v);
  return { value, changes: s.changes };
}

describe('plain data passes through as a private copy', () => {
  it('keeps scalars and structure, and shares no container with the input', () => {
    const input = { a: 'x', n: 1.5, i: 42, t: true, z: null, list: [1, 'two', { deep: false }] };
    const { value, changes } = snap(input);
    expect(value).toEqual(input);
    expect(value).not.toBe(input);
    expect((value as { list: unknown }).list).not.toBe(input.list);
    expect(changes).toEqual({ truncated: 0, circular: 0, unreadable: 0, normalized: 0, duplicateKeys: 0 });
  });

  it('a later mutation of the caller object does not reach the snapshot', () => {
    const input = { user: 'alice', roles: ['reader'] };
    const { value } = snap(input);
    input.user = 'mallory';
    input.roles.push('admin');
    expect(value).toEqual({ user: 'alice', roles: ['reader'] });
  });
});

describe('hostile values are read once and become what the exporter can write', () => {
  it('reads every getter exactly once', () => {
    let reads = 0;
    const input = {
      get secret() {
        reads++;
        return reads === 1 ? 'clean' : 'ghp_0123456789abcdefghijklmnopqrstuvwxyz';
      },
    };
    const { value } = snap(input);
    expect(value).toEqual({ secret: 'clean' });
    expect(reads).toBe(1);
  });

  it('turns a throwing getter into a marker for that key only', () => {
    const input = {
      ok: 'fine',
      get bad(): string {
        throw new Error('password=hunter2');
      },
    };
    const { value, changes } = snap(input);
    expect(value).toEqual({ ok: 'fine', bad: UNREADABLE_MARKER });
    expect(changes.unreadable).toBe(1);
    expect(JSON.stringify(value)).not.toContain('hunter2');
  });

  it('turns a Proxy whose traps throw, and a revoked Proxy, into markers', () => {
    const throwing = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no');
        },
      },
    );
    const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
    revoke();
    expect(snap({ throwing, revoked: proxy }).value).toEqual({
      throwing: UNREADABLE_MARKER,
      revoked: UNREADABLE_MARKER,
    });
  });

  it('unwraps String, Number and Boolean objects instead of exporting them one character per key', () => {
    const input = [new String('4111111111111111'), new Number(7), new Boolean(false), Object(5n)];
    expect(snap(input).value).toEqual(['4111111111111111', 7, false, 5]);
  });

  it('replaces references to an ancestor and keeps shared, non-circular references', () => {
    const shared = { v: 1 };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input.self = input;
    const { value, changes } = snap(input);
    expect(value).toEqual({ a: { v: 1 }, b: { v: 1 }, self: CIRCULAR_MARKER });
    expect(changes.circular).toBe(1);
  });

  it('bounds a sparse array of length 10 million by the value budget', () => {
    const input = new Array(10_000_000);
    input[5] = 'x';
    const limits = resolveSnapshotLimits({ maxValues: 1000 });
    const { value, changes } = snap(input, limits);
    const out = value as unknown[];
    expect(out.length).toBeLessThanOrEqual(1001);
    expect(out[5]).toBe('x');
    expect(out[4]).toBeNull();
    expect(out[out.length - 1]).toBe(`[TRUNCATED:${10_000_000 - (out.length - 1)} more]`);
    expect(changes.truncated).toBe(1);
  });

  it('ends a map that exceeds the value budget with a count of the keys left out', () => {
    const input: Record<string, number> = {};
    for (let i = 0; i < 100; i++) input[`k${i}`] = i;
    const { value } = snap(input, resolveSnapshotLimits({ maxValues: 20 }));
    const out = value as Record<string, unknown>;
    const kept = Object.keys(out).filter((k) => k !== OMITTED_KEYS_KEY).length;
    expect(out[OMITTED_KEYS_KEY]).toBe(100 - kept);
  });

  it('cuts nesting deeper than maxDepth', () => {
    let input: unknown = 'leaf';
    for (let i = 0; i < 10; i++) input = [input];
    let v = snap(input, resolveSnapshotLimits({ maxDepth: 3 })).value;
    for (let i = 0; i < 3; i++) v = (v as unknown[])[0] as typeof v;
    expect(v).toBe(DEPTH_MARKER);
  });
});

describe('values the JSON and protobuf encoders write differently are normalised', () => {
  it('writes NaN, ±Infinity and integers beyond 2^53 as exact text, keeps safe integers, doubles and -0 as numbers', () => {
    const input = [NaN, Infinity, -Infinity, 2 ** 63, -(2 ** 64), 2 ** 60, 2 ** 53, 2 ** 53 - 1, -0, 1e300, 1.5];
    const { value, changes } = snap(input);
    expect(value).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      '9223372036854775808',
      '-18446744073709551616',
      '1152921504606846976',
      '9007199254740992',
      9007199254740991,
      0,
      BigInt(1e300).toString(),
      1.5,
    ]);
    expect(Object.is((value as number[])[8], 0)).toBe(true);
    expect(changes.normalized).toBe(8);
  });

  it('keeps a safe bigint as a number and a large one as exact text', () => {
    expect(snap([12n, 2n ** 70n]).value).toEqual([12, '1180591620717411303424']);
  });

  it('repairs lone surrogates in values and keys, keeping the first of two keys that then collide', () => {
    const { value, changes } = snap({ '\ud800': 'a', '\udfff': 'b', v: 'x\udc00y' });
    expect(value).toEqual({ '\ufffd': 'a', v: 'x\ufffdy' });
    expect(changes.duplicateKeys).toBe(1);
  });
});

describe('objects become the plain data they stand for', () => {
  it('copies byte arrays as Uint8Array, other typed arrays as numbers', () => {
    const buf = Buffer.from('secret');
    const { value } = snap({ buf, i16: Int16Array.of(-1, 2), view: new DataView(Uint8Array.of(9, 8).buffer) });
    const out = value as { buf: Uint8Array; i16: unknown; view: Uint8Array };
    expect(Buffer.isBuffer(out.buf)).toBe(false);
    expect(Buffer.from(out.buf).toString()).toBe('secret');
    buf.write('XXXXXX');
    expect(Buffer.from(out.buf).toString()).toBe('secret');
    expect(out.i16).toEqual([-1, 2]);
    expect([...out.view]).toEqual([9, 8]);
  });

  it('uses toJSON like JSON.stringify (Date), maps Map and Set, and keeps Error name, message and stack', () => {
    const err = Object.assign(new TypeError('bad input'), { code: 'E_BAD' });
    const { value } = snap({
      when: new Date(0),
      m: new Map<unknown, unknown>([
        ['a', 1],
        [2, 'b'],
      ]),
      s: new Set(['x', 'y']),
      err,
      custom: { toJSON: () => ({ redactMe: 'no' }) },
    });
    const out = value as Record<string, Record<string, unknown>>;
    expect(out.when).toBe('1970-01-01T00:00:00.000Z');
    expect(out.m).toEqual({ a: 1, 2: 'b' });
    expect(out.s).toEqual(['x', 'y']);
    expect(out.err).toMatchObject({ name: 'TypeError', message: 'bad input', code: 'E_BAD' });
    expect(String(out.err?.stack)).toContain('bad input');
    expect(out.custom).toEqual({ redactMe: 'no' });
  });

  it('copies class instances by their own enumerable keys, and writes functions and symbols as empty', () => {
    class User {
      name = 'bob';
      greet() {
        return 'hi';
      }
    }
    expect(snap({ u: new User(), f: () => 1, s: Symbol('x'), u2: undefined }).value).toEqual({
      u: { name: 'bob' },
      f: null,
      s: null,
      u2: null,
    });
  });
});

describe('length limits', () => {
  it('cuts a long string with a marker, never inside a surrogate pair', () => {
    const limits = resolveSnapshotLimits({ maxStringLength: 64 });
    const long = `${'a'.repeat(63)}😀tail`;
    const { value, changes } = snap(long, limits);
    expect(value).toBe(`${'a'.repeat(63)}…[TRUNCATED:6 more]`);
    expect((value as string).isWellFormed()).toBe(true);
    expect(changes.truncated).toBe(1);
  });

  it('shares one length budget across the values of a record', () => {
    const limits = resolveSnapshotLimits({ maxStringLength: 100, maxTotalLength: 150 });
    const { value } = snap(['x'.repeat(100), 'y'.repeat(100)], limits);
    expect(value).toEqual(['x'.repeat(100), `${'y'.repeat(50)}…[TRUNCATED:50 more]`]);
  });

  it('replaces a byte array over the limit by a marker string', () => {
    const limits = resolveSnapshotLimits({ maxStringLength: 64 });
    expect(snap(new Uint8Array(65), limits).value).toBe('…[TRUNCATED:65 more]');
  });
});

describe('limits are validated', () => {
  it('names the offending field', () => {
    expect(() => resolveSnapshotLimits({ maxDepth: 0 })).toThrow(SnapshotLimitsError);
    expect(() => resolveSnapshotLimits({ maxDepth: 0 }, 'options.snapshot')).toThrow(/options\.snapshot\.maxDepth/);
    expect(() => resolveSnapshotLimits({ maxDepthh: 3 } as never)).toThrow(
      /limits\.maxDepthh is not a known option \(did you mean maxDepth\?\)/,
    );
  });
});
