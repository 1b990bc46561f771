// The delivery guarantee under load and faults, end to end: real producer processes on @seclog/node, real signals,
// kill -9, a dead and a slow collector on loopback, two processes on one file — each run ends with the real
// `seclog verify`. Every emitted record must come out VALID, or DROPPED with the exact count; never MISSING without a
// declaration the producer could have made, never UNVERIFIABLE when delivered, never exit 0 when anything was lost.
// The whole suite runs once per pipeline: the chain inside emit() (inline) and on its worker thread (worker).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CaptureCollector,
  captureCollector,
  closedPortUrl,
  emittedSoFar,
  type ProducerRun,
  runProducer,
  statusCounts,
  verify,
  type Workspace,
  workspace,
} from './support/harness.ts';
import type { ProducerScenario } from './support/scenario.ts';

const collectors: CaptureCollector[] = [];
afterEach(async () => {
  for (const c of collectors.splice(0)) await c.close();
});

const PIPELINES = ['inline', 'worker'] as const;

function base(
  ws: Workspace,
  pipeline: (typeof PIPELINES)[number],
  extra: Partial<ProducerScenario> = {},
): ProducerScenario {
  return {
    pipeline,
    signingKeyFile: ws.signingKeyFile,
    hmacKeyFile: ws.hmacKeyFile,
    archiveDir: ws.dir,
    countFile: join(ws.dir, 'emitted.txt'),
    ...extra,
  };
}

function event(run: ProducerRun, name: string): Record<string, unknown> {
  const found = run.events.find((e) => e.event === name);
  if (!found) throw new Error(`producer did not report "${name}": ${run.stderr}`);
  return found;
}

/** Records emitted after the final checkpoint, as the producer's own warning counts them (never sealed). */
function emittedAfterShutdown(run: ProducerRun): number {
  let n = 0;
  for (const e of run.events) {
    const m = /(\d+) emitted after shutdown/.exec(String(e.message ?? ''));
    if (e.event === 'notice' && m) n += Number(m[1]);
  }
  return n;
}

