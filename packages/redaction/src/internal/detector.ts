import type { Action, DetectorCategory, KeyClass } from '../types.js';
import type { KeyClassifier } from './key-classifier.js';
import type { ShapeName } from './shape-prefilter.js';

/** One sensitive span found in a string. */
export interface Finding {
  start: number;
  end: number;
  /** Detector name (policy and metrics key), e.g. `EMAIL`. */
  detector: string;
  /** Label used in `[REDACTED:LABEL]`, e.g. `NPM_TOKEN`. */
  label: string;
  /** Lower-case HMAC domain and mask style, e.g. `email`, `card`. */
  valueType: string;
  /** 0 secret, 1 PII, 2 generic: lower wins overlaps. */
  priority: number;
  /** Overrides the detector's action (URL user → hmac; key=value → the key's class action). */
  action?: Action;
  /** For a copy of a value found earlier in the record (another spelling): the value as first found. */
  remembered?: string;
}

/** Per-string state shared by the detectors of one scan. */
export interface ScanContext {
  readonly text: string;
  /** Normalized key path of the value being scanned (`''` at top level): context words such as `ssn`, `phone`. */
  readonly path: string;
  readonly out: Finding[];
  readonly classifier: KeyClassifier;
  /** JWT header fields kept in the redaction label (`policy.jwt.keepHeaderFields`). */
  readonly keepJwtHeaderFields: readonly ('alg' | 'kid')[];
  /** Keep private, loopback and link-local IP addresses (`policy.ip.privateRanges: 'keep'`). */
  readonly keepPrivateIps: boolean;
  keyClassAction(keyClass: KeyClass): Action;
  /**
   * Scratch slot for one detector at a time: the last walked run of token characters `[runFrom, runEnd)` and the
   * object that owns it (token shapes reuse it so dense hits inside one long run walk it once).
   */
  runOwner: object | null;
  runFrom: number;
  runEnd: number;
}

/**
 * A value detector. Trigger detectors run only at hits of their case-insensitive literals (from the one prefilter
 * regex); gated detectors run their `scan` only when their cheap `gate` regex finds a candidate shape.
 * `onTrigger` may return a position up to which later hits of the same detector are redundant (bounded total work).
 */
export interface Detector<N extends string = string> {
  /** Policy and metrics key; literal, so the registry's names are the `DetectorName` type. */
  readonly name: N;
  readonly id: string;
  readonly category: DetectorCategory;
  readonly defaultAction: Action;
  readonly defaultEnabled: boolean;
  /** Lower-case literals; the prefilter folds case exactly like `/i` detector regexes do. */
  readonly triggers: readonly string[];
  /** Every regular expression the detector runs (exported for ReDoS audits). */
  readonly patterns: readonly RegExp[];
  onTrigger?(ctx: ScanContext, index: number, literal: string): number | undefined;
  /**
   * Its findings are recognisable by their own shape wherever they appear (prefixed tokens, JWTs, emails…): their
   * copies elsewhere in a record are found by the detector itself. Values of the other detectors (found by
   * context: `password=…`, headers, cookies) are remembered per record and searched for in every later string.
   */
  readonly selfEvident?: boolean;
  /** The value shape (from the one-pass shape prefilter) a string must contain before `scan` runs. */
  readonly shape?: ShapeName;
  /** Otherwise a cheap, linear regex test that must pass before `scan` runs. */
  readonly gate?: RegExp;
  /** Scans the whole string, or only candidates starting in `[from, to)` (windows from the shape prefilter). */
  scan?(ctx: ScanContext, from?: number, to?: number): void;
}

export const PRIORITY: Record<DetectorCategory, number> = { secret: 0, pii: 1, generic: 2 };

/** ASCII letter or digit. */
export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** ASCII letter, digit or `_`. */
export function isWord(c: number): boolean {
  return isAlnum(c) || c === 95;
}

/** ASCII digit. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True when `index` starts a word: the previous character is not a word character (or `-` for base64url runs). */
export function leftBoundary(text: string, index: number, alsoDash = false): boolean {
  if (index <= 0) return true;
  const c = text.charCodeAt(index - 1);
  return !(isWord(c) || (alsoDash && c === 45));
}

/** True when `end` ends a word. */
export function rightBoundary(text: string, end: number, alsoDash = false): boolean {
  if (end >= text.length) return true;
  const c = text.charCodeAt(end);
  return !(isWord(c) || (alsoDash && c === 45));
}

/** Runs a sticky regex at `index`; returns the match or null. */
export function matchAt(re: RegExp, text: string, index: number): RegExpExecArray | null {
  if (index < 0) return null;
  re.lastIndex = index;
  return re.exec(text);
}

/** Builds a finding for a detector with its defaults. */
export function finding(
  d: Pick<Detector, 'name' | 'category'>,
  start: number,
  end: number,
  label: string = d.name,
  valueType: string = label.toLowerCase(),
  action?: Action,
): Finding {
  const f: Finding = { start, end, detector: d.name, label, valueType, priority: PRIORITY[d.category] };
  if (action !== undefined) f.action = action;
  return f;
}

/** Whether position `i` continues a number: `sep` then a digit (or, for `sep` = '', a digit or alnum). */
export function continues(text: string, i: number, step: 1 | -1, seps: string): boolean {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return false;
  if (isWord(c)) return true;
  return seps.includes(text[i] as string) && isDigit(text.charCodeAt(i + step));
}

/** ASCII letter. */
export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
