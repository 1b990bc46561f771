import { type OptionReader, optionReader, SeclogConfigError } from '@seclog/config';

/**
 * Bounds of one record's snapshot. They cap the work done inside `logger.emit()` and the size of what is sealed and
 * exported, so no single record can exhaust the producer, the exporter or a verifier's memory.
 */

/** Limits applied to one record (body and attributes together). */
export interface SnapshotLimits {
  /** Nesting of arrays and maps; a container deeper than this becomes the marker `[TRUNCATED:depth]`. */
  readonly maxDepth: number;
  /** Values (scalars, containers and map keys) per record; past it arrays and maps end with a truncation marker. */
  readonly maxValues: number;
  /** UTF-16 code units per string (bytes per byte array); longer ones are cut and marked. */
  readonly maxStringLength: number;
  /** String code units plus bytes per record, all values together. */
  readonly maxTotalLength: number;
}

/**
 * Defaults: generous for real log records, small enough that the canonical form of the worst record stays a few MiB.
 * Depth 64 stays below the OLCF-1 cap of 128, so a snapshot always canonicalizes.
 */
export const DEFAULT_SNAPSHOT_LIMITS: SnapshotLimits = Object.freeze({
  maxDepth: 64,
  maxValues: 50_000,
  maxStringLength: 1 << 20,
  maxTotalLength: 8 << 20,
});

/** Range of each limit: what a caller may configure. */
const LIMIT_RANGES: Readonly<Record<keyof SnapshotLimits, readonly [number, number]>> = {
  maxDepth: [1, 100],
  maxValues: [16, 1_000_000],
  maxStringLength: [64, 64 << 20],
  maxTotalLength: [64, 256 << 20],
};

/** A snapshot limit that is out of range or not an integer; the message names the field. */
export class SnapshotLimitsError extends SeclogConfigError {
  override readonly name = 'SnapshotLimitsError';
}

/**
 * Validates partial limits and fills in the defaults. `field` is the path of the limits in the caller's options, and
 * `read` the caller's reader, so errors carry the caller's class and the full path (`snapshot.maxDepth`).
 */
export function resolveSnapshotLimits(
  input: Partial<SnapshotLimits> | undefined,
  field = 'limits',
  read: OptionReader = optionReader('@seclog/snapshot', SnapshotLimitsError),
): SnapshotLimits {
  if (input === undefined) return DEFAULT_SNAPSHOT_LIMITS;
  const names = Object.keys(LIMIT_RANGES) as (keyof SnapshotLimits)[];
  const o = read.object(field, input, names);
  const out = {} as Record<keyof SnapshotLimits, number>;
  for (const name of names) {
    const [min, max] = LIMIT_RANGES[name];
    out[name] = read.integer(`${field}.${name}`, o[name], { min, max, fallback: DEFAULT_SNAPSHOT_LIMITS[name] });
  }
  return Object.freeze(out);
}
