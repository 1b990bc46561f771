import type { Context, MeterProvider } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { optionReader } from '@seclog/config';
import { LogRecordSnapshotter, type SnapshotLimits } from '@seclog/snapshot';
import { ERROR_MARKER } from './internal/value-walker.js';
import { RedactionPolicyError } from './policy-error.js';
import { RedactionMetrics, type RedactionStats } from './redaction-metrics.js';
import { createRedactor, createReport, type RecordRedactor, SUMMARY_ATTRIBUTE } from './redactor.js';
import type { RedactionPolicyInput, RedactionReport } from './types.js';

/** Options of {@link RedactionProcessor}. */
export interface RedactionProcessorOptions {
  /**
   * The processor that receives redacted records (usually the exporting Batch/Simple processor, or an integrity
   * processor). Without `next` the processor works standalone: register it FIRST in `LoggerProvider({ processors })`;
   * it then redacts the shared record in place and cannot drop records.
   */
  next?: LogRecordProcessor;
  /**
   * Redaction policy (validated now; throws `RedactionPolicyError`, as do the other options). Defaults to
   * `defaultPolicy`.
   */
  policy?: RedactionPolicyInput;
  /** Counters `seclog.redaction.findings`, `.budget_events`, `.errors` are published through it. */
  meterProvider?: MeterProvider;
  /**
   * When redacting a record fails as a whole: `mask-record` (default) replaces the body and every attribute value by
   * `[REDACTION_ERROR]`; `drop-record` does not forward it (decorator form only; standalone falls back to masking);
   * `pass-through` forwards it unredacted and counts it.
   */
  onError?: 'mask-record' | 'drop-record' | 'pass-through';
  /**
   * Per-record summary attribute `seclog.redaction.summary` (`silent` by default): `info` adds
   * `detector:action=count` pairs (types and counts only, never values); `debug` also lists changed attribute keys in
   * `seclog.redaction.keys` — key names can themselves be revealing, so keep it for debugging.
   */
  summary?: 'silent' | 'info' | 'debug';
  /**
   * Limits of the plain-data snapshot taken before redaction (see `@seclog/snapshot`): the record is read once, and
   * what is scanned here is exactly what the exporter writes. Defaults are generous.
   */
  snapshot?: Partial<SnapshotLimits>;
}

const ON_ERROR = ['mask-record', 'drop-record', 'pass-through'] as const;
const SUMMARY = ['silent', 'info', 'debug'] as const;
const OPTION_FIELDS = [
  'next',
  'policy',
  'meterProvider',
  'onError',
  'summary',
  'snapshot',
] as const satisfies readonly (keyof RedactionProcessorOptions)[];

type Scope = ReadWriteLogRecord['instrumentationScope'];

/** The scope of a record whose redaction failed before its scope was redacted: nothing of it is exported. */
const MASKED_SCOPE: Scope = Object.freeze({ name: ERROR_MARKER });

/** Replaces a record's scope (the property is readonly in the SDK's types only, as the snapshot's replacement). */
function setScope(record: ReadWriteLogRecord, scope: Scope): void {
  (record as { instrumentationScope: Scope }).instrumentationScope = scope;
}

/** Reads the processor's options; every error is a {@link RedactionPolicyError} naming `options.<field>`. */
const read = optionReader('RedactionProcessor', RedactionPolicyError);

/**
 * A `LogRecordProcessor` decorator that redacts each record's body and attributes (dropping keys whose class action
 * is `drop`) before handing it to `next`. `eventName` and `severityText` are scanned with the secret detectors only
 * and change only where one finds something; so are the instrumentation scope's name, version and schema URL, and its
 * attributes are redacted like the record's (once per scope object). It never throws from `onEmit`.
 *
 * @example
 * const provider = new LoggerProvider({
 *   processors: [new RedactionProcessor({ next: new BatchLogRecordProcessor({ exporter }) })],
 * });
 */
