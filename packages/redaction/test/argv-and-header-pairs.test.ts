/**
 * Keys and values in consecutive array elements (docs/design/redaction.md#value-walker): argv, Node's
 * `req.rawHeaders`, header entry lists and resource `process.command_args` carry a key name in one element and its
 * value in the next. The next element gets the key's class action, as under a map key; and `Map`, `Set` and `Error`
 * values reaching the direct API without a snapshot are walked like the plain data the snapshot makes of them.
 */
import { resourceFromAttributes } from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import { createRedactor, createReport, redactResource } from '../src/index.js';
import { HMAC_KEY } from './fixtures.js';

const r = createRedactor({ hmac: { kid: 'k1', key: HMAC_KEY } });
const PW = 'S3cret-Pw1x';
const KEY = 'a8f5f167f44f4964e6c998dee827110c';

function redact(value: unknown): { out: unknown; counts: Record<string, number> } {
  const report = createReport();
  const out = r.redactValue(value, undefined, report);
  return { out, counts: Object.fromEntries(report.findings) };
}

describe('argv: a credential flag makes the next element its value', () => {
  it.each([
    [
      ['node', 'app.js', '--db-password', PW, '--port', '80'],
      ['node', 'app.js', '--db-password', '[REDACTED:CREDENTIAL]', '--port', '80'],
    ],
    [
      ['--api-key', KEY],
      ['--api-key', '[REDACTED:CREDENTIAL]'],
    ],
    [
      ['app', '-storepass', PW],
      ['app', '-storepass', '[REDACTED:CREDENTIAL]'],
    ],
    [
      ['cli', '--token', 'tok-123456', 'run'],
      ['cli', '--token', '[REDACTED:TOKEN]', 'run'],
    ],
    [
      ['--password', 12345678],
      ['--password', '[REDACTED:CREDENTIAL]'],
    ],
  ])('%j', (argv, expected) => {
    const { out, counts } = redact(argv);
    expect(out).toEqual(expected);
    expect(Object.keys(counts).every((k) => k.startsWith('K1.'))).toBe(true);
  });

  it('counts the value under its key class, like a map value', () => {
    expect(redact(['--db-password', PW]).counts).toEqual({ 'K1.credential:redact': 1 });
    expect(redact(['--session-id', 'abc123def']).counts).toEqual({ 'K1.session:hmac': 1 });
  });

  it.each([
    [['-p', PW]], // `-p` alone says nothing (port, path, password…)
    [['--password', '--verbose']], // a switch followed by the next flag
    [['--port', '8080', '--host', 'db']],
    [['node', 'app.js']],
  ])('keeps %j', (argv) => {
    expect(r.redactValue(argv)).toBe(argv);
  });

  it('still scans `--flag=value` elements as text', () => {
    expect(r.redactValue(['--password=hunter22'])).toEqual(['--password=[REDACTED:CREDENTIAL]']);
  });

  it('redacts resource process.command_args', () => {
    const resource = redactResource(
      resourceFromAttributes({ 'process.command_args': ['node', 'app.js', '--db-password', PW, `--token=${PW}`] }),
    );
    const args = resource.attributes['process.command_args'] as string[];
    expect(args.join(' ')).not.toContain(PW);
    expect(args.slice(0, 3)).toEqual(['node', 'app.js', '--db-password']);
  });
});

describe('name/value pairs: rawHeaders and header entry lists', () => {
  it('redacts req.rawHeaders values by their header names, keeping the Authorization scheme', () => {
    const raw = ['Host', 'example.com', 'X-Api-Key', KEY, 'Authorization', `Token ${PW}`, 'Accept', '*/*'];
    const { out, counts } = redact(raw);
    expect(out).toEqual([
      'Host',
      'example.com',
      'X-Api-Key',
      '[REDACTED:CREDENTIAL]',
      'Authorization',
      'Token [REDACTED:CREDENTIAL]',
      'Accept',
      '*/*',
    ]);
    expect(counts).toEqual({ 'K1.credential:redact': 2 });
  });

  it('pseudonymizes a Cookie header value like a session key', () => {
    const out = r.redactValue(['Host', 'x', 'Cookie', 'sid=abc; theme=dark']) as string[];
    expect(out[3]).toMatch(/^<session:k1:[\w-]{16}>$/);
  });

  it('redacts [key, value] entries (Object.entries of a header map, Headers#entries)', () => {
    expect(
      r.redactValue([
        ['x-api-key', KEY],
        ['authorization', `Bearer ${PW}`],
        ['accept', '*/*'],
      ]),
    ).toEqual([
      ['x-api-key', '[REDACTED:CREDENTIAL]'],
      ['authorization', 'Bearer [REDACTED:CREDENTIAL]'],
      ['accept', '*/*'],
    ]);
  });

  it('remembers a paired value for the record, so its copies in the body go too', () => {
    const out = r.redactRecord(`retrying with ${PW}`, { 'http.request.raw_headers': ['X-Api-Key', PW] });
    expect(out.body).toBe('retrying with [REDACTED:CREDENTIAL]');
  });

  it.each([
    [['Vary', 'Cookie', 'Content-Type', 'text/html']], // a header named as a value does not start a pair
    [['password', 'token', 'secret', 'user']], // a list of key names, not pairs
    [['tags', 'auth', 'login']], // odd length: no pairs
    [['Host', 'x', 'Accept', 'y']],
  ])('keeps %j', (list) => {
    expect(r.redactValue(list)).toBe(list);
  });

  it('never removes an element when the class action is drop (positions carry meaning)', () => {
    const dropping = createRedactor({ keyClasses: { credential: { action: 'drop' } } });
    expect(dropping.redactValue(['X-Api-Key', KEY, 'Host', 'x'])).toEqual([
      'X-Api-Key',
      '[REDACTED:CREDENTIAL]',
      'Host',
      'x',
    ]);
  });

  it('applies in key-only mode too (it is key classification)', () => {
    const keyOnly = createRedactor({ mode: 'key-only' });
    expect(keyOnly.redactValue(['--password', PW])).toEqual(['--password', '[REDACTED:CREDENTIAL]']);
  });

  it('returns a clean array by identity', () => {
    const list = Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? `name${i}` : `value${i}`));
    expect(r.redactValue(list)).toBe(list);
  });
});

