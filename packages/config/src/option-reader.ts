/**
 * Small readers for option objects: each takes the field's full path and its value, returns the value with its
 * default applied, or throws the package's error naming the path. Unknown keys are refused with a suggestion, so a
 * typo (`maxQueSize`) fails at start-up instead of being silently ignored.
 */
import { type ConfigErrorClass, SeclogConfigError } from './config-error.js';
import { closestName } from './suggest.js';

/** Bounds and default of an integer option. */
export interface IntegerRule {
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
}

/** The readers bound to one component and its error class. */
export interface OptionReader {
  /** Throws the component's error for `field`. */
  fail(field: string, problem: string): never;
  /** A plain object (absent → `{}`), whose keys must all be in `known`. */
  object(field: string, value: unknown, known: readonly string[]): Record<string, unknown>;
  integer(field: string, value: unknown, rule: IntegerRule): number;
  boolean(field: string, value: unknown, fallback: boolean): boolean;
  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T): T;
  /** A non-empty string, or the fallback when absent. */
  string(field: string, value: unknown, fallback: string): string;
  /** A function, or undefined when absent. */
  optionalFunction<F>(field: string, value: unknown): F | undefined;
}

/**
 * Readers for one component.
 *
 * @example
 * const read = optionReader('IntegrityProcessor', IntegrityConfigError);
 * const o = read.object('options', options, ['exporter', 'delivery']);
 * const size = read.integer('delivery.maxQueueSize', d.maxQueueSize, { min: 1, max: 1e7, fallback: 8192 });
 */
export function optionReader(component: string, ErrorClass: ConfigErrorClass = SeclogConfigError): OptionReader {
  const fail = (field: string, problem: string): never => {
    throw new ErrorClass(component, field, problem);
  };
  return {
    fail,
    object(field, value, known) {
      if (value === undefined) return {};
      if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(field, 'must be an object');
      const o = value as Record<string, unknown>;
      for (const key of Object.keys(o))
        if (!known.includes(key)) fail(unknownKeyField(field, key), unknownKeyProblem(key, known));
      return o;
    },
    integer(field, value, { min, max, fallback }) {
      if (value === undefined) return fallback;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        fail(field, `must be an integer from ${min} to ${max}`);
      }
      return value as number;
    },
    boolean(field, value, fallback) {
      if (value === undefined) return fallback;
      if (typeof value !== 'boolean') fail(field, 'must be true or false');
      return value as boolean;
    },
    oneOf(field, value, allowed, fallback) {
      if (value === undefined) return fallback;
      if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
        fail(field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
      }
      return value as (typeof allowed)[number];
    },
    string(field, value, fallback) {
      if (value === undefined) return fallback;
      if (typeof value !== 'string' || value === '') fail(field, 'must be a non-empty string');
      return value as string;
    },
    optionalFunction<F>(field: string, value: unknown): F | undefined {
      if (value === undefined) return undefined;
      if (typeof value !== 'function') fail(field, 'must be a function');
      return value as F;
    },
  };
}

/** The path of an unknown key, repeated only when the key is shaped like an option name (it may be a pasted secret). */
function unknownKeyField(parent: string, key: string): string {
  return /^[A-Za-z][\w-]{0,40}$/.test(key) ? `${parent}.${key}` : parent;
}

function unknownKeyProblem(key: string, known: readonly string[]): string {
  if (!/^[A-Za-z][\w-]{0,40}$/.test(key)) return 'has a field that is not a known option (not repeated here)';
  const suggestion = closestName(key, known);
  return `is not a known option${suggestion ? ` (did you mean ${suggestion}?)` : ''}; known: ${known.join(', ')}`;
}
