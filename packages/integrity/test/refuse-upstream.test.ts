// IntegrityProcessor.refuseUpstream: records refused before they reached the processor (the worker pipeline's hand-off
// was full) are declared like a full queue: counted as refused and carried by the next checkpoint's `x` line, in the
// interval where they were refused.
import { generateKeyPairSync } from 'node:crypto';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { type CheckpointBody, parseCheckpointBody } from '../src/note/checkpoint-body.js';
import { verifyNote } from '../src/note/signed-note.js';
import { ed25519Signer, parseVerifierKey } from '../src/note/signers.js';
import { IntegrityProcessor } from '../src/processor/integrity-processor.js';

const NS = 'seclog.integrity';
const signer = ed25519Signer(generateKeyPairSync('ed25519').privateKey, { keyName: 'refuse.test' });
const verifier = parseVerifierKey(signer.verifierKey);
const resource = resourceFromAttributes({ 'service.name': 'refuse-upstream' });

class MemoryExporter implements LogRecordExporter {
  readonly delivered: ReadableLogRecord[] = [];
  export(batch: ReadableLogRecord[], done: (r: ExportResult) => void): void {
    this.delivered.push(...batch);
    done({ code: ExportResultCode.SUCCESS });
  }
  exportSync(batch: ReadableLogRecord[]): void {
    this.delivered.push(...batch);
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function setup() {
  const exporter = new MemoryExporter();
  const warnings: string[] = [];
  const processor = new IntegrityProcessor({
    exporter,
    signer,
    checkpoint: { maxRecords: 4, maxIntervalMs: 3_600_000, heartbeatMs: 3_600_000 },
    delivery: { onWarning: (m) => warnings.push(m) },
  });
  const logger = new LoggerProvider({ resource, processors: [processor] }).getLogger('app');
  return { exporter, processor, logger, warnings };
}

function checkpoints(records: readonly ReadableLogRecord[]): CheckpointBody[] {
  return records
    .filter((r) => r.eventName === `${NS}.checkpoint`)
    .map((r) => {
      const v = verifyNote(String(r.body), [verifier]);
      if (!v.ok) throw new Error('checkpoint does not verify');
      return parseCheckpointBody(v.text);
    });
}

describe('IntegrityProcessor.refuseUpstream', () => {
  it('declares the count in the checkpoint of the interval where it happened, and counts it as refused', async () => {
    const { exporter, processor, logger, warnings } = setup();
    for (let i = 0; i < 3; i++) logger.emit({ body: `a${i}` });
    processor.refuseUpstream(5);
    for (let i = 0; i < 6; i++) logger.emit({ body: `b${i}` });
    await processor.shutdown();
    const cps = checkpoints(exporter.delivered);
    // Genesis + a0..a2 fill the first checkpoint (4 leaves): the refusal comes after it, in the second interval.
    expect(cps.map((c) => [c.rangeStart, c.rangeEnd, c.refusedRecords ?? 0])).toEqual([
      [0, 4, 0],
      [4, 8, 5],
      [8, 10, 0],
    ]);
    expect(processor.stats().delivery.refusedRecords).toBe(5);
    expect(warnings[0]).toMatch(/5 refused/);
  });

  it('opens the stream with the given resource when no record came yet, so the count is still signed', async () => {
    const { exporter, processor } = setup();
    processor.refuseUpstream(2, resource);
    await processor.shutdown();
    const cps = checkpoints(exporter.delivered);
    expect(cps.reduce((n, c) => n + (c.refusedRecords ?? 0), 0)).toBe(2);
    expect(cps.at(-1)?.final).toBe(true);
  });

  it('without a resource, keeps the count for the stream the next record opens', async () => {
    const { exporter, processor, logger } = setup();
    processor.refuseUpstream(3);
    expect(processor.streamId).toBeUndefined();
    logger.emit({ body: 'first' });
    await processor.shutdown();
    expect(checkpoints(exporter.delivered).reduce((n, c) => n + (c.refusedRecords ?? 0), 0)).toBe(3);
  });

  it('ignores counts that are not positive integers', async () => {
    const { exporter, processor, logger } = setup();
    logger.emit({ body: 'one' });
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) processor.refuseUpstream(n);
    await processor.shutdown();
    expect(processor.stats().delivery.refusedRecords).toBe(0);
    expect(checkpoints(exporter.delivered).every((c) => c.refusedRecords === undefined)).toBe(true);
  });
});
