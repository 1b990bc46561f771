import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Attributes } from '@opentelemetry/api';
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';

/** The identity every record carries (PCI DSS 10.2.2 origination). */
export interface ServiceIdentity {
  serviceName?: string;
  serviceVersion?: string;
  serviceInstanceId?: string;
  environment?: string;
  /** Extra resource attributes (they pass through `redactResource` like the rest). */
  attributes?: Attributes;
}

/**
 * Builds the resource: explicit options win, then `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` of `env`, then
 * defaults (`unknown_service:node`, a random `service.instance.id`, `deployment.environment.name` from NODE_ENV).
 */
export function buildServiceResource(identity: ServiceIdentity, env: NodeJS.ProcessEnv): Resource {
  // Read from `env` (not the OTel env detectors, which read process.env): the `env` option reaches the resource too.
  const fromEnv: Attributes = { ...parseKeyPairsIntoRecord(env.OTEL_RESOURCE_ATTRIBUTES) };
  const serviceName = env.OTEL_SERVICE_NAME?.trim();
  if (serviceName) fromEnv['service.name'] = serviceName;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const attributes: Attributes = {
    ...fromEnv,
    ...identity.attributes,
    'service.name': identity.serviceName ?? str(fromEnv['service.name']) ?? 'unknown_service:node',
    'service.instance.id': identity.serviceInstanceId ?? str(fromEnv['service.instance.id']) ?? randomUUID(),
    'deployment.environment.name':
      identity.environment ?? str(fromEnv['deployment.environment.name']) ?? str(env.NODE_ENV) ?? 'development',
    'host.name': str(fromEnv['host.name']) ?? hostname(),
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'opentelemetry',
  };
  const version = identity.serviceVersion ?? str(fromEnv['service.version']);
  if (version !== undefined) attributes['service.version'] = version;
  return resourceFromAttributes(attributes);
}
