/**
 * `@seclog/node` runs the security-event builders in `safe` mode unless the application asks for `strict`: a request
 * must never fail, and a security event must never be lost, because one attribute had the wrong type (a JSON body's
 * `"username": 123`). Safe mode emits the event tagged with `security_event.conformance.errors`; this wrapper also says
 * so once per event name on the notice sink, so the mistake still surfaces in development.
 */
import type { SecurityEvents } from '@seclog/semconv';

/** Event names noticed at most (a bound on the set of names remembered). */
const MAX_NOTICED_EVENTS = 64;

/**
 * The same builders, each telling `notice` the first time its event is emitted with conformance errors (the event
 * name and the codes, which never contain values). Strict mode throws at the call site already, so it is returned
 * as is.
 */
export function withConformanceNotices(events: SecurityEvents, notice: (message: string) => void): SecurityEvents {
  if (events.mode === 'strict') return events;
  const noticed = new Set<string>();
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(events)) {
    if (typeof member !== 'function') {
      wrapped[name] = member;
      continue;
    }
    wrapped[name] = (...args: unknown[]) => {
      const result = (member as (...a: unknown[]) => { eventName: string; conformanceErrors: readonly string[] })(
        ...args,
      );
      const first = !noticed.has(result.eventName) && noticed.size < MAX_NOTICED_EVENTS;
      if (result.conformanceErrors.length > 0 && first) {
        noticed.add(result.eventName);
        notice(
          `seclog: security event ${result.eventName} did not conform (${result.conformanceErrors.join(', ')}); ` +
            "emitted with security_event.conformance.errors (securityEventMode: 'strict' throws instead)",
        );
      }
      return result;
    };
  }
  return Object.freeze(wrapped) as unknown as SecurityEvents;
}
