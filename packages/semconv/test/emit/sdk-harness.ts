import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';

/** A real SDK pipeline that keeps exported records in memory. */
export function sdkPipeline(wrap: (next: LogRecordProcessor) => LogRecordProcessor = (next) => next) {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [wrap(new SimpleLogRecordProcessor({ exporter }))] });
  return { exporter, provider, records: () => exporter.getFinishedLogRecords() };
}
