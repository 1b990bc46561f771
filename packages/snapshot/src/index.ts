export { isSnapshotTaken, LogRecordSnapshotter, SNAPSHOT_LOSS_ATTRIBUTE } from './log-record-snapshotter.js';
export { type SafeLoggerProvider, safeLoggerProvider } from './safe-logger-provider.js';
export {
  DEFAULT_SNAPSHOT_LIMITS,
  resolveSnapshotLimits,
  type SnapshotLimits,
  SnapshotLimitsError,
} from './snapshot-limits.js';
export {
  CIRCULAR_MARKER,
  DEPTH_MARKER,
  OMITTED_KEYS_KEY,
  UNREADABLE_MARKER,
} from './snapshot-markers.js';
export { hasChanges, type PlainValue, type SnapshotChanges, ValueSnapshotter } from './value-snapshotter.js';