describe('name/value entry objects: the name field gives its key class to the value field', () => {
  it('redacts Kubernetes env entries by their names and keeps the others', () => {
    const env = [
      { name: 'DB_PASSWORD', value: PW },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'API_TOKEN', valueFrom: { configMapKeyRef: { name: 'api', key: 'token' } } },
    ];
    expect(redact({ spec: { containers: [{ env }] } })).toEqual({
      out: {
        spec: {
          containers: [
            {
              env: [
                { name: 'DB_PASSWORD', value: '[REDACTED:CREDENTIAL]' },
                { name: 'LOG_LEVEL', value: 'debug' },
                { name: 'API_TOKEN', valueFrom: { configMapKeyRef: { name: 'api', key: 'token' } } },
              ],
            },
          ],
        },
      },
      counts: { 'K1.credential:redact': 1 },
    });
  });

  it.each([
    [
      { name: 'Authorization', value: `Bearer ${PW}` },
      { name: 'Authorization', value: 'Bearer [REDACTED:CREDENTIAL]' },
    ],
    [
      { Key: 'session_id', Value: 'abc123def456' },
      { Key: 'session_id', Value: expect.stringMatching(/^<session:k1:/) },
    ],
    [
      { ParameterKey: 'MasterUserPassword', ParameterValue: PW },
      { ParameterKey: 'MasterUserPassword', ParameterValue: '[REDACTED:CREDENTIAL]' },
    ],
  ])('redacts HAR headers, AWS tags and CloudFormation parameters alike: %j', (entry, expected) => {
    expect(r.redactValue(entry)).toEqual(expected);
  });

  it.each([
    { name: 'Host', value: 'example.com' },
    { name: 'token', kind: 'bearer' }, // no value field
    { name: 'the password', value: 'kept: not a key name' },
    { name: 'password', value: 'x', a: 1, b: 2, c: 3, d: 4, e: 5 }, // a larger map: name is a field like any other
  ])('keeps %j', (entry) => {
    expect(r.redactValue(entry)).toBe(entry);
  });
});

describe('Map, Set and Error without a snapshot (direct API)', () => {
  it('walks a Map like a map and returns a plain redacted copy', () => {
    const { out, counts } = redact(
      new Map([
        ['password', PW],
        ['user', 'bob'],
      ]),
    );
    expect(out).toEqual({ password: '[REDACTED:CREDENTIAL]', user: 'bob' });
    expect(counts).toEqual({ 'K1.credential:redact': 1 });
    expect(r.redactValue({ headers: new Map([['x-api-key', KEY]]) })).toEqual({
      headers: { 'x-api-key': '[REDACTED:CREDENTIAL]' },
    });
  });

  it('walks a Set like an array', () => {
    expect(r.redactValue(new Set([`password=${PW}`, 'ok']))).toEqual(['password=[REDACTED:CREDENTIAL]', 'ok']);
  });

  it('walks an Error: message, stack and cause', () => {
    const e = new Error(`db failed password=${PW}`, { cause: new Error(`token=${PW}`) });
    const out = r.redactValue(e) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain(PW);
    expect(out.message).toBe('db failed password=[REDACTED:CREDENTIAL]');
    expect(out.name).toBe('Error');
  });

  it('returns clean collections by identity', () => {
    for (const v of [new Map([['user', 'bob']]), new Set(['a', 'b']), new Error('connection reset')]) {
      expect(r.redactValue(v)).toBe(v);
    }
  });

  it('fails closed on a Map with object keys (key objects are not scanned): the plain copy', () => {
    const key = { password: PW };
    const out = r.redactValue(new Map([[key, 'x']]));
    expect(out).not.toBeInstanceOf(Map);
    expect(JSON.stringify(out)).not.toContain(PW);
  });
});
