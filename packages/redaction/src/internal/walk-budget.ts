import type { MemoryHolder, RecordMemory, RenderTemplate } from './record-memory.js';

/** Per-record work counters (docs/design/redaction.md#limits-and-budgets) and the values found so far in the record. */
export interface WalkBudget extends MemoryHolder {
  nodes: number;
  stringBytes: number;
  /** `performance.now()` deadline of the optional per-record time budget (Infinity: none). */
  deadline: number;
  /** Values found by context in this record, searched for in every later string (see `MemoryHolder`). */
  memory: RecordMemory | null;
  pendingValue: string | null;
  pendingRender: RenderTemplate | null;
  /** Prefix of the finding counts of the string being scanned: `KEY.` while scanning a key name. */
  countPrefix: string;
}

export function newBudget(timeBudgetMs?: number): WalkBudget {
  return {
    nodes: 0,
    stringBytes: 0,
    deadline: timeBudgetMs === undefined ? Infinity : performance.now() + timeBudgetMs,
    memory: null,
    pendingValue: null,
    pendingRender: null,
    countPrefix: '',
  };
}

/** Characters scanned past a scan cut, so that a value straddling the cut is found and replaced whole. */
export const CUT_OVERLAP = 4096;

/** Characters no token shape contains: a cut right after one never splits a secret. */
function isCutDelimiter(c: number): boolean {
  return (
    c <= 32 ||
    c === 34 ||
    c === 39 ||
    c === 44 ||
    c === 59 ||
    c === 38 ||
    c === 60 ||
    c === 62 ||
    c === 40 ||
    c === 41 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    c === 124
  );
}

/**
 * Where to cut a string longer than the scan limit: at the byte limit, backed off to just after whitespace or a
 * delimiter (`"',;&<>()[]{}|`) so the token running across the limit goes whole; without one in the last
 * `CUT_OVERLAP` characters (a whitespace-free string), `CUT_OVERLAP` characters before the limit, so nothing of a
 * token up to that long survives in part. The scan itself reads `CUT_OVERLAP` characters past the limit, so a value
 * found across the cut is replaced whole.
 */
export function scanCut(value: string, maxBytes: number): number {
  let bytes = 0;
  let i = 0;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
    if (bytes + n > maxBytes) break;
    bytes += n;
    if (n === 4) i++;
  }
  const floor = Math.max(0, i - CUT_OVERLAP);
  for (let j = i; j > floor; j--) if (isCutDelimiter(value.charCodeAt(j - 1))) return j;
  return floor;
}

/** An integer of 9–19 digits (non-negative): the only numbers that can be a card number or an SSN. */
export function isPiiShapedInteger(value: number | bigint): boolean {
  if (typeof value === 'bigint') return value >= 100_000_000n && value < 10_000_000_000_000_000_000n;
  return Number.isInteger(value) && value >= 1e8 && value < 1e19;
}
