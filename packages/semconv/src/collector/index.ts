/**
 * Collector helpers: OTTL `transform` processor statements generated from the catalog, adding ECS fields (Elastic)
 * and Datadog standard attributes to security events in the OpenTelemetry Collector.
 *
 * @packageDocumentation
 */
import type { Catalog } from '../catalog/types.js';
import { type DatadogStatementOptions, generateDatadogTransformGroups } from './datadog-statements.js';
import { generateEcsTransformGroups } from './ecs-statements.js';
import { renderTransformProcessorYaml, type TransformYamlOptions } from './transform-yaml.js';

export {
  type DatadogStatementOptions,
  generateDatadogTransformGroups,
  generateDatadogTransformStatements,
} from './datadog-statements.js';
export {
  generateEcsTransformGroups,
  generateEcsTransformStatements,
  IPV4_PATTERN,
  IPV6_PATTERN,
} from './ecs-statements.js';
export {
  eventNameLiftGroup,
  IS_SECURITY_EVENT,
  type OttlStatementGroup,
  type OttlText,
  ottlString,
  SECURITY_EVENT_NAME_PATTERN,
} from './ottl.js';
export { renderTransformProcessorYaml, type TransformYamlOptions, yamlConfigString } from './transform-yaml.js';

/**
 * The `transform/seclog_ecs` processor snippet (collector YAML) that adds ECS fields to security events.
 *
 * @example
 * writeFileSync('ecs-transform.yaml', ecsTransformProcessorYaml());
 */
export function ecsTransformProcessorYaml(options: TransformYamlOptions = {}, source?: Catalog): string {
  return renderTransformProcessorYaml(generateEcsTransformGroups(source), { name: 'transform/seclog_ecs', ...options });
}

/**
 * The `transform/seclog_datadog` processor snippet (collector YAML) that renames security-event attributes to Datadog
 * standard attributes.
 */
export function datadogTransformProcessorYaml(
  options: TransformYamlOptions & DatadogStatementOptions = {},
  source?: Catalog,
): string {
  return renderTransformProcessorYaml(generateDatadogTransformGroups(options, source), {
    name: 'transform/seclog_datadog',
    ...options,
  });
}
