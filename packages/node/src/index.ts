/**
 * `@seclog/node`: one-call secure OpenTelemetry logging for Node.js (redaction → sealing → OTLP or a local OTLP/JSON
 * archive) and Lograge-style request logs for express, fastify and node:http.
 */
export { type GlobalRegistration, registerGlobalLoggerProvider } from './global-logger-provider.js';
export { bridgeLegacyLogsRegistry, type LegacyLogsBridge } from './legacy-logs-bridge.js';
export {
  type ExporterChoice,
  type SelectedExporter,
  type SelectionContext,
  selectLogExporter,
} from './log-exporter-selection.js';
export type { OtlpExporterSettings } from './otlp-exporter-settings.js';
export { OtlpJsonFileExporter, type OtlpJsonFileExporterOptions } from './otlp-json-file-exporter.js';
export { installProcessHooks, type ProcessHookTargets } from './process-hooks.js';
export {
  clientAddressOf,
  createExchangeObserver,
  type ExchangeObserver,
  type RequestLogOptions,
} from './request-log/exchange-observer.js';
export { type ExpressMiddleware, expressRequestLog } from './request-log/express.js';
export { type ExpressRequestLike, expressRouteTemplate } from './request-log/express-route-template.js';
export {
  type FastifyLike,
  type FastifyReplyLike,
  type FastifyRequestLike,
  registerFastifyRequestLog,
} from './request-log/fastify.js';
export { type NodeHttpRequestLogOptions, withRequestLog } from './request-log/node-http.js';
export { generateRequestId, resolveRequestId } from './request-log/request-id.js';
export {
  normalizeMethod,
  type RequestFacts,
  requestLogAttributes,
  requestLogBody,
  requestLogSeverity,
  UNMATCHED_ROUTE,
} from './request-log/request-log-record.js';
export {
  compileTrustedProxies,
  normalizeAddress,
  type ProxyTrust,
  resolveClientAddress,
  type TrustedProxies,
} from './request-log/trusted-proxies.js';
export { ResourceRedactingProcessor } from './resource-redacting-processor.js';
export {
  type SecureLogRecordProcessors,
  type SecureLogRecordProcessorsHandle,
  type SecureLogRecordProcessorsOptions,
  secureLogRecordProcessors,
} from './secure-log-record-processors.js';
export { SecureLoggingConfigError } from './secure-logging-config-error.js';
export type { SecureLoggingOptions } from './secure-logging-options.js';
export { buildServiceResource, type ServiceIdentity } from './service-resource.js';
export { type KeySources, type LoadedKeys, loadKeys } from './signing-keys.js';
export { type SecureLogging, startSecureLogging } from './start-secure-logging.js';
export { validateOptions } from './validate-options.js';
