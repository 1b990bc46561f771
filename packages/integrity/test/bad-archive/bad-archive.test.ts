/**
 * Bad-archive suite for `seclog verify` (issue 8): every damaged, empty or hostile archive gets a verdict, and the
 * verdict never claims more than was proven. Each case checks the status, the exit code and the one-line message
 * through the CLI (text and JSON output of the same run agree with the exit code), and the report fields behind them.
 * Loopback only: archives are written to a temp directory.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../src/verify/report.js';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { buildSyntheticStream, testKeys } from '../verify/synthetic-archive.js';
import {
  cleanStream,
  interleave,
  linesOf,
  truncatedGzip,
  withAddedAttribute,
  withBigIntNumber,
  withDeclaredDrops,
  withForgedUnsealedRecord,
  withHugeLine,
  withSparseArray,
  writeLines,
} from './bad-archives.js';

/** The CLI package's entry point (built); it depends on this package, so it is loaded at run time. */
interface CliModule {
  runCli(
    argv: readonly string[],
    io: { stdout: { write(s: string): unknown }; stderr: { write(s: string): unknown }; stderrIsTTY: boolean },
  ): Promise<number>;
}
const cliDist = new URL('../../../cli/dist/index.js', import.meta.url);
const bin = new URL('../../../cli/dist/bin.js', import.meta.url).pathname;

const keys = testKeys();
const dir = mkdtempSync(join(tmpdir(), 'seclog-bad-archive-'));
const pubPem = join(dir, 'key.pub.pem');
let cli: CliModule;

beforeAll(async () => {
  writeFileSync(pubPem, keys.publicKey.export({ format: 'pem', type: 'spki' }));
  cli = (await import(cliDist.href)) as CliModule;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CliRun {
  readonly code: number;
  readonly text: string;
  readonly report: VerificationReport;
  readonly stderr: string;
}

/** Runs `seclog verify` twice (text, then JSON) and checks that both runs agree on the exit code. */
async function verifyCli(inputs: readonly string[], ...flags: string[]): Promise<CliRun> {
  const once = async (format: 'text' | 'json') => {
    let out = '';
    let err = '';
    const code = await cli.runCli(['verify', '--public-key', pubPem, '--format', format, ...flags, ...inputs], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      stderrIsTTY: false,
    });
    return { code, out, err };
  };
  const text = await once('text');
  const json = await once('json');
  expect(json.code).toBe(text.code);
  const report = JSON.parse(json.out) as VerificationReport;
  // The verdict in both outputs is the one the exit code gives.
  const expected = { 0: 'valid', 1: 'failed', 2: 'warnings' }[text.code as 0 | 1 | 2];
  expect(report.verdict).toBe(expected);
  const word = { valid: 'all valid', warnings: 'valid with warnings', failed: 'FAILED' }[report.verdict];
  expect(resultsLine(text.out)).toContain(`: ${word}`);
  return { code: text.code, text: text.out, report, stderr: text.err + json.err };
}

function resultsLine(text: string): string {
  return text.split('\n').find((l) => l.startsWith('Results: ')) ?? '';
}

function inputFindings(report: VerificationReport, status: string) {
  return report.input.findings.filter((f) => f.status === status);
}

describe('nothing sealed → failure, unless explicitly allowed', () => {
  it('an empty file: NO-SEALED-RECORDS, exit 1, "no sealed records found"', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const r = await verifyCli([empty]);
    expect(r.code).toBe(1);
    expect(resultsLine(r.text)).toBe(
      'Results: 0 streams, 0 records and 0 checkpoint records read: FAILED — no sealed records found.',
    );
    expect(r.report.verdictReason).toBe('no sealed records found');
    expect(inputFindings(r.report, 'NO-SEALED-RECORDS')).toHaveLength(1);
    expect(r.report.totals.sealedStreams).toBe(0);
    const allowed = await verifyCli([empty], '--allow-empty');
    expect(allowed.code).toBe(0);
    expect(allowed.report.allowEmpty).toBe(true);
    expect(allowed.report.verdictReason).toBe('no sealed records found (allowed)');
  });

  it('a file of non-OTLP JSON: a CORRUPT-LINE per line and NO-SEALED-RECORDS, exit 1', async () => {
    const notOtlp = writeLines(dir, 'app.log', ['{"level":"info","msg":"login ok"}', '{"level":"warn","msg":"x"}']);
    const r = await verifyCli([notOtlp]);
    expect(r.code).toBe(1);
    expect(r.report.verdictReason).toBe('no sealed records found; failures: CORRUPT-LINE');
    expect(inputFindings(r.report, 'CORRUPT-LINE').map((f) => f.location)).toEqual([`${notOtlp}:1`, `${notOtlp}:2`]);
    expect(r.text).toContain(`CORRUPT-LINE: JSON but not an OTLP logs request (no resourceLogs) at ${notOtlp}:1`);
    expect(r.text).not.toContain('login ok');
  });

  it('a traces-only archive: other-signal lines are skipped, not corrupt; NO-SEALED-RECORDS, exit 1', async () => {
    const traces = writeLines(dir, 'traces.jsonl', [
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","name":"GET /"}]}]}]}',
    ]);
    const r = await verifyCli([traces]);
    expect(r.code).toBe(1);
    expect(r.report.totals.otherSignalLines).toBe(1);
    expect(inputFindings(r.report, 'CORRUPT-LINE')).toEqual([]);
    expect(resultsLine(r.text)).toBe(
      'Results: 0 streams, 0 records and 0 checkpoint records read (1 lines of other OTLP signals skipped): FAILED — no sealed records found.',
    );
  });

  it('only foreign records: FOREIGN and NO-SEALED-RECORDS, exit 1; with --allow-empty only the FOREIGN warning', async () => {
    const unsealed = Array.from({ length: 3 }, (_, i) => ({
      resourceLogs: [
        { scopeLogs: [{ logRecords: [{ eventName: 'app.login', body: { stringValue: `login ${i}` } }] }] },
      ],
    }));
    const foreign = writeLines(dir, 'foreign.jsonl', linesOf(unsealed));
    const r = await verifyCli([foreign]);
    expect(r.code).toBe(1);
    expect(r.report.foreign.count).toBe(3);
    expect(r.report.verdictReason).toBe('no sealed records found');
    const allowed = await verifyCli([foreign], '--allow-empty');
    expect(allowed.code).toBe(2);
    expect(allowed.report.verdictReason).toBe('warnings: FOREIGN');
  });

  it('a sealed archive checked with the wrong key counts as nothing sealed', async () => {
    const other = testKeys();
    const s = await cleanStream(other);
    const r = await verifyCli([writeLines(dir, 'other-key.jsonl', linesOf(s.requests))]);
    expect(r.code).toBe(1);
    expect(inputFindings(r.report, 'NO-SEALED-RECORDS')[0]?.detail).toBe(
      'no sealed records found: checkpoints were read but none verifies under a trusted key',
    );
  });
});