export class RedactionProcessor implements LogRecordProcessor {
  readonly #next: LogRecordProcessor | undefined;
  readonly #redactor: RecordRedactor;
  readonly #metrics: RedactionMetrics;
  readonly #onError: 'mask-record' | 'drop-record' | 'pass-through';
  readonly #summary: 'silent' | 'info' | 'debug';
  readonly #report = createReport();
  readonly #snapshots: LogRecordSnapshotter;
  /** Redacted copies of instrumentation scopes, one per scope object (a redacted copy maps to itself). */
  readonly #scopes = new WeakMap<object, Scope>();

  constructor(options: RedactionProcessorOptions = {}) {
    const o = read.object('options', options, OPTION_FIELDS) as RedactionProcessorOptions;
    if (o.next !== undefined && typeof (o.next as Partial<LogRecordProcessor>).onEmit !== 'function') {
      read.fail('options.next', 'must be a LogRecordProcessor');
    }
    this.#onError = read.oneOf('options.onError', o.onError, ON_ERROR, 'mask-record');
    this.#summary = read.oneOf('options.summary', o.summary, SUMMARY, 'silent');
    this.#snapshots = new LogRecordSnapshotter(o.snapshot, 'options.snapshot', read);
    this.#next = o.next;
    this.#redactor = createRedactor(o.policy);
    this.#metrics = new RedactionMetrics(o.meterProvider);
  }

