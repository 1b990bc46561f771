/**
 * Attack and fault suite (docs/spec/verification.md#statuses): every case asserts the exact status and seq range, against
 * archives produced by the real pipeline and encoded both as the JS OTLP/JSON exporter writes them and as the
 * collector's file exporter does (string ints, upper-case ids, URL-safe base64, regrouped ResourceLogs).
 */
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signNote } from '../../src/note/signed-note.js';
import type { Finding, ItemStatus, StreamReport, VerificationReport } from '../../src/verify/report.js';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import {
  checkpointInfo,
  checkpointRecords,
  inject,
  isCheckpoint,
  NS,
  recordWithSeq,
  removeRecords,
  seqOf,
  seqValue,
  setAttr,
  streamOf,
} from './archive-edits.js';
import { type Json, type OtlpRequest, regroup, tempArchiveDir } from './otlp-archive.js';
import { ed25519Keys, type ProducerKeys, produce, toRequests } from './producer.js';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

let keys: ProducerKeys;
let clean: ReadableLogRecord[]; // 100 records, leaf lists, clean shutdown
let other: ReadableLogRecord[]; // a second stream (another service)
let rootOnly: ReadableLogRecord[]; // leaf lists off
let crashed: ReadableLogRecord[]; // forceFlush, then 5 unsealed records, no shutdown

beforeAll(async () => {
  keys = ed25519Keys();
  clean = await produce({ signer: keys.signer, records: 100, maxRecords: 32 });
  other = await produce({ signer: keys.signer, records: 40, maxRecords: 16, service: 'payments' });
  rootOnly = await produce({ signer: keys.signer, records: 100, maxRecords: 32, leafList: false });
  crashed = await produce({ signer: keys.signer, records: 50, maxRecords: 32, end: 'crash', tail: 5 });
});

async function verify(files: OtlpRequest[][], opts: { anchors?: OtlpRequest[][] } = {}): Promise<VerificationReport> {
  const dir = tempArchiveDir();
  dirs.push(dir);
  // Odd-numbered parts are gzipped: the verifier must not care.
  const archivePaths = files.map((reqs, i) =>
    dir.write(`part-${i}.jsonl${i % 2 === 1 ? '.gz' : ''}`, reqs, i % 2 === 1),
  );
  const anchorPaths = (opts.anchors ?? []).map((reqs, i) => dir.write(`anchor-${i}.jsonl`, reqs));
  return verifyArchive(archivePaths, { trust: { publicKeys: [keys.publicKey] }, anchors: anchorPaths });
}

function streamFor(report: VerificationReport, records: readonly ReadableLogRecord[]): StreamReport {
  const id = records.find((r) => r.attributes[`${NS}.stream`])!.attributes[`${NS}.stream`] as string;
  const s = report.streams.find((x) => x.streamId === id);
  if (!s) throw new Error(`stream ${id} not in report`);
  return s;
}

function findings(s: StreamReport, status: ItemStatus): Finding[] {
  return s.findings.filter((f) => f.status === status);
}

const dataCount = (records: readonly ReadableLogRecord[]) =>
  records.filter((r) => r.attributes[`${NS}.seq`] !== undefined).length;

