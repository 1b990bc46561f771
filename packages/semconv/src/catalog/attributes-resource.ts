/** Resource attributes security events rely on (set once on the SDK resource). */
import type { ResourceAttributeDefinition } from './types.js';

/** Resource attributes security events rely on (origination, PCI 10.2.2). */
export const resourceAttributes: readonly ResourceAttributeDefinition[] = [
  {
    name: 'service.name',
    requirementLevel: 'required',
    description: 'Service that emitted the event; the actor identity for service / system actors.',
    otelConstant: 'ATTR_SERVICE_NAME',
    mappings: { ecs: 'service.name', ocsf: 'metadata.product.name', cim: 'app / vendor_product', datadog: 'service' },
  },
  {
    name: 'service.version',
    requirementLevel: 'recommended',
    description: 'Service version.',
    otelConstant: 'ATTR_SERVICE_VERSION',
    mappings: { ecs: 'service.version', ocsf: 'metadata.product.version', datadog: 'version' },
  },
  {
    name: 'service.instance.id',
    requirementLevel: 'recommended',
    description: 'Service instance.',
    otelConstant: 'ATTR_SERVICE_INSTANCE_ID',
    mappings: { ecs: 'service.node.name' },
  },
  {
    name: 'deployment.environment.name',
    requirementLevel: 'recommended',
    description: 'Deployment environment (production, staging, …).',
    otelConstant: 'ATTR_DEPLOYMENT_ENVIRONMENT_NAME',
    mappings: { ecs: 'service.environment', datadog: 'env' },
  },
  {
    name: 'host.name',
    requirementLevel: 'recommended',
    description: 'Host that emitted the event.',
    otelConstant: 'ATTR_HOST_NAME',
    mappings: { ecs: 'host.name', ocsf: 'device.hostname', cim: 'dvc', datadog: 'host' },
  },
];
