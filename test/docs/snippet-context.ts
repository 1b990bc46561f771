/**
 * The names a README snippet assumes but does not declare, by snippet id (`<file>#<n>`, n counting the file's
 * TypeScript blocks from 1). Only fragments are listed: the setup snippets of the root and @seclog/node READMEs are
 * complete programs and must compile as pasted. A new fragment without an entry fails with "Cannot find name …",
 * which is the point: say here what it assumes (declarations only, so its own imports and calls are still checked).
 */
const lines = (...l: string[]) => l.join('\n');

const integrityProcessorInputs = lines(
  "import type { LogRecordExporter } from '@opentelemetry/sdk-logs';",
  "import { IntegrityProcessor, type NoteSigner } from '@seclog/integrity';",
  'declare const exporter: LogRecordExporter;',
  'declare const signer: NoteSigner;',
);

const expressRequest = lines("import type { Request } from 'express';", 'declare const req: Request;');

export const SNIPPET_CONTEXT: Readonly<Record<string, string>> = {
  'packages/integrity/README.md#2': integrityProcessorInputs,
  'packages/integrity/README.md#3': lines(
    integrityProcessorInputs,
    "import type { MeterProvider } from '@opentelemetry/api';",
    "import { OtlpJsonFileExporter } from '@seclog/node';",
    'declare const meterProvider: MeterProvider;',
  ),
  'packages/integrity/README.md#4': lines(
    "import { exitCodeForReport, verifyArchive } from '@seclog/integrity';",
    'declare const pem: string;',
  ),
  'packages/redaction/README.md#1': lines(
    "import type { Resource } from '@opentelemetry/resources';",
    "import type { LogRecordExporter } from '@opentelemetry/sdk-logs';",
    'declare const exporter: LogRecordExporter;',
    'declare const resource: Resource;',
  ),
  'packages/semconv/README.md#1': expressRequest,
  'packages/semconv/README.md#2': lines(
    expressRequest,
    "import type { SecurityEvents } from '@seclog/semconv';",
    'declare const security: SecurityEvents;',
    'declare const user: { id: string };',
    'declare const session: { id: string };',
    'declare function hashSessionId(id: string): string;',
  ),
  'packages/semconv/README.md#3': lines(
    "import { readFileSync } from 'node:fs';",
    "import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';",
    "import { SecurityEventProcessor } from '@seclog/semconv';",
    'declare const redactionProcessor: LogRecordProcessor;',
  ),
  'packages/snapshot/README.md#1': lines(
    "import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';",
    'declare const logRecord: ReadWriteLogRecord;',
  ),
  'packages/snapshot/README.md#2': lines(
    "import { logs } from '@opentelemetry/api';",
    "import type { Resource } from '@opentelemetry/resources';",
    "import { LoggerProvider, type LogRecordProcessor } from '@opentelemetry/sdk-logs';",
    "import { safeLoggerProvider } from '@seclog/snapshot';",
    'declare const resource: Resource;',
    'declare const processors: LogRecordProcessor[];',
  ),
};