describe('tampering inside the integrity namespace', () => {
  it('an added seclog.integrity.digest attribute makes the record MODIFIED, localised to that attribute', async () => {
    const reqs = await withAddedAttribute(keys, 7, 'seclog.integrity.digest');
    const r = await verifyCli([writeLines(dir, 'digest-attr.jsonl', linesOf(reqs))]);
    expect(r.code).toBe(1);
    const st = r.report.streams[0]!;
    expect(st.records).toEqual({ VALID: 24, MODIFIED: 1 });
    expect(st.findings.find((f) => f.status === 'MODIFIED')).toMatchObject({
      seqFrom: '7',
      field: 'attributes["seclog.integrity.digest"]',
    });
    expect(r.text).toMatch(
      /^ {2}MODIFIED seq 7 \(attributes\["seclog\.integrity\.digest"\] differs\): attribute added after sealing; digest signed in checkpoint 0 at .*:\d+$/m,
    );
  });
});

describe('--strict: text, JSON and exit code agree', () => {
  it('a forged unsealed record: warnings (exit 2) by default, FAILED (exit 1) in every output with --strict', async () => {
    const archive = writeLines(dir, 'forged-tail.jsonl', linesOf(await withForgedUnsealedRecord(keys)));
    const lax = await verifyCli([archive]);
    expect(lax.code).toBe(2);
    expect(lax.report.verdictReason).toBe('warnings: UNSEALED, STREAM-UNCLEAN-END');
    const strict = await verifyCli([archive], '--strict');
    expect(strict.code).toBe(1);
    expect(strict.report.strict).toBe(true);
    expect(strict.report.streams[0]!.verdict).toBe('failed');
    expect(strict.text).toMatch(/ — FAILED$/m);
    expect(resultsLine(strict.text)).toMatch(
      /: FAILED — warnings count as failures \(strict\): UNSEALED, STREAM-UNCLEAN-END\.$/,
    );
  });
});

