/**
 * The security-event catalog: the single source of truth for names, attributes, requirements, severities and
 * SIEM / compliance mappings.
 *
 * @packageDocumentation
 */

import { activityAttributes } from './attributes-activity.js';
import { geoAttributes } from './attributes-geo.js';
import { identityAttributes } from './attributes-identity.js';
import { integrityAttributes } from './attributes-integrity.js';
import { otelAttributes } from './attributes-otel.js';
import { resourceAttributes } from './attributes-resource.js';
import { accessEvents } from './events-access.js';
import { accountEvents } from './events-account.js';
import { authenticationEvents } from './events-authentication.js';
import { dataEvents } from './events-data.js';
import { integrityEvents } from './events-integrity.js';
import { attributeExamples } from './examples.js';
import type { AttributeDefinition, Catalog } from './types.js';

export {
  HTTP_REQUEST_METHOD_OTHER,
  HTTP_REQUEST_METHODS,
  type HttpRequestMethod,
} from './http-request-methods.js';
export type * from './types.js';

/** Catalog (and package) version. */
export const CATALOG_VERSION = '0.1.0';

function withExamples(a: AttributeDefinition): AttributeDefinition {
  const examples = a.examples ?? attributeExamples[a.name] ?? a.enum;
  return examples ? { ...a, examples } : a;
}

/**
 * The seclog security-event catalog.
 *
 * @example
 * ```ts
 * import { catalog } from '@seclog/semconv';
 * const login = catalog.events.find((e) => e.name === 'security_event.authentication.login');
 * login?.ocsf['1.8.0'].typeUid; // 300201
 * ```
 */
export const catalog: Catalog = {
  version: CATALOG_VERSION,
  schemaUrl: `https://seclog.dev/schemas/security_event/${CATALOG_VERSION}`,
  scopeName: '@seclog/semconv',
  namespace: 'security_event',
  common: {
    required: ['security_event.category', 'security_event.outcome', 'security_event.actor.type'],
    actorIdentity: [
      { when: { attribute: 'security_event.actor.type', equals: 'user' }, attributes: ['user.id'] },
      {
        when: { attribute: 'security_event.actor.type', equals: 'api_key' },
        attributes: ['security_event.actor.credential.id'],
      },
    ],
    recommended: [
      'log.record.uid',
      'client.address',
      'user_agent.original',
      'session.id',
      'user.name',
      'user.roles',
      'security_event.actor.privileged',
      'security_event.tenant.id',
      'server.address',
      'http.request.method',
      'http.route',
      'http.response.status_code',
    ],
  },
  ecs: { module: 'seclog', dataset: 'seclog.security_event' },
  attributes: [
    ...otelAttributes,
    ...geoAttributes,
    ...identityAttributes,
    ...activityAttributes,
    ...integrityAttributes,
  ].map(withExamples),
  resourceAttributes,
  // Each event lives in the file of its domain and keeps the id it was published with: ordered by id here, so a new
  // event takes the next id in whichever file it belongs to.
  events: [...authenticationEvents, ...accountEvents, ...accessEvents, ...dataEvents, ...integrityEvents].sort(
    (a, b) => a.id - b.id,
  ),
};
