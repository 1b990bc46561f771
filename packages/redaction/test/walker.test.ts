import { describe, expect, it } from 'vitest';
import { createRedactor, createReport } from '../src/index.js';
import { HMAC_KEY } from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });

describe('copy-on-write', () => {
  it('returns the same reference for clean strings, maps and arrays', () => {
    const s = 'GET /health 200 in 3ms';
    expect(r.redactValue(s)).toBe(s);
    const body = { a: 'x', b: [1, 'two', { c: null }], d: true };
    expect(r.redactValue(body)).toBe(body);
    const attrs = { 'http.method': 'GET', 'http.status_code': 200 };
    expect(r.redactAttributes(attrs)).toBe(attrs);
  });

  it('clones only the changed branch and never mutates the input', () => {
    const untouched = { deep: { list: ['a', 'b'] } };
    const body = { keep: untouched, change: { note: 'mail bob@corp.com', other: 1 }, list: ['ok', 'password=x'] };
    const snapshot = structuredClone(body);
    const out = r.redactValue(body) as typeof body;
    expect(body).toEqual(snapshot);
    expect(out).not.toBe(body);
    expect(out.keep).toBe(untouched);
    expect(out.change).not.toBe(body.change);
    expect(out.change.other).toBe(1);
    expect(out.list[0]).toBe('ok');
    expect(out.list[1]).toBe('password=[REDACTED:CREDENTIAL]');
  });

  it('keeps key order and the other keys when a key is dropped', () => {
    expect(Object.keys(r.redactValue({ a: 1, cvv: '123', b: 2 }) as object)).toEqual(['a', 'b']);
  });

  it('keeps a "__proto__" key of a parsed object as an ordinary key in the copy', () => {
    const body = JSON.parse('{"__proto__":{"note":"mail bob@corp.com"},"other":"password=x"}');
    const out = r.redactValue(body) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'other']);
    expect(JSON.stringify(out)).not.toContain('bob@corp.com');
    const kept = Object.getOwnPropertyDescriptor(out, '__proto__')?.value as { note: string } | undefined;
    expect(kept?.note).toMatch(/^mail <email:/);
    const nested = r.redactValue({ password: JSON.parse('{"__proto__":"hunter2"}') }) as Record<string, unknown>;
    expect(JSON.stringify(nested)).not.toContain('hunter2');
  });
});

describe('value types', () => {
  it('scans Uint8Array values by default and passes them untouched with scanBinary: false', () => {
    const bytes = new TextEncoder().encode('password=hunter2');
    const scanned = r.redactValue(bytes) as Uint8Array;
    expect(scanned).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(scanned)).toBe('password=[REDACTED:CREDENTIAL]');
    expect(createRedactor({ scanBinary: false }).redactValue(bytes)).toBe(bytes);
  });

  it('leaves ordinary numbers, booleans, null and non-plain objects alone by default', () => {
    const date = new Date(0);
    const v = { n: 4242424242424241, count: 12, ts: 1732612345678, b: false, z: null, date };
    expect(r.redactValue(v)).toBe(v);
  });

  it('uses the key path given to redactValue for classification', () => {
    expect(r.redactValue('x', 'user.password')).toBe('[REDACTED:CREDENTIAL]');
    expect(r.redactValue('x', 'user.name')).toBe('x');
  });

  it('classifies nested map keys by full dotted path', () => {
    const out = r.redactValue({ aws: { secret: { access: { key: 'v' } } } });
    expect(out).toEqual({ aws: { secret: '[REDACTED:CREDENTIAL]' } });
  });
});

describe('key-only mode', () => {
  it('classifies keys but does not scan values', () => {
    const k = createRedactor({ mode: 'key-only' });
    const body = { password: 'x', note: 'mail bob@corp.com' };
    expect(k.redactValue(body)).toEqual({ password: '[REDACTED:CREDENTIAL]', note: 'mail bob@corp.com' });
    const clean = { note: 'password=x' };
    expect(k.redactValue(clean)).toBe(clean);
  });
});

