import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FastLineReader } from '../../src/internal/verify/fast-line.js';
import { bodyInterest } from '../../src/internal/verify/line-records.js';
import { ParseAhead } from '../../src/internal/verify/parse-ahead.js';
import { ParseWorker } from '../../src/internal/verify/parse-worker.js';
import type { VerificationReport } from '../../src/verify/report.js';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { tempArchiveDir } from '../attacks/otlp-archive.js';
import { truncatedGzip, withBigIntNumber } from '../bad-archive/bad-archives.js';
import { describeRecords } from './describe-records.js';
import { buildSyntheticStream, type OtlpRequest, testKeys } from './synthetic-archive.js';

// Damaged and unusual archives read with and without the parse-ahead worker must give the same report.
const keys = testKeys();
const dirs: { cleanup: () => void }[] = [];
const savedMode = process.env.SECLOG_VERIFY_PARSE_AHEAD;
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
  if (savedMode === undefined) delete process.env.SECLOG_VERIFY_PARSE_AHEAD;
  else process.env.SECLOG_VERIFY_PARSE_AHEAD = savedMode;
});

type Files = Record<string, string | Buffer>;

async function verifyEachWay(
  archive: Files,
  anchors: Files = {},
  options: { maxUnprovenStreams?: number; maxSeqTableBytes?: number } = {},
): Promise<{ single: VerificationReport; parallel: VerificationReport }> {
  const dir = tempArchiveDir();
  dirs.push(dir);
  const write = (sub: string, files: Files) => {
    const paths: string[] = [];
    for (const [name, content] of Object.entries(files)) {
      const p = join(dir.dir, `${sub}-${name}`);
      writeFileSync(p, content);
      paths.push(p);
    }
    return paths;
  };
  const archivePaths = write('archive', archive);
  const anchorPaths = write('anchor', anchors);
  const run = async (mode: 'always' | 'never') => {
    process.env.SECLOG_VERIFY_PARSE_AHEAD = mode;
    const poll = ParseWorker.prototype.poll;
    // Count the lines the worker answered: the comparison means something only when some of its readings were used.
    const spy = vi.spyOn(ParseWorker.prototype, 'poll').mockImplementation(function (this: ParseWorker) {
      const reply = poll.call(this);
      if (reply !== undefined) replies++;
      return reply;
    });
    const report = await verifyArchive(archivePaths, {
      trust: { publicKeys: [keys.publicKey] },
      ...(anchorPaths.length > 0 ? { anchors: anchorPaths } : {}),
      ...options,
    });
    spy.mockRestore();
    return { ...report, generatedAt: '' };
  };
  let replies = 0;
  const single = await run('never');
  expect(replies).toBe(0);
  const parallel = await run('always');
  expect(replies).toBeGreaterThan(0);
  return { single, parallel };
}

const text = (reqs: readonly OtlpRequest[]) => reqs.map((r) => `${JSON.stringify(r)}\n`).join('');

async function stream(records = 200, perRequest = 10) {
  return buildSyntheticStream({ signer: keys.signer, records, perCheckpoint: 16, perRequest });
}

