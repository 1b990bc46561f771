import { createRequire } from 'node:module';
import { logs } from '@opentelemetry/api';
import { logs as apiLogsRegistry } from '@opentelemetry/api-logs';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import { afterEach, describe, expect, it } from 'vitest';
import winston from 'winston';
import { registerGlobalLoggerProvider } from '../src/global-logger-provider.js';
import { memoryLogs, until } from './support/memory-logs.js';

// pino is CommonJS: the instrumentation patches it through require (ESM apps use the OTel loader hook instead).
const requireFromHere = createRequire(import.meta.url);

afterEach(() => {
  logs.disable();
  apiLogsRegistry.disable();
});

describe('registerGlobalLoggerProvider', () => {
  it('makes the provider visible to @opentelemetry/api AND @opentelemetry/api-logs users', () => {
    const m = memoryLogs();
    const registration = registerGlobalLoggerProvider(m.provider);
    logs.getLogger('via-api').emit({ body: 'api' });
    apiLogsRegistry.getLogger('via-api-logs').emit({ body: 'api-logs' });
    expect(m.records().map((r) => [r.instrumentationScope.name, r.body])).toEqual([
      ['via-api', 'api'],
      ['via-api-logs', 'api-logs'],
    ]);
    registration.unregister();
    logs.getLogger('after').emit({ body: 'gone' });
    apiLogsRegistry.getLogger('after').emit({ body: 'gone' });
    expect(m.records()).toHaveLength(2);
  });

  it('fails closed when another provider already owns a registry', () => {
    const first = memoryLogs();
    registerGlobalLoggerProvider(first.provider);
    const second = memoryLogs();
    expect(() => registerGlobalLoggerProvider(second.provider)).toThrow(/already registered in @opentelemetry\/api/);
    logs.disable();
    expect(() => registerGlobalLoggerProvider(second.provider)).toThrow(
      /already registered in @opentelemetry\/api-logs/,
    );
    // the failed attempt must not leave the api registry half-claimed
    expect(logs.getLoggerProvider()).not.toBe(second.provider);
  });

  it('receives winston logs through @opentelemetry/winston-transport (an api-logs bridge)', async () => {
    const m = memoryLogs();
    registerGlobalLoggerProvider(m.provider);
    const logger = winston.createLogger({ level: 'info', transports: [new OpenTelemetryTransportV3()] });
    logger.warn('card declined', { orderId: 'o-1' });
    await until(() => m.records().length === 1, 'winston record');
    const r = m.records()[0];
    expect(r?.body).toBe('card declined');
    expect(r?.severityText).toBe('warn');
    expect(r?.attributes.orderId).toBe('o-1');
  });

  it('receives pino logs through @opentelemetry/instrumentation-pino log sending (an api bridge)', async () => {
    const m = memoryLogs();
    registerGlobalLoggerProvider(m.provider);
    const instrumentation = new PinoInstrumentation();
    try {
      const pino = requireFromHere('pino') as typeof import('pino').default;
      const logger = pino({ level: 'info' }, { write: () => {} });
      logger.info({ userId: 'u-7' }, 'checkout done');
      await until(() => m.records().length === 1, 'pino record');
      expect(m.records()[0]?.body).toBe('checkout done');
      expect(m.records()[0]?.attributes.userId).toBe('u-7');
    } finally {
      instrumentation.disable();
    }
  });
});
