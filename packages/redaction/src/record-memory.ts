import { type Finding, isAlnum } from './detector.js';
import type { Action } from './types.js';

/** A value already found in the record, and how it was rendered (so later copies render alike). */
export interface RememberedValue {
  readonly value: string;
  readonly detector: string;
  readonly label: string;
  readonly valueType: string;
  readonly priority: number;
  readonly action: Action;
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

/**
 * The secrets and PII values found so far in one record (body and attributes share it). Every later string — and
 * the rest of the string a value was found in — is searched for those values in their decoded view (so
 * `%40`, `\u0040`, `\x40` copies match) and in their `+`-for-space and JSON-escaped spellings; each occurrence is
 * redacted like the first. Lives for one record only.
 */
export class RecordMemory {
  readonly values: RememberedValue[] = [];
  /** Length of the shortest remembered value: shorter strings cannot contain any. */
  #shortest = Number.POSITIVE_INFINITY;

  /** Remembers the (decoded) value of a finding rendered with `action`; ignores short, long and repeated values. */
  remember(value: string, f: Pick<Finding, 'detector' | 'label' | 'valueType' | 'priority'>, action: Action): void {
    if (value.length < MIN_REMEMBERED_LENGTH || value.length > MAX_REMEMBERED_LENGTH) return;
    if (this.values.length >= MAX_REMEMBERED || this.values.some((v) => v.value === value)) return;
    this.#shortest = Math.min(this.#shortest, value.length);
    this.values.push({
      value,
      detector: f.detector,
      label: f.label,
      valueType: f.valueType,
      priority: f.priority,
      action,
      spellings: null,
    });
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
    for (let k = from; k < to; k++) {
      const v = this.values[k] as RememberedValue;
      v.spellings ??= spellingsOf(v.value);
      for (let n = clear ? 0 : 1; n < v.spellings.length; n++) {
        const s = v.spellings[n] as string;
        for (let i = text.indexOf(s); i >= 0 && out.length <= limit; i = text.indexOf(s, i + s.length)) {
          const end = i + s.length;
          if (i > 0 && isAlnum(text.charCodeAt(i - 1)) && isAlnum(s.charCodeAt(0))) continue;
          if (end < text.length && isAlnum(text.charCodeAt(end)) && isAlnum(s.charCodeAt(s.length - 1))) continue;
          out.push({
            start: i,
            end,
            detector: v.detector,
            label: v.label,
            valueType: v.valueType,
            priority: v.priority,
            action: v.action,
            remembered: v.value,
          });
        }
      }
    }
  }
}
