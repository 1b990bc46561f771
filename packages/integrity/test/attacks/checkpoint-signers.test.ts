/**
 * Who signed a stream's checkpoints (docs/spec/verification.md, "Checkpoints"). Found by a red-team review and an
 * independent re-implementation of the spec:
 * - a copy of a genuine checkpoint with a broken signature, read before the genuine copy, shut the genuine one out
 *   (every record UNTRUSTED-STREAM), and read after it, went unreported — the verdict depended on file order;
 * - a stream could mix checkpoints signed by different trusted keys, so whoever held any trusted key could re-sign
 *   or extend another producer's stream and the archive verified clean.
 */
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSignedNote, signNote } from '../../src/note/signed-note.js';
import type { VerificationReport } from '../../src/verify/report.js';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { checkpointInfo, checkpointRecords, removeRecords } from './archive-edits.js';
import { type Json, type OtlpRequest, tempArchiveDir } from './otlp-archive.js';
import { ed25519Keys, type ProducerKeys, produce, toRequests } from './producer.js';

let a: ProducerKeys;
let b: ProducerKeys;
let records: ReadableLogRecord[];

beforeAll(async () => {
  a = ed25519Keys();
  b = ed25519Keys(); // the same key name: only the key differs
  records = await produce({ signer: a.signer, records: 40, maxRecords: 16 });
});

/** Verifies `files` (name → requests, read in name order) trusting the given keys. */
async function verify(
  files: Record<string, OtlpRequest[]>,
  trusted: ProducerKeys[] = [a, b],
): Promise<VerificationReport> {
  const dir = tempArchiveDir();
  try {
    const paths = Object.keys(files)
      .sort()
      .map((name) => dir.write(name, files[name]!));
    return await verifyArchive(paths, { trust: { publicKeys: trusted.map((k) => k.publicKey) } });
  } finally {
    dir.cleanup();
  }
}

/** A copy of checkpoint record `lr` whose note carries `signatures` instead of its own signature lines. */
function withSignatures(lr: Json, signatures: string): Json {
  const copy = structuredClone(lr);
  const note = parseSignedNote(lr.body.stringValue);
  copy.body.stringValue = `${note.text}\n${signatures}`;
  return copy;
}

/** The checkpoint's note text signed by `signers` instead of its producer. */
async function resigned(lr: Json, signers: ProducerKeys[]): Promise<Json> {
  const copy = structuredClone(lr);
  copy.body.stringValue = await signNote(
    checkpointInfo(lr).text,
    signers.map((k) => k.signer),
  );
  return copy;
}

/** One request holding the given records in the integrity scope of the archive's first resource. */
function requestOf(reqs: readonly OtlpRequest[], lrs: Json[]): OtlpRequest {
  const rl = reqs[0]!.resourceLogs[0];
  const scopeLogs = rl.scopeLogs.find((sl: Json) => sl.scope?.name === '@seclog/integrity') ?? rl.scopeLogs[0];
  return { resourceLogs: [{ resource: rl.resource, scopeLogs: [{ scope: scopeLogs.scope, logRecords: lrs }] }] };
}

const statusesOf = (r: VerificationReport) => r.streams[0]!.records;
const findings = (r: VerificationReport, status: string) =>
  r.streams.flatMap((s) => s.findings).filter((f) => f.status === status);

describe('a copy of a genuine checkpoint with a broken signature', () => {
  async function bothOrders(): Promise<[VerificationReport, VerificationReport]> {
    const reqs = toRequests(records, 'js');
    const genuine = checkpointRecords(reqs)[1]!;
    const sig = parseSignedNote(genuine.body.stringValue).signatures[0]!;
    const broken = Buffer.from(sig.signature);
    broken[0]! ^= 1;
    const id = Buffer.alloc(4);
    id.writeUInt32BE(sig.keyId);
    const forged = requestOf(reqs, [
      withSignatures(genuine, `— ${sig.keyName} ${Buffer.concat([id, broken]).toString('base64')}\n`),
    ]);
    return [
      await verify({ 'a-broken.jsonl': [forged], 'b-archive.jsonl': reqs }),
      await verify({ 'a-archive.jsonl': reqs, 'b-broken.jsonl': [forged] }),
    ];
  }

  it('is reported, and the genuine copy still proves the records, whichever file is read first', async () => {
    const [first, last] = await bothOrders();
    for (const report of [first, last]) {
      expect(report.verdict).toBe('failed');
      expect(statusesOf(report)).toEqual({ VALID: 41 });
      expect(findings(report, 'KEY-CHAIN-INVALID')).toHaveLength(1);
      expect(findings(report, 'KEY-CHAIN-INVALID')[0]!.detail).toMatch(/does not verify/);
    }
    expect(statusesOf(first)).toEqual(statusesOf(last));
  });
});

