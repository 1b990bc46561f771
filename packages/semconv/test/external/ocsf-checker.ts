/**
 * Checks one OCSF event (a plain JSON object) against a resolved OCSF schema: class and activity ids, `type_uid`,
 * attribute names and types (recursively through objects), enum ids, enum siblings, required attributes and object
 * constraints. Returns every violation found; an empty list means the event conforms.
 */
import type { OcsfAttribute, OcsfObjectDef, OcsfSchema } from './ocsf-schema.js';

export type OcsfViolationCode =
  | 'unknown_class'
  | 'category_mismatch'
  | 'unknown_activity'
  | 'type_uid_mismatch'
  | 'version_mismatch'
  | 'unknown_attribute'
  | 'wrong_type'
  | 'unknown_enum_value'
  | 'missing_sibling'
  | 'sibling_mismatch'
  | 'missing_required'
  | 'constraint_violated'
  | 'deprecated'
  | 'undeclared_profile'
  | 'too_deep';

export interface OcsfViolation {
  readonly code: OcsfViolationCode;
  /** Dotted path of the offending attribute (`actor.user.type_id`, `auth_factors[0].factor_type_id`). */
  readonly path: string;
  readonly message: string;
}

const MAX_DEPTH = 12;

/**
 * Classification ids whose enums the compiled schema generates from the class files; in source form they hold only
 * `0`. They are checked directly (class exists, category owns it, type_uid arithmetic) instead.
 */
const GENERATED_ENUMS = new Set(['class_uid', 'category_uid', 'type_uid']);

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function scalarMatches(attr: OcsfAttribute, value: unknown): boolean {
  switch (attr.baseType) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'json':
      return true;
    default:
      return false;
  }
}

/** Profile-gated attributes used, with their paths: checked against `metadata.profiles` at the end. */
type ProfileUses = Array<{ readonly profile: string; readonly path: string }>;

function checkObject(
  schema: OcsfSchema,
  def: OcsfObjectDef,
  value: JsonObject,
  at: string,
  depth: number,
  out: OcsfViolation[],
  profiles: ProfileUses,
): void {
  if (depth > MAX_DEPTH) {
    out.push({ code: 'too_deep', path: at, message: `nesting deeper than ${MAX_DEPTH}` });
    return;
  }
  for (const [name, fieldValue] of Object.entries(value)) {
    const p = join(at, name);
    const attr = def.attributes.get(name);
    if (!attr) {
      out.push({ code: 'unknown_attribute', path: p, message: `"${name}" is not an attribute of ${def.name}` });
      continue;
    }
    if (attr.deprecated) out.push({ code: 'deprecated', path: p, message: `"${name}" is deprecated in ${def.name}` });
    if (attr.profile) profiles.push({ profile: attr.profile, path: p });
    if (attr.isArray) {
      if (!Array.isArray(fieldValue)) {
        out.push({ code: 'wrong_type', path: p, message: `expected an array of ${attr.type}` });
        continue;
      }
      fieldValue.forEach((item, i) => {
        checkValue(schema, attr, item, `${p}[${i}]`, value, depth, out, profiles);
      });
    } else {
      checkValue(schema, attr, fieldValue, p, value, depth, out, profiles);
    }
  }
  for (const attr of def.attributes.values()) {
    if (attr.requirement === 'required' && !attr.profile && !(attr.name in value)) {
      out.push({
        code: 'missing_required',
        path: join(at, attr.name),
        message: `required attribute of ${def.name} is missing`,
      });
    }
  }
  const { atLeastOne, justOne } = def.constraints;
  if (atLeastOne && !atLeastOne.some((n) => n in value)) {
    out.push({
      code: 'constraint_violated',
      path: at || '(root)',
      message: `${def.name} needs at least one of ${atLeastOne.join(', ')}`,
    });
  }
  if (justOne && justOne.filter((n) => n in value).length !== 1) {
    out.push({
      code: 'constraint_violated',
      path: at || '(root)',
      message: `${def.name} needs exactly one of ${justOne.join(', ')}`,
    });
  }
}