describe('budgets (fail closed)', () => {
  it('scans the first maxScanBytes and replaces the rest by a truncation marker', () => {
    const small = createRedactor({ limits: { maxScanBytes: 1024 } });
    const report = createReport();
    const long = `${'word '.repeat(300)}password=hunter2 ${'x'.repeat(100)}`;
    const out = small.redactText(long, report) as string;
    expect(out).toMatch(/\[TRUNCATED:\d+ bytes unscanned\]$/);
    expect(out).not.toContain('hunter2');
    expect(out.length).toBeLessThan(1100);
    expect(report.budget.get('truncated')).toBe(1);
  });

  it('counts unscanned bytes in UTF-8 and never splits a token at the cut', () => {
    const small = createRedactor({ limits: { maxScanBytes: 1024 } });
    const out = small.redactText(`${'é'.repeat(600)} tail`);
    const m = /\[TRUNCATED:(\d+) bytes unscanned\]$/.exec(out);
    expect(m).not.toBeNull();
    expect(Buffer.byteLength(out.slice(0, m!.index), 'utf8') + Number(m![1])).toBe(
      Buffer.byteLength(`${'é'.repeat(600)} tail`),
    );
  });

  it('scans long strings whole with overflow "chunk", within the record string budget', () => {
    const chunk = createRedactor({ limits: { maxScanBytes: 1024, overflow: 'chunk' } });
    const long = `${'word '.repeat(1000)}password=hunter2 end`;
    expect(chunk.redactText(long)).toBe(`${'word '.repeat(1000)}password=[REDACTED:CREDENTIAL] end`);
    const tight = createRedactor({ limits: { maxScanBytes: 1024, maxTotalStringBytes: 2048, overflow: 'chunk' } });
    expect(tight.redactText(long)).toMatch(/\[TRUNCATED:\d+ bytes unscanned\]$/);
  });

  it('redacts the remaining strings once the per-record time budget is spent', () => {
    const timed = createRedactor({ limits: { recordTimeBudgetMs: 1 } });
    const slowGetter = {
      get a(): string {
        const until = performance.now() + 5;
        while (performance.now() < until) {
          // burn the budget deterministically
        }
        return 'first';
      },
      b: 'second value',
    };
    const report = createReport();
    // The getter runs before its own string is scanned, so both strings come after the deadline.
    expect(timed.redactValue(slowGetter, undefined, report)).toEqual({
      a: '[REDACTED:TIME_BUDGET]',
      b: '[REDACTED:TIME_BUDGET]',
    });
    expect(report.budget.get('time_budget')).toBe(2);
  });

  it('redacts values below the maximum depth wholesale', () => {
    let deep: unknown = 'secret-free';
    for (let i = 0; i < 20; i++) deep = { n: deep };
    const report = createReport();
    const out = JSON.stringify(r.redactValue(deep, undefined, report));
    expect(out).toContain('[REDACTED:MAX_DEPTH]');
    expect(out).not.toContain('secret-free');
    expect(report.budget.get('max_depth')).toBe(1);
  });

  it('redacts values beyond the node budget', () => {
    const many = Array.from({ length: 3000 }, (_, i) => `v${i}`);
    const out = r.redactValue(many) as string[];
    expect(out[10]).toBe('v10');
    expect(out[2999]).toBe('[REDACTED:NODE_LIMIT]');
  });

  it('redacts strings beyond the total string budget', () => {
    const small = createRedactor({ limits: { maxTotalStringBytes: 2048 } });
    const out = small.redactValue(['a'.repeat(1500), 'b'.repeat(1500), 'c']) as string[];
    expect(out[0]).toBe('a'.repeat(1500));
    expect(out[1]).toBe('b'.repeat(1500));
    expect(out[2]).toBe('[REDACTED:STRING_BUDGET]');
  });

  it('replaces a string with too many findings by one marker', () => {
    const few = createRedactor({ limits: { maxFindingsPerString: 3 } });
    expect(few.redactText('a@b.co c@d.co e@f.co g@h.co')).toBe('[REDACTED:TOO_MANY_FINDINGS]');
    expect(few.redactText('a@b.co c@d.co')).not.toContain('@b.co');
  });
});

describe('fail closed on internal errors', () => {
  it('turns a value whose getter throws into [REDACTION_ERROR] and counts it', () => {
    const report = createReport();
    const body = {
      fine: 'ok',
      get broken(): string {
        throw new Error('nope');
      },
    };
    const out = r.redactValue(body, undefined, report) as Record<string, unknown>;
    expect(out.broken).toBe('[REDACTION_ERROR]');
    expect(out.fine).toBe('ok');
    expect(report.errors).toBe(1);
  });

  it('turns a map that cannot be enumerated into [REDACTION_ERROR]', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    expect(r.redactValue({ a: hostile })).toEqual({ a: '[REDACTION_ERROR]' });
  });

  it('survives cycles (depth budget)', () => {
    const a: Record<string, unknown> = { name: 'loop' };
    a.self = a;
    expect(() => r.redactValue(a)).not.toThrow();
  });
});
