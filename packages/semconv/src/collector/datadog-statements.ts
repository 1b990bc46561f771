/**
 * OTTL statements that rename security-event attributes to Datadog standard attributes in the collector
 * (docs/design/semconv.md#datadog
 * remapper table), generated from the same catalog and rename table as {@link toDatadog}.
 */
import { catalog } from '../catalog/index.js';
import type { Catalog } from '../catalog/types.js';
import { DATADOG_ATTRIBUTE_RENAMES, DATADOG_OUTCOMES } from '../projections/datadog.js';
import {
  copyAttribute,
  deleteAttribute,
  eventNameIs,
  eventNameLiftGroup,
  IS_SECURITY_EVENT,
  LOG_EVENT_NAME,
  logAttribute,
  type OttlStatementGroup,
  type OttlText,
  or,
  ottlString,
  setAttribute,
  where,
} from './ottl.js';

/** Options of {@link generateDatadogTransformStatements}. */
export interface DatadogStatementOptions {
  /** Keep the OTel attribute next to its Datadog copy (a copy instead of a rename). Default `false`. */
  readonly keepSource?: boolean;
}

/**
 * Statements (log context) that set `evt.name` per event (from the catalog: `authentication` for events 1–7),
 * `evt.outcome` for success/failure, and rename `user.*`, `client.address`, `user_agent.original`,
 * `security_event.auth.user_exists` and the HTTP attributes to their Datadog names.
 *
 * @example
 * generateDatadogTransformStatements().includes(
 *   'set(log.attributes["usr.id"], log.attributes["user.id"]) where log.attributes["user.id"] != nil',
 * ); // true
 */
export function generateDatadogTransformStatements(
  options: DatadogStatementOptions = {},
  source: Catalog = catalog,
): OttlText[] {
  const out: OttlText[] = [];
  const byName = new Map<string, string[]>();
  for (const def of source.events)
    byName.set(def.datadog.evtName, [...(byName.get(def.datadog.evtName) ?? []), def.name]);
  for (const [evtName, events] of byName) {
    out.push(where(setAttribute('evt.name', ottlString(evtName)), or(...events.map(eventNameIs))));
  }
  // Datadog has no standard attribute for the event name (evt.name holds the category): the seclog Datadog rules
  // select events by `@otel.event.name`, the attribute logging bridges already use for it.
  out.push(where(setAttribute('otel.event.name', LOG_EVENT_NAME), `${logAttribute('otel.event.name')} == nil`));
  const outcome = logAttribute('security_event.outcome');
  out.push(
    where(
      setAttribute('evt.outcome', outcome),
      or(...[...DATADOG_OUTCOMES].map((value) => `${outcome} == ${ottlString(value)}`)),
    ),
  );
  for (const [attribute, target] of DATADOG_ATTRIBUTE_RENAMES) {
    out.push(copyAttribute(attribute, target));
    if (!options.keepSource) out.push(deleteAttribute(attribute));
  }
  return out;
}

/** `log_statements` groups for the Datadog pipeline: lift bridged event names, then the renames for security events. */
export function generateDatadogTransformGroups(
  options: DatadogStatementOptions = {},
  source: Catalog = catalog,
): OttlStatementGroup[] {
  return [
    eventNameLiftGroup(),
    {
      description:
        'Datadog standard attributes for seclog security events (generated from the @seclog/semconv catalog)',
      conditions: [IS_SECURITY_EVENT],
      statements: generateDatadogTransformStatements(options, source),
    },
  ];
}
