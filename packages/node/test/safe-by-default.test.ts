/**
 * Safe by default in apps: a security-event validation error never escapes into request handling unless the
 * application asked for strict mode, whatever NODE_ENV says; the event is still emitted, tagged, and said once.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecurityEventValidationError } from '@seclog/semconv';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { startSecureLogging } from '../src/start-secure-logging.js';
import { listen } from './support/memory-logs.js';

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

/** Attribute values of the records with `eventName`, from the archive. */
function eventAttributes(path: string, eventName: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
    for (const rl of JSON.parse(line).resourceLogs)
      for (const sl of rl.scopeLogs)
        for (const r of sl.logRecords) {
          if (r.eventName !== eventName) continue;
          const attrs: Record<string, unknown> = {};
          for (const a of r.attributes) attrs[a.key] = a.value.stringValue ?? a.value.arrayValue ?? a.value;
          out.push(attrs);
        }
  }
  return out;
}

const badLogin = {
  outcome: 'failure',
  errorType: 'invalid_credentials',
  actorType: 'anonymous',
  authMethod: 'password',
  userName: 123,
  clientAddress: '203.0.113.5',
} as const;

describe('securityEventMode defaults to safe', () => {
  it.each([{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }, { NODE_ENV: 'production' }])(
    // mode: 'development' generates keys, so NODE_ENV=production starts without key files here.
    'with env %j: a mistyped attribute does not throw, the event is emitted tagged, noticed once',
    async (env) => {
      const dir = mkdtempSync(join(tmpdir(), 'seclog-safe-'));
      const notices: string[] = [];
      const secure = startSecureLogging({
        mode: 'development',
        archiveDir: dir,
        handleSignals: false,
        registerGlobal: false,
        notice: (m) => notices.push(m),
        env,
      });
      stops.push(secure.shutdown);
      expect(secure.security.mode).toBe('safe');
      const result = secure.security.authenticationLogin(badLogin as never);
      secure.security.authenticationLogin(badLogin as never);
      expect(result.conformanceErrors).toContain('invalid_type:user.name');
      await secure.shutdown();
      const events = eventAttributes(secure.archivePath as string, 'security_event.authentication.login');
      expect(events).toHaveLength(2);
      expect(JSON.stringify(events[0]?.['security_event.conformance.errors'])).toContain('invalid_type:user.name');
      const conformance = notices.filter((m) => m.includes('did not conform'));
      expect(conformance).toEqual([
        expect.stringMatching(
          /security event security_event\.authentication\.login did not conform \(.*invalid_type:user\.name/,
        ),
      ]);
    },
  );

  it('strict only when asked: the builder throws at the call site', () => {
    const secure = startSecureLogging({
      mode: 'development',
      securityEventMode: 'strict',
      archiveDir: mkdtempSync(join(tmpdir(), 'seclog-safe-')),
      handleSignals: false,
      registerGlobal: false,
      notice: () => {},
    });
    stops.push(secure.shutdown);
    expect(() => secure.security.authenticationLogin(badLogin as never)).toThrow(SecurityEventValidationError);
  });

  it('an express login with {"username":123} answers 401, not 500, and the failed login is in the archive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-safe-'));
    const secure = startSecureLogging({
      archiveDir: dir,
      handleSignals: false,
      registerGlobal: false,
      notice: () => {},
      env: {},
    });
    stops.push(secure.shutdown);
    const app = express();
    app.use(express.json());
    app.post('/login', (req, res) => {
      secure.security.authenticationLogin({
        outcome: 'failure',
        errorType: 'invalid_credentials',
        actorType: 'anonymous',
        authMethod: 'password',
        userName: req.body.username,
        clientAddress: req.ip ?? 'unknown',
      });
      res.status(401).json({ error: 'invalid credentials' });
    });
    const server = createServer(app);
    const base = await listen(server);
    stops.push(() => new Promise<void>((r) => server.close(() => r())));
    const response = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 123 }),
    });
    expect(response.status).toBe(401);
    await secure.shutdown();
    const events = eventAttributes(secure.archivePath as string, 'security_event.authentication.login');
    expect(events).toHaveLength(1);
    expect(events[0]?.['security_event.outcome']).toBe('failure');
  });
});

describe('the geo option', () => {
  it('reaches SecurityEventProcessor: a login from a looked-up address carries its country, before redaction', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-geo-'));
    const looked: string[] = [];
    const secure = startSecureLogging({
      mode: 'development',
      archiveDir: dir,
      handleSignals: false,
      registerGlobal: false,
      notice: () => {},
      geo: (address) => {
        looked.push(address);
        return { countryIsoCode: 'DE', asNumber: 64496 };
      },
    });
    stops.push(secure.shutdown);
    secure.security.authenticationLogin({
      outcome: 'success',
      authMethod: 'password',
      userId: 'u-1',
      clientAddress: '203.0.113.5',
    } as never);
    await secure.shutdown();
    // The lookup saw the real address; the archive holds the pseudonymised one and the country.
    expect(looked).toEqual(['203.0.113.5']);
    const [event] = eventAttributes(secure.archivePath as string, 'security_event.authentication.login');
    expect(event?.['geo.country.iso_code']).toBe('DE');
    expect(JSON.stringify(event)).not.toContain('203.0.113.5');
  });

  it('is refused at start-up when it is not a function', () => {
    expect(() => startSecureLogging({ geo: 'DE' as never, handleSignals: false, registerGlobal: false })).toThrow(
      /options\.geo must be a function/,
    );
  });
});
