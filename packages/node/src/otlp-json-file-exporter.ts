import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { SynchronousLogRecordExporter } from '@seclog/integrity';

/** Options of {@link OtlpJsonFileExporter}. */
export interface OtlpJsonFileExporterOptions {
  /** File the OTLP/JSON lines are appended to; parent folders are created. */
  path: string;
  /** File mode for a newly created file (default `0o600`: archives can hold pseudonymised personal data). */
  mode?: number;
}

/**
 * Lines longer than this are split into several requests (never below one record per line), so every line stays well
 * under what `seclog verify` reads in one piece (64 MiB).
 */
const MAX_LINE_BYTES = 16 << 20;
const NEWLINE = 0x0a;

/**
 * Appends each exported batch as `ExportLogsServiceRequest` JSON objects, one per line: the layout of the OTel
 * Collector's `file` exporter (`format: json`), so `seclog verify` reads archives from both.
 *
 * Writes are synchronous, one `write(2)` per line on a file opened with `O_APPEND`: on a local file system the kernel
 * appends each line whole, so several processes (or several exporters) can share one file without interleaving
 * partial lines. A write that comes back short (disk full) is terminated with a newline — the fragment stays a
 * single corrupt line that `seclog verify` reports — and the export fails, so delivery retries the whole batch.
 * Synchronous writes also let delivery apply back-pressure instead of dropping when its queue is full, and write the
 * last records from a process `exit` handler.
 *
 * @example
 * ```ts
 * const exporter = new OtlpJsonFileExporter({ path: 'out/app.otlp.jsonl' });
 * ```
 */
export class OtlpJsonFileExporter implements SynchronousLogRecordExporter {
  readonly path: string;
  private readonly mode: number;
  private fd: number | undefined;
  private stopped = false;

  constructor(options: OtlpJsonFileExporterOptions) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('OtlpJsonFileExporter: options must be an object with a `path`');
    }
    if (typeof options.path !== 'string' || options.path.length === 0) {
      throw new TypeError('OtlpJsonFileExporter: `path` must be a non-empty string');
    }
    if (options.mode !== undefined && (!Number.isInteger(options.mode) || options.mode < 0 || options.mode > 0o777)) {
      throw new TypeError('OtlpJsonFileExporter: `mode` must be an integer file mode between 0 and 0o777');
    }
    this.path = options.path;
    this.mode = options.mode ?? 0o600;
  }

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    try {
      this.exportSync(logs);
    } catch (error) {
      resultCallback({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      });
      return;
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** Writes the records before returning; throws when they could not all be written. */
  exportSync(logs: ReadableLogRecord[]): void {
    if (this.stopped) throw new Error('OtlpJsonFileExporter is shut down');
    if (logs.length === 0) return;
    const fd = this.open();
    for (const line of serializeLines(logs)) appendLine(fd, line);
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.stopped = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Opened on the first write, so an exporter that never writes leaves no empty file behind. */
  private open(): number {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.path, 'a', this.mode);
    }
    return this.fd;
  }
}

/** OTLP/JSON request lines (each ending in a newline) for the records, split so that no line exceeds the limit. */
function* serializeLines(logs: ReadableLogRecord[]): Generator<Buffer> {
  const json = JsonLogsSerializer.serializeRequest(logs);
  if (json === undefined) throw new Error('the OTLP JSON serializer returned nothing');
  if (json.byteLength + 1 > MAX_LINE_BYTES && logs.length > 1) {
    const half = logs.length >> 1;
    yield* serializeLines(logs.slice(0, half));
    yield* serializeLines(logs.slice(half));
    return;
  }
  const line = Buffer.allocUnsafe(json.byteLength + 1);
  line.set(json, 0);
  line[json.byteLength] = NEWLINE;
  yield line;
}

/** One `write(2)` for the whole line; a short write is closed with a newline and reported as a failure. */
function appendLine(fd: number, line: Buffer): void {
  const written = writeSync(fd, line, 0, line.length);
  if (written === line.length) return;
  try {
    writeSync(fd, Buffer.of(NEWLINE));
  } catch {
    // The device refuses even one byte: the fragment ends at end of file, which the verifier also reports.
  }
  throw new Error(`OtlpJsonFileExporter: short write (${written} of ${line.length} bytes)`);
}
