import { afterEach, describe, expect, it } from 'vitest';
import type { StreamReport, VerificationReport } from '../../src/verify/report.js';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { tempArchiveDir } from '../attacks/otlp-archive.js';
import { buildSyntheticStream, type OtlpRequest, recordAt, testKeys } from './synthetic-archive.js';

const keys = testKeys();
const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

async function verify(
  reqs: OtlpRequest[],
  opts: { gzip?: boolean; trust?: 'ok' | 'other' } = {},
): Promise<VerificationReport> {
  const dir = tempArchiveDir();
  dirs.push(dir);
  dir.write('archive.jsonl', reqs, opts.gzip);
  const trustKey = opts.trust === 'other' ? testKeys().publicKey : keys.publicKey;
  return verifyArchive([dir.dir], { trust: { publicKeys: [trustKey] } });
}

function only(report: VerificationReport): StreamReport {
  expect(report.streams).toHaveLength(1);
  return report.streams[0]!;
}

describe('verifyArchive on a clean synthetic stream', () => {
  it('reports every record VALID, the checkpoint chain intact and a clean end', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 300, perCheckpoint: 64 });
    const report = await verify(s.requests);
    const st = only(report);
    expect(report.verdict).toBe('valid');
    expect(st.records).toEqual({ VALID: 301 });
    expect(st.finalCheckpoint).toBe(true);
    expect(st.signedTreeSize).toBe('301');
    expect(st.checkpoints.valid).toBe(s.checkpoints.length);
    expect(st.producer).toEqual({ service: 'checkout', instance: 'pod-7', host: 'host-1' });
    expect(st.findings).toEqual([]);
  });

  it('verifies gzip input and records the SHA-256 of the stored bytes', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 50, perCheckpoint: 16 });
    const report = await verify(s.requests, { gzip: true });
    expect(report.verdict).toBe('valid');
    expect(report.inputs[0]!.gzip).toBe(true);
    expect(report.inputs[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies root-only checkpoints (no leaf lists) from the records alone', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 100, perCheckpoint: 32, leafList: false });
    const st = only(await verify(s.requests));
    expect(st.records).toEqual({ VALID: 101 });
    expect(st.verdict).toBe('valid');
  });
});

describe('verifyArchive on a record sealed in its unverifiable form', () => {
  // A repeated attribute key has no canonical form: the producer seals the unverifiable tuple instead, which says
  // nothing about the record's content (docs/spec/olcf-1.md). Matching it proves the seq, not what the record holds.
  it.each([
    ['with leaf lists', true],
    ['root-only', false],
  ])('is UNVERIFIABLE %s, never VALID', async (_how, leafList) => {
    const repeatedKey = [
      { key: 'user.role', value: { stringValue: 'viewer' } },
      { key: 'user.role', value: { stringValue: 'admin' } },
    ];
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 20,
      perCheckpoint: 8,
      leafList,
      attributes: (seq) => (seq === 5 ? repeatedKey : []),
    });
    const report = await verify(s.requests);
    const st = only(report);
    expect(st.records).toEqual({ VALID: 20, UNVERIFIABLE: 1 });
    expect(st.findings).toEqual([
      {
        status: 'UNVERIFIABLE',
        subject: 'record',
        seqFrom: '5',
        seqTo: '5',
        count: 1,
        checkpoint: 0,
        detail: 'sealed as uncanonicalizable by the producer (no content check)',
      },
    ]);
    expect(report.verdict).toBe('warnings');
  });
});

describe('verifyArchive localises tampering', () => {
  it('MODIFIED: a body edit is pinned to its seq', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 100, perCheckpoint: 32 });
    recordAt(s.requests, 40).body.stringValue = 'user login FAILED';
    const st = only(await verify(s.requests));
    expect(st.verdict).toBe('failed');
    expect(st.records.MODIFIED).toBe(1);
    expect(st.findings.find((f) => f.status === 'MODIFIED')).toMatchObject({ seqFrom: '40', seqTo: '40' });
  });

  it('MISSING: a deleted record is named with its signed digest', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 100, perCheckpoint: 32 });
    const lr = recordAt(s.requests, 41);
    for (const req of s.requests)
      for (const rl of req.resourceLogs)
        for (const sl of rl.scopeLogs) sl.logRecords = sl.logRecords.filter((x: unknown) => x !== lr);
    const st = only(await verify(s.requests));
    expect(st.records.MISSING).toBe(1);
    const f = st.findings.find((x) => x.status === 'MISSING')!;
    expect(f).toMatchObject({ seqFrom: '41', seqTo: '41' });
    expect(f.signedDigest).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('KEY-CHAIN-INVALID + UNTRUSTED-STREAM: checkpoints signed by a key the verifier does not trust', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 20, perCheckpoint: 8 });
    const st = only(await verify(s.requests, { trust: 'other' }));
    expect(st.verdict).toBe('failed');
    expect(st.records['UNTRUSTED-STREAM']).toBe(21);
    expect(st.findings.some((f) => f.status === 'KEY-CHAIN-INVALID')).toBe(true);
  });
});

