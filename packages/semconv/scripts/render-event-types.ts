/**
 * Renders `src/generated/event-types.ts`: per-event attribute types (dotted OTel names, for `emitSecurityEvent`) and
 * input types (camelCase, for the typed builders). Conditional requirements become discriminated unions: the actor
 * type selects the actor identity, the outcome selects `error.type` and the success-only requirements.
 */
import type { AttributeDefinition, Catalog, EventDefinition } from '../src/catalog/types.ts';
import { docText, GENERATED_BANNER, literal, pascalCase, union } from './naming.ts';

/** Attributes the caller never sets directly (filled by the emitter, or set through the unions below). */
const CONTROLLED = new Set([
  'security_event.category',
  'security_event.outcome',
  'security_event.actor.type',
  'error.type',
  'security_event.conformance.errors',
  'otel.event.name',
]);

type KeyStyle = 'dotted' | 'camel';

function valueType(a: AttributeDefinition): string {
  const base = a.enum ? `(${union(a.enum)})` : 'string';
  switch (a.type) {
    case 'string':
      return a.enum ? union(a.enum) : 'string';
    case 'string[]':
      return `readonly ${a.enum ? base : 'string'}[]`;
    case 'int':
    case 'double':
      return 'number';
    case 'boolean':
      return 'boolean';
  }
}

function settable(catalog: Catalog): AttributeDefinition[] {
  return catalog.attributes.filter((a) => a.sensitivity !== 'secret' && !CONTROLLED.has(a.name));
}

function renderGenerator(catalog: Catalog, style: KeyStyle) {
  const byName = new Map(catalog.attributes.map((a) => [a.name, a]));
  const key = (name: string): string => {
    const def = byName.get(name);
    if (!def) throw new Error(`catalog references unknown attribute ${name}`);
    return style === 'dotted' ? literal(name) : def.camelName;
  };
  const values = style === 'dotted' ? 'SecurityEventAttributeValues' : 'SecurityEventInputValues';
  const actor = style === 'dotted' ? 'SecurityEventActorAttributes' : 'SecurityEventActorInput';
  const suffix = style === 'dotted' ? 'Attributes' : 'Input';

  function eventType(e: EventDefinition): string[] {
    const typeBase = pascalCase(e.builder);
    const fixed = e.fixed ?? {};
    const required = e.required.filter((n) => !(n in fixed) && !CONTROLLED.has(n));
    for (const c of e.conditionallyRequired) {
      if (c.when.attribute !== 'security_event.outcome') {
        throw new Error(`${e.name}: only outcome conditions are supported by the type generator`);
      }
    }
    const lines: string[] = [];
    lines.push(
      `/** ${style === 'dotted' ? 'Attributes' : 'Builder input'} of \`${e.name}\`: ${docText(e.description)} */`,
    );
    lines.push(`export type ${typeBase}${suffix} = OptionalAttributes<${values}> &`);
    if (required.length > 0)
      lines.push(
        `  Required<Pick<${values}, ${required.map((n) => literal(style === 'dotted' ? n : (byName.get(n)?.camelName ?? n))).join(' | ')}>> &`,
      );
    for (const [name, value] of Object.entries(fixed))
      lines.push(`  { ${key(name)}?: ${literal(value)} | undefined } &`);
    lines.push(`  ${actor} &`);
    const outcomeKey = key('security_event.outcome');
    const errorKey = key('error.type');
    const branches: string[] = [];
    for (const outcome of e.outcomes) {
      const extra = e.conditionallyRequired
        .filter((c) => c.when.equals === outcome)
        .flatMap((c) => c.attributes)
        .filter((n) => !required.includes(n));
      let error: string;
      if (outcome !== 'failure') error = `${errorKey}?: never`;
      else if (e.errorTypes.length > 0) error = `${errorKey}: ${typeBase}ErrorType`;
      else error = `${errorKey}?: '_OTHER'`;
      const head = `{ ${outcomeKey}: ${literal(outcome)}; ${error} }`;
      branches.push(
        extra.length > 0
          ? `(${head} & Required<Pick<${values}, ${extra.map((n) => literal(style === 'dotted' ? n : (byName.get(n)?.camelName ?? n))).join(' | ')}>>)`
          : head,
      );
    }
    lines.push(`  (${branches.map((b) => `\n    | ${b}`).join('')}\n  );`, '');
    return lines;
  }

  const out: string[] = [];
  out.push(
    `/** Value types of the attributes a caller may set (${style === 'dotted' ? 'OTel names' : 'builder names'}). */`,
  );
  out.push(`export interface ${values} {`);
  for (const a of settable(catalog)) {
    out.push(`  /** ${docText(a.description)} (${a.sensitivity}) */`);
    out.push(`  ${key(a.name)}: ${valueType(a)};`);
  }
  out.push('}', '');
  out.push('/** Actor identity: required attributes depend on the actor type. */');
  out.push(`export type ${actor} =`);
  const actorTypes = byName.get('security_event.actor.type')?.enum ?? [];
  const covered = new Set<string>();
  for (const c of catalog.common.actorIdentity) {
    covered.add(String(c.when.equals));
    out.push(
      `  | { ${key('security_event.actor.type')}: ${literal(String(c.when.equals))}; ${c.attributes.map((n) => `${key(n)}: string`).join('; ')} }`,
    );
  }
  out.push(`  | { ${key('security_event.actor.type')}: ${union(actorTypes.filter((t) => !covered.has(t)))} };`, '');
  for (const e of catalog.events) out.push(...eventType(e));
  return out;
}

/** Source of `src/generated/event-types.ts`. */
export function renderEventTypes(catalog: Catalog): string {
  const out: string[] = [GENERATED_BANNER, ''];
  out.push("import type { SecurityEventEmitOptions, SecurityEventEmitResult } from '../emit/types.js';");
  out.push(
    `import type {\n${catalog.events.map((e) => `  ${pascalCase(e.builder)}ErrorType,`).join('\n')}\n} from './names.js';`,
  );
  out.push('');
  out.push(
    '/**',
    ' * Every attribute optional, `undefined` included: the emitter leaves an undefined value out, so an app may pass',
    " * `req.headers['user-agent']` as it is, also under `exactOptionalPropertyTypes`.",
    ' */',
    'type OptionalAttributes<T> = { [K in keyof T]?: T[K] | undefined };',
    '',
  );
  out.push(...renderGenerator(catalog, 'dotted'));
  out.push(...renderGenerator(catalog, 'camel'));
  out.push('/** Attribute type of each event, keyed by event name (used by `emitSecurityEvent`). */');
  out.push('export interface SecurityEventAttributesByName {');
  for (const e of catalog.events) out.push(`  ${literal(e.name)}: ${pascalCase(e.builder)}Attributes;`);
  out.push('}', '');
  out.push('/** Input type of each builder, keyed by builder name. */');
  out.push('export interface SecurityEventInputsByBuilder {');
  for (const e of catalog.events) out.push(`  ${e.builder}: ${pascalCase(e.builder)}Input;`);
  out.push('}', '');
  out.push('/** One typed builder per catalog event (created by `createSecurityEvents`). */');
  out.push('export interface SecurityEventBuilders {');
  for (const e of catalog.events) {
    out.push(`  /** Emits \`${e.name}\`: ${docText(e.description)} */`);
    out.push(
      `  ${e.builder}(input: ${pascalCase(e.builder)}Input, options?: SecurityEventEmitOptions): SecurityEventEmitResult;`,
    );
  }
  out.push('}', '');
  return out.join('\n');
}
