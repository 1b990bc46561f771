/**
 * The verifier's budget of seq-table memory (`maxSeqTableBytes`): the tables of all streams together take at most
 * that much. A record needing memory beyond it is counted and not verified; the verdict fails with VERIFIER-LIMIT on
 * the archive and on every stream that lost records — never a clean verdict, nor a MISSING without its reason.
 * Raised, the same archive gets the full verdict.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../src/verify/report.js';
import { type VerifyArchiveOptions, verifyArchive } from '../../src/verify/verify-archive.js';
import { tempArchiveDir } from '../attacks/otlp-archive.js';
import { buildSyntheticStream, type OtlpRequest, testKeys } from './synthetic-archive.js';

const keys = testKeys();
const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

async function verify(reqs: OtlpRequest[], options: Partial<VerifyArchiveOptions> = {}): Promise<VerificationReport> {
  const dir = tempArchiveDir();
  dirs.push(dir);
  return verifyArchive([dir.write('a.jsonl', reqs)], { trust: { publicKeys: [keys.publicKey] }, ...options });
}

const limitFindings = (r: VerificationReport) => r.input.findings.filter((f) => f.status === 'VERIFIER-LIMIT');

describe('verifyArchive with a budget of seq-table memory', () => {
  it('records beyond the budget are left out: VERIFIER-LIMIT on the archive and the stream, their seqs MISSING', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 300, perCheckpoint: 64, perRequest: 10 });
    const report = await verify(s.requests, { maxSeqTableBytes: 2_000 });
    expect(report.verdict).toBe('failed');
    const [archive] = limitFindings(report);
    expect(archive).toMatchObject({ subject: 'archive' });
    expect(archive!.detail).toMatch(
      /^\d+ records not verified: the seq-table memory limit of 2,000 bytes was reached \(raise it with --max-seq-table-mib\); first streams with records left out: /,
    );
    const stream = report.streams[0]!;
    const left = archive!.count;
    expect(left).toBeGreaterThan(0);
    expect(stream.findings[0]).toMatchObject({ status: 'VERIFIER-LIMIT', subject: 'stream', count: left });
    expect(stream.records.MISSING).toBe(left);
    expect(report.verdictReason).toMatch(/VERIFIER-LIMIT/);
    expect(report.totals.records).toBe(301);

    const raised = await verify(s.requests);
    expect(raised.verdict).toBe('valid');
    expect(raised.streams[0]!.records).toEqual({ VALID: 301 });
    expect(limitFindings(raised)).toEqual([]);
  });

  it('signed digests are kept whatever the budget: records read after their checkpoint still verify', async () => {
    // Checkpoints first: their leaf lists make every seq's slot, so no record needs memory of its own.
    const s = await buildSyntheticStream({ signer: keys.signer, records: 300, perCheckpoint: 64, perRequest: 1 });
    const isCheckpoint = (r: OtlpRequest) => JSON.stringify(r).includes('"seclog.integrity.checkpoint"');
    const report = await verify([...s.requests.filter(isCheckpoint), ...s.requests.filter((r) => !isCheckpoint(r))], {
      maxSeqTableBytes: 2_000,
    });
    expect(report.verdict).toBe('valid');
    expect(limitFindings(report)).toEqual([]);
  });

  it('refuses a budget that is not a positive integer', async () => {
    await expect(verify([], { maxSeqTableBytes: 0 })).rejects.toThrow(RangeError);
    await expect(verify([], { maxSeqTableBytes: 1.5 })).rejects.toThrow(RangeError);
  });
});
