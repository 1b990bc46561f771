import type { Action } from '../types.js';
import { type Finding, isAlnum } from './detector.js';

/** How a remembered value was rendered, so that its copies render alike (shared by all values of one key class). */
export interface RenderTemplate {
  readonly detector: string;
  readonly label: string;
  readonly valueType: string;
  readonly priority: number;
  readonly action: Action;
}

/** A value already found in the record. */
export interface RememberedValue {
  readonly value: string;
  readonly render: RenderTemplate;
  /** The spellings searched for: the value, `+` for spaces (form encoding), JSON-escaped (built on first use). */
  spellings: readonly string[] | null;
}

/** Shorter values are not remembered: `pwd=x` must not redact every `x` later in the record. */
export const MIN_REMEMBERED_LENGTH = 6;
/** Longer values are not remembered (their copies are found by their own shape, or they are blobs). */
const MAX_REMEMBERED_LENGTH = 512;
/** Values remembered per record (bounded work: each later string is searched once per value). */
const MAX_REMEMBERED = 32;

/** Whether JSON.stringify escapes a character of `value`: `"`, `\\` or a control character. */
function needsJsonEscape(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92) return true;
  }
  return false;
}

function spellingsOf(value: string): readonly string[] {
  const out = [value];
  if (value.includes(' ')) out.push(value.replaceAll(' ', '+'));
  if (needsJsonEscape(value)) out.push(JSON.stringify(value).slice(1, -1));
  return out;
}

const NONE: readonly RememberedValue[] = [];

/**
 * The secrets and PII values found so far in one record (body and attributes share it). Every later string — and
 * the rest of the string a value was found in — is searched for those values in their decoded view (so
 * `%40`, `\u0040`, `\x40` copies match) and in their `+`-for-space and JSON-escaped spellings; each occurrence is
 * redacted like the first. Lives for one record only.
 */
export class RecordMemory {
  /** The values in the order found (a one-element array until a second one comes: most records have one). */
  values: readonly RememberedValue[] = NONE;
  /** Length of the shortest remembered value: shorter strings cannot contain any. */
  #shortest = Number.POSITIVE_INFINITY;

  /** Remembers a (decoded) value rendered as `render` says; ignores short, long and repeated values. */
  remember(value: string, render: RenderTemplate): void {
    if (value.length < MIN_REMEMBERED_LENGTH || value.length > MAX_REMEMBERED_LENGTH) return;
    if (this.values.length >= MAX_REMEMBERED || this.values.some((v) => v.value === value)) return;
    this.#shortest = Math.min(this.#shortest, value.length);
    const v: RememberedValue = { value, render, spellings: null };
    this.values = this.values.length === 0 ? [v] : [...this.values, v];
  }

  /** Whether `text` is long enough to contain a remembered value (checked before any search). */
  fits(text: string): boolean {
    return text.length >= this.#shortest;
  }

  /** Whether `text` contains any spelling of a remembered value (a cheap pre-check for short strings: keys). */
  occursIn(text: string): boolean {
    if (text.length < this.#shortest) return false;
    for (const v of this.values) {
      v.spellings ??= spellingsOf(v.value);
      for (const s of v.spellings) if (text.includes(s)) return true;
    }
    return false;
  }

  /**
   * Findings (in `text` coordinates) for every standalone occurrence of the values `[from, to)` in `text`: not
   * joined to a letter or digit on either side, so `hunter2` is not cut out of `hunter23`. With `clear` false only
   * the other spellings are searched (a string's own values: its clear copies are not re-searched).
   */
  find(text: string, out: Finding[], limit: number, from = 0, to = this.values.length, clear = true): void {
    if (text.length < this.#shortest) return;
    // Markers of the other spellings, looked up once per call (-1: not looked up yet, 0: absent, 1: present).
    let plus = -1;
    let backslash = -1;
    for (let k = from; k < to; k++) {
      const v = this.values[k] as RememberedValue;
      v.spellings ??= spellingsOf(v.value);
      for (let n = clear ? 0 : 1; n < v.spellings.length; n++) {
        const s = v.spellings[n] as string;
        // Another spelling of this string's own value needs its marker (`+` or `\`) somewhere in the string.
        if (!clear) {
          if (s.includes('\\')) {
            if (backslash < 0) backslash = text.includes('\\') ? 1 : 0;
            if (backslash === 0) continue;
          } else {
            if (plus < 0) plus = text.includes('+') ? 1 : 0;
            if (plus === 0) continue;
          }
        }
        for (let i = text.indexOf(s); i >= 0 && out.length <= limit; i = text.indexOf(s, i + s.length)) {
          const end = i + s.length;
          if (i > 0 && isAlnum(text.charCodeAt(i - 1)) && isAlnum(s.charCodeAt(0))) continue;
          if (end < text.length && isAlnum(text.charCodeAt(end)) && isAlnum(s.charCodeAt(s.length - 1))) continue;
          const r = v.render;
          out.push({
            start: i,
            end,
            detector: r.detector,
            label: r.label,
            valueType: r.valueType,
            priority: r.priority,
            action: r.action,
            remembered: v.value,
          });
        }
      }
    }
  }
}

/**
 * Where a record keeps its memory: most records remember at most one value (a classified password, an
 * Authorization header) and never meet a string that could repeat it, so the first value waits in two fields and
 * the memory is built only when a second value comes or a search needs it (no allocation on the common path).
 */
export interface MemoryHolder {
  memory: RecordMemory | null;
  pendingValue: string | null;
  pendingRender: RenderTemplate | null;
}

/** Remembers `value` in the holder's record memory (see `RecordMemory.remember`). */
export function rememberIn(holder: MemoryHolder, value: string, render: RenderTemplate): void {
  if (holder.memory === null && holder.pendingValue === null) {
    if (value.length < MIN_REMEMBERED_LENGTH || value.length > MAX_REMEMBERED_LENGTH) return;
    holder.pendingValue = value;
    holder.pendingRender = render;
    return;
  }
  memoryOf(holder)?.remember(value, render);
}

/** The holder's record memory, built from a pending value if needed; null when nothing was remembered. */
export function memoryOf(holder: MemoryHolder): RecordMemory | null {
  if (holder.memory === null && holder.pendingValue !== null) {
    const m = new RecordMemory();
    m.remember(holder.pendingValue, holder.pendingRender as RenderTemplate);
    holder.memory = m;
    holder.pendingValue = null;
    holder.pendingRender = null;
  }
  return holder.memory;
}
