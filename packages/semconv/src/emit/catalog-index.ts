import { catalog } from '../catalog/index.js';
import type {
  AttributeDefinition,
  CatalogSeverity,
  ConditionalRequirement,
  EventDefinition,
} from '../catalog/types.js';

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

/** Allowed values of enum attributes, as sets. */
export const enumValues: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  catalog.attributes.filter((a) => a.enum).map((a) => [a.name, new Set(a.enum)]),
);

/** Requirements of one event, merged with the common ones once (validation runs on every emit). */
export interface EventRequirements {
  /** Common and event-specific required attributes, deduplicated. */
  readonly always: readonly string[];
  /** Actor-identity and event conditions. */
  readonly conditional: readonly ConditionalRequirement[];
  readonly errorTypes: ReadonlySet<string>;
  readonly outcomes: ReadonlySet<string>;
}

/** Merged requirements by event name. */
export const requirementsByEvent: ReadonlyMap<string, EventRequirements> = new Map(
  catalog.events.map((e) => [
    e.name,
    {
      always: [...new Set([...catalog.common.required, ...e.required])],
      conditional: [...catalog.common.actorIdentity, ...e.conditionallyRequired],
      errorTypes: new Set(e.errorTypes.length > 0 ? e.errorTypes : ['_OTHER']),
      outcomes: new Set(e.outcomes),
    },
  ]),
);
