import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyArchive } from '@seclog/integrity';
import { expressRequestLog, registerFastifyRequestLog, startSecureLogging, withRequestLog } from '@seclog/node';
import express from 'express';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { archiveRecords } from '../../examples/express-app/src/archive-summary.ts';

type Attr = { key: string; value?: { stringValue?: string; intValue?: number | string } };
const value = (attrs: Attr[] | undefined, key: string) => {
  const v = attrs?.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : undefined);
};

describe('request-log middleware through the whole chain into a sealed archive', () => {
  it('express, fastify and node:http log templates, trusted-proxy client addresses and request ids; nothing raw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-e2e-mw-'));
    const archive = join(dir, 'archive.otlp.jsonl');
    const secure = startSecureLogging({
      serviceName: 'e2e-mw',
      mode: 'development',
      exporter: { kind: 'file', path: archive },
      handleSignals: false,
      notice: () => {},
    });
    const closers: (() => Promise<unknown>)[] = [];
    try {
      const app = express();
      app.use(expressRequestLog({ trustedProxies: ['loopback'] }));
      const users = express.Router();
      users.get('/:userId/orders/:orderId', (_req, res) => {
        res.json({ ok: true });
      });
      app.use('/tenants/:tenant/users', users);
      const expressServer = createServer(app);
      await new Promise<void>((r) => expressServer.listen(0, '127.0.0.1', r));
      closers.push(() => new Promise((r) => expressServer.close(r)));
      const expressBase = `http://127.0.0.1:${(expressServer.address() as AddressInfo).port}`;

      const fastify = Fastify();
      registerFastifyRequestLog(fastify, { trustedProxies: ['10.0.0.0/8'] });
      fastify.post('/payments/:paymentId/refund', async () => ({ refunded: true }));
      await fastify.listen({ port: 0, host: '127.0.0.1' });
      closers.push(() => fastify.close());
      const fastifyBase = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;

      const plain = createServer(
        withRequestLog((_req, res) => res.end('pong'), {
          route: (req) => (req.url?.startsWith('/ping') ? '/ping' : undefined),
        }),
      );
      await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
      closers.push(() => new Promise((r) => plain.close(r)));
      const plainBase = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;

      const headers = {
        authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNlY3JldA',
        cookie: 'session=s%3AtopSecretSessionValue42',
      };
      await (
        await fetch(
          `${expressBase}/tenants/acme-corp/users/erin.secret@corp-mail.net/orders/998877?apikey=qwerty-9876`,
          {
            headers: { ...headers, 'x-request-id': 'req-e2e-express', 'x-forwarded-for': '198.51.100.7' },
          },
        )
      ).text();
      await (
        await fetch(`${fastifyBase}/payments/pay_77aa88bb/refund?reason=fraud`, {
          method: 'POST',
          headers: { ...headers, 'x-request-id': 'req-e2e-fastify', 'x-forwarded-for': '198.51.100.8' },
        })
      ).text();
      await (await fetch(`${plainBase}/ping?token=abc123xyz`, { headers: { 'x-request-id': 'req-e2e-plain' } })).text();
      await (await fetch(`${plainBase}/users/frank@corp-mail.net`)).text();
    } finally {
      for (const close of closers.reverse()) await close();
      await secure.shutdown();
    }

    const bytes = readFileSync(archive, 'utf8');
    for (const raw of [
      'erin.secret',
      '998877',
      'acme-corp',
      'apikey',
      'qwerty-9876',
      'pay_77aa88bb',
      'reason=fraud',
      'abc123xyz',
      'frank@',
      'topSecretSessionValue42',
      'c2lnbmF0dXJlLXNlY3JldA',
      '198.51.100.7',
    ]) {
      expect(bytes, raw).not.toContain(raw);
    }

    const requests = archiveRecords([archive]).filter((r) => r.scope === '@seclog/node/request-log');
    const byId = new Map(requests.map((r) => [value(r.record.attributes as Attr[], 'seclog.request.id'), r.record]));
    const ex = byId.get('req-e2e-express');
    // fastify and node:http trust no loopback proxy: the client's X-Request-Id is replaced by a generated id
    const byRoute = (route: string) =>
      requests.find((r) => value(r.record.attributes as Attr[], 'http.route') === route)?.record;
    const fa = byRoute('/payments/:paymentId/refund');
    const pl = byRoute('/ping');
    for (const r of [fa, pl]) expect(value(r?.attributes as Attr[], 'seclog.request.id')).toMatch(/^[0-9a-f]{32}$/);
    expect(byId.has('req-e2e-fastify') || byId.has('req-e2e-plain')).toBe(false);
    expect(value(ex?.attributes as Attr[], 'http.route')).toBe('/tenants/:tenant/users/:userId/orders/:orderId');
    expect(value(fa?.attributes as Attr[], 'http.route')).toBe('/payments/:paymentId/refund');
    expect(value(pl?.attributes as Attr[], 'http.route')).toBe('/ping');
    expect(requests.map((r) => value(r.record.attributes as Attr[], 'http.route'))).toContain('unmatched');
    // express trusts loopback → client.address is the forwarded client, not the peer (both pseudonymised alike)
    expect(value(ex?.attributes as Attr[], 'client.address')).not.toBe(
      value(ex?.attributes as Attr[], 'network.peer.address'),
    );
    // fastify trusts only 10/8 → the loopback peer's X-Forwarded-For is ignored
    expect(value(fa?.attributes as Attr[], 'client.address')).toBe(
      value(fa?.attributes as Attr[], 'network.peer.address'),
    );
    for (const r of requests) {
      const keys = (r.record.attributes as Attr[]).map((a) => a.key);
      expect(keys.filter((k) => /header|cookie|query|url\.full|url\.path/.test(k))).toEqual([]);
    }

    const report = await verifyArchive([archive], { trust: { publicKeys: [secure.publicKeyPem] } });
    expect(report.verdict).toBe('valid');
    for (const s of report.streams) expect(Object.keys(s.records)).toEqual(['VALID']);
  });
});
