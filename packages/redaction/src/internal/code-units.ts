/**
 * A string's UTF-16 code units in a reusable typed array, copied by one native call. The character passes of the
 * scanner read every code unit of every string; `charCodeAt` in a loop dispatches on the string's representation
 * (sliced, concatenated, one- or two-byte) at every character and costs several times an array read, while the copy
 * is a memcpy-speed widening. The array is shared: valid until the next call, never kept by a caller.
 */

/**
 * The scratch array grows to the longest string copied and is kept, up to this many code units (4 MB): with the
 * default scan limit it stays near 150 KB, and only raised limits make it larger. Longer strings are read with
 * `charCodeAt` rather than copied into a one-off array, whose allocation and collection cost about what it saves.
 */
const MAX_UNITS = 1 << 21;

/**
 * Below this length the fixed cost of the native call (argument checks, encoding lookup) outweighs its gain: in the
 * full pipeline, W3's ~110-character bodies ran ~10% slower copied than read with `charCodeAt`.
 */
const NATIVE_MIN_UNITS = 256;

/** `Buffer#write` writes little-endian units: read back through a `Uint16Array` only on a little-endian host. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let units = new Uint16Array(4096);
let bytes = Buffer.from(units.buffer);

/**
 * The code units of `text` in `[0, text.length)` of the returned array (shared scratch: read it before the next
 * call), or `null` for a string too short to repay the copy or too long to copy (read it with `charCodeAt`).
 */
export function codeUnitsOf(text: string): Uint16Array | null {
  const n = text.length;
  if (n < NATIVE_MIN_UNITS || n > MAX_UNITS || !LITTLE_ENDIAN) return null;
  if (n > units.length) {
    units = new Uint16Array(Math.min(MAX_UNITS, Math.max(n, units.length * 2)));
    bytes = Buffer.from(units.buffer);
  }
  bytes.write(text, 0, n * 2, 'utf16le');
  return units;
}
