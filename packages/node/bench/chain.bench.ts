/**
 * Whole seclog chain per record (SecurityEventProcessor + RedactionProcessor + IntegrityProcessor + batch + OTLP
 * protobuf encode) as a ratio to the bare SDK chain (batch + OTLP protobuf encode) on the same records.
 * Run: `pnpm bench chain` (each bench file runs in its own Node process with --expose-gc).
 */

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type Logger, SeverityNumber } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  type LogRecordExporter,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import { ed25519Signer, IntegrityProcessor } from '@seclog/integrity';
import { startSecureLogging } from '@seclog/node';
import { RedactionProcessor } from '@seclog/redaction';
import { SecurityEventProcessor } from '@seclog/semconv';

const RECORDS_PER_BATCH = 512;
const BATCHES_PER_ROUND = 20;
const ROUNDS = 10;

/** Encodes every batch to OTLP protobuf (the work a real exporter does before the network) and discards it. */
class EncodingExporter implements LogRecordExporter {
  bytes = 0;
  export(logs: ReadableLogRecord[], done: (r: { code: ExportResultCode }) => void): void {
    this.bytes += ProtobufLogsSerializer.serializeRequest(logs)?.byteLength ?? 0;
    done({ code: ExportResultCode.SUCCESS });
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** A realistic mix: a request log, an app line, a pino-style structured body and a security event. */
function emitMix(logger: Logger, i: number): void {
  switch (i % 4) {
    case 0:
      logger.emit({
        severityNumber: SeverityNumber.INFO,
        body: 'GET /orders/:orderId 200 3.4ms',
        attributes: {
          'http.request.method': 'GET',
          'http.route': '/orders/:orderId',
          'http.response.status_code': 200,
          'url.scheme': 'https',
          'client.address': '198.51.100.23',
          'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/135.0',
          'http.response.body.size': 1832,
          'seclog.request.id': '4bf92f3577b34da6a3ce929d0e0e4736',
          'seclog.request.duration_ms': 3.412,
        },
      });
      return;
    case 1:
      logger.emit({
        severityNumber: SeverityNumber.INFO,
        body: `order ${10_000 + i} paid: 3 items, total 129.90 EUR, shipping to warehouse DE-7`,
        attributes: { 'order.id': `o-${10_000 + i}`, 'cart.items': 3, 'cart.total': 129.9 },
      });
      return;
    case 2:
      logger.emit({
        severityNumber: SeverityNumber.WARN,
        body: 'inventory below threshold',
        attributes: {
          sku: 'SKU-88812',
          warehouse: { id: 'DE-7', zone: 'B', shelf: 14 },
          levels: [4, 2, 0],
          hostname: 'shop-7c9f',
          pid: 4242,
        },
      });
      return;
    default:
      logger.emit({
        eventName: 'security_event.authentication.login',
        severityNumber: SeverityNumber.WARN,
        body: 'login failed',
        attributes: {
          'security_event.category': 'authentication',
          'security_event.outcome': 'failure',
          'security_event.actor.type': 'anonymous',
          'security_event.auth.method': 'password',
          'error.type': 'invalid_credentials',
          'user.name': 'bob',
          'client.address': '203.0.113.7',
          'user_agent.original': 'python-requests/2.32',
          'log.record.uid': `01JD${String(i).padStart(22, '0')}`,
        },
      });
  }
}

async function main(): Promise<void> {
  const resourceAttributes = { 'service.name': 'bench', 'service.version': '1.0.0', 'service.instance.id': 'i-1' };
  const batchOptions = { maxQueueSize: 4096, maxExportBatchSize: RECORDS_PER_BATCH, scheduledDelayMillis: 60_000 };

  const bareExporter = new EncodingExporter();
  const bare = new LoggerProvider({
    resource: resourceFromAttributes(resourceAttributes),
    processors: [new BatchLogRecordProcessor({ exporter: bareExporter, ...batchOptions })],
  });
  const bareLogger = bare.getLogger('bench');

  const secureExporter = new EncodingExporter();
  const secure = startSecureLogging({
    serviceName: 'bench',
    serviceVersion: '1.0.0',
    serviceInstanceId: 'i-1',
    mode: 'development',
    exporter: secureExporter,
    delivery: batchOptions,
    registerGlobal: false,
    handleSignals: false,
    securityEventMode: 'safe',
    notice: () => {},
  });
  const secureLogger = secure.loggerProvider.getLogger('bench');

  // One stage at a time on top of the bare chain, to show where the cost goes.
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  const stage = (name: string) => {
    const exporter = new EncodingExporter();
    const batch = new BatchLogRecordProcessor({ exporter, ...batchOptions });
    const head =
      name === 'semconv'
        ? new SecurityEventProcessor({ next: batch, mode: 'safe' })
        : name === 'redaction'
          ? new RedactionProcessor({ next: batch, policy: { hmac: { kid: 'k1', key: randomBytes(32) } } })
          : new IntegrityProcessor({
              exporter,
              delivery: batchOptions,
              signer: ed25519Signer(signingKey, { keyName: 'bench' }),
            });
    const provider = new LoggerProvider({ resource: resourceFromAttributes(resourceAttributes), processors: [head] });
    return { logger: provider.getLogger('bench'), provider };
  };
  const stages = ['semconv', 'redaction', 'integrity'].map((name) => ({ name, ...stage(name) }));

  let n = 0;
  const run = (logger: Logger, provider: { forceFlush(): Promise<void> }) => async () => {
    for (let i = 0; i < RECORDS_PER_BATCH; i++) emitMix(logger, n++);
    await provider.forceFlush();
  };
  const contenders = [
    { name: 'bare SDK (batch + OTLP encode)', fn: run(bareLogger, bare) },
    {
      name: 'seclog chain (semconv + redaction + integrity + batch + OTLP encode)',
      fn: run(secureLogger, secure.loggerProvider),
    },
    ...stages.map((s) => ({ name: `bare + ${s.name} only`, fn: run(s.logger, s.provider) })),
  ];

  // CPU time (process.cpuUsage: every thread, so threadpool signing counts) rather than wall time: the machine is
  // shared, and CPU time is far less disturbed by other processes than latency. Best of ROUNDS alternating rounds.
  const best = new Map<string, number>();
  for (const c of contenders) for (let w = 0; w < 5; w++) await c.fn();
  for (let round = 0; round < ROUNDS; round++) {
    (globalThis as { gc?: () => void }).gc?.();
    for (const c of round % 2 === 0 ? contenders : [...contenders].reverse()) {
      const before = process.cpuUsage();
      for (let b = 0; b < BATCHES_PER_ROUND; b++) await c.fn();
      const used = process.cpuUsage(before);
      const perRecordUs = (used.user + used.system) / (BATCHES_PER_ROUND * RECORDS_PER_BATCH);
      best.set(c.name, Math.min(best.get(c.name) ?? Number.POSITIVE_INFINITY, perRecordUs));
    }
  }
  await secure.shutdown();
  await bare.shutdown();
  for (const s of stages) await s.provider.shutdown();

  const bareUs = best.get(contenders[0]?.name ?? '') ?? Number.NaN;
  console.log(
    `Node ${process.version} · CPU µs per record (process.cpuUsage), ${RECORDS_PER_BATCH}-record batches, best of ${ROUNDS} rounds`,
  );
  console.log('| contender | µs / record | ratio to bare |');
  console.log('|---|---:|---:|');
  for (const c of contenders) {
    const us = best.get(c.name) ?? Number.NaN;
    console.log(`| ${c.name} | ${us.toFixed(2)} | ${(us / bareUs).toFixed(2)}× |`);
  }
  const ratio = (best.get(contenders[1]?.name ?? '') ?? Number.NaN) / bareUs;
  console.log(`\nwhole-chain ratio ${ratio.toFixed(2)}× (target ≤ 1.5×): ${ratio <= 1.5 ? 'met' : 'MISSED'}`);
}

await main();
