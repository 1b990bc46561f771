/**
 * Writes scenario events through the real seclog SDK (`startSecureLogging`: conformance, redaction, sealing, the
 * embedded OTLP/JSON file exporter) into an archive file, as an application would.
 */
import { startSecureLogging } from '@seclog/node';
import { emitSecurityEvent, getSecurityEventLogger, type SecurityEventName } from '@seclog/semconv';
import type { ScenarioEvent } from '../../src/scenarios/scenario-event.js';

/** Emits the events in order and returns the archive path and the checkpoint public key. */
export async function writeArchive(
  dir: string,
  serviceName: string,
  events: readonly ScenarioEvent[],
): Promise<{ archivePath: string; publicKeyPem: string }> {
  const secure = startSecureLogging({
    serviceName,
    archiveDir: dir,
    mode: 'development',
    securityEventMode: 'strict',
    registerGlobal: false,
    handleSignals: false,
    notice: () => {},
  });
  const logger = getSecurityEventLogger(secure.loggerProvider);
  for (const e of events) {
    emitSecurityEvent(logger, e.name as SecurityEventName, e.attributes as never, { timestamp: e.time });
  }
  await secure.shutdown();
  if (!secure.archivePath) throw new Error('the SDK did not use its file exporter');
  return { archivePath: secure.archivePath, publicKeyPem: secure.publicKeyPem };
}