describe('parse-ahead worker on damaged archives', () => {
  it('reads non-UTF-8 bytes, CRLF line ends and torn lines the same way', async () => {
    const s = await stream();
    let lines = s.requests.map((r) => Buffer.from(JSON.stringify(r)));
    // Invalid UTF-8 in a sealed body, and a lone continuation byte in another.
    lines = lines.map((l, i) => {
      if (i === 3) {
        const at = l.indexOf('"stringValue":"') + 15;
        return Buffer.concat([l.subarray(0, at), Buffer.from([0xff]), l.subarray(at)]);
      }
      if (i === 5) return Buffer.concat([l.subarray(0, l.length - 20), Buffer.from([0x80]), l.subarray(l.length - 20)]);
      return l;
    });
    const crlf = Buffer.concat(lines.map((l, i) => Buffer.concat([l, Buffer.from(i % 3 === 0 ? '\r\n' : '\n')])));
    const { single, parallel } = await verifyEachWay({ 'a.jsonl': crlf });
    expect(single.verdict).toBe('failed');
    expect(parallel).toEqual(single);
  });

  it('reads reordered, duplicated, edited and deleted lines over several files the same way', async () => {
    const a = await stream(240, 8);
    const b = await stream(160, 12);
    const reqs = a.requests.map((r) => structuredClone(r));
    // Genesis last (records read before their snapshot), a duplicated line with one record edited (conflict), a
    // deleted line, and a record whose resource was enriched downstream.
    reqs.push(reqs.shift()!);
    const dup = structuredClone(reqs[10]!);
    dup.resourceLogs[0].scopeLogs[0].logRecords[2].body = { stringValue: 'edited copy' };
    reqs.splice(20, 0, dup);
    reqs.splice(25, 1);
    reqs[12]!.resourceLogs[0].resource.attributes.push({ key: 'k8s.pod.name', value: { stringValue: 'p' } });
    const half = Math.floor(b.requests.length / 2);
    const { single, parallel } = await verifyEachWay(
      {
        '1.jsonl': text(reqs),
        '2.jsonl.gz': gzipSync(text(b.requests.slice(0, half))),
        '3.jsonl': text(b.requests.slice(half)),
        '4.jsonl.gz': truncatedGzip(text(b.requests).split('\n')),
      },
      { '1.jsonl': b.checkpoints.map((n) => `${n}\n`).join('') },
    );
    expect(single.verdict).toBe('failed');
    expect(parallel).toEqual(single);
  });

  it('reads exact integers and a line too long for the fast path the same way', async () => {
    const big = await withBigIntNumber(keys, '9007199254740993');
    const wrong = await withBigIntNumber(keys, '9007199254740992');
    const s = await stream(60, 5);
    const lines = text(s.requests).split('\n');
    const filler = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"${'x'.repeat(5 * 1024 * 1024)}"}}]}]}]}`;
    lines.splice(3, 0, filler);
    const { single, parallel } = await verifyEachWay({ 'a.jsonl': big, 'b.jsonl': wrong, 'c.jsonl': lines.join('\n') });
    expect(single.verdict).toBe('failed');
    expect(parallel).toEqual(single);
  });
});

describe('parse-ahead worker at the limit on unproven streams', () => {
  it('leaves out the same records of new streams, with forged ids, checkpoints last and anchors', async () => {
    // Streams of one record per line whose checkpoint records are moved out (later files, anchors), streams with
    // their checkpoints inline (they free their place as they go), and forged stream ids in between.
    const split = await Promise.all(
      [1, 2, 3, 4].map(() =>
        buildSyntheticStream({ signer: keys.signer, records: 30, perCheckpoint: 8, perRequest: 1 }),
      ),
    );
    const inline = await Promise.all([1, 2].map(() => stream(40, 4)));
    const isCheckpoint = (r: OtlpRequest) => JSON.stringify(r).includes('"seclog.integrity.checkpoint"');
    const forged = Array.from({ length: 30 }, (_, i) => ({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  body: { stringValue: 'x' },
                  attributes: [
                    { key: 'seclog.integrity.stream', value: { stringValue: `forged-${i}` } },
                    { key: 'seclog.integrity.seq', value: { intValue: i } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }));
    const data = split.flatMap((s) => s.requests.filter((r) => !isCheckpoint(r)));
    const checkpoints = split.flatMap((s) => s.requests.filter(isCheckpoint));
    const { single, parallel } = await verifyEachWay(
      {
        '1.jsonl': text([...data.slice(0, 40), ...forged, ...data.slice(40)]),
        '2.jsonl': text(checkpoints.slice(0, 10)),
        '3.jsonl.gz': gzipSync(text(inline.flatMap((s) => s.requests))),
      },
      { '1.jsonl': text(checkpoints.slice(10)) },
      { maxUnprovenStreams: 3 },
    );
    expect(single.input.findings.some((f) => f.status === 'VERIFIER-LIMIT')).toBe(true);
    expect(single.streams.filter((st) => st.findings[0]?.status === 'VERIFIER-LIMIT').length).toBeGreaterThan(0);
    expect(single.verdict).toBe('failed');
    expect(parallel).toEqual(single);
  });
});

describe('parse-ahead worker at the seq-table memory limit', () => {
  it('leaves out the same records, with genuine streams and a forged stream of sparse pages between them', async () => {
    // 33 records in each of 40 pages of one forged stream: pages that stay sparse, then records beyond the budget.
    const forged = Array.from({ length: 40 }, (_, page) => ({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: Array.from({ length: 33 }, (_, j) => ({
                body: { stringValue: 'x' },
                attributes: [
                  { key: 'seclog.integrity.stream', value: { stringValue: 'forged' } },
                  { key: 'seclog.integrity.seq', value: { intValue: page * 1024 + j * 31 } },
                ],
              })),
            },
          ],
        },
      ],
    }));
    const genuine = await Promise.all([1, 2, 3].map(() => stream(300, 7)));
    const { single, parallel } = await verifyEachWay(
      {
        '1.jsonl': text([...genuine[0]!.requests, ...forged.slice(0, 20), ...genuine[1]!.requests]),
        '2.jsonl.gz': gzipSync(text([...forged.slice(20), ...genuine[2]!.requests])),
      },
      {},
      { maxSeqTableBytes: 60_000 },
    );
    expect(single.input.findings.some((f) => f.status === 'VERIFIER-LIMIT')).toBe(true);
    expect(single.streams.filter((st) => st.findings[0]?.status === 'VERIFIER-LIMIT').length).toBeGreaterThan(1);
    expect(single.verdict).toBe('failed');
    expect(parallel).toEqual(single);
  });
});

describe('parse-ahead worker on mutated archives', () => {
  it('gives the same report as one thread for seeded random damage (bytes, lines dropped, copied, swapped, cut)', async () => {
    const a = await stream(120, 6);
    const b = await buildSyntheticStream({ signer: keys.signer, records: 80, perCheckpoint: 10, perRequest: 4 });
    const base: Buffer[] = [];
    for (let i = 0; i < Math.max(a.requests.length, b.requests.length); i++) {
      if (a.requests[i]) base.push(Buffer.from(JSON.stringify(a.requests[i])));
      if (b.requests[i]) base.push(Buffer.from(JSON.stringify(b.requests[i])));
    }
    let seed = 1;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return Math.floor((seed / 0x80000000) * n);
    };
    for (let iter = 0; iter < 24; iter++) {
      const lines = base.map((l) => Buffer.from(l));
      for (let k = 0; k < 6; k++) {
        const i = rnd(lines.length);
        const l = lines[i]!;
        const op = rnd(6);
        if (op === 0) l[rnd(l.length)] = rnd(255) + 1 === 10 ? 32 : rnd(255) + 1;
        else if (op === 1) lines.splice(i, 1);
        else if (op === 2) lines.splice(rnd(lines.length), 0, Buffer.from(l));
        else if (op === 3) {
          const j = rnd(lines.length);
          [lines[i], lines[j]] = [lines[j]!, l];
        } else if (op === 4) {
          const at = l.indexOf('"stringValue":"', rnd(l.length));
          if (at > 0) lines[i] = Buffer.concat([l.subarray(0, at + 15), Buffer.from('X'), l.subarray(at + 15)]);
        } else lines[i] = l.subarray(0, rnd(l.length));
      }
      const { single, parallel } = await verifyEachWay({
        'a.jsonl': Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])),
      });
      expect(parallel, `mutation round ${iter}`).toEqual(single);
    }
  }, 60_000);
});

describe('parse-ahead worker under stress', () => {
  const fast = { streamKey: 'seclog.integrity.stream', seqKey: 'seclog.integrity.seq' };

  async function readAll(lines: Buffer[]): Promise<{ seen: string[]; expected: string[]; readAhead: number }> {
    const ahead = await ParseAhead.start(fast, bodyInterest('seclog.integrity'), 'first');
    const seen: string[] = [];
    try {
      for (const [i, line] of lines.entries()) {
        if (i % 5 === 1) ahead.step(() => seen.push(`step ${i}`));
        ahead.line(line, (records, bytes) => {
          seen.push(`${i} ${bytes.equals(line)}: ${describeRecords(records)}`);
        });
        await ahead.room();
      }
      await ahead.drain();
    } finally {
      await ahead.close();
    }
    const reader = new FastLineReader(fast);
    const expected: string[] = [];
    for (const [i, line] of lines.entries()) {
      if (i % 5 === 1) expected.push(`step ${i}`);
      expected.push(`${i} true: ${describeRecords(reader.read(line))}`);
    }
    return { seen, expected, readAhead: ahead.linesReadAhead };
  }

  async function someLines(): Promise<Buffer[]> {
    const a = await stream(400, 3);
    const b = await stream(300, 7);
    const out: Buffer[] = [];
    for (let i = 0; i < Math.max(a.requests.length, b.requests.length); i++) {
      if (a.requests[i]) out.push(Buffer.from(JSON.stringify(a.requests[i])));
      if (b.requests[i]) out.push(Buffer.from(JSON.stringify(b.requests[i])));
      if (i % 11 === 0) out.push(Buffer.from('{"resourceLogs":[{"scopeLogs":['));
    }
    return out;
  }

  afterEach(() => vi.restoreAllMocks());

  it('hands over the same records when replies come late (lines read here, answers dropped)', async () => {
    const lines = await someLines();
    const poll = ParseWorker.prototype.poll;
    let n = 0;
    vi.spyOn(ParseWorker.prototype, 'poll').mockImplementation(function (this: ParseWorker) {
      // Hold replies back most of the time: the head line is read here, its reply arrives after.
      return n++ % 4 === 0 ? poll.call(this) : undefined;
    });
    const { seen, expected, readAhead } = await readAll(lines);
    expect(readAhead).toBeGreaterThan(10);
    expect(seen).toEqual(expected);
  });

  it('hands over the same records when the worker dies in the middle', async () => {
    const lines = await someLines();
    const send = ParseWorker.prototype.send;
    // Killed after its third line: how many lines the worker gets at all depends on the machine's load (the main
    // thread reads a line itself when the worker is slow to answer), so a later kill could never happen.
    let sent = 0;
    vi.spyOn(ParseWorker.prototype, 'send').mockImplementation(function (this: ParseWorker, request) {
      send.call(this, request);
      if (++sent === 3) void (this as unknown as { worker: Worker }).worker.terminate();
    });
    const { seen, expected } = await readAll(lines);
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeGreaterThan(10 * sent);
    expect(seen).toEqual(expected);
  });
});
