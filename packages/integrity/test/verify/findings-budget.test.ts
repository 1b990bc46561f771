/**
 * Findings kept in one run are bounded across streams, not only per stream (docs/spec/verification.md, "Memory
 * limit"): a forged stream id costs one short record, and thousands of streams with a full list of findings each ran
 * the verifier's heap out. Beyond the run's budget a finding is only counted; statuses, counts and verdicts stay exact.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../src/verify/report.js';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { removeRecords, seqOf } from '../attacks/archive-edits.js';
import { type OtlpRequest, tempArchiveDir } from '../attacks/otlp-archive.js';
import { ed25519Keys, type ProducerKeys, produce, toRequests } from '../attacks/producer.js';

let keys: ProducerKeys;
let archive: OtlpRequest[];
const dirs: { cleanup(): void }[] = [];

beforeAll(async () => {
  keys = ed25519Keys();
  archive = [];
  for (const service of ['a', 'b', 'c', 'd']) {
    const reqs = toRequests(await produce({ signer: keys.signer, records: 40, maxRecords: 16, service }), 'js');
    // Every odd seq deleted: one MISSING finding per seq, never merged (each carries its signed digest).
    removeRecords(reqs, (lr) => (seqOf(lr) ?? 0) % 2 === 1);
    archive.push(...reqs);
  }
});

afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

async function verify(maxFindingsTotal?: number): Promise<VerificationReport> {
  const dir = tempArchiveDir();
  dirs.push(dir);
  return verifyArchive([dir.write('archive.jsonl', archive)], {
    trust: { publicKeys: [keys.publicKey] },
    ...(maxFindingsTotal === undefined ? {} : { maxFindingsTotal }),
  });
}

const listed = (r: VerificationReport) => r.streams.reduce((n, s) => n + s.findings.length, 0);
const omitted = (r: VerificationReport) => r.streams.reduce((n, s) => n + s.findingsOmitted, 0);

describe('the run-wide findings budget', () => {
  it('lists at most the budget across all streams and counts the rest, with the same statuses and verdicts', async () => {
    const full = await verify();
    const capped = await verify(10);
    expect(full.streams).toHaveLength(4);
    expect(listed(full)).toBeGreaterThan(40);
    expect(listed(capped)).toBeLessThanOrEqual(10);
    expect(listed(capped) + omitted(capped)).toBe(listed(full) + omitted(full));
    expect(capped.streams.map((s) => [s.records, s.verdict])).toEqual(full.streams.map((s) => [s.records, s.verdict]));
    expect(capped.verdict).toBe('failed');
    expect(capped.verdict).toBe(full.verdict);
  });

  it('refuses a budget that is not a positive integer', async () => {
    await expect(verify(0)).rejects.toThrow(/maxFindingsTotal/);
  });
});
