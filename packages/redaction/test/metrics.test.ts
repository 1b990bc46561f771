import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { RedactionProcessor } from '../src/index.js';

describe('redaction metrics through the OpenTelemetry metrics API', () => {
  it('counts findings per detector and action, and budget events, without values or key names', async () => {
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });
    const processor = new RedactionProcessor({
      meterProvider,
      policy: { limits: { maxFindingsPerString: 2 } },
      next: new SimpleLogRecordProcessor({ exporter: new InMemoryLogRecordExporter() }),
    });
    const logger = new LoggerProvider({ processors: [processor] }).getLogger('m');
    logger.emit({ body: 'mail alice@corp.com', attributes: { password: 'hunter2' } });
    logger.emit({ body: 'a@b.co c@d.co e@f.co' });
    await reader.forceFlush();
    const metrics = metricExporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics));
    const points = (name: string) =>
      metrics
        .filter((m) => m.descriptor.name === name)
        .flatMap((m) => m.dataPoints.map((p) => ({ attrs: p.attributes, value: p.value })));
    expect(points('seclog.redaction.findings')).toEqual(
      expect.arrayContaining([
        { attrs: { detector: 'EMAIL', action: 'hmac' }, value: 1 },
        { attrs: { detector: 'K1.credential', action: 'redact' }, value: 1 },
        { attrs: { detector: 'TOO_MANY_FINDINGS', action: 'redact' }, value: 1 },
      ]),
    );
    expect(points('seclog.redaction.budget_events')).toEqual([{ attrs: { event: 'too_many_findings' }, value: 1 }]);
    const serialized = JSON.stringify(metrics);
    expect(serialized).not.toContain('hunter2');
    expect(serialized).not.toContain('alice');
    await meterProvider.shutdown();
  });
});
