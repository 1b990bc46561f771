import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeverityNumber } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { OtlpJsonFileExporter } from '../src/otlp-json-file-exporter.js';

describe('OtlpJsonFileExporter', () => {
  it('writes one ExportLogsServiceRequest JSON object per line, like the collector file exporter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-file-'));
    const path = join(dir, 'nested', 'app.otlp.jsonl');
    const exporter = new OtlpJsonFileExporter({ path });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'file-test' }),
      processors: [new BatchLogRecordProcessor({ exporter })],
    });
    const logger = provider.getLogger('scope-a', '1.0.0');
    logger.emit({ severityNumber: SeverityNumber.INFO, body: 'first', attributes: { n: 7, ok: true } });
    await provider.forceFlush();
    logger.emit({ severityNumber: SeverityNumber.WARN, body: { nested: ['x', 1.5] }, eventName: 'demo.event' });
    await provider.shutdown();

    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    const requests = lines.slice(0, -1).map((l) => JSON.parse(l));
    expect(requests).toHaveLength(2);
    const first = requests[0].resourceLogs[0];
    expect(first.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'file-test' } });
    expect(first.scopeLogs[0].scope).toMatchObject({ name: 'scope-a', version: '1.0.0' });
    const rec = first.scopeLogs[0].logRecords[0];
    expect(rec.body).toEqual({ stringValue: 'first' });
    expect(rec.attributes).toContainEqual({ key: 'n', value: { intValue: 7 } });
    expect(typeof rec.timeUnixNano).toBe('string');
    const second = requests[1].resourceLogs[0].scopeLogs[0].logRecords[0];
    expect(second.eventName).toBe('demo.event');
    expect(second.body.kvlistValue.values[0].key).toBe('nested');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('fails exports after shutdown instead of dropping them silently', async () => {
    const exporter = new OtlpJsonFileExporter({ path: join(mkdtempSync(join(tmpdir(), 'seclog-file-')), 'a.jsonl') });
    await exporter.shutdown();
    const result = await new Promise<{ code: number; error?: Error }>((r) => exporter.export([], r));
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/shut down/);
  });

  it('reports a write error through the result callback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-file-'));
    // the path is a directory: appendFile fails with EISDIR
    const exporter = new OtlpJsonFileExporter({ path: dir });
    const result = await new Promise<{ code: number; error?: Error }>((r) => exporter.export([], r));
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/EISDIR/);
  });

  it('rejects bad options naming the field', () => {
    expect(() => new OtlpJsonFileExporter({ path: '' })).toThrow(/`path`/);
    expect(() => new OtlpJsonFileExporter({ path: '/tmp/x', mode: 0o1777 })).toThrow(/`mode`/);
  });
});
