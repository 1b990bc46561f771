/** Keys shorter than this are never scanned: no built-in detector matches fewer than 5 characters. */
export const MIN_SCANNED_KEY = 5;

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
