import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { createRedactor, createReport, RedactionProcessor } from '../src/index.js';
import { githubToken, HMAC_KEY } from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });

describe('map and attribute keys are scanned like values', () => {
  it('replaces a key holding a token or a card by its redacted text, keeping the value', () => {
    const token = githubToken('ghp', 21);
    expect(r.redactValue({ [token]: 1, ok: 2 })).toEqual({ '[REDACTED:GITHUB_TOKEN]': 1, ok: 2 });
    expect(r.redactValue({ '4111111111111111': 'x' })).toEqual({ '************1111': 'x' });
    expect(r.redactAttributes({ [`user ${token}`]: true })).toEqual({ 'user [REDACTED:GITHUB_TOKEN]': true });
  });

  it('scans keys of nested maps and of maps under classified keys', () => {
    const token = githubToken('ghp', 22);
    expect(r.redactValue({ a: { b: { [token]: 'v' } } })).toEqual({ a: { b: { '[REDACTED:GITHUB_TOKEN]': 'v' } } });
    const out = r.redactValue({ client_ip: { '4111111111111111': '10.0.0.1' } }) as Record<string, object>;
    expect(Object.keys(out.client_ip as object)).toEqual(['************1111']);
  });

  it('maps the same key alike in every record (stable name) and keeps two colliding keys apart', () => {
    const a = githubToken('ghp', 23);
    const b = githubToken('ghp', 24);
    expect(r.redactValue({ [a]: 1 })).toEqual(r.redactValue({ [a]: 1 }));
    expect(r.redactValue({ [a]: 1, [b]: 2 })).toEqual({ '[REDACTED:GITHUB_TOKEN]': 1, '[REDACTED:GITHUB_TOKEN]#2': 2 });
    const hmac = r.redactValue({ 'bob@example.com': 1 }) as Record<string, number>;
    expect(Object.keys(hmac)[0]).toMatch(/^<email:k1:[\w-]{16}>$/);
    expect(r.redactValue({ 'bob@example.com': 2 })).toEqual({ [Object.keys(hmac)[0] as string]: 2 });
  });

  it('counts key findings as KEY.<detector>', () => {
    const report = createReport();
    r.redactValue({ [githubToken('ghp', 25)]: 1, note: 'x' }, undefined, report);
    expect(Object.fromEntries(report.findings)).toEqual({ 'KEY.GITHUB_TOKEN:redact': 1 });
  });

  it('returns clean maps by identity and leaves keys alone in key-only mode', () => {
    const clean = { 'http.request.method': 'GET', 'service.name': 'api' };
    expect(r.redactValue(clean)).toBe(clean);
    const token = githubToken('ghp', 26);
    const keyOnly = { [token]: 1 };
    expect(createRedactor({ mode: 'key-only' }).redactValue(keyOnly)).toBe(keyOnly);
  });

  it('renames attribute keys on the exported record through the processor', () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      processors: [new RedactionProcessor({ next: new SimpleLogRecordProcessor({ exporter }) })],
    });
    const token = githubToken('ghp', 27);
    provider.getLogger('t').emit({ body: 'b', attributes: { [token]: 'v', keep: 1 } });
    const attrs = exporter.getFinishedLogRecords()[0]?.attributes;
    expect(attrs).toEqual({ keep: 1, '[REDACTED:GITHUB_TOKEN]': 'v' });
    expect(JSON.stringify(attrs)).not.toContain(token.slice(4, 16));
  });

  it('never lists a secret key by its own name in the debug summary', () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      processors: [new RedactionProcessor({ next: new SimpleLogRecordProcessor({ exporter }), summary: 'debug' })],
    });
    const token = githubToken('ghp', 28);
    provider.getLogger('t').emit({ body: 'b', attributes: { [token]: 'v', password: 'hunter22' } });
    const attrs = exporter.getFinishedLogRecords()[0]?.attributes ?? {};
    expect(attrs['seclog.redaction.keys']).toBe('[REDACTED:GITHUB_TOKEN],password');
    expect(attrs['seclog.redaction.summary']).toBe('K1.credential:redact=1,KEY.GITHUB_TOKEN:redact=1');
    expect(JSON.stringify(attrs)).not.toContain(token.slice(4, 16));
  });
});

describe('an attribute named __proto__', () => {
  it('stays an ordinary key of the redacted copy and cannot replace its prototype', () => {
    const attrs = JSON.parse('{"__proto__": {"polluted": "yes"}, "password": "hunter2"}') as Record<string, unknown>;
    const out = createRedactor().redactAttributes(attrs);
    expect(Object.getPrototypeOf(out)).toBe(null);
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'password']);
  });
});
