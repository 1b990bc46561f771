/** Renders `src/generated/names.ts`: constants and literal types for event names, attribute names and enum values. */
import type { Catalog } from '../src/catalog/types.ts';
import { constantCase, docText, GENERATED_BANNER, literal, pascalCase, typeName, union } from './naming.ts';

/** Source of `src/generated/names.ts`. */
export function renderNames(catalog: Catalog): string {
  const out: string[] = [GENERATED_BANNER, '', '/* Event names */', ''];
  for (const e of catalog.events) {
    out.push(`/** ${docText(e.description)} */`);
    out.push(`export const EVENT_${constantCase(e.name.replace(/^security_event\./, ''))} = ${literal(e.name)};`);
  }
  out.push('', '/** Every catalog event name, in catalog order. */');
  out.push('export const SECURITY_EVENT_NAMES = [');
  for (const e of catalog.events) out.push(`  ${literal(e.name)},`);
  out.push('] as const;', '');
  out.push('/** A catalog event name. */');
  out.push('export type SecurityEventName = (typeof SECURITY_EVENT_NAMES)[number];', '');

  out.push('/* Attribute names */', '');
  for (const a of catalog.attributes) {
    out.push(
      `/** ${docText(a.description)} (${a.sensitivity}${a.origin === 'otel' ? `, OTel ${a.stability}` : ''}) */`,
    );
    out.push(`export const ATTR_${constantCase(a.name)} = ${literal(a.name)};`);
  }
  out.push('', '/** A catalog attribute name. */');
  out.push(`export type SecurityEventAttributeName =`);
  for (const a of catalog.attributes) out.push(`  | ${literal(a.name)}`);
  out[out.length - 1] += ';';
  out.push('');

  out.push('/* Enum values */', '');
  for (const a of catalog.attributes) {
    if (!a.enum) continue;
    const base = constantCase(a.name);
    for (const v of a.enum) {
      out.push(`/** \`${a.name}\` = \`${v}\` */`);
      out.push(`export const ${base}_VALUE_${constantCase(v)} = ${literal(v)};`);
    }
    out.push(`/** Allowed values of \`${a.name}\`. */`);
    out.push(`export type ${typeName(a.name)}Value = ${union(a.enum)};`, '');
  }

  out.push('/* error.type enums per event */', '');
  for (const e of catalog.events) {
    out.push(`/** \`error.type\` values of \`${e.name}\` failures. */`);
    out.push(
      `export type ${pascalCase(e.builder)}ErrorType = ${union(e.errorTypes.length ? e.errorTypes : ['_OTHER'])};`,
    );
  }
  out.push('');
  return out.join('\n');
}