describe.each(PIPELINES)('pipeline: %s', (pipeline) => {
  describe('bursts on the embedded file exporter', () => {
    it('loses nothing with 10 bursts of 10,000 records per event-loop turn', async () => {
      const ws = workspace();
      const run = await runProducer(base(ws, pipeline, { burstSize: 10_000, bursts: 10, end: 'shutdown' }));
      expect(run.code).toBe(0);
      const stats = event(run, 'shutdown').stats as Record<string, number>;
      expect(stats).toMatchObject({ refusedRecords: 0, droppedRecords: 0, undeliveredRecords: 0 });
      const archive = String(event(run, 'started').archivePath);
      const v = await verify(ws, [archive]);
      expect(v.code).toBe(0);
      expect(statusCounts(v.report)).toEqual({ VALID: 100_001 });
      expect(v.report.streams[0]?.finalCheckpoint).toBe(true);
    });
  });

  describe('OTLP collector down or slow', () => {
    it('closed port: shutdown returns within its budget and every record is in the spill or declared', async () => {
      const ws = workspace();
      const url = await closedPortUrl();
      const run = await runProducer(
        base(ws, pipeline, {
          exporter: { kind: 'otlp', protocol: 'http/json', url },
          burstSize: 5000,
          bursts: 4,
          end: 'shutdown',
        }),
      );
      expect(run.code).toBe(0);
      const shutdown = event(run, 'shutdown');
      expect(shutdown.ms as number).toBeLessThan(6500);
      const stats = shutdown.stats as Record<string, number>;
      expect(stats.undeliveredRecords).toBe(0);
      expect(run.events.some((e) => e.event === 'notice' && /not delivered/.test(String(e.message)))).toBe(true);
      const spill = String(event(run, 'started').spillPath);
      const v = await verify(ws, [spill]);
      const counts = statusCounts(v.report);
      expect(Object.keys(counts).sort()).toEqual(['DROPPED', 'VALID']);
      expect(counts.VALID! - 1 + counts.DROPPED!).toBe(20_000);
      expect(counts.DROPPED).toBe(stats.refusedRecords);
      expect(v.code).toBe(2);
      expect((await verify(ws, [spill], true)).code).toBe(1);
    });

    it('slow collector (2 s per request): delivered records verify; the rest are spilled or declared', async () => {
      const ws = workspace();
      const collector = await captureCollector(ws.dir, 2000);
      collectors.push(collector);
      const run = await runProducer(
        base(ws, pipeline, {
          exporter: { kind: 'otlp', protocol: 'http/json', url: collector.url },
          delivery: { maxQueueSize: 512 },
          burstSize: 500,
          bursts: 4,
          end: 'shutdown',
        }),
      );
      expect(run.code).toBe(0);
      expect(collector.requests).toBeGreaterThan(0);
      const spill = String(event(run, 'started').spillPath);
      const v = await verify(ws, [collector.archive, spill]);
      const counts = statusCounts(v.report);
      expect(counts.UNVERIFIABLE ?? 0).toBe(0);
      expect(counts.MISSING ?? 0).toBe(0);
      expect(counts.VALID! - 1 + (counts.DROPPED ?? 0)).toBe(2000);
      expect(v.code).toBe(counts.DROPPED ? 2 : 0);
    });

    it('http/json carries NaN, ±Infinity and integers beyond int64 without a false MODIFIED', async () => {
      const ws = workspace();
      const collector = await captureCollector(ws.dir);
      collectors.push(collector);
      const run = await runProducer(
        base(ws, pipeline, {
          exporter: { kind: 'otlp', protocol: 'http/json', url: collector.url },
          hostile: true,
          burstSize: 50,
          bursts: 4,
          end: 'shutdown',
        }),
      );
      expect(run.code).toBe(0);
      const v = await verify(ws, [collector.archive]);
      expect(statusCounts(v.report)).toEqual({ VALID: 201 });
      expect(v.code).toBe(0);
    });
  });

  describe('signals and crashes', () => {
    it('SIGTERM without an app handler: final checkpoint, then the process ends by the signal', async () => {
      const ws = workspace();
      const scenario = base(ws, pipeline, { burstSize: 100, pauseMs: 5 });
      const run = await runProducer(scenario, { signal: 'SIGTERM', afterRecords: 2000 });
      expect(run.signal).toBe('SIGTERM');
      const emitted = emittedSoFar(scenario.countFile!);
      const v = await verify(ws, [String(event(run, 'started').archivePath)]);
      expect(v.code).toBe(0);
      expect(v.report.streams[0]?.finalCheckpoint).toBe(true);
      expect(statusCounts(v.report).VALID! - 1).toBe(emitted - emittedAfterShutdown(run));
    });

    it("SIGTERM with the app's own one-second drain: every record of the drain is sealed and verifies", async () => {
      const ws = workspace();
      const scenario = base(ws, pipeline, { burstSize: 100, pauseMs: 5, drainOnSigterm: 1000 });
      const run = await runProducer(scenario, { signal: 'SIGTERM', afterRecords: 2000 });
      expect(run.code).toBe(0);
      const drained = event(run, 'drained').emitted as number;
      expect(drained).toBeGreaterThan(5000);
      const v = await verify(ws, [String(event(run, 'started').archivePath)]);
      expect(v.code).toBe(0);
      expect(statusCounts(v.report)).toEqual({ VALID: drained + 1 });
      expect(v.report.streams[0]?.finalCheckpoint).toBe(true);
    });

    it('process.exit() right after logging: the exit hook writes the records and the final checkpoint', async () => {
      const ws = workspace();
      const run = await runProducer(base(ws, pipeline, { burstSize: 3000, bursts: 3, end: 'exit' }));
      expect(run.code).toBe(0);
      const v = await verify(ws, [String(event(run, 'started').archivePath)]);
      expect(statusCounts(v.report)).toEqual({ VALID: 9001 });
      expect(v.code).toBe(0);
    });

    it('kill -9 mid-burst: what arrived verifies, the end is reported, and the exit code is never 0', async () => {
      const ws = workspace();
      const scenario = base(ws, pipeline, { burstSize: 1000 });
      // Once a checkpoint was written: with the worker pipeline the first records may still be on their way to it.
      const archive = join(ws.dir, 'fault-suite.otlp.jsonl');
      const run = await runProducer(scenario, {
        signal: 'SIGKILL',
        afterRecords: 20_000,
        afterFileHolds: { path: archive, text: 'seclog.integrity.checkpoint' },
      });
      expect(run.signal).toBe('SIGKILL');
      const v = await verify(ws, [String(event(run, 'started').archivePath)]);
      const counts = statusCounts(v.report);
      expect(counts.MODIFIED ?? 0).toBe(0);
      expect(counts.CONFLICT ?? 0).toBe(0);
      expect((counts.VALID ?? 0) + (counts.UNSEALED ?? 0)).toBeGreaterThan(0);
      expect(v.report.streams[0]?.finalCheckpoint).toBe(false);
      expect(v.code).not.toBe(0);
    });
  });

  describe('two processes appending to one archive file', () => {
    it('never interleave partial lines (3 KB records)', async () => {
      const ws = workspace();
      const path = join(ws.dir, 'shared.otlp.jsonl');
      const scenario = (name: string) =>
        base(ws, pipeline, {
          serviceName: name,
          exporter: { kind: 'file', path },
          bodyBytes: 3000,
          burstSize: 2000,
          bursts: 5,
          end: 'shutdown',
          countFile: join(ws.dir, `${name}.txt`),
        });
      const [a, b] = await Promise.all([runProducer(scenario('writer-a')), runProducer(scenario('writer-b'))]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const v = await verify(ws, [path]);
      expect(v.report.streams).toHaveLength(2);
      expect(statusCounts(v.report)).toEqual({ VALID: 20_002 });
      expect(v.code).toBe(0);
    });
  });
});
