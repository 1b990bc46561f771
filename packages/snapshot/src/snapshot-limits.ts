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
export class SnapshotLimitsError extends TypeError {
  override readonly name = 'SnapshotLimitsError';
}

/** Validates partial limits and fills in the defaults. Throws {@link SnapshotLimitsError} naming the field. */
export function resolveSnapshotLimits(input: Partial<SnapshotLimits> | undefined, field = 'limits'): SnapshotLimits {
  if (input === undefined) return DEFAULT_SNAPSHOT_LIMITS;
  if (typeof input !== 'object' || input === null) throw new SnapshotLimitsError(`${field} must be an object`);
  const out: Record<string, number> = { ...DEFAULT_SNAPSHOT_LIMITS };
  for (const key of Object.keys(input)) {
    const range = LIMIT_RANGES[key as keyof SnapshotLimits];
    if (range === undefined) throw new SnapshotLimitsError(`${field}.${key} is not a snapshot limit`);
    const v = (input as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < range[0] || v > range[1]) {
      throw new SnapshotLimitsError(`${field}.${key} must be an integer from ${range[0]} to ${range[1]}`);
    }
    out[key] = v;
  }
  return Object.freeze(out) as unknown as SnapshotLimits;
}