describe('bad input never aborts the run', () => {
  it('a torn line: CORRUPT-LINE at file:line, its records MISSING, the rest VALID, exit 1', async () => {
    const s = await cleanStream(keys);
    const lines = linesOf(s.requests);
    lines[1] = lines[1]!.slice(0, 100);
    const archive = writeLines(dir, 'torn.jsonl', lines);
    const r = await verifyCli([archive]);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`CORRUPT-LINE: not valid JSON (torn, truncated or corrupt line) at ${archive}:2`);
    const st = r.report.streams[0]!;
    expect(st.records.MISSING).toBe(4);
    expect(st.records.VALID).toBe(25 - 4);
    expect(r.report.totals.corruptLines).toBe(1);
  });

  it('a line over the size limit is skipped (bounded) and reported; the lines around it verify', async () => {
    const s = await cleanStream(keys, 8, 2);
    const [first, ...rest] = linesOf(s.requests);
    const archive = join(dir, 'long-line.jsonl');
    withHugeLine(archive, first!, 5000, rest.join('\n'));
    const report = await verifyArchive([archive], { trust: { publicKeys: [keys.publicKey] }, maxLineBytes: 4096 });
    expect(report.input.findings).toEqual([
      {
        status: 'CORRUPT-LINE',
        subject: 'line',
        count: 1,
        detail: 'line of 5000 bytes exceeds the 4096-byte limit: skipped without reading it',
        location: `${archive}:2`,
      },
    ]);
    expect(report.streams[0]!.records).toEqual({ VALID: 9 });
    expect(report.verdict).toBe('failed');
  });

  it('the real 64 MiB limit: a 256 MiB line through the bin stays far below 256 MiB of memory', () => {
    const archive = join(dir, 'huge-line.jsonl');
    withHugeLine(archive, '{}', 256 * 1024 * 1024, '{}');
    const r = runBinMeasured([archive, '--allow-empty']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `CORRUPT-LINE: line of 268435456 bytes exceeds the 67108864-byte limit: skipped without reading it at ${archive}:2`,
    );
    expect(r.maxRssMiB).toBeLessThan(200);
  });

  it('a truncated .gz next to a good file: CORRUPT-LINE for the gzip, the good file fully verified', async () => {
    const good = await cleanStream(keys);
    const other = await cleanStream(keys, 40, 2);
    const goodPath = writeLines(dir, 'good.jsonl', linesOf(good.requests));
    const gzPath = join(dir, 'cut.jsonl.gz');
    writeFileSync(gzPath, truncatedGzip(linesOf(other.requests)));
    const r = await verifyCli([goodPath, gzPath]);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(
      new RegExp(
        `CORRUPT-LINE: gzip data corrupt or truncated after line \\d+: the rest of the file cannot be read at ${gzPath}:\\d+`,
      ),
    );
    expect(r.report.inputs.map((i) => i.complete)).toEqual([true, false]);
    const streams = new Map(r.report.streams.map((st) => [st.streamId, st]));
    expect(streams.get(good.streamId)!.records).toEqual({ VALID: 25 });
    expect(streams.get(good.streamId)!.verdict).toBe('valid');
  });

  it('gzip data corrupted in the middle: CORRUPT-LINE, and the input digest still covers every stored byte', async () => {
    const s = await cleanStream(keys, 200, 2);
    const gz = gzipSync(`${linesOf(s.requests).join('\n')}\n`);
    for (let i = gz.length >> 1; i < (gz.length >> 1) + 64; i++) gz[i] = gz[i]! ^ 0x5a;
    const gzPath = join(dir, 'flipped.jsonl.gz');
    writeFileSync(gzPath, gz);
    const r = await verifyCli([gzPath]);
    expect(r.code).toBe(1);
    // Deflate output is not self-checking: the damage first decodes to garbage lines, then the CRC check fails.
    const found = inputFindings(r.report, 'CORRUPT-LINE');
    expect(found.at(-1)!.detail).toMatch(
      /^gzip data corrupt or truncated after line \d+: the rest of the file cannot be read$/,
    );
    // What was read before the damage verifies; the lost tail took the final checkpoint with it.
    expect(r.report.streams[0]!.records.VALID).toBeGreaterThan(0);
    expect(r.report.streams[0]!.finalCheckpoint).toBe(false);
    expect(r.report.inputs[0]).toMatchObject({
      complete: false,
      bytes: gz.length,
      sha256: createHash('sha256').update(gz).digest('hex'),
    });
  });

  it('two writers interleaving 3 KB lines: each torn line is a finding, intact requests after a tear are recovered', async () => {
    const body = (seq: number) => `login ${seq} ${'x'.repeat(3000)}`;
    const a = await buildSyntheticStream({ signer: keys.signer, records: 30, perCheckpoint: 10, perRequest: 1, body });
    const b = await buildSyntheticStream({ signer: keys.signer, records: 30, perCheckpoint: 10, perRequest: 1, body });
    // One record per line: A's lines 0–10 are genesis and records 1–10, line 11 checkpoint 0, and so on up to the
    // final checkpoint on line 34. Every 5th data line of A is torn by one of B's lines.
    const { text, torn } = interleave(
      linesOf(a.requests),
      linesOf(b.requests),
      (i) => i % 5 === 4 && i % 11 !== 0 && i < 33,
    );
    const archive = join(dir, 'interleaved.jsonl');
    writeFileSync(archive, text);
    const r = await verifyCli([archive]);
    expect(r.code).toBe(1);
    // Each tear leaves two bad lines: A's first half with B's line after it (B recovered), and A's second half.
    expect(r.report.totals.corruptLines).toBe(2 * torn);
    expect(inputFindings(r.report, 'CORRUPT-LINE').filter((f) => f.detail.startsWith('torn line:'))).toHaveLength(torn);
    const streams = new Map(r.report.streams.map((st) => [st.streamId, st]));
    expect(streams.get(b.streamId)!.records).toEqual({ VALID: 31 });
    expect(streams.get(a.streamId)!.records).toEqual({ VALID: 31 - torn, MISSING: torn });
    expect(r.text).not.toContain('xxxx');
  });
});

