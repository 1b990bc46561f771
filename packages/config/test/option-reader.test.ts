import { describe, expect, it } from 'vitest';
import { closestName, optionReader, SeclogConfigError } from '../src/index.ts';

class DemoConfigError extends SeclogConfigError {
  override readonly name = 'DemoConfigError';
}
const read = optionReader('Demo', DemoConfigError);

function error(fn: () => unknown): DemoConfigError {
  try {
    fn();
  } catch (e) {
    return e as DemoConfigError;
  }
  throw new Error('did not throw');
}

describe('optionReader', () => {
  it('names the component and the full field path, and throws the package class (a TypeError)', () => {
    const e = error(() => read.integer('delivery.maxQueueSize', -1, { min: 1, max: 10, fallback: 5 }));
    expect(e).toBeInstanceOf(DemoConfigError);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('Demo: delivery.maxQueueSize must be an integer from 1 to 10');
    expect(e.field).toBe('delivery.maxQueueSize');
  });

  it('applies defaults and accepts valid values', () => {
    expect(read.integer('n', undefined, { min: 1, max: 10, fallback: 5 })).toBe(5);
    expect(read.integer('n', 7, { min: 1, max: 10, fallback: 5 })).toBe(7);
    expect(read.boolean('b', undefined, true)).toBe(true);
    expect(read.oneOf('m', 'safe', ['safe', 'strict'] as const, 'strict')).toBe('safe');
    expect(read.object('o', undefined, ['a'])).toEqual({});
  });

  it('refuses an unknown key and suggests the closest known one', () => {
    const e = error(() => read.object('delivery', { maxQueSize: 1 }, ['maxQueueSize', 'flushTimeoutMillis']));
    expect(e.field).toBe('delivery.maxQueSize');
    expect(e.message).toMatch(/delivery\.maxQueSize is not a known option \(did you mean maxQueueSize\?\)/);
  });

  it('never repeats an unknown key that is not shaped like an option name (it may be a pasted secret)', () => {
    const secret = 'ghp_0123456789abcdefghijklmnopqrstuvwxyz0123';
    const e = error(() => read.object('keys', { [`${secret} `]: 1 }, ['signingKeyFile']));
    expect(e.message).not.toContain(secret.slice(4, 20));
    expect(e.field).toBe('keys');
  });

  it('never repeats a wrong value', () => {
    const e = error(() => read.oneOf('mode', 'hunter2-password', ['safe', 'strict'] as const, 'safe'));
    expect(e.message).toBe("Demo: mode must be one of 'safe', 'strict'");
  });
});

describe('closestName', () => {
  it('finds a near miss, a case-only difference, and nothing for a different word', () => {
    expect(closestName('maxRecord', ['maxRecords', 'heartbeatMs'])).toBe('maxRecords');
    expect(closestName('LEAFLIST', ['leafList'])).toBe('leafList');
    expect(closestName('endpoint', ['url', 'protocol', 'headers'])).toBeUndefined();
  });
});
