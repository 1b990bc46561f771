/**
 * SIEM projections of security events: pure functions from a plain {@link SecurityEventRecord} to ECS, OCSF,
 * Splunk CIM and Datadog, driven by the catalog's per-event mappings.
 *
 * @packageDocumentation
 */
export { DATADOG_ATTRIBUTE_RENAMES, DATADOG_OUTCOMES, type DatadogAttributes, toDatadog } from './datadog.js';
export {
  ECS_ATTRIBUTE_FIELDS,
  ECS_GEO_FIELDS,
  ECS_LABELS_PREFIX,
  ECS_REASON_ATTRIBUTES,
  ECS_RESOURCE_FIELDS,
  type EcsDocument,
  toECS,
} from './ecs.js';
export { type OcsfObject, type OcsfOptions, type OcsfValue, toOCSF } from './ocsf.js';
export { OCSF_CLASS_LAYOUTS, type OcsfClassLayout, type OcsfTargetSlot, type OcsfVersion } from './ocsf-tables.js';
export {
  eventDefinitionOf,
  isNonconforming,
  NONCONFORMING_TAG,
  ProjectionError,
  type SecurityAttributeValue,
  type SecurityEventRecord,
} from './record.js';
export { PROJECTIONS, type Projection, type ProjectionKey } from './registry.js';
export { CIM_RECORD_COUNT_FIELD, CIM_UNKNOWN, type SplunkCimEvent, toSplunkCIM } from './splunk-cim.js';
