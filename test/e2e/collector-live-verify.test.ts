/**
 * Live verification in the real otelcol-seclog (gateway.yaml + overlays/live-verify.yaml): an SDK stream reaches the
 * gateway with one record deleted on the way; within a bounded time the gateway's collector telemetry counts it
 * (otelcol_seclog_verify_findings{status="MISSING"}) and an integrity-violation event naming the stream and the seq
 * lands in the archive, sealed by the gateway. The untouched records pass the archive pipeline unchanged.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startSecureLogging } from '@seclog/node';
import { describe, expect, it } from 'vitest';
import {
  collectorConfigPath,
  dummyCollectorEnv,
  freePort,
  postOtlpJson,
  startCollector,
  useCollectorWorkdir,
  waitForArchiveLines,
} from './support/collector.js';
import { attributeOf, logRecordsOf, type OtlpLogsRequest } from './support/otlp-lines.js';

const e2e = useCollectorWorkdir('seclog-e2e-live-verify-');

describe('live verify (gateway.yaml + overlays/live-verify.yaml)', () => {
  it('flags a record deleted on the way within seconds: metric and integrity-violation event', async () => {
    // 1. An SDK seals 20 records into its embedded OTLP/JSON file (checkpoint every 8 records, leaf lists).
    const sdkDir = join(e2e.workdir(), 'sdk');
    const secure = startSecureLogging({
      serviceName: 'live-verify-e2e',
      mode: 'development',
      archiveDir: sdkDir,
      handleSignals: false,
      notice: () => {},
      checkpoint: { maxRecords: 8 },
    });
    const logger = secure.loggerProvider.getLogger('e2e');
    for (let i = 0; i < 20; i++) logger.emit({ body: `sdk record ${i}`, attributes: { i } });
    await secure.shutdown();
    const sdkLines = readFileSync(secure.archivePath!, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as OtlpLogsRequest);
    const victim = logRecordsOf(sdkLines).find((r) => r.body?.stringValue === 'sdk record 6')!;
    const victimSeq = String(attributeOf(victim, 'seclog.integrity.seq')?.intValue);
    const streamId = attributeOf(victim, 'seclog.integrity.stream')?.stringValue;
    for (const line of sdkLines)
      for (const rl of line.resourceLogs)
        for (const sl of rl.scopeLogs) sl.logRecords = sl.logRecords.filter((r) => r !== victim);

    // 2. The gateway trusts the SDK's key and runs the live-verify tap.
    const trusted = join(e2e.workdir(), 'trusted');
    mkdirSync(trusted, { recursive: true });
    writeFileSync(join(trusted, 'sdk.pem'), secure.publicKeyPem);
    const metricsPort = await freePort();
    const archive = join(e2e.workdir(), 'archive', 'logs.jsonl');
    const collector = await startCollector(
      collectorConfigPath('gateway.yaml'),
      {
        ...dummyCollectorEnv(e2e.workdir()),
        SECLOG_ARCHIVE_PATH: archive,
        SECLOG_STORAGE_DIR: join(e2e.workdir(), 'storage'),
        SECLOG_TRUSTED_KEYS: trusted,
        SECLOG_VERIFY_GRACE: '1s',
        SECLOG_COLLECTOR_METRICS_PORT: String(metricsPort),
      },
      { args: ['--config', collectorConfigPath('overlays/live-verify.yaml')] },
    );
    try {
      const sent = Date.now();
      for (const line of sdkLines) expect(await postOtlpJson(collector.otlpLogsUrl, line)).toBe(200);

      // 3. Within a bounded time: the event in the archive, and the metric.
      const lines = await waitForArchiveLines(
        archive,
        (l) => logRecordsOf(l).some((r) => attributeOf(r, 'error.type')?.stringValue === 'missing'),
        15_000,
      );
      // Catalog event 39 (@seclog/semconv): error.type is the status in lower snake case.
      const events = logRecordsOf(lines).filter((r) => r.eventName === 'security_event.audit_log.integrity.violation');
      expect(events.map((e) => attributeOf(e, 'error.type')?.stringValue)).toEqual(['missing']);
      const event = events[0]!;
      expect(attributeOf(event, 'security_event.integrity.stream_id')?.stringValue).toBe(streamId);
      expect(String(attributeOf(event, 'security_event.integrity.seq_from')?.intValue)).toBe(victimSeq);
      expect(attributeOf(event, 'seclog.integrity.seq')).toBeDefined(); // sealed by the gateway on its way out
      let metrics = '';
      for (
        let i = 0;
        i < 100 && !/otelcol_seclog_verify_findings[a-z_]*\{[^}]*status="MISSING"[^}]*\} 1/.test(metrics);
        i++
      ) {
        metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        await delay(100);
      }
      expect(metrics).toMatch(/otelcol_seclog_verify_findings[a-z_]*\{[^}]*status="MISSING"[^}]*\} 1/);
      expect(Date.now() - sent).toBeLessThan(15_000);
      // The tap does not duplicate records: each SDK record is archived once, by logs/sealed.
      const archived = logRecordsOf(lines).filter((r) => r.body?.stringValue?.startsWith('sdk record '));
      expect(archived).toHaveLength(19);
    } finally {
      expect(await collector.stop('SIGTERM')).toBe(0);
    }
  }, 120_000);
});
