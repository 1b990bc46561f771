/**
 * A string's UTF-16 code units in a reusable typed array, copied by one native call. The character passes of the
 * scanner read every code unit of every string; `charCodeAt` in a loop dispatches on the string's representation
 * (sliced, concatenated, one- or two-byte) at every character and costs several times an array read, while the copy
 * is a memcpy-speed widening. The array is shared: valid until the next call, never kept by a caller.
 */

/** Scratch arrays up to this many code units (the default scan limit with its overlap) are kept; larger are used once. */
const MAX_KEPT_UNITS = 1 << 17;

/** Below this length the fixed cost of the native call (argument checks, encoding lookup) outweighs its gain. */
const NATIVE_MIN_UNITS = 64;

/** `Buffer#write` writes little-endian units: read back through a `Uint16Array` only on a little-endian host. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let units = new Uint16Array(4096);
let bytes = Buffer.from(units.buffer);

/**
 * The code units of `text` in `[0, text.length)` of the returned array (shared scratch: read it before the next
 * call), or `null` for a string too short to repay the copy (read it with `charCodeAt`).
 */
export function codeUnitsOf(text: string): Uint16Array | null {
  const n = text.length;
  if (n < NATIVE_MIN_UNITS || !LITTLE_ENDIAN) return null;
  let into = units;
  let view = bytes;
  if (n > into.length) {
    into = new Uint16Array(Math.max(n, into.length * 2));
    view = Buffer.from(into.buffer);
    if (into.length <= MAX_KEPT_UNITS) {
      units = into;
      bytes = view;
    }
  }
  view.write(text, 0, n * 2, 'utf16le');
  return into;
}
