/**
 * Private copy of a record body. The SDK stores `body` by reference and the batch queue holds the live record, so an
 * application that mutates its object after `emit()` would change what is exported after it was sealed (otel-sdk.md
 * §4.3.4). The processor replaces object bodies with this copy, which nobody else references.
 */
import { OLCF1_MAX_DEPTH } from '../canonical/tuple.js';

/**
 * Deep copy of an AnyValue as the exporter sees it: arrays, `Uint8Array` (copied), and other objects as plain
 * objects of their own enumerable keys. Call only on values that canonicalized successfully (no cycles, depth ≤ 128).
 */
export function snapshotBody(value: unknown): unknown {
  return copy(value, 0);
}

function copy(v: unknown, depth: number): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (depth >= OLCF1_MAX_DEPTH) throw new RangeError('body too deep to snapshot');
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i], depth + 1);
    return out;
  }
  // A null prototype keeps an own "__proto__" key an ordinary property, as it was in the source.
  const out: Record<string, unknown> = Object.create(null);
  const src = v as Record<string, unknown>;
  for (const k of Object.keys(src)) out[k] = copy(src[k], depth + 1);
  return out;
}
