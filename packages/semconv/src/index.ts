/**
 * `@seclog/semconv`: security-event semantic conventions for OpenTelemetry logs — the catalog, generated names and
 * types, typed emitters, a conformance processor, and SIEM projections.
 *
 * @packageDocumentation
 */
export * from './catalog/index.js';
export * from './collector/index.js';
export { defaultSeverity } from './emit/catalog-index.js';
export { type ClientGeo, type ClientGeoLookup, geoAttributes } from './emit/client-geo.js';
export {
  createSecurityEvents,
  getSecurityEventLogger,
  type SecurityEvents,
  type SecurityEventsOptions,
} from './emit/create-security-events.js';
export {
  CONFORMANCE_ERRORS_ATTRIBUTE,
  defaultConformanceMode,
  emitSecurityEvent,
  SecurityEventValidationError,
} from './emit/emit-security-event.js';
export {
  planRecordConformance,
  type RecordPlan,
  type RecordView,
} from './emit/plan-record-conformance.js';
export { isSecretKey, looksLikeSecret } from './emit/secret-guard.js';
export {
  SecurityEventConfigError,
  SecurityEventProcessor,
  type SecurityEventProcessorMode,
  type SecurityEventProcessorOptions,
} from './emit/security-event-processor.js';
export type { ConformanceMode, SecurityEventEmitOptions, SecurityEventEmitResult } from './emit/types.js';
export { uuidV7 } from './emit/uuid-v7.js';
export {
  type CheckOptions,
  type ConformanceCode,
  type ConformanceIssue,
  type ConformanceReport,
  checkSecurityEvent,
  formatIssue,
  formatIssues,
} from './emit/validate.js';
export type * from './generated/event-types.js';
export * from './generated/names.js';
export * from './projections/index.js';
