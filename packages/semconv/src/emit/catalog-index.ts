import { catalog } from '../catalog/index.js';
import type { AttributeDefinition, CatalogSeverity, EventDefinition } from '../catalog/types.js';

/** Catalog events by full name. */
export const eventsByName: ReadonlyMap<string, EventDefinition> = new Map(catalog.events.map((e) => [e.name, e]));

/** Catalog attributes by full name. */
export const attributesByName: ReadonlyMap<string, AttributeDefinition> = new Map(
  catalog.attributes.map((a) => [a.name, a]),
);

/** Catalog attribute names by builder (camelCase) name. */
export const attributeNameByCamel: ReadonlyMap<string, string> = new Map(
  catalog.attributes.map((a) => [a.camelName, a.name]),
);

/** Prefix of every security event name. */
export const EVENT_PREFIX = 'security_event.';

/**
 * Default SeverityNumber of an event occurrence: the first matching severity variant, else `ok` / `fail` by outcome
 * (`unknown` counts as ok).
 */
export function defaultSeverity(
  event: EventDefinition,
  attributes: Readonly<Record<string, unknown>>,
): CatalogSeverity {
  const failed = attributes['security_event.outcome'] === 'failure';
  const variant = event.severity.variants?.find((v) => attributes[v.when.attribute] === v.when.equals);
  const defaults = variant?.use ?? event.severity;
  return failed ? defaults.fail : defaults.ok;
}
