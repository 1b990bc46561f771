/**
 * secureLogRecordProcessors without NodeSDK: the processors in any SDK LoggerProvider, the resource that provider
 * carries redacted before sealing, options that belong to the SDK refused with where to set them, and one shutdown
 * whoever asks. (The real NodeSDK is exercised in test/nodesdk.)
 */
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logs } from '@opentelemetry/api';
import { logs as legacyLogs } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { verifyArchive } from '@seclog/integrity';
import { afterEach, describe, expect, it } from 'vitest';
import { secureLogRecordProcessors } from '../src/secure-log-record-processors.js';
import { SecureLoggingConfigError } from '../src/secure-logging-config-error.js';

afterEach(() => {
  logs.disable();
  legacyLogs.disable();
});

const base = { mode: 'development', handleSignals: false, notice: () => {} } as const;

describe('secureLogRecordProcessors', () => {
  it('seals and redacts records of a provider it does not own, its resource included; verifies with the saved key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seclog-procs-'));
    const seclog = secureLogRecordProcessors({ ...base, serviceName: 'procs', archiveDir: dir });
    expect(Array.isArray(seclog)).toBe(true);
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({
        'service.name': 'procs',
        'process.command_args': ['node', 'app.js', '--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
      }),
      processors: seclog,
    });
    logs.setGlobalLoggerProvider(provider);
    provider.getLogger('app').emit({ body: 'mail to dana@corp-mail.net' });
    seclog.security.authenticationLogin({
      outcome: 'failure',
      errorType: 'invalid_credentials',
      actorType: 'anonymous',
      authMethod: 'password',
      userName: 'dana',
      clientAddress: '203.0.113.5',
    });
    await provider.shutdown();

    const archive = readFileSync(seclog.archivePath as string, 'utf8');
    expect(archive).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    expect(archive).not.toContain('dana@corp-mail.net');
    expect(archive).toContain('process.command_args');
    expect(archive).toContain('security_event.authentication.login');
    const key = createPublicKey(readFileSync(seclog.publicKeyPath as string, 'utf8'));
    const report = await verifyArchive([seclog.archivePath as string], { trust: { publicKeys: [key] } });
    expect(report.verdict).toBe('valid');
    expect(seclog.deliveryStats().droppedRecords).toBe(0);
  });

  it('bridges the legacy api-logs registry to the provider registered later, and releases it at shutdown', async () => {
    const seclog = secureLogRecordProcessors({ ...base, archiveDir: mkdtempSync(join(tmpdir(), 'seclog-procs-')) });
    const legacyLogger = legacyLogs.getLogger('winston-like');
    const provider = new LoggerProvider({ processors: seclog });
    logs.setGlobalLoggerProvider(provider);
    legacyLogger.emit({ body: 'via api-logs' });
    const bridged = legacyLogs.getLoggerProvider();
    await provider.shutdown();
    expect(readFileSync(seclog.archivePath as string, 'utf8')).toContain('via api-logs');
    expect(legacyLogs.getLoggerProvider()).not.toBe(bridged);
  });

  it('shuts the chain down once, whether the SDK or the hooks ask first', async () => {
    const seclog = secureLogRecordProcessors({ ...base, archiveDir: mkdtempSync(join(tmpdir(), 'seclog-procs-')) });
    const [processor] = seclog;
    const first = processor?.shutdown();
    const second = processor?.shutdown();
    expect(first).toBe(second);
    await first;
  });

  it.each([
    ['registerGlobal', false],
    ['serviceVersion', '1.0.0'],
    ['resourceAttributes', { team: 'x' }],
    ['environment', 'prod'],
  ])('refuses %s, saying it is set on NodeSDK', (name, value) => {
    let error: unknown;
    try {
      secureLogRecordProcessors({ ...base, [name]: value } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecureLoggingConfigError);
    expect((error as Error).message).toMatch(
      new RegExp(`^secureLogRecordProcessors: options\\.${name} is not set here`),
    );
  });

  it('names itself in option errors', () => {
    expect(() => secureLogRecordProcessors({ ...base, exporter: { kind: 'otlp', endpoint: 'x' } as never })).toThrow(
      /^secureLogRecordProcessors: options\.exporter\.endpoint is not a known option \(did you mean url\?\)/,
    );
  });
});
