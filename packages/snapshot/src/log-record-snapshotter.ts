/**
 * Thin OTel adapter: applies the value snapshot to a `ReadWriteLogRecord` in `onEmit`, once per record, whichever
 * seclog processor gets there first (security-event conformance, redaction or integrity). After it, the record holds
 * only plain data, its instrumentation scope included, so the exporter never reads the caller's objects again.
 */
import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { OptionReader } from '@seclog/config';
import { plainRecordFields } from './internal/plain-record-fields.js';
import { ScopeSnapshots } from './internal/plain-scope.js';
import { DEFAULT_SNAPSHOT_LIMITS, resolveSnapshotLimits, type SnapshotLimits } from './snapshot-limits.js';
import { UNREADABLE_MARKER } from './snapshot-markers.js';
import { noChanges, type SnapshotChanges, ValueSnapshotter } from './value-snapshotter.js';

/**
 * Attribute added to a record whose snapshot had to cut, replace or leave out values (its value is how many), so a
 * reader of the record knows it is not the whole of what the application passed.
 */
export const SNAPSHOT_LOSS_ATTRIBUTE = 'seclog.snapshot.truncated';

/**
 * Marks a record as snapshotted. `Symbol.for` so that two copies of this package in one process (a duplicated
 * dependency) still recognise each other's mark instead of copying twice.
 */
const SNAPSHOT_TAKEN = Symbol.for('seclog.snapshot.taken');

/**
 * The mark holds the limits the snapshot was taken under; `true` (a record rebuilt from a snapshot elsewhere, such as
 * the pipeline worker's) stands for the defaults.
 */
type MarkedRecord = ReadWriteLogRecord & { [SNAPSHOT_TAKEN]?: SnapshotLimits | true };

/** True when the record's body and attributes are already a snapshot. */
export function isSnapshotTaken(record: ReadWriteLogRecord): boolean {
  return (record as MarkedRecord)[SNAPSHOT_TAKEN] !== undefined;
}

/**
 * Replaces a record's body and attribute values with plain data, read exactly once. Never throws.
 *
 * @example
 * const snapshots = new LogRecordSnapshotter();
 * // in a processor's onEmit, before anything reads the record:
 * snapshots.take(logRecord);
 */
export class LogRecordSnapshotter {
  readonly #limits: SnapshotLimits;
  readonly #core: ValueSnapshotter;
  readonly #scopes: ScopeSnapshots;
  #busy = false;

  /**
   * Throws `SnapshotLimitsError` (or the error of `read`, the caller's option reader) naming the field when a limit is
   * out of range.
   */
  constructor(limits?: Partial<SnapshotLimits>, field = 'snapshot', read?: OptionReader) {
    this.#limits = resolveSnapshotLimits(limits, field, read);
    this.#core = new ValueSnapshotter(this.#limits);
    this.#scopes = new ScopeSnapshots(this.#limits);
  }

  /**
   * Takes the snapshot unless one was already taken under limits at least as strict as these; returns what it changed
   * beyond copying, or `undefined` when the record was already such a snapshot. A snapshot taken under looser limits
   * (an earlier processor with the defaults, then this one configured smaller) is walked again under these, so limits
   * a caller set on any processor of the chain hold.
   */
  take(record: ReadWriteLogRecord): SnapshotChanges | undefined {
    const marked = record as MarkedRecord;
    const taken = marked[SNAPSHOT_TAKEN];
    const earlier = taken === true ? DEFAULT_SNAPSHOT_LIMITS : taken;
    if (earlier !== undefined && atLeastAsStrict(earlier, this.#limits)) return undefined;
    // A getter that logs re-enters onEmit for another record while this one is half read: give it its own walker.
    const core = this.#busy ? new ValueSnapshotter(this.#limits) : this.#core;
    const outer = !this.#busy;
    this.#busy = true;
    let changes: SnapshotChanges;
    try {
      changes = snapshotInto(record, core, earlier !== undefined);
    } catch {
      changes = failClosed(record);
    } finally {
      if (outer) this.#busy = false;
    }
    this.#scopes.takeFor(record);
    marked[SNAPSHOT_TAKEN] = earlier === undefined ? this.#limits : strictest(earlier, this.#limits);
    return changes;
  }
}

const LIMIT_NAMES = Object.keys(DEFAULT_SNAPSHOT_LIMITS) as (keyof SnapshotLimits)[];

function atLeastAsStrict(a: SnapshotLimits, b: SnapshotLimits): boolean {
  // Every processor of an unconfigured chain holds the one defaults object: no field to compare, on every record.
  return a === b || LIMIT_NAMES.every((k) => a[k] <= b[k]);
}

function strictest(a: SnapshotLimits, b: SnapshotLimits): SnapshotLimits {
  const out = {} as Record<keyof SnapshotLimits, number>;
  for (const k of LIMIT_NAMES) out[k] = Math.min(a[k], b[k]);
  return out;
}

/** `again`: the record is already a snapshot, taken under looser limits; what that one lost stays counted. */
function snapshotInto(record: ReadWriteLogRecord, core: ValueSnapshotter, again = false): SnapshotChanges {
  core.begin();
  const attrs = record.attributes as Record<string, unknown>;
  // Attributes first: they are small and what detections key on, so the budget serves them before a huge body.
  for (const k of Object.keys(attrs)) {
    const v = attrs[k];
    const key = core.key(k);
    const out = core.value(v);
    if (key !== k) {
      delete attrs[k];
      if (Object.hasOwn(attrs, key)) core.changes.duplicateKeys++;
      else attrs[key] = out;
    } else if (out !== v) {
      attrs[k] = out;
    }
  }
  const body = record.body;
  if (body !== undefined) {
    const out = core.value(body);
    if (out !== body) record.setBody(out as never);
  }
  normalizeTextField(record, 'severityText');
  normalizeTextField(record, 'eventName');
  const changes = core.changes;
  plainRecordFields(record, changes);
  const lost = changes.truncated + changes.circular + changes.unreadable + changes.duplicateKeys;
  const before = again ? attrs[SNAPSHOT_LOSS_ATTRIBUTE] : undefined;
  // Written directly: the SDK's attribute count limit must not hide the notice.
  if (lost > 0) attrs[SNAPSHOT_LOSS_ATTRIBUTE] = lost + (typeof before === 'number' ? before : 0);
  return changes;
}

/** `severityText` and `eventName` must be strings on the wire; anything else is turned into its text once. */
function normalizeTextField(record: ReadWriteLogRecord, field: 'severityText' | 'eventName'): void {
  const v: unknown = record[field];
  if (v === undefined || typeof v === 'string') return;
  let text: string | undefined;
  try {
    text = String(v).toWellFormed();
  } catch {
    text = UNREADABLE_MARKER;
  }
  if (field === 'severityText') record.setSeverityText(text);
  else record.setEventName(text);
}

/** Last resort when the walk itself failed: nothing of the caller's objects may reach the exporter. */
function failClosed(record: ReadWriteLogRecord): SnapshotChanges {
  const changes = noChanges();
  changes.unreadable = 1;
  plainRecordFields(record, changes);
  try {
    record.setBody(UNREADABLE_MARKER);
    const attrs = record.attributes as Record<string, unknown>;
    for (const k of Object.keys(attrs)) {
      const v = attrs[k];
      if (typeof v === 'object' && v !== null) attrs[k] = UNREADABLE_MARKER;
    }
    attrs[SNAPSHOT_LOSS_ATTRIBUTE] = 1;
  } catch {
    // Nothing more can be done without throwing into logger.emit().
  }
  return changes;
}