describe('one signing key per stream', () => {
  it('two streams, each signed by its own trusted key, verify clean (baseline)', async () => {
    const other = await produce({ signer: b.signer, records: 20, maxRecords: 8, service: 'payments' });
    const report = await verify({ 'a.jsonl': toRequests(records, 'js'), 'b.jsonl': toRequests(other, 'js') });
    expect(report.verdict).toBe('valid');
    expect(report.streams.map((s) => s.records)).toEqual(expect.arrayContaining([{ VALID: 41 }, { VALID: 21 }]));
  });

  /** The archive with its final checkpoint record removed, and that checkpoint re-signed by `signers` alone. */
  async function finalResigned(signers: ProducerKeys[]): Promise<{ rest: OtlpRequest[]; resignedFinal: OtlpRequest }> {
    const reqs = toRequests(records, 'js');
    const cps = checkpointRecords(reqs);
    const final = cps[cps.length - 1]!;
    const resignedFinal = requestOf(reqs, [await resigned(final, signers)]);
    removeRecords(reqs, (lr) => lr === final);
    return { rest: reqs, resignedFinal };
  }

  it('a checkpoint signed by another trusted key in place of the stream key makes the stream untrusted', async () => {
    const { rest, resignedFinal } = await finalResigned([b]);
    for (const files of [
      { 'a.jsonl': [resignedFinal], 'b.jsonl': rest },
      { 'a.jsonl': rest, 'b.jsonl': [resignedFinal] },
    ]) {
      const report = await verify(files);
      expect(report.verdict).toBe('failed');
      expect(statusesOf(report)).toEqual({ 'UNTRUSTED-STREAM': 41 });
      const [finding] = findings(report, 'KEY-CHAIN-INVALID');
      expect(finding).toMatchObject({ subject: 'stream' });
      expect(finding!.detail).toMatch(/signed by 2 different trusted keys/);
    }
  });

  it('another trusted key signing a copy of a genuine checkpoint makes the stream untrusted, in any order', async () => {
    // Its signers then differ from the other checkpoints'. Harmless alone, but see the next test: what a second key
    // may add to one checkpoint it may add to all, and one common key would no longer mean one producer.
    const reqs = toRequests(records, 'js');
    const final = checkpointRecords(reqs).at(-1)!;
    const alsoSigned = requestOf(reqs, [await resigned(final, [b])]);
    for (const files of [
      { 'a.jsonl': [alsoSigned], 'b.jsonl': reqs },
      { 'a.jsonl': reqs, 'b.jsonl': [alsoSigned] },
    ]) {
      const report = await verify(files);
      expect(report.verdict).toBe('failed');
      expect(statusesOf(report)).toEqual({ 'UNTRUSTED-STREAM': 41 });
    }
  });

  it('a second key that co-signs every genuine checkpoint still cannot extend the stream alone', async () => {
    // Found in review of the one-key rule: with "one key common to all checkpoints", B co-signing copies of each
    // genuine checkpoint made B common to all, and a continuation signed by B alone passed.
    const { rest, resignedFinal } = await finalResigned([b]);
    const cosigned = await Promise.all(checkpointRecords(rest).map((cp) => resigned(cp, [a, b])));
    const report = await verify({ 'a.jsonl': [requestOf(rest, cosigned), resignedFinal], 'b.jsonl': rest });
    expect(report.verdict).toBe('failed');
    expect(statusesOf(report)).toEqual({ 'UNTRUSTED-STREAM': 41 });
    expect(findings(report, 'KEY-CHAIN-INVALID')[0]!).toMatchObject({ subject: 'stream' });
  });

  it('only the key the stream was signed with being trusted, the re-signed copy is an untrusted note', async () => {
    const reqs = toRequests(records, 'js');
    const cps = checkpointRecords(reqs);
    const report = await verify({ 'a.jsonl': [requestOf(reqs, [await resigned(cps[0]!, [b])])], 'b.jsonl': reqs }, [a]);
    expect(statusesOf(report)).toEqual({ VALID: 41 });
    expect(findings(report, 'KEY-CHAIN-INVALID')[0]!.detail).toMatch(/not signed by any trusted key/);
  });

  it('a producer that signs every checkpoint with the same two keys keeps its stream trusted', async () => {
    const reqs = toRequests(records, 'js');
    for (const cp of checkpointRecords(reqs)) cp.body.stringValue = (await resigned(cp, [a, b])).body.stringValue;
    const report = await verify({ 'archive.jsonl': reqs });
    expect(report.verdict).toBe('valid');
    expect(statusesOf(report)).toEqual({ VALID: 41 });
  });
});
