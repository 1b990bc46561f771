/**
 * One client, one pseudonym: the security event a route emits with `clientAddressOf(req)` and the request-log record
 * of the same request carry the same `client.address` pseudonym in the archive — on a dual-stack listener (where the
 * socket peer of an IPv4 client is `::ffff:127.0.0.1`) and behind a trusted proxy (where the client is the
 * `X-Forwarded-For` hop, not the peer), with express and with fastify.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedactor } from '@seclog/redaction';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { clientAddressOf } from '../src/request-log/exchange-observer.js';
import { expressRequestLog } from '../src/request-log/express.js';
import { registerFastifyRequestLog } from '../src/request-log/fastify.js';
import { type SecureLogging, startSecureLogging } from '../src/start-secure-logging.js';

const PSEUDONYM_KEY = Buffer.alloc(32, 7);
const ipPseudonym = (address: string) =>
  createRedactor({ hmac: { kid: 'k1', key: PSEUDONYM_KEY } }).pseudonymize('ip', address);

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

function startLogging(): SecureLogging {
  const secure = startSecureLogging({
    serviceName: 'one-client',
    mode: 'development',
    keys: { pseudonymKey: PSEUDONYM_KEY, pseudonymKeyId: 'k1' },
    archiveDir: mkdtempSync(join(tmpdir(), 'seclog-one-client-')),
    handleSignals: false,
    registerGlobal: false,
    notice: () => {},
  });
  stops.push(secure.shutdown);
  return secure;
}

/** `client.address` of the login event and of the request-log record, from the archive, once both are there. */
async function archivedClientAddresses(secure: SecureLogging): Promise<{ event: unknown; requestLog: unknown }> {
  for (let attempt = 0; attempt < 200; attempt++) {
    await secure.forceFlush();
    let event: unknown;
    let requestLog: unknown;
    for (const line of readFileSync(secure.archivePath as string, 'utf8')
      .split('\n')
      .filter(Boolean)) {
      for (const rl of JSON.parse(line).resourceLogs)
        for (const sl of rl.scopeLogs)
          for (const r of sl.logRecords) {
            const address = r.attributes.find((a: { key: string }) => a.key === 'client.address')?.value.stringValue;
            if (r.eventName === 'security_event.authentication.login') event = address;
            else if (sl.scope?.name === '@seclog/node/request-log') requestLog = address;
          }
    }
    if (event !== undefined && requestLog !== undefined) return { event, requestLog };
    // The request-log record is emitted on the response's `finish`, just after the client has its answer.
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('timed out waiting for the login event and the request-log record');
}

const failedLogin = {
  outcome: 'failure',
  errorType: 'invalid_credentials',
  actorType: 'anonymous',
  authMethod: 'password',
  userName: 'bob',
} as const;

/** Where the route takes the event's `clientAddress` from: the request log, or the framework's own `ip`. */
type AddressSource = 'clientAddressOf' | 'framework';

async function expressLogin(forwardedFor?: string, source: AddressSource = 'clientAddressOf') {
  const secure = startLogging();
  const app = express();
  app.use(
    expressRequestLog({
      logger: secure.loggerProvider.getLogger('@seclog/node/request-log'),
      trustedProxies: ['loopback'],
    }),
  );
  app.post('/login', (req, res) => {
    const clientAddress = source === 'framework' ? (req.ip ?? 'unknown') : (clientAddressOf(req) ?? 'unknown');
    secure.security.authenticationLogin({ ...failedLogin, clientAddress });
    res.status(401).json({ error: 'invalid credentials' });
  });
  const server = createServer(app);
  // `::` is dual-stack: an IPv4 client's peer address is `::ffff:127.0.0.1` (what express's `app.listen()` gives).
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  stops.push(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as AddressInfo).port;
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  expect((await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST', headers })).status).toBe(401);
  return archivedClientAddresses(secure);
}

async function fastifyLogin(forwardedFor?: string, source: AddressSource = 'clientAddressOf') {
  const secure = startLogging();
  const app = Fastify();
  registerFastifyRequestLog(app, {
    logger: secure.loggerProvider.getLogger('@seclog/node/request-log'),
    trustedProxies: ['loopback'],
  });
  app.post('/login', async (request, reply) => {
    const clientAddress = source === 'framework' ? request.ip : (clientAddressOf(request) ?? 'unknown');
    secure.security.authenticationLogin({ ...failedLogin, clientAddress });
    return reply.code(401).send({ error: 'invalid credentials' });
  });
  await app.listen({ port: 0, host: '::' });
  stops.push(() => app.close());
  const port = (app.server.address() as AddressInfo).port;
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  expect((await fetch(`http://127.0.0.1:${port}/login`, { method: 'POST', headers })).status).toBe(401);
  return archivedClientAddresses(secure);
}

describe.each([
  ['express', expressLogin],
  ['fastify', fastifyLogin],
])('%s: the event and the request log of one request', (_framework, login) => {
  it('carry one pseudonym for a direct IPv4 client on a dual-stack listener', async () => {
    const { event, requestLog } = await login();
    expect(requestLog).toBe(ipPseudonym('127.0.0.1'));
    expect(event).toBe(requestLog);
  });

  it("carry one pseudonym even when the event takes the framework's `::ffff:127.0.0.1`", async () => {
    const { event, requestLog } = await login(undefined, 'framework');
    expect(event).toBe(requestLog);
  });

  it('carry the pseudonym of the X-Forwarded-For client when the peer is a trusted proxy', async () => {
    const { event, requestLog } = await login('198.51.100.7');
    expect(requestLog).toBe(ipPseudonym('198.51.100.7'));
    expect(event).toBe(requestLog);
  });
});

describe('clientAddressOf', () => {
  it('is undefined for a request no request log observed', () => {
    expect(clientAddressOf({ raw: {} })).toBeUndefined();
  });
});
