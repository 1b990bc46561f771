/**
 * A record's instrumentation scope made plain data, once per scope object: the records of one logger share it, and
 * the OTLP encoders group records by its identity, so every record of a scope gets the same plain copy.
 *
 * Why: the SDK copies the scope attributes given to `getLogger(name, version, { attributes })` as they were, NaN,
 * ±Infinity, integers beyond 2^53 and lone surrogates included, which the JSON and protobuf encoders write differently.
 * A record sealed over them fails verification (MODIFIED: the verifier reads `null` where NaN was sealed), while the
 * pipeline worker's hand-off, which made them plain, sealed and exported another value. Nothing here throws.
 */
import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { SnapshotLimits } from '../snapshot-limits.js';
import { UNREADABLE_MARKER } from '../snapshot-markers.js';
import { type PlainValue, ValueSnapshotter } from '../value-snapshotter.js';

type Scope = ReadWriteLogRecord['instrumentationScope'];

/** The fields a scope can carry on the wire, read from whatever object the record holds. */
interface ScopeFields {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly schemaUrl?: unknown;
  readonly attributes?: unknown;
  readonly droppedAttributesCount?: unknown;
}

/** A plain scope: the fields OTLP carries, strings well-formed, attributes a snapshot. */
export interface PlainScope {
  name: string;
  version?: string;
  schemaUrl?: string;
  attributes?: { [key: string]: PlainValue };
  droppedAttributesCount?: number;
}

/** Plain copies of scopes, one per scope object (a plain copy taken again is itself). */
export class ScopeSnapshots {
  readonly #plain = new WeakMap<object, Scope>();
  readonly #limits: SnapshotLimits;
  readonly #core: ValueSnapshotter;
  #busy = false;

  constructor(limits: SnapshotLimits) {
    this.#limits = limits;
    this.#core = new ValueSnapshotter(limits);
  }

  /** The plain copy of the record's scope, set on the record. Never throws. */
  takeFor(record: ReadWriteLogRecord): void {
    try {
      const scope: unknown = record.instrumentationScope;
      if (typeof scope !== 'object' || scope === null) return;
      let plain = this.#plain.get(scope);
      if (plain === undefined) {
        // A scope of the caller's own making could log from a getter: that record gets a walker of its own.
        const outer = !this.#busy;
        this.#busy = true;
        try {
          plain = plainScope(scope as ScopeFields, outer ? this.#core : new ValueSnapshotter(this.#limits)) as Scope;
        } finally {
          if (outer) this.#busy = false;
        }
        this.#plain.set(scope, plain);
        this.#plain.set(plain, plain);
      }
      (record as { instrumentationScope: Scope }).instrumentationScope = plain;
    } catch {
      // A scope that cannot be read or replaced stays as the SDK built it (plain data from getLogger).
    }
  }
}

function plainScope(scope: ScopeFields, core: ValueSnapshotter): PlainScope {
  let out: PlainScope;
  try {
    out = { name: text(scope.name) ?? '' };
    const version = text(scope.version);
    if (version !== undefined) out.version = version;
    const schemaUrl = text(scope.schemaUrl);
    if (schemaUrl !== undefined) out.schemaUrl = schemaUrl;
    const attributes = scope.attributes;
    if (attributes !== undefined && attributes !== null) {
      core.begin();
      const value = core.value(attributes);
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)) {
        out.attributes = value;
      }
    }
    const dropped = scope.droppedAttributesCount;
    // OTLP's dropped_attributes_count is a uint32.
    if (typeof dropped === 'number' && Number.isInteger(dropped) && dropped >= 0 && dropped <= 0xffff_ffff) {
      out.droppedAttributesCount = dropped;
    }
  } catch {
    out = { name: UNREADABLE_MARKER };
  }
  return out;
}

/** A string field, well-formed (the encoders write a lone surrogate differently); other types are absent. */
function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v.toWellFormed() : undefined;
}
