/**
 * Deleting a whole stream (one producer run: every record and checkpoint) from the archive (docs/spec/verification.md,
 * "What a verdict covers"). The archive alone cannot show it; the report must say that it was not checked, and an
 * anchor — checkpoint copies kept elsewhere — must catch it.
 */
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { checkpointRecords } from './archive-edits.js';
import { type OtlpRequest, tempArchiveDir } from './otlp-archive.js';
import { ed25519Keys, type ProducerKeys, produce, toRequests } from './producer.js';

let keys: ProducerKeys;
let kept: ReadableLogRecord[];
let deleted: ReadableLogRecord[];

beforeAll(async () => {
  keys = ed25519Keys();
  kept = await produce({ signer: keys.signer, records: 20, maxRecords: 8 });
  deleted = await produce({ signer: keys.signer, records: 20, maxRecords: 8, service: 'second-run' });
});

async function verify(archive: OtlpRequest[], anchors: OtlpRequest[][] = []) {
  const dir = tempArchiveDir();
  try {
    return await verifyArchive([dir.write('archive.jsonl', archive)], {
      trust: { publicKeys: [keys.publicKey] },
      anchors: anchors.map((a, i) => dir.write(`anchor-${i}.jsonl`, a)),
    });
  } finally {
    dir.cleanup();
  }
}

describe('a stream deleted as a whole', () => {
  it('without anchors: the verdict covers what is there, and the report says what it could not check', async () => {
    const report = await verify(toRequests(kept, 'js'));
    expect(report.verdict).toBe('valid');
    expect(report.notChecked).toEqual([expect.stringContaining('whether whole streams are missing')]);
  });

  it('with an anchor holding the deleted run’s checkpoints: that stream fails', async () => {
    const anchor = [
      {
        resourceLogs: [
          { resource: {}, scopeLogs: [{ scope: {}, logRecords: checkpointRecords(toRequests(deleted, 'js')) }] },
        ],
      },
    ];
    const report = await verify(toRequests(kept, 'js'), [anchor]);
    expect(report.notChecked).toEqual([]);
    expect(report.verdict).toBe('failed');
    expect(report.streams).toHaveLength(2);
    const gone = report.streams.find((s) => s.records.VALID === undefined);
    expect(gone?.verdict).toBe('failed');
  });
});
