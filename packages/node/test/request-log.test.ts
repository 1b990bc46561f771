import { createServer, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { expressRequestLog } from '../src/request-log/express.js';
import { registerFastifyRequestLog } from '../src/request-log/fastify.js';
import { withRequestLog } from '../src/request-log/node-http.js';
import { listen, memoryLogs, until } from './support/memory-logs.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function startExpress(options: Parameters<typeof expressRequestLog>[0] = {}) {
  const logs = memoryLogs();
  const app = express();
  app.use(expressRequestLog({ logger: logs.logger, ...options }));
  app.use((req, _res, next) => {
    (req as IncomingMessage & { user?: { id: string } }).user = { id: 'u-42' };
    next();
  });
  app.get('/users/:id', (_req, res) => {
    res.json({ ok: true });
  });
  const orgs = express.Router();
  orgs.get('/members/:memberId', (_req, res) => {
    res.status(201).send('hello');
  });
  app.use('/orgs/:orgId', orgs);
  const server = createServer(app);
  const base = await listen(server);
  closers.push(() => new Promise((r) => server.close(r)));
  return { base, logs };
}

/** Writes a raw request (absolute-form targets, odd bytes) and resolves with the response once the server closes. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => {
      out += d.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(out));
    socket.end(Buffer.from(text, 'latin1'));
  });
}

const attrs = (logs: ReturnType<typeof memoryLogs>, i = 0) => logs.records()[i]?.attributes ?? {};

describe('expressRequestLog', () => {
  it('logs one record per request with the route template, never the raw path or query string', async () => {
    const { base, logs } = await startExpress();
    const res = await fetch(`${base}/users/alice@example.com?token=s3cr3t&page=2`, {
      headers: { 'user-agent': 'test-agent/1.0', cookie: 'sid=abc', authorization: 'Bearer xyz' },
    });
    await res.text();
    await until(() => logs.records().length === 1, 'one record');
    const a = attrs(logs);
    expect(a).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/users/:id',
      'http.response.status_code': 200,
      'url.scheme': 'http',
      'client.address': '127.0.0.1',
      'user_agent.original': 'test-agent/1.0',
      'http.response.body.size': 11,
    });
    expect(typeof a['seclog.request.duration_ms']).toBe('number');
    const serialized = JSON.stringify(logs.records().map((r) => [r.body, r.attributes]));
    for (const leak of ['alice@example.com', 's3cr3t', 'page=2', 'sid=abc', 'Bearer', 'xyz']) {
      expect(serialized).not.toContain(leak);
    }
    expect(logs.records()[0]?.body).toBe(
      `GET /users/:id 200 ${(a['seclog.request.duration_ms'] as number).toFixed(1)}ms`,
    );
  });

  it('rebuilds templates of parametrised router mounts instead of using the matched baseUrl', async () => {
    const { base, logs } = await startExpress();
    await (await fetch(`${base}/orgs/9f1c2e/members/1234`)).text();
    await until(() => logs.records().length === 1, 'one record');
    expect(attrs(logs)['http.route']).toBe('/orgs/:orgId/members/:memberId');
    expect(attrs(logs)['http.response.status_code']).toBe(201);
    expect(attrs(logs)['http.response.body.size']).toBe(5);
  });

  it('builds templates inside mounted sub-apps from mountpath, never from the matched values', async () => {
    const logs = memoryLogs();
    const app = express();
    app.use(expressRequestLog({ logger: logs.logger }));
    const sub = express();
    const settings = express.Router();
    settings.get('/profile', (_req, res) => {
      res.send('p');
    });
    sub.use('/settings', settings);
    sub.get('/direct', (_req, res) => {
      res.send('d');
    });
    app.use('/users/:name', sub);
    const server = createServer(app);
    const base = await listen(server);
    closers.push(() => new Promise((r) => server.close(r)));
    await (await fetch(`${base}/users/alice/settings/profile`)).text();
    await (await fetch(`${base}/users/bob/direct`)).text();
    await until(() => logs.records().length === 2, 'two records');
    expect(logs.records().map((r) => r.attributes['http.route'])).toEqual([
      '/users/:name/settings/profile',
      '/users/:name/direct',
    ]);
    expect(JSON.stringify(logs.records().map((r) => [r.body, r.attributes]))).not.toMatch(/alice|bob/);
  });

  it('reads the template of an absolute-form request target without its userinfo, host or mount values', async () => {
    const { base, logs } = await startExpress();
    const { port } = new URL(base);
    await rawRequest(
      Number(port),
      'GET http://admin:hunter2@internal.example/orgs/alice/members/1234?sig=abc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    await until(() => logs.records().length === 1, 'one record');
    expect(attrs(logs)['http.route']).toBe('/orgs/:orgId/members/:memberId');
    expect(JSON.stringify([logs.records()[0]?.body, attrs(logs)])).not.toMatch(/admin|hunter2|internal|alice|sig=/);
  });

  it('logs unmatched requests as `unmatched`', async () => {
    const { base, logs } = await startExpress();
    await (await fetch(`${base}/no/such/path/bob@example.com`)).text();
    await until(() => logs.records().length === 1, 'one record');
    expect(attrs(logs)['http.route']).toBe('unmatched');
    expect(attrs(logs)['http.response.status_code']).toBe(404);
    expect(logs.records()[0]?.severityText).toBe('WARN');
  });

  it('reads the user id through the pluggable getter at the end of the request', async () => {
    const { base, logs } = await startExpress({
      getUserId: (req) => (req as IncomingMessage & { user?: { id: string } }).user?.id,
    });
    await (await fetch(`${base}/users/1`)).text();
    await until(() => logs.records().length === 1, 'one record');
    expect(attrs(logs)['user.id']).toBe('u-42');
  });

  it('propagates a well-formed X-Request-Id from a trusted proxy and echoes it; replaces a malformed one', async () => {
    const { base, logs } = await startExpress({ trustedProxies: ['loopback'] });
    const ok = await fetch(`${base}/users/1`, { headers: { 'x-request-id': 'req-abc.123' } });
    await ok.text();
    expect(ok.headers.get('x-request-id')).toBe('req-abc.123');
    const bad = await fetch(`${base}/users/1`, { headers: { 'x-request-id': 'evil value\twith spaces' } });
    await bad.text();
    const generated = bad.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f]{32}$/);
    await until(() => logs.records().length === 2, 'two records');
    expect(logs.records().map((r) => r.attributes['seclog.request.id'])).toEqual(['req-abc.123', generated]);
  });

  it('replaces the X-Request-Id of a client that is not a trusted proxy, so no client picks or reuses an id', async () => {
    const { base, logs } = await startExpress({ trustedProxies: ['10.0.0.0/8'] });
    const victimId = 'req-abc.123';
    for (const id of [victimId, 'sk_live_51Habcdefghijklmnopqrstuvwx']) {
      const res = await fetch(`${base}/users/1`, { headers: { 'x-request-id': id } });
      await res.text();
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    }
    await until(() => logs.records().length === 2, 'two records');
    const ids = logs.records().map((r) => r.attributes['seclog.request.id']);
    expect(ids).not.toContain(victimId);
    expect(JSON.stringify(ids)).not.toContain('sk_live');
  });

  it('never throws into the request path when generateRequestId throws or returns a bad id', async () => {
    const bad = [
      () => 'bad\nid',
      () => 42 as unknown as string,
      () => 'x'.repeat(500),
      () => {
        throw new Error('boom');
      },
    ];
    for (const generateRequestId of bad) {
      const { base, logs } = await startExpress({ generateRequestId });
      const res = await fetch(`${base}/users/1`);
      expect(res.status).toBe(200);
      await res.text();
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
      await until(() => logs.records().length === 1, 'one record');
      expect(attrs(logs)['seclog.request.id']).toBe(res.headers.get('x-request-id'));
    }
  });

  it('honours X-Forwarded-For only from trusted proxies', async () => {
    const trusted = await startExpress({ trustedProxies: ['loopback'] });
    await (await fetch(`${trusted.base}/users/1`, { headers: { 'x-forwarded-for': '1.1.1.1, 198.51.100.7' } })).text();
    await until(() => trusted.logs.records().length === 1, 'one record');
    expect(attrs(trusted.logs)['client.address']).toBe('198.51.100.7');
    expect(attrs(trusted.logs)['network.peer.address']).toBe('127.0.0.1');

    const untrusted = await startExpress({ trustedProxies: ['10.0.0.0/8'] });
    await (await fetch(`${untrusted.base}/users/1`, { headers: { 'x-forwarded-for': '198.51.100.7' } })).text();
    await until(() => untrusted.logs.records().length === 1, 'one record');
    expect(attrs(untrusted.logs)['client.address']).toBe('127.0.0.1');
  });

  it('rejects bad options at construction, naming the field', () => {
    expect(() => expressRequestLog({ trustedProxies: ['nope'] })).toThrow(/expressRequestLog: trustedProxies\[0\]/);
    expect(() => expressRequestLog({ getUserId: 'x' as never })).toThrow(/getUserId/);
  });
});

describe('registerFastifyRequestLog', () => {
  it('logs routeOptions.url as the template, echoes the request id and honours trusted proxies', async () => {
    const logs = memoryLogs();
    const app = Fastify();
    registerFastifyRequestLog(app, { logger: logs.logger, trustedProxies: ['loopback'] });
    app.get('/invoices/:invoiceId', async () => ({ id: 1 }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const address = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    const res = await fetch(`${base}/invoices/INV-2026-0001?email=a@b.co`, {
      headers: { 'x-request-id': 'fastify-1', 'x-forwarded-for': '198.51.100.9' },
    });
    await res.text();
    expect(res.headers.get('x-request-id')).toBe('fastify-1');
    await (await fetch(`${base}/missing/42`)).text();
    await until(() => logs.records().length === 2, 'two records');
    expect(attrs(logs, 0)).toMatchObject({
      'http.route': '/invoices/:invoiceId',
      'http.response.status_code': 200,
      'client.address': '198.51.100.9',
      'seclog.request.id': 'fastify-1',
      'http.response.body.size': 8,
    });
    expect(attrs(logs, 1)['http.route']).toBe('unmatched');
    expect(JSON.stringify(logs.records().map((r) => r.attributes))).not.toMatch(/INV-2026|a@b\.co/);
  });
  it('logs requests fastify answers before any hook (bad URL encoding, over-long parameter) exactly once', async () => {
    const logs = memoryLogs();
    const app = Fastify();
    registerFastifyRequestLog(app, {
      logger: logs.logger,
      getUserId: (request) => (request.raw.headers['x-user'] === undefined ? undefined : 'u-7'),
    });
    app.get('/files/:name', async () => 'ok');
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    expect((await fetch(`${base}/files/%zz-secret-token`)).status).toBe(400);
    expect((await fetch(`${base}/files/${'x'.repeat(200)}`)).status).toBe(414);
    await (await fetch(`${base}/files/report.pdf`, { headers: { 'x-user': '1' } })).text();
    const injected = await app.inject({ method: 'GET', url: '/files/a' });
    expect(injected.statusCode).toBe(200);
    await until(() => logs.records().length === 4, 'four records');
    await new Promise((r) => setTimeout(r, 50));
    expect(logs.records().map((r) => [r.attributes['http.route'], r.attributes['http.response.status_code']])).toEqual([
      ['unmatched', 400],
      ['unmatched', 414],
      ['/files/:name', 200],
      ['/files/:name', 200],
    ]);
    expect(logs.records()[2]?.attributes['user.id']).toBe('u-7');
    expect(JSON.stringify(logs.records().map((r) => [r.body, r.attributes]))).not.toMatch(/secret-token|xxxx|report/);
  });
});

describe('withRequestLog (node:http)', () => {
  it('uses the route matcher, falls back to `unmatched`, and counts response bytes', async () => {
    const logs = memoryLogs();
    const server = createServer(
      withRequestLog(
        (req, res) => {
          res.statusCode = req.url?.startsWith('/health') ? 200 : 500;
          res.write('ab');
          res.end(Buffer.from('cde'));
        },
        { logger: logs.logger, route: (req) => (req.url?.startsWith('/health') ? '/health' : undefined) },
      ),
    );
    const base = await listen(server);
    closers.push(() => new Promise((r) => server.close(r)));
    await (await fetch(`${base}/health?verbose=1`)).text();
    await (await fetch(`${base}/users/carol@example.com`, { method: 'POST', body: 'x' })).text();
    await until(() => logs.records().length === 2, 'two records');
    expect(attrs(logs, 0)).toMatchObject({ 'http.route': '/health', 'http.response.body.size': 5 });
    expect(attrs(logs, 1)).toMatchObject({ 'http.route': 'unmatched', 'http.request.method': 'POST' });
    expect(logs.records()[1]?.severityText).toBe('ERROR');
    expect(JSON.stringify(logs.records().map((r) => r.attributes))).not.toContain('carol');
  });

  it('logs a request the client abandons before any response without a status, as WARN, never as a 200', async () => {
    const logs = memoryLogs();
    let arrived: () => void = () => {};
    const seen = new Promise<void>((r) => {
      arrived = r;
    });
    // A handler that never answers (hung, or a slow-request attack holding the connection).
    const server = createServer(withRequestLog(() => arrived(), { logger: logs.logger, route: () => '/slow' }));
    const base = await listen(server);
    closers.push(() => new Promise((r) => server.close(r)));
    const port = Number(new URL(base).port);
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await seen;
    socket.destroy();
    await until(() => logs.records().length === 1, 'one record');
    const [record] = logs.records();
    expect(record?.attributes).toMatchObject({ 'http.route': '/slow', 'seclog.request.aborted': true });
    expect(record?.attributes).not.toHaveProperty('http.response.status_code');
    expect(record?.severityText).toBe('WARN');
    expect(record?.body).toMatch(/^GET \/slow - \d+\.\dms$/);
  });

  it('uses the active trace id as the request id when a span is active', async () => {
    const { context, trace, TraceFlags } = await import('@opentelemetry/api');
    const { AsyncLocalStorageContextManager } = await import('./support/context-manager.js');
    const manager = new AsyncLocalStorageContextManager();
    context.setGlobalContextManager(manager);
    try {
      const logs = memoryLogs();
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const handler = withRequestLog((_req, res) => res.end('ok'), { logger: logs.logger });
      const server = createServer((req, res) => {
        const ctx = trace.setSpanContext(context.active(), {
          traceId,
          spanId: 'b7ad6b7169203331',
          traceFlags: TraceFlags.SAMPLED,
        });
        context.with(ctx, () => handler(req, res));
      });
      const base = await listen(server);
      closers.push(() => new Promise((r) => server.close(r)));
      const res = await fetch(`${base}/x`, { headers: { 'x-request-id': 'ignored-because-span' } });
      await res.text();
      expect(res.headers.get('x-request-id')).toBe(traceId);
      await until(() => logs.records().length === 1, 'one record');
      expect(logs.records()[0]?.spanContext?.traceId).toBe(traceId);
    } finally {
      context.disable();
    }
  });
});
