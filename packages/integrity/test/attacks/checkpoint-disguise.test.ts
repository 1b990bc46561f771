/**
 * Records dressed as checkpoint records (docs/spec/stream-records.md, "The checkpoint record"). Only a checkpoint's
 * note is signed, so a record that carries a genuine note copy plus anything else — attributes, another event name,
 * a severity, a seq — must not pass as a harmless duplicate: a red-team review forged twelve failed logins this way
 * and the verifier said "all valid" while the brute-force rule fired on them.
 */
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../src/verify/report.js';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { checkpointRecords, inject, NS, recordWithSeq, seqOf, streamOf } from './archive-edits.js';
import { type Json, type OtlpRequest, tempArchiveDir } from './otlp-archive.js';
import { ed25519Keys, type ProducerKeys, produce, toRequests } from './producer.js';

let keys: ProducerKeys;
let records: ReadableLogRecord[];

beforeAll(async () => {
  keys = ed25519Keys();
  records = await produce({ signer: keys.signer, records: 40, maxRecords: 16 });
});

async function verify(reqs: OtlpRequest[]): Promise<VerificationReport> {
  const dir = tempArchiveDir();
  try {
    return await verifyArchive([dir.write('archive.jsonl', reqs)], { trust: { publicKeys: [keys.publicKey] } });
  } finally {
    dir.cleanup();
  }
}

/** A copy of the first genuine checkpoint record, edited by `edit`, added next to it. */
function withDisguisedCopy(edit: (lr: Json) => void): OtlpRequest[] {
  const reqs = toRequests(records, 'js');
  const genuine = checkpointRecords(reqs)[0];
  const copy = structuredClone(genuine);
  edit(copy);
  inject(reqs, copy, genuine);
  return reqs;
}

const foreign = (r: VerificationReport) => r.foreign?.findings ?? [];

/** A copy of the first genuine checkpoint record added in a scope of its own, which `scope` describes. */
function withCopyInScope(scope: Json, schemaUrl?: string): OtlpRequest[] {
  const reqs = toRequests(records, 'js');
  const genuine = checkpointRecords(reqs)[0];
  const resource = reqs[0]!.resourceLogs[0].resource;
  const scopeLogs = {
    scope,
    ...(schemaUrl === undefined ? {} : { schemaUrl }),
    logRecords: [structuredClone(genuine)],
  };
  reqs.push({ resourceLogs: [{ resource, scopeLogs: [scopeLogs] }] });
  return reqs;
}

const INTEGRITY_SCOPE = { name: '@seclog/integrity', version: '0.1.0' };

describe('a checkpoint record is only the note, the stream attribute and fixed fields', () => {
  it('an exact copy of a checkpoint record is a harmless duplicate (baseline)', async () => {
    const report = await verify(withDisguisedCopy(() => {}));
    expect(report.verdict).toBe('valid');
    expect(foreign(report)).toEqual([]);
  });

  it.each([
    [
      'attacker attributes',
      (lr: Json) => lr.attributes.push({ key: 'user.name', value: { stringValue: 'mallory' } }),
      'attributes other than the stream',
    ],
    ['severity ERROR', (lr: Json) => Object.assign(lr, { severityNumber: 17, severityText: 'ERROR' }), 'severity'],
    [
      'a security event name and attributes (a forged failed login)',
      (lr: Json) => {
        lr.eventName = 'security_event.authentication.login';
        lr.attributes = [{ key: 'security_event.outcome', value: { stringValue: 'failure' } }];
      },
      'another event name',
    ],
    [
      'a trace context',
      (lr: Json) => Object.assign(lr, { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' }),
      'traceId',
    ],
    [
      "a stream attribute that is not the note's",
      (lr: Json) => {
        lr.attributes[0].value.stringValue = 'another-stream';
      },
      "does not name the note's stream",
    ],
  ])('a copy with %s is FOREIGN, and the verdict is not clean', async (_what, edit, detail) => {
    const report = await verify(withDisguisedCopy(edit));
    expect(report.verdict).not.toBe('valid');
    expect(foreign(report)).toEqual([
      expect.objectContaining({ status: 'FOREIGN', detail: expect.stringContaining(detail) }),
    ]);
  });

  it('a copy in a scope of its own that is the integrity scope is a harmless duplicate (baseline)', async () => {
    const report = await verify(withCopyInScope({ ...INTEGRITY_SCOPE }));
    expect(report.verdict).toBe('valid');
    expect(foreign(report)).toEqual([]);
  });

  it.each([
    ['scope attributes', { ...INTEGRITY_SCOPE, attributes: [{ key: 'user.name', value: { stringValue: 'mallory' } }] }],
    ['another scope name', { ...INTEGRITY_SCOPE, name: 'app.auth' }],
    ['another scope version', { ...INTEGRITY_SCOPE, version: 'admin password reset' }],
  ])('a copy whose scope carries %s is FOREIGN, and the verdict is not clean', async (_what, scope) => {
    const report = await verify(withCopyInScope(scope));
    expect(report.verdict).not.toBe('valid');
    expect(foreign(report)).toEqual([
      expect.objectContaining({ status: 'FOREIGN', detail: expect.stringContaining('scope') }),
    ]);
  });

  it('a copy whose scope has a schema URL is FOREIGN', async () => {
    const report = await verify(withCopyInScope({ ...INTEGRITY_SCOPE }, 'https://attacker.example/schema'));
    expect(foreign(report)).toEqual([
      expect.objectContaining({ status: 'FOREIGN', detail: expect.stringContaining('scope') }),
    ]);
  });

  it('a sealed record relabelled as a checkpoint is verified as the record it is: CONFLICT at its seq', async () => {
    const reqs = toRequests(records, 'js');
    const sealed = recordWithSeq(reqs, 3);
    const relabelled = structuredClone(sealed);
    relabelled.eventName = `${NS}.checkpoint`;
    relabelled.body = { stringValue: 'changed' };
    inject(reqs, relabelled, sealed);
    const report = await verify(reqs);
    const stream = report.streams.find((s) => s.streamId === streamOf(sealed));
    expect(stream?.findings).toContainEqual(
      expect.objectContaining({ status: 'CONFLICT', seqFrom: String(seqOf(sealed)) }),
    );
    expect(report.verdict).toBe('failed');
  });
});
