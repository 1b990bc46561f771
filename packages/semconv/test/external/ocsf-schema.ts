/**
 * Resolves the OCSF schema from its *source* form (the layout of the ocsf/ocsf-schema repository) into flat class and
 * object definitions a checker can walk: `extends` chains, `$include`d profiles, dictionary types and enums.
 *
 * Written for the external checks so CI needs no Python (`ocsf-lib`). It resolves what a projection check needs and
 * nothing more: no extensions, no observables, no `_dt` datetime siblings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** JSON-level primitive an OCSF scalar type reduces to. */
export type OcsfBaseType = 'string' | 'integer' | 'long' | 'float' | 'boolean' | 'json';

export interface OcsfEnumValue {
  readonly caption?: string;
  readonly deprecated: boolean;
}

export interface OcsfAttribute {
  readonly name: string;
  /** Dictionary type name: a scalar (`ip_t`) or an object name (`user`). */
  readonly type: string;
  /** Set for scalars; undefined for objects. */
  readonly baseType?: OcsfBaseType;
  /** Set for objects. */
  readonly objectType?: string;
  readonly isArray: boolean;
  readonly requirement: 'required' | 'recommended' | 'optional';
  readonly enum?: ReadonlyMap<string, OcsfEnumValue>;
  readonly sibling?: string;
  readonly deprecated: boolean;
  /** Profile that contributes the attribute (profile-gated attributes are never required). */
  readonly profile?: string;
}

export interface OcsfConstraints {
  readonly atLeastOne?: readonly string[];
  readonly justOne?: readonly string[];
}

export interface OcsfObjectDef {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, OcsfAttribute>;
  readonly constraints: OcsfConstraints;
}

export interface OcsfClassDef extends OcsfObjectDef {
  readonly uid: number;
  readonly categoryUid: number;
  readonly categoryName: string;
}

export interface OcsfSchema {
  readonly version: string;
  readonly classes: ReadonlyMap<number, OcsfClassDef>;
  readonly objects: ReadonlyMap<string, OcsfObjectDef>;
}

type Json = Record<string, unknown>;

interface RawAttribute {
  type?: string;
  is_array?: boolean;
  requirement?: string;
  enum?: Record<string, Json>;
  sibling?: string;
  '@deprecated'?: unknown;
  profile?: string | null;
}

interface RawDefinition {
  name: string;
  uid?: number;
  extends?: string;
  category?: string;
  attributes?: Record<string, unknown>;
  constraints?: { at_least_one?: string[]; just_one?: string[] };
}

