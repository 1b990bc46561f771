import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Random bytes are drawn in blocks: one `randomFillSync` per 512 ids instead of one per id. */
const POOL = new Uint8Array(10 * 512);
let poolOffset = POOL.length;
const bytes = new Uint8Array(16);
let lastMs = -1;
let counter = 0;

function nextRandom(): number {
  if (poolOffset + 10 > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const at = poolOffset;
  poolOffset += 10;
  return at;
}

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
  const r = nextRandom();
  if (ms === lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      // Counter exhausted inside one millisecond: borrow the next millisecond to stay ordered.
      ms += 1;
      counter = (POOL[r]! & 0x07) << 8;
    }
  } else {
    // Seed with the high bit clear so there is room to count up within the millisecond.
    counter = ((POOL[r]! & 0x07) << 8) | POOL[r + 1]!;
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
  bytes[8] = 0x80 | (POOL[r + 2]! & 0x3f);
  for (let i = 9; i < 16; i++) bytes[i] = POOL[r + i - 6]!;
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[bytes[i]!];
  }
  return out;
}
