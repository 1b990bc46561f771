/**
 * OTTL building blocks for the log context of the collector's `transform` processor (collector-contrib ~v0.160):
 * paths `log.attributes["k"]`, `log.event_name`, `resource.attributes["k"]`; string and list literals; `where`
 * conditions joined with `and` / `or`.
 */

/** An OTTL statement or condition, as plain text. */
export type OttlText = string;

/** A group of statements for `transform` `log_statements` (advanced form: `conditions` are ORed). */
export interface OttlStatementGroup {
  /** Comment for readers of the generated YAML. */
  readonly description: string;
  readonly conditions: readonly OttlText[];
  readonly statements: readonly OttlText[];
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * An OTTL string literal. The catalog only holds printable names; a control character means corrupt input and is
 * refused rather than escaped into a statement.
 */
export function ottlString(value: string): OttlText {
  if (hasControlCharacter(value))
    throw new TypeError(`OTTL literal contains a control character: ${JSON.stringify(value)}`);
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** An OTTL literal for a catalog condition value (string, number or boolean). */
export function ottlLiteral(value: string | number | boolean): OttlText {
  if (typeof value === 'string') return ottlString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`OTTL literal must be finite: ${value}`);
    return String(value);
  }
  return value ? 'true' : 'false';
}

/** A list literal of strings: `["a", "b"]`. */
export function ottlStringList(values: readonly string[]): OttlText {
  return `[${values.map(ottlString).join(', ')}]`;
}

/** Path of a log attribute: `log.attributes["user.id"]`. */
export function logAttribute(name: string): OttlText {
  return `log.attributes[${ottlString(name)}]`;
}

/** Path of a resource attribute: `resource.attributes["service.name"]`. */
export function resourceAttribute(name: string): OttlText {
  return `resource.attributes[${ottlString(name)}]`;
}

/** The LogRecord EventName field in the log context. */
export const LOG_EVENT_NAME: OttlText = 'log.event_name';

/** `<statement> where <condition>` (no `where` when the condition is empty). */
export function where(statement: OttlText, condition?: OttlText): OttlText {
  return condition ? `${statement} where ${condition}` : statement;
}

/** Conditions joined with `and`; `or`-groups are parenthesized so precedence stays explicit. */
export function and(...conditions: OttlText[]): OttlText {
  return conditions.map((c) => (c.includes(' or ') ? `(${c})` : c)).join(' and ');
}

/** Conditions joined with `or`. */
export function or(...conditions: OttlText[]): OttlText {
  return conditions.join(' or ');
}

/** `log.event_name == "<name>"`. */
export function eventNameIs(name: string): OttlText {
  return `${LOG_EVENT_NAME} == ${ottlString(name)}`;
}

/** `log.attributes["k"] != nil`. */
export function hasAttribute(name: string): OttlText {
  return `${logAttribute(name)} != nil`;
}

/** `set(log.attributes["to"], <value>)`. */
export function setAttribute(name: string, value: OttlText): OttlText {
  return `set(${logAttribute(name)}, ${value})`;
}

/** Statement that copies an attribute when present: `set(to, from) where from != nil`. */
export function copyAttribute(from: string, to: string): OttlText {
  return where(setAttribute(to, logAttribute(from)), hasAttribute(from));
}

/** `delete_key(log.attributes, "k")`. */
export function deleteAttribute(name: string): OttlText {
  return `delete_key(log.attributes, ${ottlString(name)})`;
}

/** Regex (RE2) matching the catalog's event names; `[.]` avoids backslash escaping through YAML and OTTL. */
export const SECURITY_EVENT_NAME_PATTERN = '^security_event[.]';

/** Condition selecting security events by EventName. */
export const IS_SECURITY_EVENT: OttlText = `IsMatch(${LOG_EVENT_NAME}, ${ottlString(SECURITY_EVENT_NAME_PATTERN)})`;

/**
 * Lifts `otel.event.name` (set by non-OTel logging bridges, docs/design/semconv.md#events-on-the-wire) into EventName,
 * so the groups that select on
 * `log.event_name` see bridged records too. Runs as its own group because group conditions are evaluated before the
 * group's statements.
 */
export function eventNameLiftGroup(): OttlStatementGroup {
  return {
    description: 'lift otel.event.name into EventName for records from logging bridges',
    conditions: [and(`${LOG_EVENT_NAME} == ""`, hasAttribute('otel.event.name'))],
    statements: [`set(${LOG_EVENT_NAME}, ${logAttribute('otel.event.name')})`],
  };
}
