/**
 * Declared losses (issue 8 point 1, verifier side): seqs the producer declares in a signed `d` line are DROPPED, not
 * MISSING; `x` counts become DROPPED findings without a seq; a loss is a warning (a failure in strict mode), never a
 * clean verdict; and nobody but the key holder can declare a loss.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatCheckpointBody, ZERO_HASH } from '../../src/note/checkpoint-body.js';
import { signNote } from '../../src/note/signed-note.js';
import type { StreamReport, VerificationReport } from '../../src/verify/report.js';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { tempArchiveDir } from '../attacks/otlp-archive.js';
import { buildSyntheticStream, type OtlpRequest, removeSeqs, testKeys } from './synthetic-archive.js';

const keys = testKeys();
const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

async function verify(reqs: OtlpRequest[], opts: { strict?: boolean } = {}): Promise<VerificationReport> {
  const dir = tempArchiveDir();
  dirs.push(dir);
  dir.write('archive.jsonl', reqs);
  return verifyArchive([dir.dir], { trust: { publicKeys: [keys.publicKey] }, ...opts });
}

function only(report: VerificationReport): StreamReport {
  expect(report.streams).toHaveLength(1);
  return report.streams[0]!;
}

// 100 records + genesis, a checkpoint every 32: k0 size 33, k1 65, k2 97, k3 101, k4 final 101.
const perCheckpoint = 32;

describe('d lines: sealed but not delivered', () => {
  it('absent seqs inside a range declared by a later checkpoint are DROPPED with the declaring index', async () => {
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 100,
      perCheckpoint,
      declare: (k) => (k === 2 ? { droppedRanges: [{ start: 40, end: 45 }] } : undefined),
    });
    removeSeqs(s.requests, 40, 45);
    const report = await verify(s.requests);
    const st = only(report);
    expect(st.records).toEqual({ VALID: 96, DROPPED: 5 });
    expect(st.dropped).toEqual({ undelivered: 5, refused: 0 });
    expect(st.findings).toEqual([
      {
        status: 'DROPPED',
        subject: 'record',
        seqFrom: '40',
        seqTo: '44',
        count: 5,
        checkpoint: 2,
        detail: 'sealed but not delivered, declared dropped in checkpoint 2',
      },
    ]);
    expect(st.verdict).toBe('warnings');
    expect(report.verdict).toBe('warnings');
    expect(report.verdictReason).toBe('warnings: DROPPED');
  });

  it('is a failure in strict mode, and the report says so', async () => {
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 100,
      perCheckpoint,
      declare: (k) => (k === 1 ? { droppedRanges: [{ start: 40, end: 41 }] } : undefined),
    });
    removeSeqs(s.requests, 40, 41);
    const report = await verify(s.requests, { strict: true });
    expect(report.strict).toBe(true);
    expect(only(report).verdict).toBe('failed');
    expect(report.verdict).toBe('failed');
    expect(report.verdictReason).toBe('warnings count as failures (strict): DROPPED');
  });

  it('an absent seq that no checkpoint declared stays MISSING next to declared ones', async () => {
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 100,
      perCheckpoint,
      declare: (k) => (k === 2 ? { droppedRanges: [{ start: 40, end: 42 }] } : undefined),
    });
    removeSeqs(s.requests, 40, 43);
    const st = only(await verify(s.requests));
    expect(st.records).toEqual({ VALID: 98, DROPPED: 2, MISSING: 1 });
    expect(st.findings.find((f) => f.status === 'MISSING')).toMatchObject({ seqFrom: '42', seqTo: '42' });
    expect(st.verdict).toBe('failed');
  });

  it('records declared dropped but delivered anyway verify normally', async () => {
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 100,
      perCheckpoint,
      declare: (k) => (k === 2 ? { droppedRanges: [{ start: 60, end: 62 }] } : undefined),
    });
    const st = only(await verify(s.requests));
    expect(st.records).toEqual({ VALID: 101 });
    expect(st.dropped).toBeUndefined();
    expect(st.verdict).toBe('valid');
  });

  it('without leaf lists: the dropped leaf leaves only its own range unverifiable; later ranges restart from c', async () => {
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 100,
      perCheckpoint,
      leafList: false,
      declare: (k) => (k === 1 ? { droppedRanges: [{ start: 40, end: 45 }] } : undefined),
    });
    removeSeqs(s.requests, 40, 45);
    const st = only(await verify(s.requests));
    // Range of k1 is [33, 65): 32 leaves, 5 dropped, 27 present but uncheckable. Every other range verifies.
    expect(st.records).toEqual({ VALID: 101 - 32, DROPPED: 5, UNVERIFIABLE: 27 });
    expect(st.findings.find((f) => f.status === 'UNVERIFIABLE' && f.count === 32)).toMatchObject({
      seqFrom: '33',
      seqTo: '64',
      checkpoint: 1,
    });
    expect(st.verdict).toBe('warnings');
  });
});

describe('x lines: refused before sealing', () => {
  it('each count is a DROPPED finding without a seq, naming its checkpoint and the seqs sealed alongside', async () => {
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 100,
      perCheckpoint,
      declare: (k) => (k === 1 ? { refusedRecords: 7 } : k === 4 ? { refusedRecords: 1 } : undefined),
    });
    const report = await verify(s.requests);
    const st = only(report);
    expect(st.records).toEqual({ VALID: 101, DROPPED: 8 });
    expect(st.dropped).toEqual({ undelivered: 0, refused: 8 });
    const found = st.findings.filter((f) => f.status === 'DROPPED');
    expect(found).toEqual([
      {
        status: 'DROPPED',
        subject: 'record',
        count: 7,
        checkpoint: 1,
        detail: '7 records refused before sealing (no seq) while seq 33–64 were sealed, declared in checkpoint 1',
        sealedAlongside: { seqFrom: '33', seqTo: '64' },
      },
      {
        status: 'DROPPED',
        subject: 'record',
        count: 1,
        checkpoint: 4,
        detail:
          '1 record refused before sealing (no seq) after seq 100 (no record sealed in between), declared in checkpoint 4',
      },
    ]);
    expect(found.every((f) => f.seqFrom === undefined)).toBe(true);
    expect(report.verdict).toBe('warnings');
  });
});

describe('only the key holder declares losses', () => {
  it('a d line in a checkpoint signed by another key does not excuse a deleted record', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 100, perCheckpoint });
    removeSeqs(s.requests, 40, 41);
    const attacker = testKeys();
    const forged = formatCheckpointBody({
      namespace: 'seclog.integrity',
      streamId: s.streamId,
      treeSize: 101,
      root: ZERO_HASH,
      index: 5,
      timeUnixNano: 1n,
      monotonicNanos: 1n,
      epoch: 0,
      previousHash: ZERO_HASH,
      rangeStart: 101,
      rangeEnd: 101,
      droppedRanges: [{ start: 40, end: 41 }],
      final: false,
    });
    s.requests.push({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  eventName: 'seclog.integrity.checkpoint',
                  body: { stringValue: await signNote(forged, [attacker.signer]) },
                },
              ],
            },
          ],
        },
      ],
    });
    const st = only(await verify(s.requests));
    expect(st.records.MISSING).toBe(1);
    expect(st.records.DROPPED).toBeUndefined();
    expect(st.findings.some((f) => f.status === 'KEY-CHAIN-INVALID')).toBe(true);
    expect(st.verdict).toBe('failed');
  });
});
