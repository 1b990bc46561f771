import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeverityNumber } from '@opentelemetry/api';
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import { verifyArchive } from '@seclog/integrity';
import { catalog } from '@seclog/semconv';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { archiveRecords } from '../../examples/express-app/src/archive-summary.ts';
import { runScenario } from '../../examples/express-app/src/scenario.ts';
import { startApp } from './support/app-harness.ts';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTQyIiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzY0MTQ0MDAwfQ.' +
  'u2Yq8ZfK3mV9xR1tP7wL0sN4bH6cJ5dA8eG2iQ3oT9k';
const PEM = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PEM_BODY = PEM.split('\n')[1] ?? '';

/** Secrets and PII planted through pino, winston and the OTel API (bodies, nested maps, attributes). */
const PLANTED = {
  password: 'hunter2-Plant3d!',
  awsKeyId: 'AKIAQ4ZNXW7TRUEXV3MB',
  stripeKey: 'sk_live_51Hx9QpLk2VbN8rT3mZwY7aKd',
  jwt: JWT,
  pemBody: PEM_BODY,
  urlPassword: 'Pg-S3cret-99',
  email: 'dana.plant@corp-mail.net',
  card: '4111111111111111',
  cardSpaced: '5555 5555 5555 4444',
  ssn: '536-22-8741',
  iban: 'GB82WEST12345698765432',
  phone: '+44 20 7946 0958',
};

describe('app → @seclog/node → OTLP/JSON archive (embedded default)', () => {
  it('archives a sealed, redacted run: verify all VALID, no planted secret in the bytes, catalog attributes present', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-e2e-app-'));
    // production mode with real key files, as an operator would run it
    const signingKeyFile = join(dir, 'signing.pem');
    writeFileSync(signingKeyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const hmacKeyFile = join(dir, 'hmac.key');
    writeFileSync(hmacKeyFile, randomBytes(32).toString('hex'));
    const archive = join(dir, 'archive.otlp.jsonl');
    const app = await startApp({
      serviceName: 'e2e-shop',
      serviceVersion: '1.2.3',
      mode: 'production',
      env: { SECLOG_SIGNING_KEY_FILE: signingKeyFile, SECLOG_HMAC_KEY_FILE: hmacKeyFile },
      exporter: { kind: 'file', path: archive },
      checkpoint: { maxRecords: 32 },
    });

    const planted = await runScenario(app.base, app.store, app.ids);

    app.pinoLogger.info(
      {
        password: PLANTED.password,
        aws: { accessKeyId: PLANTED.awsKeyId },
        db: `postgres://app_user:${PLANTED.urlPassword}@db.internal:5432/shop`,
      },
      `deploy config loaded, payments key ${PLANTED.stripeKey}`,
    );
    const winstonLogger = winston.createLogger({ transports: [new OpenTelemetryTransportV3()] });
    winstonLogger.info(`refund for ${PLANTED.email} to card ${PLANTED.cardSpaced}`, {
      customer: { ssn: PLANTED.ssn, iban: PLANTED.iban, phone: PLANTED.phone },
    });
    app.secure.loggerProvider.getLogger('e2e').emit({
      severityNumber: SeverityNumber.ERROR,
      body: { note: `upstream rejected token ${PLANTED.jwt}`, key: { pem: PEM } },
      attributes: { 'http.request.header.authorization': `Bearer ${PLANTED.jwt}`, 'payment.card': PLANTED.card },
    });
    await app.stop();

    const bytes = readFileSync(archive, 'utf8');
    const leaks = [
      ...Object.entries(PLANTED).map(([k, v]) => [k, v] as const),
      ...Object.entries(planted).flatMap(([k, vs]) => (vs as string[]).map((v) => [k, v] as const)),
      ['cardDigits', PLANTED.cardSpaced.replaceAll(' ', '')] as const,
    ].filter(([, v]) => v.length >= 6 && bytes.includes(v));
    expect(leaks.map(([k]) => k)).toEqual([]);
    // the lines did arrive (redacted), through both bridges and the API
    const records = archiveRecords([archive]);
    const scopes = new Set(records.map((r) => r.scope));
    expect(scopes).toContain('@opentelemetry/instrumentation-pino');
    expect(scopes).toContain('@opentelemetry/winston-transport');
    expect(scopes).toContain('@seclog/semconv');
    expect(scopes).toContain('@seclog/node/request-log');

    const report = await verifyArchive([archive], { trust: { publicKeys: [app.secure.publicKeyPem] } });
    expect(report.verdict).toBe('valid');
    expect(report.foreign.count).toBe(0);
    for (const stream of report.streams) {
      expect(Object.keys(stream.records)).toEqual(['VALID']);
      expect(stream.finalCheckpoint).toBe(true);
    }
    const sealed = report.streams.reduce((n, s) => n + (s.records.VALID ?? 0), 0);
    expect(sealed).toBeGreaterThan(60);

    // every security event carries its catalog attributes
    const events = records.filter((r) => r.record.eventName?.startsWith('security_event.'));
    const names = new Set(events.map((e) => e.record.eventName));
    for (const expected of [
      'security_event.authentication.login',
      'security_event.account.lock',
      'security_event.authentication.mfa.verify',
      'security_event.mfa.factor.enroll',
      'security_event.mfa.factor.remove',
      'security_event.access.role.grant',
      'security_event.access.role.revoke',
      'security_event.credential.api_key.create',
      'security_event.credential.api_key.revoke',
      'security_event.data.export',
      'security_event.data.bulk_change',
      'security_event.config.update',
      'security_event.authorization.check',
      'security_event.session.start',
      'security_event.session.end',
    ]) {
      expect(names).toContain(expected);
    }
    for (const { record } of events) {
      const def = catalog.events.find((e) => e.name === record.eventName);
      expect(def, record.eventName).toBeDefined();
      const attrs = new Map((record.attributes ?? []).map((a) => [a.key, a.value?.stringValue ?? a.value]));
      const required = [...catalog.common.required, ...(def?.required ?? [])];
      for (const c of def?.conditionallyRequired ?? []) {
        if (attrs.get(c.when.attribute) === c.when.equals) required.push(...c.attributes);
      }
      for (const name of required) expect(attrs.has(name), `${record.eventName} lacks ${name}`).toBe(true);
      expect(attrs.has('security_event.conformance.errors'), `${record.eventName} conformance`).toBe(false);
      expect(attrs.has('log.record.uid')).toBe(true);
    }
  });
});
