/**
 * The verifier's bound on streams without a valid checkpoint ("unproven"): a forged stream id costs an attacker one
 * short record, so the verifier tracks a bounded number of such streams. A record of a new stream beyond the bound is
 * counted, not verified, and the verdict fails with VERIFIER-LIMIT — never a clean or a bare MISSING verdict. A stream
 * frees its place with its first valid checkpoint.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UnprovenStreams } from '../../src/internal/verify/unproven-streams.js';
import type { StreamReport, VerificationReport } from '../../src/verify/report.js';
import { type VerifyArchiveOptions, verifyArchive } from '../../src/verify/verify-archive.js';
import { tempArchiveDir } from '../attacks/otlp-archive.js';
import { buildSyntheticStream, type Json, type OtlpRequest, testKeys } from './synthetic-archive.js';

const keys = testKeys();
const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

describe('UnprovenStreams (the budget)', () => {
  it('has room until the limit; a proven stream frees its place', () => {
    const budget = new UnprovenStreams(2);
    budget.opened();
    budget.opened();
    expect(budget.hasRoom).toBe(false);
    budget.proved();
    expect(budget.hasRoom).toBe(true);
    expect(budget.count).toBe(1);
    expect(budget.finding()).toBeUndefined();
  });

  it('counts what was left out and names the first few stream ids, printable and short', () => {
    const budget = new UnprovenStreams(1);
    budget.opened();
    budget.leaveRecord('a');
    budget.leaveRecord('a');
    budget.leaveRecord(`b\u001b[31m${'x'.repeat(100)}`);
    budget.opened();
    budget.forget('c');
    budget.leaveRecord('d');
    expect(budget.leftSome).toBe(true);
    expect(budget.count).toBe(1);
    const f = budget.finding()!;
    expect(f).toMatchObject({ status: 'VERIFIER-LIMIT', subject: 'archive', count: 5 });
    expect(f.detail).toBe(
      '4 records (and 1 checkpoint record that does not verify) of new streams not verified: the limit of 1 stream ' +
        'without a valid checkpoint was reached (raise it with --max-unproven-streams, or give the files holding ' +
        `checkpoints first); first stream ids left out: a, b?[31m${'x'.repeat(58)}, c`,
    );
  });
});

/** Splits a stream's lines into its data records and its checkpoint records (as two archives). */
function split(reqs: readonly OtlpRequest[]): { data: OtlpRequest[]; checkpoints: OtlpRequest[] } {
  const part = (keep: (lr: Json) => boolean) =>
    reqs
      .map((r) => ({
        resourceLogs: r.resourceLogs.map((rl: Json) => ({
          ...rl,
          scopeLogs: rl.scopeLogs.map((sl: Json) => ({ ...sl, logRecords: sl.logRecords.filter(keep) })),
        })),
      }))
      .filter((r) => r.resourceLogs.some((rl: Json) => rl.scopeLogs.some((sl: Json) => sl.logRecords.length > 0)));
  const isCheckpoint = (lr: Json) => lr.eventName === 'seclog.integrity.checkpoint';
  return { data: part((lr) => !isCheckpoint(lr)), checkpoints: part(isCheckpoint) };
}

async function streams(n: number) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(await buildSyntheticStream({ signer: keys.signer, records: 20, perCheckpoint: 8, perRequest: 5 }));
  }
  return out;
}

/** Verifies files written in the order given (`anchor:` names are anchor inputs). */
async function verifyFiles(
  files: [name: string, reqs: OtlpRequest[]][],
  options: Partial<VerifyArchiveOptions> = {},
): Promise<VerificationReport> {
  const dir = tempArchiveDir();
  dirs.push(dir);
  const archives: string[] = [];
  const anchors: string[] = [];
  for (const [name, reqs] of files) {
    const path = dir.write(name.replace('anchor:', 'anchor-'), reqs);
    (name.startsWith('anchor:') ? anchors : archives).push(path);
  }
  return verifyArchive(archives, { trust: { publicKeys: [keys.publicKey] }, anchors, ...options });
}

const limitFindings = (r: VerificationReport) => r.input.findings.filter((f) => f.status === 'VERIFIER-LIMIT');
const byId = (r: VerificationReport) => new Map(r.streams.map((s) => [s.streamId, s]));
const streamLimit = (s: StreamReport) => s.findings.filter((f) => f.status === 'VERIFIER-LIMIT');

