import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { FastLineReader } from '../../src/internal/verify/fast-line.js';
import { bodyInterest } from '../../src/internal/verify/line-records.js';
import { ParseAhead } from '../../src/internal/verify/parse-ahead.js';
import type { VerificationReport } from '../../src/verify/report.js';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { tempArchiveDir } from '../attacks/otlp-archive.js';
import { ed25519Keys, produce, toRequests } from '../attacks/producer.js';
import { describeRecords } from './describe-records.js';
import { buildSyntheticStream, type OtlpRequest, testKeys } from './synthetic-archive.js';

// The worker module is the built one (dist/), as for the sealing pipeline worker: `pnpm run build` before the tests.
const keys = testKeys();
const NS = 'seclog.integrity';
const fast = { streamKey: `${NS}.stream`, seqKey: `${NS}.seq` };
const dirs: { cleanup: () => void }[] = [];
const savedMode = process.env.SECLOG_VERIFY_PARSE_AHEAD;
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
  if (savedMode === undefined) delete process.env.SECLOG_VERIFY_PARSE_AHEAD;
  else process.env.SECLOG_VERIFY_PARSE_AHEAD = savedMode;
});

/** Two interleaved streams with one of everything the intake treats specially, as archive lines. */
async function eventfulArchive(): Promise<string[]> {
  const a = await buildSyntheticStream({ signer: keys.signer, records: 300, perCheckpoint: 32, perRequest: 40 });
  const b = await buildSyntheticStream({ signer: keys.signer, records: 200, perCheckpoint: 50, perRequest: 25 });
  const lines: string[] = [];
  const requests: OtlpRequest[] = [];
  for (let i = 0; i < Math.max(a.requests.length, b.requests.length); i++) {
    if (a.requests[i]) requests.push(structuredClone(a.requests[i]!));
    if (b.requests[i]) requests.push(structuredClone(b.requests[i]!));
  }
  const records = (req: OtlpRequest) => req.resourceLogs[0].scopeLogs[0].logRecords;
  // A modified body, a downstream resource attribute (digests computed ahead do not apply), a forged record dressed
  // as a checkpoint record, and a record without seal.
  records(requests[3]!)[5].body = { stringValue: 'edited' };
  requests[4]!.resourceLogs[0].resource.attributes.push({ key: 'k8s.pod.name', value: { stringValue: 'p-1' } });
  const checkpoint = requests[6]!.resourceLogs[0].scopeLogs
    .flatMap((sl: { logRecords: { eventName?: string }[] }) => sl.logRecords)
    .find((r: { eventName?: string }) => r.eventName === `${NS}.checkpoint`);
  if (checkpoint === undefined) throw new Error('test archive: expected a checkpoint record on line 6');
  const forged = structuredClone(checkpoint);
  forged.attributes = [...(forged.attributes ?? []), { key: 'user', value: { stringValue: 'mallory' } }];
  records(requests[7]!).push(forged);
  records(requests[8]!).push({ body: { stringValue: 'foreign' } });
  for (const [i, req] of requests.entries()) {
    lines.push(JSON.stringify(req));
    // A torn line and a line the fast path leaves to the general path (a repeated member).
    if (i === 2) lines.push('{"resourceLogs":[{"scopeLogs":[');
    if (i === 5) lines.push(JSON.stringify(req).replace('{"resourceLogs":', '{"resourceLogs":[],"resourceLogs":'));
  }
  return lines;
}

/** Writes the lines once, then verifies them in each mode (same paths, so the reports can be compared whole). */
async function verifyEachWay(
  lines: string[],
  publicKey = keys.publicKey,
): Promise<{ single: VerificationReport; parallel: VerificationReport }> {
  const dir = tempArchiveDir();
  dirs.push(dir);
  writeFileSync(join(dir.dir, 'archive.jsonl'), `${lines.join('\n')}\n`);
  const run = async (mode: 'always' | 'never') => {
    process.env.SECLOG_VERIFY_PARSE_AHEAD = mode;
    const report = await verifyArchive([dir.dir], { trust: { publicKeys: [publicKey] } });
    return { ...report, generatedAt: '' };
  };
  return { single: await run('never'), parallel: await run('always') };
}

