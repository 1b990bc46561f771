import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { ed25519Signer, hmacSigner, IntegrityProcessor, type NoteSigner } from '@seclog/integrity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'seclog-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ed = generateKeyPairSync('ed25519');
const hmacKey = randomBytes(32);
const pubPem = join(dir, 'pub.pem');
const privPem = join(dir, 'priv.pem');
const rsaPem = join(dir, 'rsa.pem');
const hmacFile = join(dir, 'hmac.key');
const paths: Record<string, string> = {};

/** Runs the real pipeline and writes what it exported as OTLP/JSON lines (JS serializer, 10 records per line). */
async function archive(
  name: string,
  signer: NoteSigner,
  opts: { crash?: boolean; edit?: (lines: string[]) => string[] } = {},
): Promise<string> {
  const exported: ReadableLogRecord[] = [];
  const exporter: LogRecordExporter = {
    export: (records, done) => {
      exported.push(...records);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  const processor = new IntegrityProcessor({
    exporter,
    signer,
    checkpoint: { maxRecords: 16, maxIntervalMs: 3_600_000, heartbeatMs: 3_600_000 },
  });
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout' }),
    processors: [processor],
  });
  const logger = provider.getLogger('app');
  for (let i = 0; i < 40; i++) logger.emit({ body: `login ${i}`, attributes: { 'user.id': `u${i}` } });
  if (opts.crash) await processor.forceFlush();
  else await provider.shutdown();
  await new Promise((r) => setImmediate(r));
  let lines: string[] = [];
  for (let i = 0; i < exported.length; i += 10) {
    lines.push(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(exported.slice(i, i + 10))));
  }
  if (opts.edit) lines = opts.edit(lines);
  const p = join(dir, name);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

beforeAll(async () => {
  writeFileSync(pubPem, ed.publicKey.export({ format: 'pem', type: 'spki' }));
  writeFileSync(privPem, ed.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  writeFileSync(
    rsaPem,
    generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }),
  );
  writeFileSync(hmacFile, hmacKey);
  const signer = ed25519Signer(ed.privateKey, { keyName: 'checkout.example/seclog' });
  paths.clean = await archive('clean.jsonl', signer);
  paths.modified = await archive('modified.jsonl', signer, {
    edit: (lines) => lines.map((l) => l.replace('"login 7"', '"login 8"')),
  });
  paths.crashed = await archive('crashed.jsonl', signer, { crash: true });
  paths.hmac = await archive('hmac.jsonl', hmacSigner(hmacKey, { keyName: 'checkout.example/hmac' }));
  paths.truncated = join(dir, 'truncated.jsonl');
  const text = readFileSync(paths.clean, 'utf8');
  writeFileSync(paths.truncated, text.slice(0, text.length - 40));
  paths.gzip = join(dir, 'clean.jsonl.gz');
  writeFileSync(paths.gzip, gzipSync(text));
  paths.corruptGzip = join(dir, 'corrupt.jsonl.gz');
  writeFileSync(paths.corruptGzip, gzipSync(text).subarray(0, 200));
  paths.notOtlp = join(dir, 'notes.txt');
  writeFileSync(paths.notOtlp, 'hello\n');
  paths.wrongShape = join(dir, 'wrong-shape.jsonl');
  writeFileSync(paths.wrongShape, '{"resourceLogs":5}\n');
  paths.dangling = join(dir, 'dangling.jsonl');
  symlinkSync(join(dir, 'does-not-exist'), paths.dangling);
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stderrIsTTY: false,
  });
  return { code, out, err };
}

