import { mkdirSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** Options of {@link OtlpJsonFileExporter}. */
export interface OtlpJsonFileExporterOptions {
  /** File the OTLP/JSON lines are appended to; parent folders are created. */
  path: string;
  /** File mode for a newly created file (default `0o600`: archives can hold pseudonymised personal data). */
  mode?: number;
}

/**
 * Appends each exported batch as one `ExportLogsServiceRequest` JSON object per line: the same layout the OTel
 * Collector's `file` exporter writes (`format: json`), so `seclog verify` reads archives from both.
 *
 * @example
 * ```ts
 * const exporter = new OtlpJsonFileExporter({ path: 'out/app.otlp.jsonl' });
 * ```
 */
export class OtlpJsonFileExporter implements LogRecordExporter {
  readonly path: string;
  private readonly mode: number;
  private pending: Promise<void> = Promise.resolve();
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
    mkdirSync(dirname(this.path), { recursive: true });
  }

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('OtlpJsonFileExporter is shut down') });
      return;
    }
    let line: Buffer;
    try {
      const json = JsonLogsSerializer.serializeRequest(logs);
      if (json === undefined) throw new Error('the OTLP JSON serializer returned nothing');
      line = Buffer.concat([json, Buffer.from('\n')]);
    } catch (error) {
      resultCallback({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      });
      return;
    }
    // Writes are chained so lines never interleave and forceFlush can wait for all of them.
    this.pending = this.pending.then(
      () =>
        appendFile(this.path, line, { mode: this.mode }).then(
          () => resultCallback({ code: ExportResultCode.SUCCESS }),
          (error: unknown) =>
            resultCallback({
              code: ExportResultCode.FAILED,
              error: error instanceof Error ? error : new Error(String(error)),
            }),
        ),
      () => undefined,
    );
  }

  async forceFlush(): Promise<void> {
    await this.pending;
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.pending;
  }
}