describe('bounded memory whatever one record holds', () => {
  it('a sealed record with a sparse array of 10 million elements: UNVERIFIABLE as sealed, within a memory bound', async () => {
    const archive = join(dir, 'sparse.jsonl');
    writeFileSync(archive, await withSparseArray(keys, 10_000_000));
    const r = runBinMeasured([archive]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^ {2}records 20 VALID · 1 UNVERIFIABLE$/m);
    expect(r.stdout).toMatch(
      /^ {2}UNVERIFIABLE seq 5: sealed as uncanonicalizable by the producer \(no content check\)$/m,
    );
    expect(r.maxRssMiB).toBeLessThan(256);
  });

  it('100,000 forged stream ids of one record each: a report within 300 MiB, FAILED with VERIFIER-LIMIT, exit 1', () => {
    // A stream id costs an attacker one short record (18 MB here); each used to take a 40 KB seq page, then ~6 KB of
    // state and report (600 MB here, and a 37 MB archive ended the run without a report). The verifier now tracks at
    // most 16,384 streams without a valid checkpoint and counts the records of new streams beyond them.
    const archive = join(dir, 'forged-streams.jsonl');
    const lines: string[] = [];
    for (let line = 0; line < 100; line++) {
      const logRecords = Array.from({ length: 1000 }, () => ({
        body: { stringValue: 'x' },
        attributes: [
          { key: 'seclog.integrity.stream', value: { stringValue: randomBytes(16).toString('base64url') } },
          { key: 'seclog.integrity.seq', value: { intValue: 1000 } },
        ],
      }));
      lines.push(JSON.stringify({ resourceLogs: [{ resource: {}, scopeLogs: [{ logRecords }] }] }));
    }
    writeFileSync(archive, `${lines.join('\n')}\n`);
    const r = runBinMeasured([archive]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /^ {2}VERIFIER-LIMIT: 83,616 records of new streams not verified: the limit of 16,384 streams without a valid checkpoint was reached \(raise it with --max-unproven-streams, or give the files holding checkpoints first\); first stream ids left out: [\w-]{22}, [\w-]{22}, [\w-]{22}$/m,
    );
    expect(resultsLine(r.stdout)).toBe(
      'Results: 16,384 streams, 16,384 FAILED, 100,000 records and 0 checkpoint records read: FAILED — no sealed records found; failures: UNTRUSTED-STREAM, VERIFIER-LIMIT.',
    );
    expect(r.maxRssMiB).toBeLessThan(300);
  });
});

