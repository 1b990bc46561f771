/**
 * Cost of emitting security events. Run: `pnpm exec tsc -b packages/semconv && pnpm bench emit`.
 * The SDK pipeline ends in a no-op processor, so the numbers are seclog's validation + the SDK's record handling,
 * without export.
 */

import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { checkSecurityEvent, createSecurityEvents, SecurityEventProcessor, uuidV7 } from '@seclog/semconv';

const noop: LogRecordProcessor = { onEmit() {}, forceFlush: async () => {}, shutdown: async () => {} };
const plain = new LoggerProvider({ processors: [noop] });
const withProcessor = new LoggerProvider({ processors: [new SecurityEventProcessor({ next: noop })] });

const LOGIN = {
  outcome: 'failure',
  errorType: 'invalid_credentials',
  actorType: 'anonymous',
  userName: 'alice@example.com',
  authUserExists: true,
  authMethod: 'password',
  authFailureCount: 3,
  clientAddress: '203.0.113.5',
  userAgentOriginal: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
  httpRequestMethod: 'POST',
  httpRoute: '/api/v1/login',
  httpResponseStatusCode: 401,
  serverAddress: 'app.example.com',
} as const;
const LOGIN_ATTRIBUTES = {
  'security_event.category': 'authentication',
  'security_event.outcome': 'failure',
  'security_event.actor.type': 'anonymous',
  'error.type': 'invalid_credentials',
  'user.name': 'alice@example.com',
  'security_event.auth.method': 'password',
  'client.address': '203.0.113.5',
  'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
  'log.record.uid': '019ab2c4-5e6f-7a01-9c3d-2e4f5a6b7c8d',
};

function measure(name: string, fn: () => void, iterations = 50_000): void {
  for (let i = 0; i < 2_000; i++) fn();
  globalThis.gc?.();
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  samples.sort((a, b) => a - b);
  const median = samples[2] ?? 0;
  console.log(
    `${name.padEnd(58)} ${median.toFixed(0).padStart(7)} ns/op  ${(1e9 / median).toFixed(0).padStart(9)} ops/s`,
  );
}

const strictBuilders = createSecurityEvents(plain, { mode: 'strict' });
const safeBuilders = createSecurityEvents(plain, { mode: 'safe' });
const processedBuilders = createSecurityEvents(withProcessor, { mode: 'safe' });
const rawLogger = plain.getLogger('raw');
const bridgedLogger = withProcessor.getLogger('bridge');

console.log(`node ${process.version}; median of 5 rounds`);
measure('baseline: logger.emit of the same attributes (no seclog)', () =>
  rawLogger.emit({
    eventName: 'security_event.authentication.login',
    severityNumber: 13,
    attributes: LOGIN_ATTRIBUTES,
  }),
);
measure('uuidV7()', () => uuidV7());
measure('checkSecurityEvent (failed login, conformant)', () =>
  checkSecurityEvent('security_event.authentication.login', LOGIN_ATTRIBUTES),
);
measure('builder authenticationLogin, strict', () => strictBuilders.authenticationLogin(LOGIN));
measure('builder authenticationLogin, safe', () => safeBuilders.authenticationLogin(LOGIN));
measure('builder + SecurityEventProcessor', () => processedBuilders.authenticationLogin(LOGIN));
measure('bridged record (otel.event.name) through SecurityEventProcessor', () =>
  bridgedLogger.emit({
    attributes: { ...LOGIN_ATTRIBUTES, 'otel.event.name': 'security_event.authentication.login' },
  }),
);
