import type { Counter, MeterProvider } from '@opentelemetry/api';
import type { RedactionReport } from './types.js';

/** Cumulative counts kept by a processor (what the metrics export, also readable without a MeterProvider). */
export interface RedactionStats {
  records: number;
  /** `detector:action` → count. */
  findings: Record<string, number>;
  /** budget event → count. */
  budget: Record<string, number>;
  /** Values replaced by `[REDACTION_ERROR]` plus record-level failures. */
  errors: number;
  /** Records handled by `onError` (masked, dropped or passed through). */
  recordErrors: number;
  /** Exceptions thrown by the `next` processor (caught so that `emit()` never throws). */
  nextErrors: number;
}

/** Publishes redaction counters through the OpenTelemetry metrics API (when a MeterProvider is given). */
export class RedactionMetrics {
  readonly stats: RedactionStats = { records: 0, findings: {}, budget: {}, errors: 0, recordErrors: 0, nextErrors: 0 };
  readonly #findings?: Counter;
  readonly #budget?: Counter;
  readonly #errors?: Counter;

  constructor(meterProvider?: MeterProvider) {
    if (meterProvider === undefined) return;
    const meter = meterProvider.getMeter('@seclog/redaction');
    this.#findings = meter.createCounter('seclog.redaction.findings', {
      description: 'Sensitive values handled, by detector and action',
    });
    this.#budget = meter.createCounter('seclog.redaction.budget_events', {
      description: 'Values redacted wholesale because a work budget was exceeded',
    });
    this.#errors = meter.createCounter('seclog.redaction.errors', {
      description: 'Internal redaction failures (values or records handled fail-closed)',
    });
  }

  /** Adds one record's report to the totals and counters. */
  record(report: RedactionReport): void {
    this.stats.records++;
    for (const [key, n] of report.findings) {
      this.stats.findings[key] = (this.stats.findings[key] ?? 0) + n;
      const colon = key.lastIndexOf(':');
      this.#findings?.add(n, { detector: key.slice(0, colon), action: key.slice(colon + 1) });
    }
    for (const [event, n] of report.budget) {
      this.stats.budget[event] = (this.stats.budget[event] ?? 0) + n;
      this.#budget?.add(n, { event });
    }
    if (report.errors > 0) {
      this.stats.errors += report.errors;
      this.#errors?.add(report.errors, { kind: 'value' });
    }
  }

  /** Counts a record-level failure (`kind`: `record` handled by onError, `next` thrown by the wrapped processor). */
  failure(kind: 'record' | 'next', outcome: string): void {
    if (kind === 'record') this.stats.recordErrors++;
    else this.stats.nextErrors++;
    this.#errors?.add(1, { kind, outcome });
  }
}