describe('verifyArchive with a limit on unproven streams', () => {
  it('a stream whose checkpoint was read frees its place: streams one after another verify under a limit of 1', async () => {
    const ss = await streams(3);
    const report = await verifyFiles([['all.jsonl', ss.flatMap((s) => s.requests)]], { maxUnprovenStreams: 1 });
    expect(report.verdict).toBe('valid');
    expect(report.streams.map((s) => s.records)).toEqual([{ VALID: 21 }, { VALID: 21 }, { VALID: 21 }]);
    expect(limitFindings(report)).toEqual([]);
  });

  it('checkpoints in a file read last, more streams than the limit: VERIFIER-LIMIT, never VALID or a bare MISSING', async () => {
    const ss = await streams(5);
    const parts = ss.map((s) => split(s.requests));
    const data = parts.flatMap((p) => p.data);
    const checkpoints = parts.flatMap((p) => p.checkpoints);
    const report = await verifyFiles(
      [
        ['1-data.jsonl', data],
        ['2-checkpoints.jsonl', checkpoints],
      ],
      { maxUnprovenStreams: 2 },
    );
    expect(report.verdict).toBe('failed');
    expect(report.verdictReason).toBe('failures: MISSING, VERIFIER-LIMIT');
    expect(limitFindings(report)).toEqual([
      expect.objectContaining({
        subject: 'archive',
        count: 3 * 21,
        detail: expect.stringMatching(
          /^63 records of new streams not verified: the limit of 2 streams without a valid checkpoint was reached \(raise it with --max-unproven-streams/,
        ),
      }),
    ]);
    const reports = byId(report);
    // The first two streams were tracked from their first record.
    for (const s of ss.slice(0, 2)) {
      expect(reports.get(s.streamId)!.records).toEqual({ VALID: 21 });
      expect(reports.get(s.streamId)!.verdict).toBe('valid');
    }
    // The others were first tracked when their checkpoints came: their records were left out, and say why.
    for (const s of ss.slice(2)) {
      const r = reports.get(s.streamId)!;
      expect(r.records).toEqual({ MISSING: 21 });
      expect(r.verdict).toBe('failed');
      expect(r.findings[0]).toMatchObject({ status: 'VERIFIER-LIMIT', subject: 'stream' });
    }
    expect(report.totals.records).toBe(5 * 21);

    // The same archive with the checkpoints first, or with a higher limit, verifies.
    const checkpointsFirst = await verifyFiles(
      [
        ['1-checkpoints.jsonl', checkpoints],
        ['2-data.jsonl', data],
      ],
      { maxUnprovenStreams: 2 },
    );
    expect(checkpointsFirst.verdict).toBe('valid');
    const raised = await verifyFiles(
      [
        ['1-data.jsonl', data],
        ['2-checkpoints.jsonl', checkpoints],
      ],
      { maxUnprovenStreams: 5 },
    );
    expect(raised.verdict).toBe('valid');
  });

  it('checkpoints only in anchors: streams left out are TRUNCATED there, and their report says why', async () => {
    const ss = await streams(3);
    const parts = ss.map((s) => split(s.requests));
    const report = await verifyFiles(
      [
        ['data.jsonl', parts.flatMap((p) => p.data)],
        ['anchor:checkpoints.jsonl', parts.flatMap((p) => p.checkpoints)],
      ],
      { maxUnprovenStreams: 1 },
    );
    expect(report.verdict).toBe('failed');
    expect(limitFindings(report)[0]!.count).toBe(2 * 21);
    const reports = byId(report);
    for (const s of ss.slice(1)) {
      const r = reports.get(s.streamId)!;
      expect(r.records).toEqual({ TRUNCATED: 21 });
      expect(streamLimit(r)).toHaveLength(1);
    }
    expect(streamLimit(reports.get(ss[0]!.streamId)!)).toEqual([]);
  });

  it('streams already tracked keep being tracked: forged ids after them cost nothing and change no verdict of theirs', async () => {
    const [genuine] = await streams(1);
    const forged: OtlpRequest[] = [];
    for (let i = 0; i < 50; i++) {
      forged.push({
        resourceLogs: [
          {
            resource: {},
            scopeLogs: [
              {
                logRecords: [
                  {
                    body: { stringValue: 'x' },
                    attributes: [
                      { key: 'seclog.integrity.stream', value: { stringValue: `forged-${i}` } },
                      { key: 'seclog.integrity.seq', value: { intValue: 1 } },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      });
    }
    const { data, checkpoints } = split(genuine!.requests);
    const report = await verifyFiles(
      [['a.jsonl', [...data.slice(0, 1), ...forged, ...data.slice(1), ...checkpoints]]],
      {
        maxUnprovenStreams: 3,
      },
    );
    // The genuine stream and two forged ones were tracked; the other 48 forged records were counted only.
    expect(report.streams).toHaveLength(3);
    expect(byId(report).get(genuine!.streamId)!.records).toEqual({ VALID: 21 });
    expect(limitFindings(report)[0]).toMatchObject({ count: 48 });
    expect(limitFindings(report)[0]!.detail).toMatch(/first stream ids left out: forged-2, forged-3, forged-4$/);
    expect(report.verdictReason).toBe('failures: UNTRUSTED-STREAM, VERIFIER-LIMIT');
  });

  it('refuses a limit that is not a positive integer', async () => {
    await expect(verifyFiles([['a.jsonl', []]], { maxUnprovenStreams: 0 })).rejects.toThrow(RangeError);
  });
});
