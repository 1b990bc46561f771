/**
 * An exporter that can also write before returning. Local destinations (a file) can; network ones cannot. Delivery
 * uses it to apply back-pressure instead of dropping when the queue is full, and to write the last records and the
 * final checkpoint from a process `exit` handler, where nothing asynchronous runs any more.
 */
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** A {@link LogRecordExporter} that also offers a synchronous write. */
export interface SynchronousLogRecordExporter extends LogRecordExporter {
  /** Writes the records before returning; throws when they could not be written (nothing is written then). */
  exportSync(records: ReadableLogRecord[]): void;
}

/** True when the exporter offers {@link SynchronousLogRecordExporter.exportSync}. */
export function isSynchronousExporter(exporter: LogRecordExporter): exporter is SynchronousLogRecordExporter {
  return typeof (exporter as Partial<SynchronousLogRecordExporter>).exportSync === 'function';
}
