/**
 * Checks an ECS document (nested or dotted keys) against the flat ECS field definitions shipped in `@elastic/ecs`
 * (`EcsFlat`): every field exists with a compatible JSON type, array-normalized fields are arrays, categorization
 * fields use allowed values, and `event.category` / `event.type` fit ECS's category → expected-types matrix.
 */
import { createRequire } from 'node:module';
import { isIP } from 'node:net';

export interface EcsFieldDef {
  readonly flat_name: string;
  readonly type: string;
  readonly normalize?: readonly string[];
  /** Value type of the members of an `object` field (e.g. `keyword` for `labels`). */
  readonly object_type?: string;
  readonly allowed_values?: ReadonlyArray<{ readonly name: string; readonly expected_event_types?: readonly string[] }>;
}

export type EcsViolationCode =
  | 'unknown_field'
  | 'wrong_type'
  | 'not_array'
  | 'disallowed_value'
  | 'type_not_expected_for_category'
  | 'category_without_expected_type';

export interface EcsViolation {
  readonly code: EcsViolationCode;
  readonly field: string;
  readonly message: string;
}

/** Loads `EcsFlat` from the installed `@elastic/ecs` (CommonJS build; it has no ESM `exports` map). */
export function loadEcsFlat(): Readonly<Record<string, EcsFieldDef>> {
  const require = createRequire(import.meta.url);
  const mod = require('@elastic/ecs/build/commonjs/ecs_flat.js') as { EcsFlat: Record<string, EcsFieldDef> };
  return mod.EcsFlat;
}

const MAX_DEPTH = 10;

/** Flattens nested objects to dotted ECS field names; arrays and scalars are leaves. */
export function flattenDocument(doc: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (value: Record<string, unknown>, prefix: string, depth: number): void => {
    for (const [key, v] of Object.entries(value)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && depth < MAX_DEPTH) {
        walk(v as Record<string, unknown>, name, depth + 1);
      } else {
        out.set(name, v);
      }
    }
  };
  walk(doc, '', 0);
  return out;
}

const STRING_TYPES = new Set(['keyword', 'constant_keyword', 'wildcard', 'match_only_text', 'text']);
const INTEGER_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);
const FLOAT_TYPES = new Set(['float', 'half_float', 'scaled_float', 'double']);

function scalarCompatible(type: string, value: unknown): boolean {
  if (STRING_TYPES.has(type)) return typeof value === 'string';
  if (INTEGER_TYPES.has(type)) return typeof value === 'number' && Number.isInteger(value);
  if (FLOAT_TYPES.has(type)) return typeof value === 'number' && Number.isFinite(value);
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'ip') return typeof value === 'string' && isIP(value) !== 0;
  if (type === 'date') {
    return (typeof value === 'string' && !Number.isNaN(Date.parse(value))) || typeof value === 'number';
  }
  if (type === 'geo_point') return typeof value === 'string' || (typeof value === 'object' && value !== null);
  if (type === 'object' || type === 'flattened' || type === 'nested')
    return typeof value === 'object' && value !== null;
  return false;
}

/**
 * Checks one ECS document.
 *
 * @example
 * checkEcsDocument(loadEcsFlat(), { event: { category: ['iam'], type: ['user', 'change'] } }); // []
 */
export function checkEcsDocument(
  ecs: Readonly<Record<string, EcsFieldDef>>,
  doc: Record<string, unknown>,
): EcsViolation[] {
  const out: EcsViolation[] = [];
  const fields = flattenDocument(doc);
  for (const [field, value] of fields) {
    // `labels` is an object of keyword values (ECS `object_type: keyword`): any `labels.<name>` holding a string.
    const labels = field.startsWith('labels.') && !field.slice(7).includes('.') ? ecs.labels : undefined;
    const def = labels?.object_type === 'keyword' ? { flat_name: field, type: 'keyword' } : ecs[field];
    if (!def) {
      out.push({ code: 'unknown_field', field, message: `${field} is not an ECS field` });
      continue;
    }
    const isArrayField = def.normalize?.includes('array') === true;
    if (isArrayField && !Array.isArray(value)) {
      out.push({ code: 'not_array', field, message: `${field} is normalized to an array in ECS` });
    }
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (!scalarCompatible(def.type, v)) {
        out.push({
          code: 'wrong_type',
          field,
          message: `${JSON.stringify(v)} is not compatible with ECS type ${def.type}`,
        });
      }
    }
    if (def.allowed_values) {
      const allowed = new Set(def.allowed_values.map((a) => a.name));
      for (const v of values) {
        if (!allowed.has(String(v))) {
          out.push({ code: 'disallowed_value', field, message: `${String(v)} is not an allowed value of ${field}` });
        }
      }
    }
  }
  out.push(...checkCategoryTypeMatrix(ecs, fields.get('event.category'), fields.get('event.type')));
  return out;
}

/**
 * The category → expected `event.type` matrix (ECS `event.category` allowed values, `expected_event_types`). An event
 * with several categories passes when every type is expected by at least one of its categories and every category
 * expects at least one of its types: multi-category events (e.g. `[database, file]` / `[access, creation]`) pair
 * types with categories this way, a flat document cannot say which type belongs to which category.
 */
export function checkCategoryTypeMatrix(
  ecs: Readonly<Record<string, EcsFieldDef>>,
  category: unknown,
  type: unknown,
): EcsViolation[] {
  return matrixViolations(ecs, category, type, false);
}

/**
 * The strict reading: every category × type combination of the document is in the matrix. Stricter than ECS
 * requires for multi-category events; used to list the (documented) events that need the per-category pairing.
 */
export function checkCategoryTypeMatrixStrict(
  ecs: Readonly<Record<string, EcsFieldDef>>,
  category: unknown,
  type: unknown,
): EcsViolation[] {
  return matrixViolations(ecs, category, type, true);
}

function matrixViolations(
  ecs: Readonly<Record<string, EcsFieldDef>>,
  category: unknown,
  type: unknown,
  strict: boolean,
): EcsViolation[] {
  const out: EcsViolation[] = [];
  if (category === undefined && type === undefined) return out;
  const categories = (Array.isArray(category) ? category : [category]).map(String);
  const types = (Array.isArray(type) ? type : [type]).filter((t) => t !== undefined).map(String);
  const matrix = new Map<string, ReadonlySet<string>>();
  for (const allowed of ecs['event.category']?.allowed_values ?? []) {
    matrix.set(allowed.name, new Set(allowed.expected_event_types ?? []));
  }
  if (strict) {
    for (const c of categories) {
      for (const t of types) {
        if (!matrix.get(c)?.has(t)) {
          out.push({
            code: 'type_not_expected_for_category',
            field: 'event.type',
            message: `${c} / ${t} is not in the matrix`,
          });
        }
      }
    }
    return out;
  }
  for (const t of types) {
    if (!categories.some((c) => matrix.get(c)?.has(t))) {
      out.push({
        code: 'type_not_expected_for_category',
        field: 'event.type',
        message: `event.type ${t} is not expected for event.category ${categories.join(', ')}`,
      });
    }
  }
  for (const c of categories) {
    if (!types.some((t) => matrix.get(c)?.has(t))) {
      out.push({
        code: 'category_without_expected_type',
        field: 'event.category',
        message: `event.category ${c} has none of its expected types among ${types.join(', ') || '(none)'}`,
      });
    }
  }
  return out;
}