const SCALAR_ROOTS: Record<string, OcsfBaseType> = {
  string_t: 'string',
  integer_t: 'integer',
  long_t: 'long',
  float_t: 'float',
  boolean_t: 'boolean',
  json_t: 'json',
};

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJsonFiles(full));
    else if (entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** Merges attribute definitions: later wins per key, enums merge value by value. */
function mergeAttribute(base: RawAttribute | undefined, over: RawAttribute): RawAttribute {
  if (!base) return { ...over };
  const merged: RawAttribute = { ...base, ...over };
  if (base.enum || over.enum) merged.enum = { ...(base.enum ?? {}), ...(over.enum ?? {}) };
  return merged;
}

/**
 * Loads and resolves an OCSF schema directory in source form.
 *
 * @example
 * const schema = loadOcsfSchema(path.join(repoRoot, '..', 'shared', 'reference-data', 'ocsf-schema-1.8.0'));
 * schema.classes.get(3002)?.attributes.get('user')?.objectType; // 'user'
 */
export function loadOcsfSchema(dir: string): OcsfSchema {
  const version = String(readJson(path.join(dir, 'version.json')).version);
  const dictionary = readJson(path.join(dir, 'dictionary.json')) as {
    attributes: Record<string, RawAttribute>;
    types: { attributes: Record<string, { type?: string }> };
  };
  const categories = (readJson(path.join(dir, 'categories.json')) as { attributes: Record<string, { uid: number }> })
    .attributes;

  const rawEvents = new Map<string, RawDefinition>();
  for (const file of listJsonFiles(path.join(dir, 'events'))) {
    const def = readJson(file) as unknown as RawDefinition;
    rawEvents.set(def.name, def);
  }
  const rawObjects = new Map<string, RawDefinition>();
  for (const file of listJsonFiles(path.join(dir, 'objects'))) {
    const def = readJson(file) as unknown as RawDefinition;
    rawObjects.set(def.name, def);
  }

  const profileAttributes = (ref: string): Map<string, RawAttribute> => {
    const profile = readJson(path.join(dir, ref)) as { name: string; attributes?: Record<string, RawAttribute> };
    const out = new Map<string, RawAttribute>();
    for (const [name, attr] of Object.entries(profile.attributes ?? {})) {
      out.set(name, { ...attr, profile: attr.profile === null ? null : profile.name });
    }
    return out;
  };

  /** Own attributes of one definition, with `$include`d profile attributes merged first. */
  const ownAttributes = (def: RawDefinition): Map<string, RawAttribute> => {
    const out = new Map<string, RawAttribute>();
    const attrs = def.attributes ?? {};
    const includes = attrs.$include;
    if (Array.isArray(includes)) {
      for (const ref of includes as string[]) {
        for (const [name, attr] of profileAttributes(ref)) out.set(name, mergeAttribute(out.get(name), attr));
      }
    }
    for (const [name, attr] of Object.entries(attrs)) {
      if (name === '$include') continue;
      out.set(name, mergeAttribute(out.get(name), attr as RawAttribute));
    }
    return out;
  };

  const chain = (name: string, registry: Map<string, RawDefinition>): RawDefinition[] => {
    const defs: RawDefinition[] = [];
    let current = registry.get(name);
    for (let depth = 0; current && depth < 16; depth++) {
      defs.unshift(current);
      current = current.extends ? registry.get(current.extends) : undefined;
    }
    return defs;
  };

  const resolveScalar = (type: string): OcsfBaseType | undefined => {
    let t: string | undefined = type;
    for (let depth = 0; t && depth < 8; depth++) {
      const root = SCALAR_ROOTS[t];
      if (root) return root;
      t = dictionary.types.attributes[t]?.type;
    }
    return undefined;
  };

  const finish = (name: string, raw: RawAttribute | undefined): OcsfAttribute => {
    const merged = mergeAttribute(dictionary.attributes[name], raw ?? {});
    const type = merged.type ?? 'string_t';
    const baseType = resolveScalar(type);
    const enumMap = merged.enum
      ? new Map(
          Object.entries(merged.enum).map(([k, v]) => [
            k,
            { caption: typeof v.caption === 'string' ? v.caption : undefined, deprecated: '@deprecated' in v },
          ]),
        )
      : undefined;
    const requirement =
      merged.requirement === 'required' || merged.requirement === 'recommended' ? merged.requirement : 'optional';
    return {
      name,
      type,
      ...(baseType ? { baseType } : { objectType: type }),
      isArray: merged.is_array === true,
      requirement,
      ...(enumMap ? { enum: enumMap } : {}),
      ...(merged.sibling ? { sibling: merged.sibling } : {}),
      deprecated: merged['@deprecated'] !== undefined,
      ...(typeof merged.profile === 'string' ? { profile: merged.profile } : {}),
    };
  };

  const resolveDefinition = (name: string, registry: Map<string, RawDefinition>): OcsfObjectDef => {
    const defs = chain(name, registry);
    const rawAttrs = new Map<string, RawAttribute>();
    let constraints: OcsfConstraints = {};
    for (const def of defs) {
      for (const [attrName, attr] of ownAttributes(def))
        rawAttrs.set(attrName, mergeAttribute(rawAttrs.get(attrName), attr));
      if (def.constraints) {
        constraints = {
          ...(def.constraints.at_least_one ? { atLeastOne: def.constraints.at_least_one } : {}),
          ...(def.constraints.just_one ? { justOne: def.constraints.just_one } : {}),
        };
      }
    }
    const attributes = new Map<string, OcsfAttribute>();
    for (const [attrName, raw] of rawAttrs) attributes.set(attrName, finish(attrName, raw));
    return { name, attributes, constraints };
  };

  const objects = new Map<string, OcsfObjectDef>();
  for (const name of rawObjects.keys()) objects.set(name, resolveDefinition(name, rawObjects));

  const classes = new Map<number, OcsfClassDef>();
  for (const [name, def] of rawEvents) {
    if (def.uid === undefined) continue;
    const defs = chain(name, rawEvents);
    const categoryName = [...defs].reverse().find((d) => d.category && d.category !== 'other')?.category;
    const category = categoryName ? categories[categoryName] : undefined;
    if (!categoryName || !category) continue;
    const resolved = resolveDefinition(name, rawEvents);
    classes.set(category.uid * 1000 + def.uid, {
      ...resolved,
      uid: category.uid * 1000 + def.uid,
      categoryUid: category.uid,
      categoryName,
    });
  }
  return { version, classes, objects };
}
