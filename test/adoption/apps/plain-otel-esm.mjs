// Plain OpenTelemetry, no NodeSDK: an SDK LoggerProvider the app builds itself, with seclog's processors.
// Usage: node plain-otel-esm.mjs <archiveDir>   Prints JSON as express-cjs does.
import { logs } from '@opentelemetry/api';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { secureLogRecordProcessors } from '@seclog/node';

const seclog = secureLogRecordProcessors({ serviceName: 'plain-otel', archiveDir: process.argv[2] });
const provider = new LoggerProvider({ resource: seclog.resource, processors: seclog });
logs.setGlobalLoggerProvider(provider);
logs.getLogger('app').emit({ body: 'plain otel: login with password=hunter2-plain-otel' });
await provider.shutdown();
console.log(JSON.stringify({ status: 0, archivePath: seclog.archivePath, publicKeyPath: seclog.publicKeyPath }));