  /** Cumulative counts since construction (per detector/action, budget events, errors). */
  stats(): RedactionStats {
    return structuredClone(this.#metrics.stats);
  }

  onEmit(logRecord: ReadWriteLogRecord, context?: Context): void {
    // Read the caller's objects once, before scanning: a getter must not show redaction one value and the exporter
    // another. Never throws (unreadable values become markers).
    this.#snapshots.take(logRecord);
    let forward = true;
    try {
      this.#redact(logRecord);
    } catch {
      forward = this.#handleFailure(logRecord);
    }
    if (!forward || this.#next === undefined) return;
    try {
      this.#next.onEmit(logRecord, context);
    } catch {
      this.#metrics.failure('next', 'swallowed');
    }
  }

  #redact(record: ReadWriteLogRecord): void {
    // One report reused across records: onEmit is synchronous and the report is consumed before `next` runs.
    const report = this.#report;
    report.findings.clear();
    report.budget.clear();
    report.errors = 0;
    const attrs = record.attributes as Record<string, unknown>;
    const out = this.#redactor.redactRecord(record.body, attrs, report);
    if (out.body !== record.body) record.setBody(out.body);
    // Short labels, read by routing and rules downstream: only a secret detector's finding changes them.
    const eventName = record.eventName;
    if (typeof eventName === 'string') {
      const redacted = this.#redactor.redactLabel(eventName, report);
      if (redacted !== eventName) record.setEventName(redacted);
    }
    const severityText = record.severityText;
    if (typeof severityText === 'string') {
      const redacted = this.#redactor.redactLabel(severityText, report);
      if (redacted !== severityText) record.setSeverityText(redacted);
    }
    this.#redactScope(record, report);
    const changed: string[] = [];
    if (out.attributes !== attrs) {
      // The attribute object is mutable although the property is readonly; there is no removal API
      // (docs/design/otel-sdk-notes.md#attributes).
      for (const k of Object.keys(attrs)) {
        if (!Object.hasOwn(out.attributes, k)) {
          delete attrs[k];
          // A key that held a secret is listed under its redacted name below, never under its own.
          if (this.#summary === 'debug' && this.#redactor.keyName(k) !== k) continue;
        } else if (out.attributes[k] !== attrs[k]) attrs[k] = out.attributes[k];
        else continue;
        changed.push(k);
      }
      // Keys that held a secret come back under their redacted name (the original key was deleted above).
      for (const k of Object.keys(out.attributes)) {
        if (Object.hasOwn(attrs, k)) continue;
        attrs[k] = out.attributes[k];
        changed.push(k);
      }
    }
    this.#metrics.record(report);
    if (this.#summary !== 'silent' && (report.findings.size > 0 || report.budget.size > 0 || report.errors > 0)) {
      const parts = [...report.findings].map(([k, n]) => `${k}=${n}`);
      for (const [k, n] of report.budget) parts.push(`budget.${k}=${n}`);
      if (report.errors > 0) parts.push(`errors=${report.errors}`);
      attrs[SUMMARY_ATTRIBUTE] = parts.sort().join(',');
      if (this.#summary === 'debug' && changed.length > 0) attrs['seclog.redaction.keys'] = changed.sort().join(',');
    }
  }

  /**
   * The scope of `getLogger(name, version, { attributes, schemaUrl })` is exported with every record of that logger,
   * so a secret a caller put there would reach the archive on each of them. Its attributes are redacted like record
   * attributes, its name, version and schema URL like labels — once per scope object: records of one logger share it,
   * and the OTLP encoders group records by its identity, so they must keep sharing the redacted copy.
   */
  #redactScope(record: ReadWriteLogRecord, report: RedactionReport): void {
    const scope: unknown = record.instrumentationScope;
    if (typeof scope !== 'object' || scope === null) return;
    let redacted = this.#scopes.get(scope);
    if (redacted === undefined) {
      redacted = this.#redactedScope(scope as Scope, report);
      this.#scopes.set(scope, redacted);
      this.#scopes.set(redacted, redacted);
    }
    if (redacted !== scope) setScope(record, redacted);
  }

  #redactedScope(scope: Scope, report: RedactionReport): Scope {
    const label = (v: unknown) => (typeof v === 'string' ? this.#redactor.redactLabel(v, report) : v);
    const attributes = (scope as { attributes?: unknown }).attributes;
    const out = {
      ...scope,
      name: label(scope.name) as string,
      ...(scope.version !== undefined ? { version: label(scope.version) as string } : {}),
      ...(scope.schemaUrl !== undefined ? { schemaUrl: label(scope.schemaUrl) as string } : {}),
      ...(typeof attributes === 'object' && attributes !== null
        ? { attributes: this.#redactor.redactAttributes(attributes as Record<string, unknown>, report) }
        : {}),
    };
    const same = (Object.keys(out) as (keyof typeof out)[]).every((k) => out[k] === scope[k as keyof Scope]);
    return same ? scope : out;
  }

  /** Applies `onError`; returns whether the record is forwarded. */
  #handleFailure(record: ReadWriteLogRecord): boolean {
    if (this.#onError === 'pass-through') {
      this.#metrics.failure('record', 'passed');
      return true;
    }
    if (this.#onError === 'drop-record' && this.#next !== undefined) {
      this.#metrics.failure('record', 'dropped');
      return false;
    }
    try {
      record.setBody(ERROR_MARKER);
      const attrs = record.attributes as Record<string, unknown>;
      for (const k of Object.keys(attrs)) attrs[k] = ERROR_MARKER;
      // The labels may not have been scanned either.
      if (record.eventName !== undefined) record.setEventName(ERROR_MARKER);
      if (record.severityText !== undefined) record.setSeverityText(ERROR_MARKER);
      // So may the scope, unless an earlier record of the same logger redacted it.
      const scope: unknown = record.instrumentationScope;
      if (typeof scope === 'object' && scope !== null) setScope(record, this.#scopes.get(scope) ?? MASKED_SCOPE);
      this.#metrics.failure('record', 'masked');
      return true;
    } catch {
      // Cannot even mask: never forward it (standalone form cannot stop later processors).
      this.#metrics.failure('record', 'dropped');
      return false;
    }
  }

  forceFlush(): Promise<void> {
    return this.#next?.forceFlush() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.#next?.shutdown() ?? Promise.resolve();
  }
}