describe('seclog verify exit codes', () => {
  it('0 for a clean archive, with a per-stream text summary', async () => {
    const r = await run('verify', '--public-key', pubPem, paths.clean!);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Stream [A-Za-z0-9_-]{22} service=checkout .*clean end\) — VALID$/m);
    expect(r.out).toMatch(/records 41 VALID/);
    expect(r.out).toMatch(/^Results: 1 stream, .*: all valid\.$/m);
    expect(r.err).toBe('');
  });

  it('0 for gzip input', async () => {
    expect((await run('verify', '--public-key', pubPem, paths.gzip!)).code).toBe(0);
  });

  it('1 for a modified record, naming the seq', async () => {
    const r = await run('verify', '--public-key', pubPem, paths.modified!);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/MODIFIED seq 8: digest differs/);
  });

  it('2 for warnings only (unclean end), 1 with --strict', async () => {
    expect((await run('verify', '--public-key', pubPem, paths.crashed!)).code).toBe(2);
    expect((await run('verify', '--strict', '--public-key', pubPem, paths.crashed!)).code).toBe(1);
  });

  it('verifies HMAC checkpoints with --checkpoint-key-file, and fails them under another HMAC key', async () => {
    expect((await run('verify', '--checkpoint-key-file', hmacFile, paths.hmac!)).code).toBe(0);
    const other = join(dir, 'other.key');
    writeFileSync(other, randomBytes(32));
    const r = await run('verify', '--checkpoint-key-file', other, paths.hmac!);
    expect(r.code).toBe(1);
    expect(r.out).toContain('UNTRUSTED-STREAM');
  });

  it('still takes the deprecated --hmac-key-file, saying it is the checkpoint key', async () => {
    const r = await run('verify', '--hmac-key-file', hmacFile, paths.hmac!);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/--hmac-key-file is deprecated: it names the checkpoint HMAC key; use --checkpoint-key-file/);
  });

  it('trusts every public key of a PEM file that holds several (development mode appends one per run)', async () => {
    const several = join(dir, 'several.pub.pem');
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' });
    writeFileSync(several, `${other}${readFileSync(pubPem, 'utf8')}`);
    expect((await run('verify', '--public-key', several, paths.clean!)).code).toBe(0);
    writeFileSync(several, `${other}${other}`);
    expect((await run('verify', '--public-key', several, paths.clean!)).code).toBe(1);
  });

  it('fails checkpoints signed by a key that is not trusted (wrong public key)', async () => {
    const otherPem = join(dir, 'other.pem');
    writeFileSync(otherPem, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    const r = await run('verify', '--public-key', otherPem, paths.clean!);
    expect(r.code).toBe(1);
    expect(r.out).toContain('KEY-CHAIN-INVALID');
  });

  it.each([
    ['no arguments', [], /no input files|Usage/],
    ['no key', ['verify', 'x.jsonl'], /no trusted key given/],
    ['no input', ['verify', '--public-key', 'k.pem'], /no input files or directories given/],
    ['an unknown option', ['verify', '--publik-key', 'k.pem', 'x'], /unknown option --publik-key/],
    ['a bad --format', ['verify', '--format', 'xml', '--public-key', 'k', 'x'], /--format must be 'text' or 'json'/],
    ['an unknown command', ['prove'], /unknown command 'prove'/],
  ])('3 for usage errors: %s', async (_name, args, message) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(3);
    expect(`${r.out}${r.err}`).toMatch(message as RegExp);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('3 for unusable key files: missing, not PEM, a private key, an RSA key, a short HMAC key', async () => {
    const short = join(dir, 'short.key');
    writeFileSync(short, randomBytes(8));
    const cases: [string[], RegExp][] = [
      [['--public-key', join(dir, 'nope.pem')], /key file .*nope\.pem: no such file/],
      [['--public-key', paths.notOtlp!], /not a PEM public key/],
      [['--public-key', privPem], /this is a private key/],
      [['--public-key', rsaPem], /expected an Ed25519 public key, got rsa/],
      [['--checkpoint-key-file', short], /key shorter than 32 bytes/],
    ];
    for (const [args, message] of cases) {
      const r = await run('verify', ...args, paths.clean!);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.err).toMatch(message);
      expect(r.err).not.toContain('BEGIN');
    }
  });

  it('3 for inputs that cannot be opened at all: a missing file, a dangling link', async () => {
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.jsonl'), /cannot read input .*missing\.jsonl: no such file or directory/],
      [paths.dangling!, /cannot read input .*dangling\.jsonl: no such file or directory/],
    ];
    for (const [input, message] of cases) {
      const r = await run('verify', '--public-key', pubPem, paths.clean!, input);
      expect(r.code, input).toBe(3);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('1 with a CORRUPT-LINE finding (file:line) for unreadable content, and the report on everything else', async () => {
    const cases: [string, RegExp][] = [
      [
        paths.truncated!,
        /CORRUPT-LINE: not valid JSON \(torn, truncated or corrupt line\) at .*truncated\.jsonl:\d+$/m,
      ],
      [
        paths.corruptGzip!,
        /CORRUPT-LINE: gzip data corrupt or truncated after line \d+: .* at .*corrupt\.jsonl\.gz:\d+$/m,
      ],
      [paths.notOtlp!, /CORRUPT-LINE: not valid JSON .* at .*notes\.txt:1$/m],
      [
        paths.wrongShape!,
        /CORRUPT-LINE: malformed OTLP entry skipped \(resourceLogs is not an array\) at .*wrong-shape\.jsonl:1$/m,
      ],
    ];
    for (const [input, message] of cases) {
      const r = await run('verify', '--public-key', pubPem, paths.clean!, input);
      expect(r.code, input).toBe(1);
      expect(r.out, input).toMatch(message);
      expect(r.out).toMatch(/^Stream .* — VALID$/m);
      expect(r.out).toMatch(/^Results: 1 stream, .*: FAILED — failures: CORRUPT-LINE\.$/m);
      expect(r.err).toBe('');
    }
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await run('verify', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: seclog verify --public-key <pem>');
    expect(r.out).toContain('Exit codes: 0 valid');
  });
});

describe('seclog verify --anchor', () => {
  it('reports TRUNCATED when the archive lost its tail but the anchor kept the checkpoints (exit 1)', async () => {
    const lines = readFileSync(paths.clean!, 'utf8').trim().split('\n');
    const archiveOnly = join(dir, 'tail-cut.jsonl');
    writeFileSync(archiveOnly, `${lines.slice(0, 2).join('\n')}\n`);
    const r = await run('verify', '--public-key', pubPem, '--anchor', paths.clean!, archiveOnly);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/TRUNCATED seq \d+–\d+: signed in an anchored checkpoint but absent from the archive/);
    // Only the anchor holds the checkpoints that signed the lost records: the cut is named, not just suspected.
    const report = JSON.parse(
      (await run('verify', '--format', 'json', '--public-key', pubPem, '--anchor', paths.clean!, archiveOnly)).out,
    );
    expect(report.inputs.map((i: { role: string }) => i.role)).toEqual(['archive', 'anchor']);
  });

  it('takes the anchor from a URL (a witness endpoint) and still names the cut', async () => {
    const lines = readFileSync(paths.clean!, 'utf8').trim().split('\n');
    const archiveOnly = join(dir, 'tail-cut-url.jsonl');
    writeFileSync(archiveOnly, `${lines.slice(0, 2).join('\n')}\n`);
    const served = readFileSync(paths.clean!);
    const server = createServer((_req, res) => res.writeHead(200).end(served));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await run(
        'verify',
        '--public-key',
        pubPem,
        '--anchor',
        `http://127.0.0.1:${port}/anchors.jsonl`,
        archiveOnly,
      );
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/TRUNCATED seq \d+–\d+/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('names an anchor URL that cannot be fetched without its credentials or query, exit 3', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const url = `http://user:s3cret-pass@127.0.0.1:${port}/anchors.jsonl?token=abcdef123456`;
    const r = await run('verify', '--public-key', pubPem, '--anchor', url, paths.clean!);
    expect(r.code).toBe(3);
    expect(r.err).toContain(`--anchor http://127.0.0.1:${port}/anchors.jsonl: cannot be fetched`);
    expect(r.err).not.toMatch(/s3cret|abcdef123456/);
  });

  it('refuses --witness-key without --anchor: there would be nothing to check it against', async () => {
    const r = await run('verify', '--public-key', pubPem, '--witness-key', pubPem, paths.clean!);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/--witness-key checks the cosignatures of anchored checkpoints: pass --anchor too/);
  });

  it('with --witness-key, an anchored checkpoint the witness did not cosign is KEY-CHAIN-INVALID (exit 1)', async () => {
    const witness = join(dir, 'witness.pub.pem');
    writeFileSync(witness, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    const r = await run(
      'verify',
      '--public-key',
      pubPem,
      '--witness-key',
      witness,
      '--anchor',
      paths.clean!,
      paths.clean!,
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/KEY-CHAIN-INVALID/);
  });
});

describe('seclog verify --format json', () => {
  it('writes the audit report: tool version, input SHA-256, per-stream ranges and the verdict', async () => {
    const r = await run('verify', '--format', 'json', '--public-key', pubPem, paths.clean!, paths.modified!);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    expect(report.tool).toEqual({ name: 'seclog', version: pkg.version });
    expect(report.reportVersion).toBe(2);
    expect(report.strict).toBe(false);
    expect(report.verdictReason).toBe('failures: MODIFIED');
    expect(report.inputs.map((i: { path: string }) => i.path)).toEqual([paths.clean, paths.modified]);
    const sha = createHash('sha256').update(readFileSync(paths.clean!)).digest('hex');
    expect(report.inputs[0]).toMatchObject({ sha256: sha, gzip: false, role: 'archive', complete: true });
    expect(report.trust).toEqual([
      { keyName: '*', algorithm: 'ed25519', keyId: expect.stringMatching(/^[0-9a-f]{32}$/) },
    ]);
    expect(report.streams).toHaveLength(2);
    for (const s of report.streams) {
      expect(s).toMatchObject({ seqRange: { first: '0', last: '40' }, signedTreeSize: '41', finalCheckpoint: true });
    }
    expect(report.streams.map((s: { verdict: string }) => s.verdict).sort()).toEqual(['failed', 'valid']);
    expect(report.verdict).toBe('failed');
  });
});

describe('the seclog bin', () => {
  const bin = join(import.meta.dirname, '..', 'dist', 'bin.js');

  it('sets the process exit code and prints no stack trace when an input cannot be opened', () => {
    const ok = spawnSync(process.execPath, [bin, 'verify', '--public-key', pubPem, paths.clean!], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const bad = spawnSync(process.execPath, [bin, 'verify', '--public-key', pubPem, join(dir, 'absent.jsonl')], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(3);
    expect(bad.stderr).toMatch(/^seclog verify: cannot read input .*absent\.jsonl: no such file or directory$/m);
    expect(bad.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('reports a torn line as CORRUPT-LINE and exits 1 with the rest of the archive verified', () => {
    const torn = join(dir, 'torn.jsonl');
    const lines = readFileSync(paths.clean!, 'utf8').trim().split('\n');
    lines[1] = lines[1]!.slice(0, lines[1]!.length >> 1);
    writeFileSync(torn, `${lines.join('\n')}\n`);
    const r = spawnSync(process.execPath, [bin, 'verify', '--public-key', pubPem, torn], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /^ {2}CORRUPT-LINE: not valid JSON \(torn, truncated or corrupt line\) at .*torn\.jsonl:2$/m,
    );
    // The torn line held 10 records: they are MISSING (signed in leaf lists), every other record is VALID.
    expect(r.stdout).toMatch(/^ {2}records 31 VALID · 10 MISSING$/m);
    expect(r.stdout).toMatch(/: FAILED — failures: MISSING, CORRUPT-LINE\.$/m);
    expect(r.stderr).toBe('');
  });
});