describe('bounded memory whatever seqs the archive holds', () => {
  it('33 forged records in each of 3,000 seq pages (18 MB): a report within 200 MiB, where dense pages took 265', () => {
    // A page of 1,024 seqs used to turn dense (40 KB) at its 33rd record: 6 KB of archive per 40 KB of verifier
    // memory, outside the V8 heap limit, so a GB-scale file could get the process killed without a report. A page
    // now stays sparse until it holds 256 seqs (about 2.7 KB here).
    const archive = join(dir, 'sparse-pages.jsonl');
    const lines: string[] = [];
    for (let page = 0; page < 3000; page++) {
      const logRecords = Array.from({ length: 33 }, (_, j) => ({
        body: { stringValue: 'x' },
        attributes: [
          { key: 'seclog.integrity.stream', value: { stringValue: 'AAAAAAAAAAAAAAAAAAAAAA' } },
          { key: 'seclog.integrity.seq', value: { intValue: page * 1024 + j * 31 } },
        ],
      }));
      lines.push(JSON.stringify({ resourceLogs: [{ resource: {}, scopeLogs: [{ logRecords }] }] }));
    }
    writeFileSync(archive, `${lines.join('\n')}\n`);
    const r = runBinMeasured([archive]);
    expect(r.status).toBe(1);
    expect(resultsLine(r.stdout)).toBe(
      'Results: 1 stream, 1 FAILED, 99,000 records and 0 checkpoint records read: FAILED — no sealed records found; failures: UNTRUSTED-STREAM.',
    );
    expect(r.maxRssMiB).toBeLessThan(200);
  });
});

describe('the limit on seq-table memory (--max-seq-table-mib)', () => {
  it('an archive needing more: FAILED with VERIFIER-LIMIT in text, JSON and exit code; raised, all valid', async () => {
    // 30,000 records take 30 dense pages, about 1.2 MiB of seq table.
    const stream = await buildSyntheticStream({
      signer: keys.signer,
      records: 30_000,
      perCheckpoint: 4096,
      perRequest: 500,
    });
    const archive = writeLines(dir, 'seq-limit.jsonl', linesOf(stream.requests));
    const r = await verifyCli([archive], '--max-seq-table-mib', '1');
    expect(r.code).toBe(1);
    expect(r.report.verdictReason).toBe('failures: MISSING, VERIFIER-LIMIT');
    expect(r.text).toMatch(
      /^ {2}VERIFIER-LIMIT: [\d,]+ records not verified: the seq-table memory limit of 1 MiB was reached \(raise it with --max-seq-table-mib\)/m,
    );
    expect(r.text).toMatch(/^ {2}VERIFIER-LIMIT: [\d,]+ records were left out at the seq-table memory limit/m);
    const raised = await verifyCli([archive], '--max-seq-table-mib', '2');
    expect(raised.code).toBe(0);
    expect(raised.report.streams[0]!.records).toEqual({ VALID: 30_001 });
  });

  it('refuses a limit that is not a positive integer of MiB (usage error, exit 3)', async () => {
    const empty = writeLines(dir, 'seq-limit-empty.jsonl', []);
    for (const bad of ['0', '1.5', '512M', '999999999999999']) {
      let err = '';
      const code = await cli.runCli(['verify', '--public-key', pubPem, '--max-seq-table-mib', bad, empty], {
        stdout: { write: () => true },
        stderr: { write: (s: string) => (err += s) },
        stderrIsTTY: false,
      });
      expect(code).toBe(3);
      expect(err).toContain('--max-seq-table-mib must be a positive integer (MiB)');
    }
  });
});

