/**
 * A logger provider whose `emit()` never throws. The SDK's `Logger.emit` validates and copies attribute values
 * before any processor runs, and a getter or Proxy trap that throws there escapes into the application's
 * `logger.emit()` (and reads every getter twice: once to validate, once to copy). This wrapper hands the SDK a
 * plain-data snapshot of the attributes instead, read once; a record that still cannot be built becomes an explicit
 * `[UNREADABLE]` record rather than an exception or a silent loss.
 */
import type { Logger, LoggerProvider, LogRecord } from '@opentelemetry/api';
import { SNAPSHOT_LOSS_ATTRIBUTE } from './log-record-snapshotter.js';
import { DEFAULT_SNAPSHOT_LIMITS, type SnapshotLimits } from './snapshot-limits.js';
import { UNREADABLE_MARKER } from './snapshot-markers.js';
import { ValueSnapshotter } from './value-snapshotter.js';

/** The SDK provider methods the wrapper passes through. */
interface FlushableProvider extends LoggerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** A `LoggerProvider` whose loggers never throw from `emit()`; `forceFlush`/`shutdown` reach the wrapped provider. */
export interface SafeLoggerProvider extends FlushableProvider {
  /** Records whose own fields could not be read; each was replaced by an `[UNREADABLE]` record. */
  readonly unreadableRecords: number;
}

/**
 * Wraps an SDK `LoggerProvider` so that application code, bridges (pino, winston) and seclog's own builders can never
 * have `emit()` throw at them.
 *
 * @example
 * const provider = safeLoggerProvider(new LoggerProvider({ processors }));
 * provider.getLogger('app').emit({ attributes: { get x() { throw new Error('boom'); } } }); // no exception
 */
export function safeLoggerProvider(
  provider: FlushableProvider,
  limits: SnapshotLimits = DEFAULT_SNAPSHOT_LIMITS,
): SafeLoggerProvider {
  const state = { unreadableRecords: 0, core: new ValueSnapshotter(limits), busy: false };
  const loggers = new WeakMap<Logger, Logger>();
  const wrap = (inner: Logger): Logger => {
    const known = loggers.get(inner);
    if (known) return known;
    const safe: Logger = {
      emit: (record: LogRecord) => emitSafely(inner, record, limits, state),
      enabled: (options) => inner.enabled(options),
    };
    loggers.set(inner, safe);
    return safe;
  };
  return {
    getLogger: (name, version, options) => wrap(provider.getLogger(name, version, options)),
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
    get unreadableRecords() {
      return state.unreadableRecords;
    },
  };
}

interface EmitState {
  unreadableRecords: number;
  readonly core: ValueSnapshotter;
  busy: boolean;
}

function emitSafely(inner: Logger, record: LogRecord, limits: SnapshotLimits, state: EmitState) {
  try {
    // A getter that logs re-enters emit while this record is half read: it gets a walker of its own.
    const outer = !state.busy;
    const core = outer ? state.core : new ValueSnapshotter(limits);
    state.busy = true;
    let safe: LogRecord;
    try {
      safe = withPlainAttributes(record, core);
    } finally {
      if (outer) state.busy = false;
    }
    inner.emit(safe);
  } catch {
    state.unreadableRecords++;
    try {
      // Keep the trace of the attempt: a record that vanished would be a silent loss.
      inner.emit({ body: UNREADABLE_MARKER, attributes: { [SNAPSHOT_LOSS_ATTRIBUTE]: 1 } });
    } catch {
      // The pipeline itself refuses records (shut down): nothing more can be done without throwing.
    }
  }
}

/** The record with its attributes replaced by a snapshot (read once, plain data); other fields as given. */
function withPlainAttributes(record: LogRecord, core: ValueSnapshotter): LogRecord {
  const attributes = record.attributes;
  if (attributes === undefined || attributes === null) return record;
  core.begin();
  // Null prototype: an attribute named "__proto__" stays an ordinary key instead of replacing the prototype.
  const plain: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(attributes)) {
    // A throwing getter or trap reads as [UNREADABLE] for that key only (inside the snapshotter).
    let value: unknown;
    try {
      value = (attributes as Record<string, unknown>)[key];
    } catch {
      value = UNREADABLE_MARKER;
    }
    if (value !== undefined) plain[core.key(key)] = core.value(value);
  }
  return { ...record, attributes: plain as LogRecord['attributes'] };
}
