import { SeverityNumber } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type LogRecordProcessor,
  type ReadWriteLogRecord,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import {
  RedactionPolicyError,
  RedactionProcessor,
  type RedactionProcessorOptions,
  redactResource,
} from '../src/index.js';
import { githubToken, jwt } from './fixtures.js';

const KEY = new Uint8Array(32).fill(7);

function pipeline(options: Omit<RedactionProcessorOptions, 'next'> = {}) {
  const exporter = new InMemoryLogRecordExporter();
  const processor = new RedactionProcessor({
    policy: { hmac: { kid: 'k1', key: KEY } },
    ...options,
    next: new SimpleLogRecordProcessor({ exporter }),
  });
  const provider = new LoggerProvider({ processors: [processor] });
  const logger = provider.getLogger('test');
  return { exporter, processor, provider, logger };
}

describe('RedactionProcessor through the real SDK', () => {
  it('redacts string bodies, map bodies and attributes before the exporter sees them', () => {
    const { exporter, logger } = pipeline();
    const body = { user: { email: 'alice@corp.com', password: 'hunter2' }, note: 'card 4242 4242 4242 4242' };
    logger.emit({
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      eventName: 'user.login',
      body,
      attributes: {
        'http.request.header.authorization': 'Bearer abcdefghijklmnop',
        'http.request.header.cookie': 'sid=abc123',
        'user.id': 'u-42',
        cvv: '123',
        'gen_ai.usage.input_tokens': 1234,
      },
    });
    const [record] = exporter.getFinishedLogRecords();
    expect(record).toBeDefined();
    const out = record!.body as { user: { email: string; password: string }; note: string };
    expect(out.user.password).toBe('[REDACTED:CREDENTIAL]');
    expect(out.user.email).toMatch(/^<email:k1:[A-Za-z0-9_-]{16}>$/);
    expect(out.note).toBe('card **** **** **** 4242');
    expect(record!.attributes['http.request.header.authorization']).toBe('Bearer [REDACTED:CREDENTIAL]');
    expect(record!.attributes['http.request.header.cookie']).toMatch(/^<session:k1:/);
    expect(record!.attributes['user.id']).toBe('u-42');
    expect(record!.attributes['gen_ai.usage.input_tokens']).toBe(1234);
    expect('cvv' in record!.attributes).toBe(false);
    expect(record!.eventName).toBe('user.login');
    expect(record!.severityText).toBe('INFO');
  });

  it('redacts secrets in eventName and severityText with the secret detectors', () => {
    const { exporter, logger, processor } = pipeline({ summary: 'info' });
    const token = githubToken();
    logger.emit({ body: 'a', eventName: `login ${token}`, severityText: 'password=hunter22' });
    logger.emit({ body: 'b', eventName: `session.start ${jwt()}` });
    const [first, second] = exporter.getFinishedLogRecords();
    expect(first!.eventName).toBe('login [REDACTED:GITHUB_TOKEN]');
    expect(first!.severityText).toBe('password=[REDACTED:CREDENTIAL]');
    expect(first!.attributes['seclog.redaction.summary']).toBe('GITHUB_TOKEN:redact=1,KEY_VALUE:redact=1');
    expect(second!.eventName).toBe('session.start [REDACTED:JWT]');
    expect(processor.stats().findings).toMatchObject({ 'GITHUB_TOKEN:redact': 1, 'JWT:redact': 1 });
  });

  it('never changes an eventName or severityText without a secret finding (PII detectors do not run there)', () => {
    const { exporter, logger } = pipeline();
    const labels = [
      ['user.login', 'INFO'],
      ['order.paid bob@corp.com', 'WARN 10.0.0.1'],
      ['com.example.card_4242424242424242', 'ERROR'],
    ] as const;
    for (const [eventName, severityText] of labels) logger.emit({ body: 'x', eventName, severityText });
    const out = exporter.getFinishedLogRecords().map((r) => [r.eventName, r.severityText]);
    expect(out).toEqual(labels.map((l) => [...l]));
  });

  it('leaves eventName alone in key-only mode', () => {
    const { exporter, logger } = pipeline({ policy: { mode: 'key-only' } });
    logger.emit({ body: 'x', eventName: 'password=hunter22' });
    expect(exporter.getFinishedLogRecords()[0]!.eventName).toBe('password=hunter22');
  });

  it('never mutates the caller body object', () => {
    const { exporter, logger } = pipeline();
    const body = { password: 'hunter2', nested: { ok: 'fine' } };
    logger.emit({ body });
    expect(body.password).toBe('hunter2');
    const out = exporter.getFinishedLogRecords()[0]!.body as typeof body;
    expect(out).not.toBe(body);
    expect(out.nested).toEqual({ ok: 'fine' });
  });

  it('exports a private snapshot of a clean body, so later mutation cannot change what was scanned', () => {
    const { exporter, logger } = pipeline();
    const body = { message: 'nothing to see', count: 3 };
    logger.emit({ body });
    body.message = 'password=hunter2';
    expect(exporter.getFinishedLogRecords()[0]!.body).toEqual({ message: 'nothing to see', count: 3 });
  });

  it('scans exception.message and exception.stacktrace attributes', () => {
    const { exporter, logger } = pipeline();
    const err = new Error('connect failed: postgres://app:pa55word@db:5432/x');
    logger.emit({ body: 'boom', exception: err });
    const attrs = exporter.getFinishedLogRecords()[0]!.attributes;
    expect(String(attrs['exception.message'])).not.toContain('pa55word');
    expect(String(attrs['exception.stacktrace'])).not.toContain('pa55word');
  });

  it('counts findings per detector and action', () => {
    const { processor, logger } = pipeline();
    logger.emit({ body: 'mail bob@corp.com and key AKIAIOSFODNN7EXAMPLE' });
    const stats = processor.stats();
    expect(stats.records).toBe(1);
    expect(stats.findings['EMAIL:hmac']).toBe(1);
    expect(stats.findings['AWS_ACCESS_KEY_ID:redact']).toBe(1);
  });

  it('adds a summary attribute with counts and types only when asked', () => {
    const { exporter, logger } = pipeline({ summary: 'info' });
    logger.emit({ body: 'password=hunter2', attributes: { email: 'x@y.org' } });
    const summary = String(exporter.getFinishedLogRecords()[0]!.attributes['seclog.redaction.summary']);
    expect(summary).toBe('K1.contact:hmac=1,KEY_VALUE:redact=1');
    expect(summary).not.toContain('hunter2');
  });

  it('leaves the summary of an earlier RedactionProcessor intact when chained', () => {
    const exporter = new InMemoryLogRecordExporter();
    const inner = new RedactionProcessor({ next: new SimpleLogRecordProcessor({ exporter }), summary: 'info' });
    const outer = new RedactionProcessor({ next: inner, summary: 'info' });
    new LoggerProvider({ processors: [outer] }).getLogger('t').emit({ body: 'x', attributes: { password: 'p' } });
    expect(exporter.getFinishedLogRecords()[0]!.attributes['seclog.redaction.summary']).toBe('K1.credential:redact=1');
  });

  it('works standalone when registered first (no next)', () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      processors: [new RedactionProcessor(), new SimpleLogRecordProcessor({ exporter })],
    });
    provider.getLogger('t').emit({ body: 'token ghp_x', attributes: { password: 'p' } });
    expect(exporter.getFinishedLogRecords()[0]!.attributes.password).toBe('[REDACTED:CREDENTIAL]');
  });

  it('never throws into emit: a value that cannot be read becomes [UNREADABLE] and the record still flows', () => {
    const { exporter, logger } = pipeline();
    const body = {
      ok: 'fine',
      get profile(): string {
        throw new Error('getter exploded');
      },
    };
    expect(() => logger.emit({ body })).not.toThrow();
    const out = exporter.getFinishedLogRecords()[0]!.body as Record<string, unknown>;
    expect(out.profile).toBe('[UNREADABLE]');
    expect(out.ok).toBe('fine');
  });

  it("redacts the logger's scope: attributes like record attributes, name, version and schema URL like labels", () => {
    const { exporter, provider } = pipeline();
    const token = githubToken();
    const logger = provider.getLogger(`billing ${token}`, 'password=hunter22', {
      schemaUrl: 'https://user:s3cr3t-pass@schemas.example.com/1.0',
      attributes: { 'deploy.token': 'tok-1234567890', owner: 'alice@corp.com', team: 'payments' },
    });
    logger.emit({ body: 'first' });
    logger.emit({ body: 'second' });
    const [first, second] = exporter.getFinishedLogRecords();
    const scope = first!.instrumentationScope as {
      name: string;
      version?: string;
      schemaUrl?: string;
      attributes?: Record<string, unknown>;
    };
    const exported = JSON.stringify(scope);
    for (const secret of [token, 'hunter22', 's3cr3t-pass', 'tok-1234567890', 'alice@corp.com']) {
      expect(exported).not.toContain(secret);
    }
    expect(scope.name).toBe('billing [REDACTED:GITHUB_TOKEN]');
    expect(scope.attributes?.team).toBe('payments');
    expect(scope.attributes?.owner).toMatch(/^<email:k1:/);
    // The records of one logger keep sharing one scope object: the OTLP encoders group records by it.
    expect(second!.instrumentationScope).toBe(first!.instrumentationScope);
  });

  it('keeps a clean scope as it is, and a secret-free logger shares it across records', () => {
    const { exporter, provider } = pipeline();
    const logger = provider.getLogger('app', '1.2.3', { attributes: { team: 'payments' } });
    logger.emit({ body: 'a' });
    logger.emit({ body: 'b' });
    const [a, b] = exporter.getFinishedLogRecords();
    expect(a!.instrumentationScope).toMatchObject({ name: 'app', version: '1.2.3', attributes: { team: 'payments' } });
    expect(b!.instrumentationScope).toBe(a!.instrumentationScope);
  });

  it('masks the whole record on a record-level failure (mask-record)', () => {
    const exporter = new InMemoryLogRecordExporter();
    const processor = new RedactionProcessor({ next: new SimpleLogRecordProcessor({ exporter }) });
    const record = brokenRecord();
    expect(() => processor.onEmit(record)).not.toThrow();
    expect(record.body).toBe('[REDACTION_ERROR]');
    expect(record.attributes.secret).toBe('[REDACTION_ERROR]');
    // The scope may not have been scanned either: nothing of it is exported.
    expect(record.instrumentationScope).toEqual({ name: '[REDACTION_ERROR]' });
    expect(processor.stats().recordErrors).toBe(1);
  });

  it('drops a failing record with drop-record and passes it with pass-through', () => {
    const seen: ReadWriteLogRecord[] = [];
    const next: LogRecordProcessor = {
      onEmit: (r) => void seen.push(r),
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    new RedactionProcessor({ next, onError: 'drop-record' }).onEmit(brokenRecord());
    expect(seen).toHaveLength(0);
    new RedactionProcessor({ next, onError: 'pass-through' }).onEmit(brokenRecord());
    expect(seen).toHaveLength(1);
  });

  it('swallows and counts an exception thrown by the next processor', () => {
    const next: LogRecordProcessor = {
      onEmit: () => {
        throw new Error('exporter bug');
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const processor = new RedactionProcessor({ next });
    const provider = new LoggerProvider({ processors: [processor] });
    expect(() => provider.getLogger('t').emit({ body: 'x' })).not.toThrow();
    expect(processor.stats().nextErrors).toBe(1);
  });

  it('rejects an invalid policy at construction', () => {
    expect(() => new RedactionProcessor({ policy: { limits: { maxDepth: 0 } } })).toThrow(/policy\.limits\.maxDepth/);
  });

  it.each([
    [{ summary: 'verbose' }, 'options.summary', "must be one of 'silent', 'info', 'debug'"],
    [{ onError: 'ignore' }, 'options.onError', "must be one of 'mask-record', 'drop-record', 'pass-through'"],
    [{ next: {} }, 'options.next', 'must be a LogRecordProcessor'],
    [{ snapshot: { maxDepth: -1 } }, 'options.snapshot.maxDepth', 'must be an integer'],
    [{ polcy: {} }, 'options.polcy', 'is not a known option (did you mean policy?)'],
  ])('rejects bad processor options with a RedactionPolicyError naming the field: %j', (options, field, problem) => {
    let error: unknown;
    try {
      new RedactionProcessor(options as unknown as RedactionProcessorOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RedactionPolicyError);
    expect((error as RedactionPolicyError).field).toBe(field);
    expect((error as Error).message).toContain(`RedactionProcessor: ${field} ${problem}`);
  });
});

/** A record whose body getter throws: the processor cannot read it at all. */
/** A record the snapshot can read, whose attributes then fail when redaction reads them (the second read). */
function brokenRecord(): ReadWriteLogRecord {
  const attributes: Record<string, unknown> = { secret: 'hunter2' };
  let body: unknown = 'x';
  let reads = 0;
  const record = {
    instrumentationScope: { name: 'broken', attributes: { 'api.token': 'tok-1234567890' } },
    get body() {
      return body;
    },
    get attributes() {
      reads++;
      if (reads === 2) throw new Error('unreadable');
      return attributes;
    },
    setBody(b: unknown) {
      body = b;
      return record;
    },
  };
  return record as unknown as ReadWriteLogRecord;
}

describe('redactResource', () => {
  it('returns a new Resource with redacted attributes and keeps a clean one', () => {
    const dirty = resourceFromAttributes({ 'service.name': 'api', 'db.password': 'hunter2' });
    const out = redactResource(dirty);
    expect(out.attributes['db.password']).toBe('[REDACTED:CREDENTIAL]');
    expect(out.attributes['service.name']).toBe('api');
    const clean = resourceFromAttributes({ 'service.name': 'api' });
    expect(redactResource(clean)).toBe(clean);
  });
});
