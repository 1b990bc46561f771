/**
 * Pure conformance check of one security event against the catalog (no OTel imports). Used by the emitter (before
 * emitting) and by `SecurityEventProcessor` (on records from any source).
 */
import type { AttributeDefinition, EventDefinition } from '../catalog/types.js';
import { attributesByName, enumValues, eventsByName, requirementsByEvent } from './catalog-index.js';
import { isSecretKey, looksLikeSecret, MAX_STRING_LENGTH } from './secret-guard.js';

/** Stable conformance codes (documented in the README). Reported as `code` or `code:attribute`. */
export type ConformanceCode =
  | 'unknown_event'
  | 'missing_required'
  | 'invalid_type'
  | 'invalid_value'
  | 'invalid_outcome'
  | 'error_type_on_success'
  | 'invalid_error_type'
  | 'fixed_value'
  | 'unknown_attribute'
  | 'secret_attribute'
  | 'secret_value'
  | 'unsupported_value'
  | 'value_too_long';

/** One violation. */
export interface ConformanceIssue {
  readonly code: ConformanceCode;
  readonly attribute?: string;
}

/** Result of {@link checkSecurityEvent}. */
export interface ConformanceReport {
  readonly event: EventDefinition | undefined;
  readonly issues: readonly ConformanceIssue[];
  /** Attribute keys that must not be emitted (secret-class or secret-looking). */
  readonly dropKeys: readonly string[];
  /** Attributes over {@link MAX_STRING_LENGTH} characters or {@link MAX_ARRAY_LENGTH} members (to cut with {@link boundValue}). */
  readonly truncateKeys: readonly string[];
}

/** Options of {@link checkSecurityEvent}. */
export interface CheckOptions {
  /** Report attributes that are not in the catalog (`unknown_attribute`). Default true. */
  readonly reportUnknownAttributes?: boolean;
}

/** Most issues reported per record (bounded diagnostics). */
export const MAX_ISSUES = 32;
const MAX_KEY_IN_CODE = 128;

/** `missing_required:user.id`. */
export function formatIssue(issue: ConformanceIssue): string {
  return issue.attribute === undefined ? issue.code : `${issue.code}:${issue.attribute.slice(0, MAX_KEY_IN_CODE)}`;
}

/** Distinct formatted codes of a report, in first-seen order. */
export function formatIssues(issues: readonly ConformanceIssue[]): string[] {
  return [...new Set(issues.map(formatIssue))];
}

