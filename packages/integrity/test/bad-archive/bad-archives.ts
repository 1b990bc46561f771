/**
 * Writers for the bad-archive suite: each writes one kind of damaged or unusual archive into a directory, starting
 * from sealed synthetic streams (test/verify/synthetic-archive.ts), and returns the paths to verify.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  buildSyntheticStream,
  type Json,
  type OtlpRequest,
  recordAt,
  removeSeqs,
  type TestKeys,
} from '../verify/synthetic-archive.js';

/** OTLP/JSON lines of requests. */
export function linesOf(reqs: readonly OtlpRequest[]): string[] {
  return reqs.map((r) => JSON.stringify(r));
}

/** Writes lines (each followed by a newline) to `dir/name`. */
export function writeLines(dir: string, name: string, lines: readonly string[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.map((l) => `${l}\n`).join(''));
  return p;
}

/** A clean sealed stream of `records` data records, one checkpoint every 8, leaf lists, final checkpoint. */
export function cleanStream(keys: TestKeys, records = 24, perRequest = 4) {
  return buildSyntheticStream({ signer: keys.signer, records, perCheckpoint: 8, perRequest });
}

/** A sealed stream whose record `seq` carries an extra attribute added downstream (after sealing). */
export async function withAddedAttribute(keys: TestKeys, seq: number, key: string): Promise<OtlpRequest[]> {
  const s = await cleanStream(keys);
  recordAt(s.requests, seq).attributes.push({ key, value: { stringValue: 'AAAA' } });
  return s.requests;
}

/**
 * A stream cut off without a final checkpoint, plus one record forged after its last checkpoint (a seq nobody
 * signed): UNSEALED and STREAM-UNCLEAN-END, both warnings.
 */
export async function withForgedUnsealedRecord(keys: TestKeys): Promise<OtlpRequest[]> {
  const s = await buildSyntheticStream({ signer: keys.signer, records: 24, perCheckpoint: 8, final: false });
  const forged = structuredClone(recordAt(s.requests, 3)) as Json;
  forged.attributes.find((kv: Json) => kv.key === 'seclog.integrity.seq').value.intValue = s.size;
  forged.body = { stringValue: 'admin login ok' };
  s.requests.push({
    resourceLogs: [{ resource: s.requests[0]!.resourceLogs[0].resource, scopeLogs: [{ logRecords: [forged] }] }],
  });
  return s.requests;
}

/**
 * What two writers appending to one file produce when A writes a line in two writes: for each line `i` of A with
 * `tear(i)`, its first half, then a whole line of B, then its second half. B's remaining lines follow.
 */
export function interleave(
  a: readonly string[],
  b: readonly string[],
  tear: (i: number) => boolean,
): { text: string; torn: number } {
  let text = '';
  let torn = 0;
  let j = 0;
  a.forEach((line, i) => {
    if (tear(i) && j < b.length) {
      const half = line.length >> 1;
      text += `${line.slice(0, half)}${b[j++]}\n${line.slice(half)}\n`;
      torn++;
    } else {
      text += `${line}\n`;
    }
  });
  while (j < b.length) text += `${b[j++]}\n`;
  return { text, torn };
}

/**
 * A sealed stream whose record 5 holds an attribute array of `length` elements (a sparse JS array: the exporter
 * writes each hole as `{}`). The producer sealed it as an `olcf1-unverifiable` too-many-values leaf.
 */
export async function withSparseArray(keys: TestKeys, length: number): Promise<string> {
  const s = await buildSyntheticStream({
    signer: keys.signer,
    records: 20,
    perCheckpoint: 8,
    attributes: (seq) => (seq === 5 ? [{ key: 'sparse', value: { arrayValue: { values: new Array(length) } } }] : []),
  });
  const sparse = recordAt(s.requests, 5).attributes.find((kv: Json) => kv.key === 'sparse');
  sparse.value.arrayValue.values = ['__SPARSE__'];
  return `${linesOf(s.requests)
    .join('\n')
    .replace('"__SPARSE__"', `${'{},'.repeat(length - 1)}{}`)}\n`;
}

/**
 * A sealed stream with a record whose attribute `big` was sealed as the int64 9007199254740993 (2^53 + 1) and is
 * written as a JSON number, as a non-JS exporter may write it. `written` replaces the number in the file.
 */
export async function withBigIntNumber(keys: TestKeys, written = '9007199254740993'): Promise<string> {
  const s = await buildSyntheticStream({
    signer: keys.signer,
    records: 12,
    perCheckpoint: 8,
    attributes: (seq) => (seq === 4 ? [{ key: 'big', value: { intValue: '9007199254740993' } }] : []),
  });
  return `${linesOf(s.requests).join('\n').replace('{"intValue":"9007199254740993"}', `{"intValue":${written}}`)}\n`;
}

/** A stream with records lost in delivery and declared: seqs 10–12 in a `d` line, 4 refused records in an `x` line. */
export async function withDeclaredDrops(keys: TestKeys): Promise<OtlpRequest[]> {
  const s = await buildSyntheticStream({
    signer: keys.signer,
    records: 24,
    perCheckpoint: 8,
    declare: (k) => (k === 2 ? { droppedRanges: [{ start: 10, end: 13 }], refusedRecords: 4 } : undefined),
  });
  removeSeqs(s.requests, 10, 13);
  return s.requests;
}

/**
 * Writes a good archive line, a line of `length` bytes without a newline inside (a sparse file: no disk used), then
 * another good line.
 */
export function withHugeLine(path: string, before: string, length: number, after: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${before}\n`);
    const start = Buffer.byteLength(before) + 1;
    // Leave a hole of `length` zero bytes (no 0x0a in it), then the newline and the next line.
    writeSync(fd, `\n${after}\n`, start + length);
  } finally {
    closeSync(fd);
  }
}

/** A gzip file cut in the middle of its compressed data. */
export function truncatedGzip(lines: readonly string[]): Buffer {
  const full = gzipSync(lines.map((l) => `${l}\n`).join(''));
  return full.subarray(0, Math.floor(full.length * 0.6));
}
