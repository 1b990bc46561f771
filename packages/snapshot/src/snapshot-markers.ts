/**
 * Strings that stand in for what a snapshot could not or would not copy. They are ordinary string values, so the
 * record stays valid OTLP and seals like any other; a reader sees at a glance what happened and where.
 */

/** A container nested deeper than `maxDepth`. */
export const DEPTH_MARKER = '[TRUNCATED:depth]';
/** A value that refers back to one of its own ancestors. */
export const CIRCULAR_MARKER = '[CIRCULAR]';
/** A value whose reading threw (a getter, a Proxy trap, a revoked Proxy). The error itself is never copied. */
export const UNREADABLE_MARKER = '[UNREADABLE]';
/** Map key that replaces the keys left out once the value budget is spent; its value is how many were left out. */
export const OMITTED_KEYS_KEY = '[TRUNCATED]';

/** Last element of an array cut at the value budget. */
export function omittedItemsMarker(count: number): string {
  return `[TRUNCATED:${count} more]`;
}

/** Suffix of a string (or the replacement of a byte array) cut at the length limits. */
export function cutLengthMarker(count: number): string {
  return `…[TRUNCATED:${count} more]`;
}
