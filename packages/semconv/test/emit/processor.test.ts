import { SeverityNumber } from '@opentelemetry/api';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it, vi } from 'vitest';
import { createSecurityEvents, SecurityEventConfigError, SecurityEventProcessor } from '../../src/index.js';
import { sdkPipeline } from './sdk-harness.js';

function pipeline(mode?: 'safe' | 'strict') {
  return sdkPipeline((next) => new SecurityEventProcessor(mode ? { next, mode } : { next }));
}

const LOCK = {
  'security_event.outcome': 'success',
  'security_event.actor.type': 'system',
  'security_event.target.user.id': 'u42',
  'security_event.lock.reason': 'max_retries',
};

describe('SecurityEventProcessor', () => {
  it('fills severity, log.record.uid and category on a hand-emitted catalog event', () => {
    const { provider, records } = pipeline();
    provider.getLogger('app').emit({ eventName: 'security_event.account.lock', attributes: LOCK });
    const [record] = records();
    expect(record?.severityNumber).toBe(SeverityNumber.WARN);
    expect(record?.attributes['security_event.category']).toBe('account');
    expect(record?.attributes['log.record.uid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(record?.attributes).not.toHaveProperty('security_event.conformance.errors');
  });

  it('keeps a severity and uid the producer already set', () => {
    const { provider, records } = pipeline();
    provider.getLogger('app').emit({
      eventName: 'security_event.account.lock',
      severityNumber: SeverityNumber.ERROR,
      attributes: { ...LOCK, 'log.record.uid': 'abc' },
    });
    expect(records()[0]?.severityNumber).toBe(SeverityNumber.ERROR);
    expect(records()[0]?.attributes['log.record.uid']).toBe('abc');
  });

  it('lifts otel.event.name from a bridged logger into eventName', () => {
    const { provider, records } = pipeline();
    provider.getLogger('pino').emit({ attributes: { ...LOCK, 'otel.event.name': 'security_event.account.lock' } });
    expect(records()[0]?.eventName).toBe('security_event.account.lock');
    expect(records()[0]?.severityNumber).toBe(SeverityNumber.WARN);
  });

  it('tags violations instead of dropping the record', () => {
    const { provider, records } = pipeline();
    provider.getLogger('app').emit({
      eventName: 'security_event.authentication.login',
      attributes: { 'security_event.outcome': 'failure', 'security_event.actor.type': 'anonymous' },
    });
    expect(records()).toHaveLength(1);
    expect(records()[0]?.attributes['security_event.conformance.errors']).toEqual([
      'missing_required:security_event.auth.method',
      'missing_required:client.address',
      'missing_required:error.type',
    ]);
  });

  it('removes secret attributes and values', () => {
    const { provider, records } = pipeline();
    provider.getLogger('app').emit({
      eventName: 'security_event.account.lock',
      attributes: { ...LOCK, 'http.request.header.authorization': 'Bearer abcdefghijklmnopqrstuvwx' },
    });
    expect(records()[0]?.attributes).not.toHaveProperty('http.request.header.authorization');
    expect(records()[0]?.attributes['security_event.conformance.errors']).toEqual([
      'secret_attribute:http.request.header.authorization',
    ]);
  });

  it('truncates over-long values of bridged records and flags them', () => {
    const { provider, records } = pipeline();
    provider.getLogger('app').emit({
      eventName: 'security_event.account.lock',
      attributes: { ...LOCK, 'security_event.justification': 'x'.repeat(10_000) },
    });
    expect(records()[0]?.attributes['security_event.justification']).toHaveLength(8192);
    expect(records()[0]?.attributes['security_event.conformance.errors']).toEqual([
      'value_too_long:security_event.justification',
    ]);
  });

  it('checks an event name given as an object by the text every later processor and the exporter see', () => {
    const { provider, records } = pipeline();
    const eventName = new String('security_event.account.lock') as unknown as string;
    provider.getLogger('app').emit({ eventName, attributes: LOCK });
    provider.getLogger('app').emit({ eventName: { toString: () => 'security_event.account.lock' } as never });
    const [boxed, custom] = records();
    expect(boxed?.eventName).toBe('security_event.account.lock');
    expect(boxed?.severityNumber).toBe(SeverityNumber.WARN);
    expect(boxed?.attributes['security_event.category']).toBe('account');
    expect(custom?.attributes['security_event.conformance.errors']).toContain(
      'missing_required:security_event.outcome',
    );
  });

  it("writes its attributes past the SDK's attribute count limit, without counting them as dropped", () => {
    const { provider, records } = pipeline();
    const crowded: Record<string, number> = {};
    for (let i = 0; i < 130; i++) crowded[`app.attr.${i}`] = i;
    provider.getLogger('app').emit({ eventName: 'security_event.account.lock', attributes: { ...LOCK, ...crowded } });
    const [record] = records();
    // The SDK kept 128 of the 134 given; the event's own tags come on top and are not "dropped".
    expect(record?.droppedAttributesCount).toBe(6);
    expect(record?.attributes['log.record.uid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(record?.attributes['security_event.category']).toBe('account');
  });

  it('passes records that are not security events through untouched', () => {
    const { provider, records } = pipeline('strict');
    provider.getLogger('app').emit({ eventName: 'app.checkout', body: 'hi', attributes: { 'app.cart': 3 } });
    provider.getLogger('app').emit({ body: 'plain log' });
    expect(records()[0]?.attributes).toEqual({ 'app.cart': 3 });
    expect(records()[0]?.severityNumber).toBeUndefined();
    expect(records()[1]?.attributes).toEqual({});
  });

  it('flags unknown attributes and unknown security event names in strict mode only', () => {
    const safe = pipeline('safe');
    safe.provider
      .getLogger('app')
      .emit({ eventName: 'security_event.account.lock', attributes: { ...LOCK, 'app.x': 1 } });
    expect(safe.records()[0]?.attributes).not.toHaveProperty('security_event.conformance.errors');
    const strict = pipeline('strict');
    strict.provider
      .getLogger('app')
      .emit({ eventName: 'security_event.account.lock', attributes: { ...LOCK, 'app.x': 1 } });
    strict.provider.getLogger('app').emit({ eventName: 'security_event.user.teleport', attributes: {} });
    expect(strict.records()[0]?.attributes['security_event.conformance.errors']).toEqual(['unknown_attribute:app.x']);
    expect(strict.records()[1]?.attributes['security_event.conformance.errors']).toEqual(['unknown_event']);
  });

  it('leaves a conformant builder event unchanged', () => {
    const { provider, records } = pipeline('strict');
    const result = createSecurityEvents(provider, { mode: 'strict' }).userDelete({
      outcome: 'success',
      actorType: 'system',
      targetUserId: 'u2',
    });
    expect(records()[0]?.attributes['log.record.uid']).toBe(result.uid);
    expect(records()[0]?.attributes).not.toHaveProperty('security_event.conformance.errors');
  });

  it('never throws into logger.emit when the next processor throws, and delegates flush and shutdown', async () => {
    const next: LogRecordProcessor = {
      onEmit: vi.fn(() => {
        throw new Error('boom');
      }),
      forceFlush: vi.fn(async () => {}),
      shutdown: vi.fn(async () => {}),
    };
    const processor = new SecurityEventProcessor({ next });
    const { LoggerProvider } = await import('@opentelemetry/sdk-logs');
    const provider = new LoggerProvider({ processors: [processor] });
    expect(() =>
      provider.getLogger('app').emit({ eventName: 'security_event.account.lock', attributes: LOCK }),
    ).not.toThrow();
    expect(next.onEmit).toHaveBeenCalledTimes(1);
    await processor.forceFlush();
    await processor.shutdown();
    expect(next.forceFlush).toHaveBeenCalledTimes(1);
    expect(next.shutdown).toHaveBeenCalledTimes(1);
  });

  it('fails at construction on bad options, naming the field', () => {
    // biome-ignore lint/suspicious/noExplicitAny: invalid configuration from JavaScript
    expect(() => new SecurityEventProcessor({} as any)).toThrow(/options\.next/);
    const next = sdkPipeline().provider;
    // biome-ignore lint/suspicious/noExplicitAny: invalid configuration from JavaScript
    expect(() => new SecurityEventProcessor({ next: next as any })).toThrow(/options\.next/);
    const noop = { onEmit() {}, forceFlush: async () => {}, shutdown: async () => {} };
    const badMode = { next: noop, mode: 'loud' } as unknown as ConstructorParameters<typeof SecurityEventProcessor>[0];
    expect(() => new SecurityEventProcessor(badMode)).toThrow(/options\.mode/);
  });

  it('checks its snapshot limits, naming the field', () => {
    const noop = { onEmit() {}, forceFlush: async () => {}, shutdown: async () => {} };
    const options = { next: noop, snapshot: { maxDepth: 0 } };
    expect(() => new SecurityEventProcessor(options)).toThrow(SecurityEventConfigError);
    expect(() => new SecurityEventProcessor(options)).toThrow(/options\.snapshot\.maxDepth/);
  });

  it('throws a SecurityEventConfigError with the field and the problem, never the value', () => {
    const noop = { onEmit() {}, forceFlush: async () => {}, shutdown: async () => {} };
    const cases: [unknown, string, string][] = [
      [{ next: noop, mode: 'sk_live_not-a-mode' }, 'options.mode', "must be one of 'safe', 'strict'"],
      [{ next: noop, geo: 'x' }, 'options.geo', 'must be a function'],
      [{ next: noop, mdoe: 'strict' }, 'options.mdoe', 'is not a known option (did you mean mode?)'],
      [undefined, 'options', 'are required'],
    ];
    for (const [options, field, problem] of cases) {
      let error: unknown;
      try {
        new SecurityEventProcessor(options as ConstructorParameters<typeof SecurityEventProcessor>[0]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SecurityEventConfigError);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as SecurityEventConfigError).field).toBe(field);
      expect((error as Error).message).toContain(`SecurityEventProcessor: ${field} ${problem}`);
      expect((error as Error).message).not.toContain('sk_live');
    }
  });
});
