/** Clean key names remembered (a wide record's keys repeat on every record); cleared when full. */
const CLEAN_CACHE_LIMIT = 4096;
/** Keys shorter than this are never scanned: no built-in detector matches fewer than 5 characters. */
export const MIN_SCANNED_KEY = 5;

/**
 * Key names found clean by a scan. Keys are data too (`{ "ghp_…": 1 }`, `{ "4111111111111111": "x" }`): they are
 * scanned with the value detectors, and a key holding a secret is written as its redacted text — the same for the
 * same key in every record, so records stay readable and comparable. Clean keys are cached by name so that the
 * keys of every record are not scanned again; no value and no dirty key is cached.
 */
export class CleanKeys {
  readonly #clean = new Set<string>();

  has(key: string): boolean {
    return this.#clean.has(key);
  }

  add(key: string): void {
    if (this.#clean.size >= CLEAN_CACHE_LIMIT) this.#clean.clear();
    this.#clean.add(key);
  }
}

/**
 * `name`, or `name#2`, `name#3`… when `target` already has it: two different secret keys that redact to the same
 * text in one map both keep their values.
 */
export function uniqueKey(target: object, name: string): string {
  if (!Object.hasOwn(target, name)) return name;
  let n = 2;
  while (Object.hasOwn(target, `${name}#${n}`)) n++;
  return `${name}#${n}`;
}