describe('verifyArchive checks records against the signed resource snapshot', () => {
  const enrich = (reqs: OtlpRequest[]) => {
    for (const req of reqs)
      for (const rl of req.resourceLogs) {
        rl.resource = structuredClone(rl.resource);
        rl.resource.attributes.push({ key: 'k8s.pod.name', value: { stringValue: 'checkout-7d9' } });
      }
  };

  it('RESOURCE-ENRICHED: an attribute added downstream is reported as info, every record stays VALID', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 40, perCheckpoint: 16 });
    enrich(s.requests);
    const report = await verify(s.requests);
    const st = only(report);
    expect(st.records).toEqual({ VALID: 41 });
    expect(st.findings.find((f) => f.status === 'RESOURCE-ENRICHED')?.detail).toContain('k8s.pod.name');
    expect(report.verdict).toBe('valid');
  });

  it('re-checks records read before their genesis when the resource was enriched (reversed archive)', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 40, perCheckpoint: 16, perRequest: 8 });
    enrich(s.requests);
    s.requests.reverse();
    const st = only(await verify(s.requests));
    expect(st.records).toEqual({ VALID: 41 });
    expect(st.verdict).toBe('valid');
  });

  it('RESOURCE-MODIFIED: changing a signed resource attribute fails the stream', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 10, perCheckpoint: 4 });
    for (const req of s.requests)
      for (const rl of req.resourceLogs) {
        rl.resource = structuredClone(rl.resource);
        rl.resource.attributes[0].value.stringValue = 'payments';
      }
    const st = only(await verify(s.requests));
    expect(st.verdict).toBe('failed');
    expect(st.findings.find((f) => f.status === 'RESOURCE-MODIFIED')?.detail).toContain('service.name');
    expect(st.records).toEqual({ VALID: 11 });
  });

  it('RESOURCE-MODIFIED: a changed droppedAttributesCount (covered by the signed resource digest) fails the stream', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 10, perCheckpoint: 4 });
    for (const req of s.requests)
      for (const rl of req.resourceLogs) {
        rl.resource = structuredClone(rl.resource);
        rl.resource.droppedAttributesCount = 3;
      }
    const st = only(await verify(s.requests));
    expect(st.verdict).toBe('failed');
    expect(st.findings.filter((f) => f.status === 'RESOURCE-MODIFIED')).toEqual([
      {
        status: 'RESOURCE-MODIFIED',
        subject: 'resource',
        count: 1,
        detail: 'signed resource fields changed: droppedAttributesCount',
      },
    ]);
    // Each record is still checked against the signed resource digest.
    expect(st.records).toEqual({ VALID: 11 });
  });
});

describe('verifyArchive: clock steps and key rollover', () => {
  it('23. a wall-clock step back with a consistent monotonic counter → CLOCK-WARNING only', async () => {
    const t0 = 1_795_000_000_000_000_000n;
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 64,
      perCheckpoint: 16,
      clock: (k) => ({
        wall: t0 + BigInt(k === 2 ? -3600 : k) * 1_000_000_000n,
        monotonic: BigInt(k) * 1_000_000_000n,
      }),
    });
    const report = await verify(s.requests);
    const st = only(report);
    expect(st.findings.map((f) => [f.status, f.checkpoint])).toEqual([['CLOCK-WARNING', 2]]);
    expect(st.records).toEqual({ VALID: 65 });
    expect(report.verdict).toBe('warnings');
  });

  it('23. time and monotonic counter both going backwards (a replayed or reordered checkpoint) → CONFLICT', async () => {
    const t0 = 1_795_000_000_000_000_000n;
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 64,
      perCheckpoint: 16,
      clock: (k) => ({
        wall: t0 + BigInt(k === 2 ? -5 : k) * 1_000_000_000n,
        monotonic: BigInt(k === 2 ? 0 : k) * 1_000_000_000n,
      }),
    });
    const st = only(await verify(s.requests));
    expect(st.findings.filter((f) => f.status === 'CONFLICT').map((f) => f.checkpoint)).toEqual([2]);
    expect(st.verdict).toBe('failed');
  });

  it('18. key rollover: streams signed by an old and a new key both verify when both keys are trusted', async () => {
    const newKeys = testKeys('test.example/seclog-2027');
    const a = await buildSyntheticStream({ signer: keys.signer, records: 20, perCheckpoint: 8 });
    const b = await buildSyntheticStream({ signer: newKeys.signer, records: 20, perCheckpoint: 8 });
    const dir = tempArchiveDir();
    dirs.push(dir);
    dir.write('old.jsonl', a.requests);
    dir.write('new.jsonl.gz', b.requests, true);
    const both = await verifyArchive([dir.dir], { trust: { publicKeys: [keys.publicKey, newKeys.publicKey] } });
    expect(both.verdict).toBe('valid');
    expect(both.streams).toHaveLength(2);
    const oldOnly = await verifyArchive([dir.dir], { trust: { publicKeys: [keys.publicKey] } });
    expect(oldOnly.streams.find((x) => x.streamId === b.streamId)!.records).toEqual({ 'UNTRUSTED-STREAM': 21 });
  });
});

describe('verifyArchive bounds its memory on hostile input', () => {
  it('records with far-flung forged seqs stop being tracked once they would break the page budget (FOREIGN)', async () => {
    const s = await buildSyntheticStream({ signer: keys.signer, records: 20, perCheckpoint: 8, unsealedTail: 0 });
    const template = recordAt(s.requests, 5);
    const forged = Array.from({ length: 400 }, (_, i) => {
      const lr = structuredClone(template);
      lr.attributes.find((kv: { key: string }) => kv.key === 'seclog.integrity.seq').value = {
        intValue: (i + 1) * 1_000_000_007,
      };
      return lr;
    });
    s.requests.push({
      resourceLogs: [
        {
          ...s.requests[0]!.resourceLogs[0],
          scopeLogs: [{ scope: { name: 'app', version: '1.0.0' }, logRecords: forged }],
        },
      ],
    });
    const report = await verify(s.requests);
    const st = only(report);
    const tracked = st.records.CONFLICT ?? 0;
    expect(report.foreign.count).toBeGreaterThan(100);
    expect(tracked + report.foreign.count).toBe(400);
    expect(report.foreign.findings[0]!.detail).toContain('implausible seq');
    expect(st.records.VALID).toBe(21);
  });
});
