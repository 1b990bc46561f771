import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeverityNumber } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  type LogRecordProcessor,
  type ReadWriteLogRecord,
} from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { OtlpJsonFileExporter } from '../src/otlp-json-file-exporter.js';

/** Real SDK records, collected as a processor sees them. */
function records(count: number, body: (i: number) => string = (i) => `record ${i}`): ReadWriteLogRecord[] {
  const out: ReadWriteLogRecord[] = [];
  const collect: LogRecordProcessor = {
    onEmit: (r) => void out.push(r),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const logger = new LoggerProvider({ processors: [collect] }).getLogger('t');
  for (let i = 0; i < count; i++) logger.emit({ body: body(i) });
  return out;
}

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
    const result = await new Promise<{ code: number; error?: Error }>((r) => exporter.export(records(1), r));
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/EISDIR/);
    expect(() => exporter.exportSync(records(1))).toThrow(/EISDIR/);
  });

  it('has written the records when exportSync returns, and creates no file before the first write', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'seclog-file-')), 'sync.jsonl');
    const exporter = new OtlpJsonFileExporter({ path });
    expect(() => statSync(path)).toThrow();
    exporter.exportSync(records(3));
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).resourceLogs[0].scopeLogs[0].logRecords).toHaveLength(3);
  });

  it('splits a batch into several lines when one line would exceed 16 MiB', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'seclog-file-')), 'big.jsonl');
    const exporter = new OtlpJsonFileExporter({ path });
    exporter.exportSync(records(6, (i) => String(i).repeat(4 << 20)));
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l)))).toBeLessThan(16 << 20);
    const bodies = lines.flatMap((l) =>
      JSON.parse(l).resourceLogs[0].scopeLogs[0].logRecords.map(
        (r: { body: { stringValue: string } }) => r.body.stringValue[0],
      ),
    );
    expect(bodies).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('rejects bad options naming the field', () => {
    expect(() => new OtlpJsonFileExporter({ path: '' })).toThrow(/`path`/);
    expect(() => new OtlpJsonFileExporter({ path: '/tmp/x', mode: 0o1777 })).toThrow(/`mode`/);
  });
});
