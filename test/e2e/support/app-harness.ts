// Starts the demo express app (examples/express-app) on @seclog/node with its pino logger bridged into the chain,
// on an ephemeral loopback port. Shared by the app-level end-to-end tests.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { expressRequestLog, type SecureLogging, type SecureLoggingOptions, startSecureLogging } from '@seclog/node';
import type { Logger as PinoLogger } from 'pino';
import { createApp } from '../../../examples/express-app/src/app.ts';
import { seedStore } from '../../../examples/express-app/src/scenario.ts';
import { Store } from '../../../examples/express-app/src/store.ts';

const requireHere = createRequire(import.meta.url);

/** A running demo app and the seclog handle behind it. */
export interface RunningApp {
  base: string;
  secure: SecureLogging;
  store: Store;
  ids: ReturnType<typeof seedStore>;
  pinoLogger: PinoLogger;
  /** Closes the server, then shuts seclog down (final checkpoint, flush). */
  stop(): Promise<void>;
}

/** Starts seclog with `options`, then the app; pino output itself is discarded (only the OTel bridge matters). */
export async function startApp(options: SecureLoggingOptions): Promise<RunningApp> {
  const secure = startSecureLogging({ handleSignals: false, notice: () => {}, ...options });
  const instrumentation = new PinoInstrumentation();
  const pino = requireHere('pino') as typeof import('pino').default;
  const pinoLogger = pino({ level: 'debug' }, { write: () => {} });
  const store = new Store();
  const ids = seedStore(store);
  const app = createApp({
    security: secure.security,
    log: pinoLogger,
    store,
    requestLog: expressRequestLog({ trustedProxies: ['loopback'] }),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    secure,
    store,
    ids,
    pinoLogger,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await secure.shutdown();
      instrumentation.disable();
    },
  };
}