function typeMatches(def: AttributeDefinition, value: unknown): boolean {
  switch (def.type) {
    case 'string':
      return typeof value === 'string';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'int':
      return typeof value === 'number' && Number.isInteger(value);
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

function enumMatches(def: AttributeDefinition, value: unknown): boolean {
  const allowed = enumValues.get(def.name);
  if (!allowed) return true;
  if (!Array.isArray(value)) return allowed.has(value as string);
  return value.every((v) => allowed.has(v as string));
}

/** Most array members checked and emitted (longer arrays are flagged and truncated). */
export const MAX_ARRAY_LENGTH = 256;

/** Maps, nested arrays, byte arrays: values the catalog never defines and that cannot be checked for secrets cheaply. */
function isStructured(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (!Array.isArray(value)) return true;
  const n = Math.min(value.length, MAX_ARRAY_LENGTH);
  for (let i = 0; i < n; i++) if (typeof value[i] === 'object' && value[i] !== null) return true;
  return false;
}

function secretInValue(value: unknown): boolean {
  if (typeof value === 'string') return looksLikeSecret(value);
  if (!Array.isArray(value)) return false;
  const n = Math.min(value.length, MAX_ARRAY_LENGTH);
  for (let i = 0; i < n; i++) if (typeof value[i] === 'string' && looksLikeSecret(value[i])) return true;
  return false;
}

function isLong(value: unknown): boolean {
  if (typeof value === 'string') return value.length > MAX_STRING_LENGTH;
  if (!Array.isArray(value)) return false;
  return value.length > MAX_ARRAY_LENGTH || value.some((v) => typeof v === 'string' && v.length > MAX_STRING_LENGTH);
}

/** A value cut to the limits: strings to {@link MAX_STRING_LENGTH}, arrays to {@link MAX_ARRAY_LENGTH} members. */
export function boundValue(value: unknown): unknown {
  if (typeof value === 'string') return value.slice(0, MAX_STRING_LENGTH);
  if (!Array.isArray(value)) return value;
  return value.slice(0, MAX_ARRAY_LENGTH).map((v) => (typeof v === 'string' ? v.slice(0, MAX_STRING_LENGTH) : v));
}

/**
 * Checks an event's attributes against the catalog: required and conditionally required attributes, types, enums,
 * outcome and `error.type` rules, fixed values, unknown attributes and secrets. Never throws.
 *
 * @example
 * ```ts
 * checkSecurityEvent('security_event.authentication.login', { 'security_event.outcome': 'failure' })
 *   .issues.map(formatIssue); // ['missing_required:security_event.auth.method', …]
 * ```
 */
export function checkSecurityEvent(
  eventName: string,
  attributes: Readonly<Record<string, unknown>>,
  options: CheckOptions = {},
): ConformanceReport {
  const issues: ConformanceIssue[] = [];
  const dropKeys: string[] = [];
  const truncateKeys: string[] = [];
  const report = (code: ConformanceCode, attribute?: string) => {
    if (issues.length < MAX_ISSUES) issues.push(attribute === undefined ? { code } : { code, attribute });
  };
  const event = eventsByName.get(eventName);
  if (!event) report('unknown_event');

  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || !Object.hasOwn(attributes, key)) continue;
    const def = attributesByName.get(key);
    if (def?.sensitivity === 'secret' || (!def && isSecretKey(key))) {
      report('secret_attribute', key);
      dropKeys.push(key);
      continue;
    }
    if (isStructured(value) && (def || options.reportUnknownAttributes !== false)) {
      report('unsupported_value', key);
      dropKeys.push(key);
      continue;
    }
    if (secretInValue(value)) {
      report('secret_value', key);
      dropKeys.push(key);
      continue;
    }
    if (isLong(value)) {
      report('value_too_long', key);
      truncateKeys.push(key);
    }
    if (!def) {
      if (options.reportUnknownAttributes !== false) report('unknown_attribute', key);
      continue;
    }
    if (!typeMatches(def, value)) report('invalid_type', key);
    else if (!enumMatches(def, value)) report('invalid_value', key);
  }
  if (!event) return { event, issues, dropKeys, truncateKeys };

  const requirements = requirementsByEvent.get(event.name);
  if (!requirements) return { event, issues, dropKeys, truncateKeys };
  const present = (name: string) =>
    attributes[name] !== undefined && (dropKeys.length === 0 || !dropKeys.includes(name));
  for (const name of requirements.always) if (!present(name)) report('missing_required', name);
  for (const c of requirements.conditional) {
    if (attributes[c.when.attribute] !== c.when.equals) continue;
    for (const name of c.attributes)
      if (!requirements.always.includes(name) && !present(name)) report('missing_required', name);
  }

  const outcome = attributes['security_event.outcome'];
  if (typeof outcome === 'string' && !requirements.outcomes.has(outcome)) report('invalid_outcome');
  const errorType = attributes['error.type'];
  if (outcome === 'failure') {
    if (event.errorTypes.length > 0 && errorType === undefined) report('missing_required', 'error.type');
    if (errorType !== undefined && !requirements.errorTypes.has(errorType as string)) {
      report('invalid_error_type', 'error.type');
    }
  } else if (errorType !== undefined) {
    report('error_type_on_success', 'error.type');
  }
  if (event.fixed) {
    for (const [name, value] of Object.entries(event.fixed)) {
      if (attributes[name] !== undefined && attributes[name] !== value) report('fixed_value', name);
    }
  }
  if (attributes['security_event.category'] !== undefined && attributes['security_event.category'] !== event.category) {
    report('invalid_value', 'security_event.category');
  }
  return { event, issues, dropKeys, truncateKeys };
}
