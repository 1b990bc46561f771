/**
 * `node --import @seclog/node/register app.mjs`: makes pino's records reach seclog in an ES-module app.
 *
 * The pino instrumentation patches `pino` when it is loaded. CommonJS loading is patched in-process, but an ES-module
 * app's `import pino from 'pino'` only goes through a loader hook, and `--import @opentelemetry/instrumentation/hook.mjs`
 * merely exports such hooks: nothing registers them, so pino's records silently never arrive. This module registers
 * them (`module.register`) and enables the pino instrumentation, before the app's first import runs.
 *
 * Everything is resolved from seclog's own dependency on `@opentelemetry/instrumentation-pino`, through that
 * package's `@opentelemetry/instrumentation` and its `import-in-the-middle`, so the loader, the message channel and
 * the instrumentation's hooks are one instance (also under pnpm, where the app does not see these packages).
 */
import { createRequire, type RegisterOptions, register } from 'node:module';
import { pathToFileURL } from 'node:url';

interface ImportInTheMiddle {
  createAddHookMessageChannel(): {
    registerOptions: RegisterOptions<unknown>;
    waitForAllMessagesAcknowledged(): Promise<void>;
  };
}

interface PinoInstrumentationModule {
  PinoInstrumentation: new (config?: Record<string, unknown>) => { enable(): void };
}

const fromSeclog = createRequire(import.meta.url);
const pinoInstrumentationPath = fromSeclog.resolve('@opentelemetry/instrumentation-pino');
const fromPinoInstrumentation = createRequire(pinoInstrumentationPath);
const fromInstrumentation = createRequire(fromPinoInstrumentation.resolve('@opentelemetry/instrumentation'));
const iitm = fromInstrumentation('import-in-the-middle') as ImportInTheMiddle;
const hookUrl = pathToFileURL(fromInstrumentation.resolve('import-in-the-middle/hook.mjs')).href;

// Only the modules an instrumentation asks for are wrapped (pino here), not the whole module graph.
const { registerOptions, waitForAllMessagesAcknowledged } = iitm.createAddHookMessageChannel();
register(hookUrl, import.meta.url, registerOptions);
// Loaded as an ES module, like @seclog/node itself: the OTel API's CommonJS and ES builds keep separate proxy
// providers, and a pino logger created before startSecureLogging holds a proxy that only the ES build's registration
// (the one @seclog/node makes) ever connects.
const { PinoInstrumentation } = (await import('@opentelemetry/instrumentation-pino')) as PinoInstrumentationModule;
// Enabled on construction: it hooks `pino` for both require and import; records go to the global logs API, which
// startSecureLogging (or NodeSDK with secureLogRecordProcessors) registers later.
new PinoInstrumentation();
await waitForAllMessagesAcknowledged();