describe.each(['js', 'collector'] as const)('attack and fault suite (%s encoding)', (encoding) => {
  const reqs = (records: readonly ReadableLogRecord[] = clean) => toRequests(records, encoding);

  describe('baseline', () => {
    it('a clean archive verifies: every sealed record VALID, final checkpoint, exit-code verdict valid', async () => {
      const report = await verify([reqs()]);
      const s = streamFor(report, clean);
      expect(report.verdict).toBe('valid');
      expect(s.records).toEqual({ VALID: dataCount(clean) });
      expect(s.finalCheckpoint).toBe(true);
      expect(s.findings).toEqual([]);
    });
  });

  describe('tampering (A1/A2)', () => {
    const modified = async (edit: (a: OtlpRequest[]) => void, located?: { field: string; detail: RegExp }) => {
      const a = reqs();
      edit(a);
      const s = streamFor(await verify([a]), clean);
      expect(s.verdict).toBe('failed');
      expect(s.records.MODIFIED).toBe(1);
      const [f] = findings(s, 'MODIFIED');
      expect(f).toMatchObject({ seqFrom: '40', seqTo: '40', count: 1 });
      // The verifier names the field when a bounded repair reproduces the signed digest; otherwise it names none.
      expect(f!.field).toBe(located?.field);
      if (located) expect(f!.detail).toMatch(located.detail);
    };

    it('1. modifying a body string → MODIFIED at that seq', async () => {
      await modified((a) => {
        const kv = recordWithSeq(a, 40).body.kvlistValue.values.find((x: Json) => x.key === 'message');
        kv.value.stringValue = 'user login #9999';
      });
    });

    it('1. modifying a nested map value in the body → MODIFIED', async () => {
      await modified((a) => {
        const outcome = recordWithSeq(a, 40).body.kvlistValue.values.find((x: Json) => x.key === 'outcome');
        outcome.value.kvlistValue.values.find((x: Json) => x.key === 'result').value.stringValue = 'success!';
      });
    });

    it('2. changing severityNumber → MODIFIED', async () => {
      await modified(
        (a) => {
          recordWithSeq(a, 40).severityNumber = 1;
        },
        { field: 'severityNumber', detail: /was 9/ },
      );
    });

    it('2. changing severityText → MODIFIED', async () => {
      await modified(
        (a) => {
          recordWithSeq(a, 40).severityText = 'DEBUG';
        },
        { field: 'severityText', detail: /was "INFO"/ },
      );
    });

    it('2. moving the timestamp by 1 ns → MODIFIED', async () => {
      await modified((a) => {
        const lr = recordWithSeq(a, 40);
        lr.timeUnixNano = (BigInt(lr.timeUnixNano) + 1n).toString();
      });
    });

    it('3. type-only change int → string "123" → MODIFIED', async () => {
      await modified(
        (a) => {
          const lr = recordWithSeq(a, 40);
          const v = lr.attributes.find((x: Json) => x.key === 'http.response.status_code').value;
          lr.attributes.find((x: Json) => x.key === 'http.response.status_code').value = {
            stringValue: String(v.intValue),
          };
        },
        { field: 'attributes["http.response.status_code"]', detail: /type changed after sealing \(was int\)/ },
      );
    });

    it('3. type-only change bytes → their base64 string → MODIFIED', async () => {
      await modified(
        (a) => {
          const kv = recordWithSeq(a, 40).attributes.find((x: Json) => x.key === 'auth.token_hash');
          kv.value = { stringValue: kv.value.bytesValue };
        },
        encoding === 'js' ? { field: 'attributes["auth.token_hash"]', detail: /was bytes/ } : undefined,
      );
    });

    it('3. type-only change bool → "true" → MODIFIED', async () => {
      await modified(
        (a) => {
          const kv = recordWithSeq(a, 40).attributes.find((x: Json) => x.key === 'auth.mfa');
          kv.value = { stringValue: String(kv.value.boolValue) };
        },
        { field: 'attributes["auth.mfa"]', detail: /was bool/ },
      );
    });

    it('3. type-only change double 41.5 → "41.5" → MODIFIED (field and original type named)', async () => {
      await modified(
        (a) => {
          const kv = recordWithSeq(a, 40).attributes.find((x: Json) => x.key === 'auth.ratio');
          kv.value = { stringValue: String(kv.value.doubleValue) };
        },
        { field: 'attributes["auth.ratio"]', detail: /was double/ },
      );
    });

    it('4. adding a record attribute → MODIFIED', async () => {
      await modified(
        (a) => {
          recordWithSeq(a, 40).attributes.push({ key: 'user.role', value: { stringValue: 'admin' } });
        },
        { field: 'attributes["user.role"]', detail: /attribute added after sealing/ },
      );
    });

    it('4. removing a record attribute → MODIFIED', async () => {
      await modified((a) => {
        const lr = recordWithSeq(a, 40);
        lr.attributes = lr.attributes.filter((x: Json) => x.key !== 'user.id');
      });
    });

    it('4. adding a resource attribute → RESOURCE-ENRICHED (info), records VALID', async () => {
      const a = reqs();
      for (const req of a)
        for (const rl of req.resourceLogs) {
          rl.resource = structuredClone(rl.resource);
          rl.resource.attributes.push({ key: 'k8s.namespace.name', value: { stringValue: 'shop' } });
        }
      const report = await verify([a]);
      const s = streamFor(report, clean);
      expect(s.records).toEqual({ VALID: dataCount(clean) });
      expect(findings(s, 'RESOURCE-ENRICHED')[0]?.detail).toContain('k8s.namespace.name');
      expect(report.verdict).toBe('valid');
    });

    it('4. modifying a signed resource attribute → RESOURCE-MODIFIED (failure)', async () => {
      const a = reqs();
      for (const req of a)
        for (const rl of req.resourceLogs) {
          rl.resource = structuredClone(rl.resource);
          rl.resource.attributes.find((x: Json) => x.key === 'host.name').value.stringValue = 'attacker-host';
        }
      const s = streamFor(await verify([a]), clean);
      expect(s.verdict).toBe('failed');
      expect(findings(s, 'RESOURCE-MODIFIED')[0]?.detail).toContain('host.name');
    });

    it('5. deleting one record → MISSING with the signed digest as evidence', async () => {
      const a = reqs();
      expect(removeRecords(a, (lr) => !isCheckpoint(lr) && seqOf(lr) === 50)).toBe(1);
      const s = streamFor(await verify([a]), clean);
      expect(s.records.MISSING).toBe(1);
      const [f] = findings(s, 'MISSING');
      expect(f).toMatchObject({ seqFrom: '50', seqTo: '50', count: 1 });
      expect(f!.signedDigest).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    });

    it('5. deleting a run → every seq of the run is named', async () => {
      const a = reqs();
      removeRecords(a, (lr) => !isCheckpoint(lr) && seqOf(lr)! >= 60 && seqOf(lr)! <= 69);
      const s = streamFor(await verify([a]), clean);
      expect(s.records.MISSING).toBe(10);
      expect(findings(s, 'MISSING').map((f) => f.seqFrom)).toEqual([
        '60',
        '61',
        '62',
        '63',
        '64',
        '65',
        '66',
        '67',
        '68',
        '69',
      ]);
    });

    it('5. deleting a record with leaf lists off → MISSING, its range UNVERIFIABLE, other ranges still VALID', async () => {
      const a = reqs(rootOnly);
      removeRecords(a, (lr) => !isCheckpoint(lr) && seqOf(lr) === 40);
      const s = streamFor(await verify([a]), rootOnly);
      expect(findings(s, 'MISSING')).toMatchObject([{ seqFrom: '40', seqTo: '40' }]);
      const [range] = findings(s, 'UNVERIFIABLE');
      expect(Number(range!.seqFrom)).toBeLessThanOrEqual(40);
      expect(Number(range!.seqTo)).toBeGreaterThanOrEqual(40);
      const unverifiable = Number(range!.seqTo) - Number(range!.seqFrom); // the range minus the missing record
      expect(s.records.UNVERIFIABLE).toBe(unverifiable);
      expect(s.records.VALID).toBe(dataCount(rootOnly) - 1 - unverifiable);
      expect(s.verdict).toBe('failed');
    });

    it('6a. inserting a record without integrity attributes → FOREIGN', async () => {
      const a = reqs();
      inject(a, { timeUnixNano: '1', body: { stringValue: 'forged' }, attributes: [] });
      const report = await verify([a]);
      expect(report.foreign.count).toBe(1);
      expect(report.foreign.findings[0]).toMatchObject({ status: 'FOREIGN', detail: 'no integrity attributes' });
      expect(streamFor(report, clean).verdict).toBe('valid');
      expect(report.verdict).toBe('warnings');
    });

    it('6b. inserting a record with a fresh seq after the final checkpoint → CONFLICT', async () => {
      const a = reqs();
      const source = recordWithSeq(a, 10);
      const forged = structuredClone(source);
      const size = Number(streamFor(await verify([reqs()]), clean).signedTreeSize);
      setAttr(
        forged,
        `${NS}.seq`,
        seqValue(forged.attributes.find((x: Json) => x.key === `${NS}.seq`).value.intValue, size),
      );
      inject(a, forged, source);
      const s = streamFor(await verify([a]), clean);
      expect(findings(s, 'CONFLICT')).toMatchObject([{ seqFrom: String(size), seqTo: String(size) }]);
      expect(findings(s, 'CONFLICT')[0]!.detail).toContain('after the final checkpoint');
    });

    it('6b. inserting a record beyond the last checkpoint of an unfinished stream → UNSEALED', async () => {
      const a = reqs(crashed);
      const source = recordWithSeq(a, 10);
      const forged = structuredClone(source);
      setAttr(
        forged,
        `${NS}.seq`,
        seqValue(forged.attributes.find((x: Json) => x.key === `${NS}.seq`).value.intValue, 500),
      );
      inject(a, forged, source);
      const s = streamFor(await verify([a]), crashed);
      expect(findings(s, 'UNSEALED').some((f) => f.seqFrom === '500' && f.seqTo === '500')).toBe(true);
    });

    it('6c. inserting a record that reuses an existing seq → CONFLICT', async () => {
      const a = reqs();
      const source = recordWithSeq(a, 30);
      const forged = structuredClone(source);
      forged.body = { stringValue: 'injected' };
      inject(a, forged, source);
      const s = streamFor(await verify([a]), clean);
      expect(findings(s, 'CONFLICT')).toMatchObject([{ seqFrom: '30', seqTo: '30' }]);
      expect(s.records.CONFLICT).toBe(1);
    });

    it('6d. inserting a record with a made-up stream id → UNTRUSTED-STREAM', async () => {
      const a = reqs();
      const forged = structuredClone(recordWithSeq(a, 30));
      setAttr(forged, `${NS}.stream`, { stringValue: 'AAAAAAAAAAAAAAAAAAAAAA' });
      inject(a, forged);
      const report = await verify([a]);
      const fake = report.streams.find((x) => x.streamId === 'AAAAAAAAAAAAAAAAAAAAAA')!;
      expect(fake.records).toEqual({ 'UNTRUSTED-STREAM': 1 });
      expect(report.verdict).toBe('failed');
      expect(streamFor(report, clean).verdict).toBe('valid');
    });

    it('7. shuffling record and file order → VALID (order-independent)', async () => {
      // One record per ResourceLogs (resource and scope kept), deterministically shuffled, split over three files.
      const singles = regroup(reqs(), 1).flatMap((r) => r.resourceLogs);
      const shuffled = singles.map((rl, i) => ({ rl, key: (i * 7919) % singles.length })).sort((x, y) => x.key - y.key);
      const files: OtlpRequest[][] = [[], [], []];
      shuffled.forEach(({ rl }, i) => {
        files[i % 3]!.push({ resourceLogs: [rl] });
      });
      const s = streamFor(await verify(files), clean);
      expect(s.records).toEqual({ VALID: dataCount(clean) });
    });

    it('7. swapping the seq attributes of two records → both MODIFIED', async () => {
      const a = reqs();
      const x = recordWithSeq(a, 20);
      const y = recordWithSeq(a, 21);
      const sx = x.attributes.find((kv: Json) => kv.key === `${NS}.seq`);
      const sy = y.attributes.find((kv: Json) => kv.key === `${NS}.seq`);
      [sx.value, sy.value] = [sy.value, sx.value];
      const s = streamFor(await verify([a]), clean);
      expect(s.records.MODIFIED).toBe(2);
      expect(findings(s, 'MODIFIED').map((f) => f.seqFrom)).toEqual(['20', '21']);
    });

    it('8. truncating the tail records but not the checkpoints → MISSING', async () => {
      const a = reqs();
      removeRecords(a, (lr) => !isCheckpoint(lr) && seqOf(lr)! >= 95);
      const s = streamFor(await verify([a]), clean);
      const last = Number(s.signedTreeSize) - 1;
      expect(s.records.MISSING).toBe(last - 95 + 1);
      expect(findings(s, 'MISSING')[0]!.seqFrom).toBe('95');
    });

    it('8. truncating the tail of an unfinished stream after its last checkpoint → UNSEALED records simply vanish (unclean end warns)', async () => {
      const a = reqs(crashed);
      const s0 = streamFor(await verify([reqs(crashed)]), crashed);
      expect(s0.records.UNSEALED).toBe(5);
      removeRecords(a, (lr) => !isCheckpoint(lr) && seqOf(lr)! >= Number(s0.signedTreeSize));
      const s = streamFor(await verify([a]), crashed);
      expect(s.records.UNSEALED).toBeUndefined();
      expect(findings(s, 'STREAM-UNCLEAN-END')).toHaveLength(1);
      expect(s.verdict).toBe('warnings');
    });

    it('8. truncating records and the last checkpoints while the anchor keeps them → TRUNCATED', async () => {
      const a = reqs();
      const cps = checkpointRecords(a);
      const keep = checkpointInfo(cps[1]!); // drop every checkpoint after k = 1, and the records they signed
      removeRecords(a, (lr) => (isCheckpoint(lr) ? checkpointInfo(lr).k > 1 : seqOf(lr)! >= keep.size));
      const anchor = [{ resourceLogs: [{ resource: {}, scopeLogs: [{ scope: {}, logRecords: cps }] }] }];
      const s = streamFor(await verify([a], { anchors: [anchor] }), clean);
      const size = Number(s.signedTreeSize);
      expect(s.records.TRUNCATED).toBe(size - keep.size);
      const truncated = findings(s, 'TRUNCATED');
      expect(truncated[0]!.seqFrom).toBe(String(keep.size));
      expect(truncated.at(-1)!.seqTo).toBe(String(size - 1));
      expect(s.verdict).toBe('failed');
    });

    it('8. the same truncation without an anchor → only STREAM-UNCLEAN-END (a warning)', async () => {
      const a = reqs();
      const keep = checkpointInfo(checkpointRecords(a)[1]!);
      removeRecords(a, (lr) => (isCheckpoint(lr) ? checkpointInfo(lr).k > 1 : seqOf(lr)! >= keep.size));
      const s = streamFor(await verify([a]), clean);
      expect(s.records).toEqual({ VALID: keep.size });
      expect(s.findings.map((f) => f.status)).toEqual(['STREAM-UNCLEAN-END']);
      expect(s.verdict).toBe('warnings');
    });

    it('9. deleting an intermediate checkpoint → CHECKPOINT-MISSING, records still VALID against later roots', async () => {
      const a = reqs();
      const cp = checkpointRecords(a)[1]!;
      removeRecords(a, (lr) => lr === cp);
      const s = streamFor(await verify([a]), clean);
      expect(findings(s, 'CHECKPOINT-MISSING')).toMatchObject([{ subject: 'checkpoint', checkpoint: 1, count: 1 }]);
      expect(s.records).toEqual({ VALID: dataCount(clean) });
    });

    it('9. replaying an old checkpoint (and reordering checkpoints) changes nothing', async () => {
      const a = reqs();
      const cps = checkpointRecords(a);
      inject(a, cps[0], cps[3]);
      inject(a, cps[2], cps[0]);
      const s = streamFor(await verify([a]), clean);
      expect(s.records).toEqual({ VALID: dataCount(clean) });
      expect(s.verdict).toBe('valid');
    });

    it('10. replaying a valid record verbatim → DUPLICATE-IDENTICAL (info)', async () => {
      const a = reqs();
      inject(a, recordWithSeq(a, 33));
      const report = await verify([a]);
      const s = streamFor(report, clean);
      expect(findings(s, 'DUPLICATE-IDENTICAL')).toMatchObject([{ seqFrom: '33', seqTo: '33' }]);
      expect(s.records['DUPLICATE-IDENTICAL']).toBe(1);
      expect(report.verdict).toBe('valid');
    });

    it('10. replaying a record with a changed timestamp → CONFLICT', async () => {
      const a = reqs();
      const source = recordWithSeq(a, 33);
      const copy = structuredClone(source);
      copy.timeUnixNano = '1000';
      inject(a, copy, source);
      const s = streamFor(await verify([a]), clean);
      expect(findings(s, 'CONFLICT')).toMatchObject([{ seqFrom: '33', seqTo: '33' }]);
    });

    it('10. replaying a whole stream copy → duplicates only, no new verdict', async () => {
      const report = await verify([reqs(), reqs()]);
      const s = streamFor(report, clean);
      expect(s.records.VALID).toBe(dataCount(clean));
      expect(s.records['DUPLICATE-IDENTICAL']).toBe(dataCount(clean));
      expect(report.verdict).toBe('valid');
    });

    it("11. moving a record from stream A into B's seq space → MODIFIED in B and MISSING in A", async () => {
      const a = reqs();
      const b = reqs(other);
      const moved = recordWithSeq(a, 12);
      removeRecords(a, (lr) => lr === moved);
      const bStream = streamOf(recordWithSeq(b, 1))!;
      removeRecords(b, (lr) => !isCheckpoint(lr) && seqOf(lr) === 5);
      const copy = structuredClone(moved);
      setAttr(copy, `${NS}.stream`, { stringValue: bStream });
      setAttr(copy, `${NS}.seq`, seqValue(copy.attributes.find((x: Json) => x.key === `${NS}.seq`).value.intValue, 5));
      inject(b, copy, recordWithSeq(b, 6));
      const report = await verify([a, b]);
      expect(findings(streamFor(report, clean), 'MISSING')).toMatchObject([{ seqFrom: '12', seqTo: '12' }]);
      expect(findings(streamFor(report, other), 'MODIFIED')).toMatchObject([{ seqFrom: '5', seqTo: '5' }]);
    });

    it("11. splicing A's checkpoint into B (origin edited) → KEY-CHAIN-INVALID, B unaffected", async () => {
      const a = reqs();
      const b = reqs(other);
      const bStream = streamOf(recordWithSeq(b, 1))!;
      const aStream = streamOf(recordWithSeq(a, 1))!;
      const spliced = structuredClone(checkpointRecords(a)[0]);
      spliced.body.stringValue = spliced.body.stringValue.replace(aStream, bStream);
      inject(b, spliced, checkpointRecords(b)[0]);
      const s = streamFor(await verify([b]), other);
      expect(findings(s, 'KEY-CHAIN-INVALID')).toHaveLength(1);
      expect(s.records).toEqual({ VALID: dataCount(other) });
    });

    it('12. a checkpoint forged with another key → KEY-CHAIN-INVALID', async () => {
      const a = reqs();
      const cp = checkpointRecords(a)[1]!;
      const forger = ed25519Keys();
      cp.body.stringValue = await signNote(checkpointInfo(cp).text, [forger.signer]);
      const s = streamFor(await verify([a]), clean);
      expect(findings(s, 'KEY-CHAIN-INVALID')).toMatchObject([
        { subject: 'checkpoint', detail: 'not signed by any trusted key' },
      ]);
      expect(findings(s, 'CHECKPOINT-MISSING')).toHaveLength(1);
      expect(s.verdict).toBe('failed');
    });

    it('12. algorithm confusion: an HMAC signature keyed with the public key bytes → KEY-CHAIN-INVALID', async () => {
      const { hmacSigner } = await import('../../src/note/signers.js');
      const pubRaw = Buffer.from(keys.publicKey.export({ format: 'jwk' }).x!, 'base64url');
      const confused = hmacSigner(pubRaw, { keyName: 'checkout.example/seclog' });
      const a = reqs();
      const cp = checkpointRecords(a)[1]!;
      cp.body.stringValue = await signNote(checkpointInfo(cp).text, [confused]);
      const s = streamFor(await verify([a]), clean);
      expect(findings(s, 'KEY-CHAIN-INVALID')).toHaveLength(1);
    });

    it('14. equivocation: two validly signed checkpoints with the same index but different roots → CONFLICT', async () => {
      const a = reqs();
      const cp = checkpointRecords(a)[1]!;
      const info = checkpointInfo(cp);
      const lines = info.text.split('\n');
      lines[2] = Buffer.alloc(32, 7).toString('base64');
      const forgedCp = structuredClone(cp);
      forgedCp.body.stringValue = await signNote(lines.join('\n'), [keys.signer]);
      inject(a, forgedCp, cp);
      const s = streamFor(await verify([a]), clean);
      const conflicts = findings(s, 'CONFLICT').filter((f) => f.subject === 'checkpoint');
      expect(conflicts.map((f) => f.detail).join(' ')).toMatch(/equivocation/);
      expect(s.verdict).toBe('failed');
    });

    it('14. equivocating leaf lists: the contested seq is CONFLICT and the report is the same whichever is read first', async () => {
      // A second checkpoint with the same index whose leaf list gives one seq another digest (root re-signed to match
      // nothing): which of the two digests counts must not depend on file order.
      const a = reqs();
      const cp = checkpointRecords(a)[1]!;
      const lines = checkpointInfo(cp).text.split('\n');
      const l = lines.findIndex((line) => line.startsWith('l '));
      const digests = lines[l]!.split(' ');
      digests[2] = Buffer.alloc(32, 9).toString('base64');
      lines[l] = digests.join(' ');
      const forgedCp = structuredClone(cp);
      forgedCp.body.stringValue = await signNote(lines.join('\n'), [keys.signer]);
      const contested = checkpointInfo(checkpointRecords(a)[0]!).size + 1;
      const forged: OtlpRequest = structuredClone(a[0]!);
      forged.resourceLogs[0].scopeLogs = [
        { scope: { name: '@seclog/integrity', version: '0.1.0' }, logRecords: [forgedCp] },
      ];
      const first = streamFor(await verify([[forged], a]), clean);
      const last = streamFor(await verify([a, [forged]]), clean);
      const placeless = (r: StreamReport) => r.findings.map(({ location: _, ...f }) => f);
      expect(first.records).toEqual(last.records);
      expect(placeless(first)).toEqual(placeless(last));
      expect(findings(first, 'CONFLICT').filter((f) => f.subject === 'record')).toMatchObject([
        { seqFrom: String(contested), seqTo: String(contested), detail: expect.stringMatching(/equivocation/) },
      ]);
      expect(first.verdict).toBe('failed');
    });

    it('15. a leaf list that does not hash to the signed root (re-signed) → failure on that checkpoint', async () => {
      const a = reqs();
      const cp = checkpointRecords(a)[1]!;
      const info = checkpointInfo(cp);
      const text = info.text.replace(/\nl ([A-Za-z0-9+/=]{44})/, `\nl ${Buffer.alloc(32, 9).toString('base64')}`);
      expect(text).not.toBe(info.text);
      cp.body.stringValue = await signNote(text, [keys.signer]);
      const s = streamFor(await verify([a]), clean);
      const bad = findings(s, 'MODIFIED').filter((f) => f.subject === 'checkpoint');
      expect(bad).toHaveLength(1);
      expect(bad[0]!.detail).toContain('leaf list does not hash to the signed root');
      expect(s.verdict).toBe('failed');
    });
  });

  describe('faults that must not raise false alarms', () => {
    it('16. process restart without shutdown: old stream warns (unclean end, unsealed tail), new stream valid', async () => {
      const restarted = await produce({ signer: keys.signer, records: 10, maxRecords: 8 });
      const report = await verify([reqs(crashed), reqs(restarted)]);
      const old = streamFor(report, crashed);
      expect(old.records.UNSEALED).toBe(5);
      expect(findings(old, 'UNSEALED')).toHaveLength(1);
      expect(findings(old, 'STREAM-UNCLEAN-END')).toHaveLength(1);
      expect(old.verdict).toBe('warnings');
      expect(streamFor(report, restarted).verdict).toBe('valid');
      expect(report.verdict).toBe('warnings');
    });

    it('17. graceful shutdown: final checkpoint, zero unsealed', async () => {
      const s = streamFor(await verify([reqs()]), clean);
      expect(s.finalCheckpoint).toBe(true);
      expect(s.records.UNSEALED).toBeUndefined();
    });

    it('19. collector batching: one stream split across files and regrouped, several streams interleaved → all VALID', async () => {
      const a = reqs();
      const b = reqs(other);
      const files = [a.slice(0, 2).concat(b.slice(3)), b.slice(0, 3), a.slice(2)];
      const report = await verify(files);
      expect(streamFor(report, clean).records).toEqual({ VALID: dataCount(clean) });
      expect(streamFor(report, other).records).toEqual({ VALID: dataCount(other) });
      expect(report.verdict).toBe('valid');
    });

    it('20. duplicate delivery on retry (a whole request twice) → DUPLICATE-IDENTICAL only', async () => {
      const a = reqs();
      a.push(structuredClone(a[1]!));
      const report = await verify([a]);
      const s = streamFor(report, clean);
      expect(s.findings.every((f) => f.status === 'DUPLICATE-IDENTICAL')).toBe(true);
      expect(s.records['DUPLICATE-IDENTICAL']).toBeGreaterThan(0);
      expect(report.verdict).toBe('valid');
    });

    it('24. async resource attributes settle after the first records → a snapshot leaf; records on both sides VALID', async () => {
      const settled = await produce({ signer: keys.signer, records: 40, maxRecords: 16, asyncResource: true });
      const snapshots = settled.filter((r) => r.eventName === `${NS}.resource`);
      expect(snapshots).toHaveLength(1);
      const a = reqs(settled);
      const report = await verify([a]);
      const s = streamFor(report, settled);
      expect(s.records).toEqual({ VALID: dataCount(settled) });
      // Records sealed before the attribute settled were exported with it: an unsigned addition for them.
      expect(s.findings.map((f) => f.status)).toEqual(['RESOURCE-ENRICHED']);
      expect(report.verdict).toBe('valid');
      // The same archive in reverse order (snapshots read after the records they govern) verifies the same way.
      const reversed = streamFor(await verify([reqs(settled).reverse()]), settled);
      expect(reversed.records).toEqual({ VALID: dataCount(settled) });
    });

    it('21. exporter drops (records lost before the collector) → MISSING for exactly those records', async () => {
      const a = reqs();
      removeRecords(a, (lr) => !isCheckpoint(lr) && seqOf(lr)! >= 20 && seqOf(lr)! < 25);
      const s = streamFor(await verify([a]), clean);
      expect(s.records.MISSING).toBe(5);
      expect(s.findings.every((f) => f.status === 'MISSING')).toBe(true);
    });
  });
});