describe('parse-ahead worker', () => {
  it('gives the same report as reading on one thread, findings in the same order', async () => {
    const lines = await eventfulArchive();
    const { single, parallel } = await verifyEachWay(lines);
    expect(single.verdict).toBe('failed');
    const statuses = new Set(single.streams.flatMap((s) => s.findings.map((f) => f.status)));
    expect(statuses).toContain('MODIFIED');
    expect(statuses).toContain('RESOURCE-ENRICHED');
    expect(single.foreign.count).toBeGreaterThan(1);
    // The torn line, and the line with a repeated member (refused as ambiguous by the general path).
    expect(single.totals.corruptLines).toBe(2);
    expect(parallel).toEqual(single);
  });

  it('a line torn anywhere by another writer: CORRUPT-LINE at file:line, the request after the tear verified, either path', async () => {
    // Values with a comma: a tear inside a string once made the member-name check refuse the rest of the line.
    const emit = (logger: Logger, i: number) =>
      logger.emit({ body: `GET /cart/${i}`, attributes: { 'http.request.header.accept-encoding': 'gzip, deflate' } });
    const producer = ed25519Keys();
    const exported = await produce({ signer: producer.signer, records: 12, maxRecords: 8, emit });
    const lines = toRequests(exported, 'js', 3).map((r) => JSON.stringify(r));
    const sealed = (line: string) => line.split(`"key":"${NS}.seq"`).length - 1;
    const torn = 1;
    const tornLine = lines[torn]!;
    expect(tornLine.length).toBeGreaterThan(1000);
    for (const cut of [10, 30, 200, 1000, tornLine.length >> 1, tornLine.length - 1]) {
      // The first part of line 1, line 2 whole (the other writer), then the rest of line 1.
      const archive = [...lines];
      archive.splice(torn, 2, `${tornLine.slice(0, cut)}${lines[torn + 1]}`, tornLine.slice(cut));
      const { single, parallel } = await verifyEachWay(archive, producer.publicKey);
      expect(parallel).toEqual(single);
      const corrupt = single.input.findings.filter((f) => f.status === 'CORRUPT-LINE');
      expect(corrupt.map((f) => f.location?.replace(/^.*\//, ''))).toEqual(['archive.jsonl:2', 'archive.jsonl:3']);
      expect(corrupt[0]!.detail).toMatch(new RegExp(`^torn line: its first ${cut} bytes are not valid JSON`));
      const total = lines.reduce((n, l) => n + sealed(l), 0);
      expect(single.streams[0]!.records).toEqual({ VALID: total - sealed(tornLine), MISSING: sealed(tornLine) });
    }
  });

  it('hands over each line in order with the records the fast path reads on this thread', async () => {
    const lines = (await eventfulArchive()).map((l) => Buffer.from(l));
    const interest = bodyInterest(NS);
    const ahead = await ParseAhead.start(fast, interest, 'first');
    const seen: string[] = [];
    try {
      for (const [i, line] of lines.entries()) {
        if (i % 7 === 3) ahead.step(() => seen.push(`step before ${i}`));
        ahead.line(line, (records, bytes) => {
          expect(bytes.equals(line)).toBe(true);
          seen.push(`${i}: ${describeRecords(records)}`);
        });
        await ahead.room();
      }
      await ahead.drain();
    } finally {
      await ahead.close();
    }
    expect(ahead.linesReadAhead).toBeGreaterThan(0);
    const reader = new FastLineReader(fast);
    const expected: string[] = [];
    for (const [i, line] of lines.entries()) {
      if (i % 7 === 3) expected.push(`step before ${i}`);
      expected.push(`${i}: ${describeRecords(reader.read(line))}`);
    }
    expect(seen).toEqual(expected);
  });
});