describe('the limit on streams without a valid checkpoint (--max-unproven-streams)', () => {
  it('checkpoints in a file given last, more streams than the limit: FAILED with VERIFIER-LIMIT in text, JSON and exit code', async () => {
    // One record per line, so that the checkpoint records can be moved to a file of their own.
    const streams = await Promise.all([1, 2, 3].map(() => cleanStream(keys, 24, 1)));
    const isCheckpoint = (line: string) => line.includes('"seclog.integrity.checkpoint"');
    const all = streams.flatMap((s) => linesOf(s.requests));
    const data = writeLines(
      dir,
      'limit-data.jsonl',
      all.filter((l) => !isCheckpoint(l)),
    );
    const checkpoints = writeLines(dir, 'limit-checkpoints.jsonl', all.filter(isCheckpoint));
    const r = await verifyCli([data, checkpoints], '--max-unproven-streams', '2');
    expect(r.code).toBe(1);
    expect(r.report.verdictReason).toBe('failures: MISSING, VERIFIER-LIMIT');
    expect(inputFindings(r.report, 'VERIFIER-LIMIT')).toHaveLength(1);
    expect(r.text).toMatch(/^ {2}VERIFIER-LIMIT: \d+ records of new streams not verified: the limit of 2 streams /m);
    const late = r.report.streams.filter((s) => s.findings.some((f) => f.status === 'VERIFIER-LIMIT'));
    expect(late).toHaveLength(1);
    expect(Object.keys(late[0]!.records)).toEqual(['MISSING']);
    expect(r.text).toMatch(
      /^ {2}VERIFIER-LIMIT: first tracked after the verifier began leaving records of new streams out \(--max-unproven-streams\)/m,
    );
    // Given first, the checkpoints prove each stream before its records come: nothing is left out.
    const ordered = await verifyCli([checkpoints, data], '--max-unproven-streams', '2');
    expect(ordered.code).toBe(0);
  });

  it('refuses a limit that is not a positive integer (usage error, exit 3)', async () => {
    const empty = writeLines(dir, 'limit-empty.jsonl', []);
    for (const bad of ['0', '1.5', '1e3', 'many']) {
      let err = '';
      const code = await cli.runCli(['verify', '--public-key', pubPem, '--max-unproven-streams', bad, empty], {
        stdout: { write: () => true },
        stderr: { write: (s: string) => (err += s) },
        stderrIsTTY: false,
      });
      expect(code).toBe(3);
      expect(err).toContain('--max-unproven-streams must be a positive integer');
    }
  });
});

describe('declared drops', () => {
  it('d and x lines: DROPPED (exit 2), a failure with --strict', async () => {
    const archive = writeLines(dir, 'dropped.jsonl', linesOf(await withDeclaredDrops(keys)));
    const r = await verifyCli([archive]);
    expect(r.code).toBe(2);
    const st = r.report.streams[0]!;
    expect(st.records).toEqual({ VALID: 22, DROPPED: 7 });
    expect(st.dropped).toEqual({ undelivered: 3, refused: 4 });
    expect(r.text).toContain('  DROPPED seq 10–12: sealed but not delivered, declared dropped in checkpoint 2');
    expect(r.text).toContain(
      '  DROPPED: 4 records refused before sealing (no seq) while seq 17–24 were sealed, declared in checkpoint 2',
    );
    expect(r.report.verdictReason).toBe('warnings: DROPPED');
    const strict = await verifyCli([archive], '--strict');
    expect(strict.code).toBe(1);
    expect(strict.report.verdictReason).toBe('warnings count as failures (strict): DROPPED');
  });
});

describe('exact 64-bit integers', () => {
  it('an intValue above 2^53 written as a JSON number verifies VALID; the neighbouring double is MODIFIED', async () => {
    const exact = join(dir, 'bigint.jsonl');
    writeFileSync(exact, await withBigIntNumber(keys));
    const ok = await verifyCli([exact]);
    expect(ok.code).toBe(0);
    expect(ok.report.streams[0]!.records).toEqual({ VALID: 13 });
    // 9007199254740992 is what JSON.parse would have read: it is a different int64, so the record was changed.
    const rounded = join(dir, 'bigint-rounded.jsonl');
    writeFileSync(rounded, await withBigIntNumber(keys, '9007199254740992'));
    const bad = await verifyCli([rounded]);
    expect(bad.code).toBe(1);
    expect(bad.report.streams[0]!.findings.find((f) => f.status === 'MODIFIED')?.seqFrom).toBe('4');
  });
});

/**
 * Runs the built bin in a child Node that reports its own peak RSS (the bin re-executes itself with heap flags
 * unless they are set, so they are set here to keep verification in the measured process).
 */
function runBinMeasured(args: readonly string[]): { status: number | null; stdout: string; maxRssMiB: number } {
  const script = `process.on('exit', () => process.stderr.write('\\nmaxRSS ' + process.resourceUsage().maxRSS + '\\n'));`;
  const r = spawnSync(
    process.execPath,
    [
      '--max-semi-space-size=1',
      '--max-old-space-size=512',
      '--import',
      `data:text/javascript,${encodeURIComponent(script)}`,
      bin,
      'verify',
      '--public-key',
      pubPem,
      ...args,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const m = /maxRSS (\d+)/.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, maxRssMiB: m ? Number(m[1]) / 1024 : Number.POSITIVE_INFINITY };
}
