import { randomFillSync } from 'node:crypto';

const bytes = new Uint8Array(16);
let lastMs = -1;
let counter = 0;

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then a 12-bit counter (randomly seeded each millisecond, method 1)
 * and 62 random bits. Ids from one process sort in creation order, also within one millisecond.
 *
 * @example
 * ```ts
 * uuidV7(); // '019ab2c4-5e6f-7a01-9c3d-2e4f5a6b7c8d'
 * ```
 */
export function uuidV7(nowMs: number = Date.now()): string {
  let ms = Math.max(Math.floor(nowMs), lastMs);
  randomFillSync(bytes);
  if (ms === lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      // Counter exhausted inside one millisecond: borrow the next millisecond to stay ordered.
      ms += 1;
      counter = (bytes[6]! & 0x07) << 8;
    }
  } else {
    // Seed with the high bit clear so there is room to count up within the millisecond.
    counter = ((bytes[6]! & 0x07) << 8) | bytes[7]!;
  }
  lastMs = ms;
  const hi = Math.floor(ms / 0x1_0000_0000);
  const lo = ms >>> 0;
  bytes[0] = (hi >>> 8) & 0xff;
  bytes[1] = hi & 0xff;
  bytes[2] = (lo >>> 24) & 0xff;
  bytes[3] = (lo >>> 16) & 0xff;
  bytes[4] = (lo >>> 8) & 0xff;
  bytes[5] = lo & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