function checkValue(
  schema: OcsfSchema,
  attr: OcsfAttribute,
  value: unknown,
  p: string,
  parent: JsonObject,
  depth: number,
  out: OcsfViolation[],
  profiles: ProfileUses,
): void {
  if (attr.objectType) {
    if (!isObject(value)) {
      out.push({ code: 'wrong_type', path: p, message: `expected a ${attr.objectType} object` });
      return;
    }
    if (attr.objectType === 'object') return; // free-form (e.g. `unmapped`)
    const def = schema.objects.get(attr.objectType);
    if (!def) {
      out.push({ code: 'wrong_type', path: p, message: `object type ${attr.objectType} is not in the schema` });
      return;
    }
    checkObject(schema, def, value, p, depth + 1, out, profiles);
    return;
  }
  if (!scalarMatches(attr, value)) {
    out.push({ code: 'wrong_type', path: p, message: `expected ${attr.type} (${attr.baseType}), got ${typeof value}` });
    return;
  }
  if (!attr.enum || (depth === 0 && GENERATED_ENUMS.has(attr.name))) return;
  const key = String(value);
  const entry = attr.enum.get(key);
  if (!entry) {
    out.push({
      code: 'unknown_enum_value',
      path: p,
      message: `${key} is not a defined value of ${attr.name} (${[...attr.enum.keys()].join(', ')})`,
    });
    return;
  }
  if (entry.deprecated) out.push({ code: 'deprecated', path: p, message: `enum value ${key} is deprecated` });
  if (!attr.sibling) return;
  const sibling = parent[attr.sibling];
  if (key === '99' && sibling === undefined) {
    out.push({ code: 'missing_sibling', path: p, message: `${attr.name}=99 (Other) needs ${attr.sibling}` });
  } else if (key !== '99' && sibling !== undefined && entry.caption !== undefined && sibling !== entry.caption) {
    out.push({
      code: 'sibling_mismatch',
      path: p,
      message: `${attr.sibling}="${String(sibling)}" does not match the caption "${entry.caption}" of ${attr.name}=${key}`,
    });
  }
}

/**
 * Checks an OCSF event against the schema.
 *
 * @example
 * checkOcsfEvent(schema, { class_uid: 3002, activity_id: 1, type_uid: 300201, ... }); // [] when valid
 */
export function checkOcsfEvent(schema: OcsfSchema, event: JsonObject): OcsfViolation[] {
  const out: OcsfViolation[] = [];
  const classUid = event.class_uid;
  const cls = typeof classUid === 'number' ? schema.classes.get(classUid) : undefined;
  if (!cls) {
    out.push({
      code: 'unknown_class',
      path: 'class_uid',
      message: `class_uid ${String(classUid)} is not in OCSF ${schema.version}`,
    });
    return out;
  }
  if (event.category_uid !== cls.categoryUid) {
    out.push({
      code: 'category_mismatch',
      path: 'category_uid',
      message: `class ${cls.uid} belongs to category ${cls.categoryUid}, not ${String(event.category_uid)}`,
    });
  }
  const activityId = event.activity_id;
  const activities = cls.attributes.get('activity_id')?.enum;
  if (typeof activityId !== 'number' || !activities?.has(String(activityId))) {
    out.push({
      code: 'unknown_activity',
      path: 'activity_id',
      message: `activity_id ${String(activityId)} is not defined for class ${cls.name} (${cls.uid})`,
    });
  }
  if (typeof activityId === 'number' && event.type_uid !== cls.uid * 100 + activityId) {
    out.push({
      code: 'type_uid_mismatch',
      path: 'type_uid',
      message: `type_uid ${String(event.type_uid)} != class_uid*100 + activity_id = ${cls.uid * 100 + activityId}`,
    });
  }
  const metadata = event.metadata;
  if (isObject(metadata) && metadata.version !== schema.version) {
    out.push({
      code: 'version_mismatch',
      path: 'metadata.version',
      message: `metadata.version ${String(metadata.version)} != schema ${schema.version}`,
    });
  }
  const profiles: ProfileUses = [];
  checkObject(schema, cls, event, '', 0, out, profiles);
  // OCSF: `metadata.profiles` lists the profiles used to create the event; attributes a profile adds need it.
  const declared = isObject(metadata) && Array.isArray(metadata.profiles) ? metadata.profiles.map(String) : [];
  for (const use of profiles) {
    if (!declared.includes(use.profile)) {
      out.push({
        code: 'undeclared_profile',
        path: use.path,
        message: `attribute of the ${use.profile} profile, but metadata.profiles does not list ${use.profile}`,
      });
    }
  }
  // An unknown activity is already reported as `unknown_activity`; the generic enum pass would report it twice.
  return out.filter((v) => !(v.path === 'activity_id' && v.code === 'unknown_enum_value'));
}
