/**
 * Reads the compiled OCSF schema (the `export/v2/schema` JSON that schema.ocsf.io serves, here as vendored from the
 * PyPI package `ocsf-json-schema`) into flat class and object definitions a checker can walk. The export has already
 * resolved `extends` chains, profiles and dictionary attributes; only scalar types still need resolving to their base.
 */
import { readFileSync } from 'node:fs';

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

/** An attribute as the compiled export writes it. */
interface ExportAttribute {
  type?: string;
  object_type?: string;
  is_array?: boolean;
  requirement?: string;
  enum?: Record<string, { caption?: unknown; '@deprecated'?: unknown }>;
  sibling?: string;
  '@deprecated'?: unknown;
  profiles?: string[] | null;
}

interface ExportDefinition {
  name: string;
  uid?: number;
  category?: string;
  category_uid?: number;
  attributes?: Record<string, ExportAttribute>;
  constraints?: { at_least_one?: string[]; just_one?: string[] };
}

interface ExportSchema {
  version: string;
  classes: Record<string, ExportDefinition>;
  objects: Record<string, ExportDefinition>;
  dictionary: { types: { attributes: Record<string, { type?: string }> } };
}

const SCALAR_ROOTS: Record<string, OcsfBaseType> = {
  string_t: 'string',
  integer_t: 'integer',
  long_t: 'long',
  float_t: 'float',
  boolean_t: 'boolean',
  json_t: 'json',
};

/**
 * Loads a compiled OCSF schema export.
 *
 * @example
 * const schema = loadOcsfSchema(ocsfSchemaFile);
 * schema.classes.get(3002)?.attributes.get('user')?.objectType; // 'user'
 */
export function loadOcsfSchema(file: string): OcsfSchema {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as ExportSchema;
  const types = raw.dictionary.types.attributes;
  const resolveScalar = (type: string): OcsfBaseType | undefined => {
    let t: string | undefined = type;
    for (let depth = 0; t && depth < 8; depth++) {
      const root = SCALAR_ROOTS[t];
      if (root) return root;
      t = types[t]?.type;
    }
    return undefined;
  };
  const definition = (def: ExportDefinition): OcsfObjectDef => {
    const attributes = new Map<string, OcsfAttribute>();
    for (const [name, attr] of Object.entries(def.attributes ?? {}))
      attributes.set(name, attribute(name, attr, resolveScalar));
    const c = def.constraints;
    const constraints: OcsfConstraints = {
      ...(c?.at_least_one ? { atLeastOne: c.at_least_one } : {}),
      ...(c?.just_one ? { justOne: c.just_one } : {}),
    };
    return { name: def.name, attributes, constraints };
  };
  const objects = new Map<string, OcsfObjectDef>();
  for (const def of Object.values(raw.objects)) objects.set(def.name, definition(def));
  const classes = new Map<number, OcsfClassDef>();
  for (const def of Object.values(raw.classes)) {
    if (def.uid === undefined || def.category_uid === undefined || def.category === undefined) continue;
    classes.set(def.uid, {
      ...definition(def),
      uid: def.uid,
      categoryUid: def.category_uid,
      categoryName: def.category,
    });
  }
  return { version: raw.version, classes, objects };
}

function attribute(
  name: string,
  raw: ExportAttribute,
  resolveScalar: (type: string) => OcsfBaseType | undefined,
): OcsfAttribute {
  const isObject = raw.type === 'object_t' && raw.object_type !== undefined;
  // Objects are named by their object type (`user`), as in the schema's source form; scalars by their type (`ip_t`).
  const type = isObject ? (raw.object_type as string) : (raw.type ?? 'string_t');
  const baseType = isObject ? undefined : resolveScalar(type);
  const enumMap = raw.enum
    ? new Map(
        Object.entries(raw.enum).map(([k, v]) => [
          k,
          { caption: typeof v.caption === 'string' ? v.caption : undefined, deprecated: '@deprecated' in v },
        ]),
      )
    : undefined;
  const requirement =
    raw.requirement === 'required' || raw.requirement === 'recommended' ? raw.requirement : 'optional';
  const profile = raw.profiles?.[0];
  return {
    name,
    type,
    ...(baseType ? { baseType } : { objectType: type }),
    isArray: raw.is_array === true,
    requirement,
    ...(enumMap ? { enum: enumMap } : {}),
    ...(raw.sibling ? { sibling: raw.sibling } : {}),
    deprecated: raw['@deprecated'] !== undefined,
    ...(profile !== undefined ? { profile } : {}),
  };
}
