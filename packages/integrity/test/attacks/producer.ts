/**
 * Produces sealed archives with the real pipeline: LoggerProvider → IntegrityProcessor →
 * an in-memory exporter, then OTLP/JSON lines as the JS exporter or the collector's file exporter would write them.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { type Logger, SeverityNumber } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { NoteSigner } from '../../src/note/signed-note.js';
import { ed25519Signer, hmacSigner } from '../../src/note/signers.js';
import { IntegrityProcessor } from '../../src/processor/integrity-processor.js';
import { collectorStyle, jsRequest, type OtlpRequest, regroup } from './otlp-archive.js';

export interface ProducerKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly signer: NoteSigner;
}

/** An Ed25519 checkpoint key and its signer. */
export function ed25519Keys(keyName = 'checkout.example/seclog'): ProducerKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, signer: ed25519Signer(privateKey, { keyName }) };
}

/** An HMAC signer over `key` (≥ 32 bytes). */
export function hmacKeys(key: Uint8Array, keyName = 'checkout.example/seclog-hmac'): NoteSigner {
  return hmacSigner(key, { keyName });
}

export interface ProduceOptions {
  readonly signer: NoteSigner;
  /** Data records to emit; the default emitter logs a realistic security record per index. */
  readonly records: number;
  readonly emit?: (logger: Logger, i: number) => void;
  readonly maxRecords?: number;
  readonly leafList?: boolean;
  /** `clean`: shutdown (final checkpoint). `crash`: forceFlush, then `tail` more records, never shut down. */
  readonly end?: 'clean' | 'crash';
  /** Records emitted after the last checkpoint of a crashed producer (unsealed tail). */
  readonly tail?: number;
  readonly service?: string;
  /**
   * Give the resource an async attribute (`cloud.region`) that settles after the first half of the records: the
   * producer seals those with the settled part and emits a resource snapshot once the rest arrives.
   */
  readonly asyncResource?: boolean;
}

/** What the pipeline exported, in order, plus helpers to encode it. */
export interface ProducedStream {
  readonly records: ReadableLogRecord[];
}

/** A realistic record: nested map body, attributes of every type, a span context. */
export function emitSecurityRecord(logger: Logger, i: number): void {
  logger.emit({
    eventName: 'security_event.authentication',
    severityNumber: i % 7 === 0 ? SeverityNumber.WARN : SeverityNumber.INFO,
    severityText: i % 7 === 0 ? 'WARN' : 'INFO',
    body: { message: `user login #${i}`, outcome: { result: i % 7 === 0 ? 'failure' : 'success', attempts: i % 3 } },
    attributes: {
      'user.id': `u-${i % 41}`,
      'http.response.status_code': 200 + (i % 5),
      'auth.ratio': 1.5 + i,
      'auth.mfa': i % 2 === 0,
      'auth.token_hash': new Uint8Array([i & 255, 1, 2, 250]),
      'net.peers': ['10.0.0.1', `10.0.0.${i % 250}`],
    },
    context: undefined,
  });
}

/** Keeps every exported record, also after shutdown (the SDK's in-memory exporter clears itself on shutdown). */
class CapturingExporter implements LogRecordExporter {
  readonly records: ReadableLogRecord[] = [];
  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.records.push(...records);
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

/** Runs a LoggerProvider with the IntegrityProcessor and returns every exported record in export order. */
export async function produce(o: ProduceOptions): Promise<ReadableLogRecord[]> {
  const exporter = new CapturingExporter();
  const processor = new IntegrityProcessor({
    exporter,
    delivery: { scheduledDelayMillis: 0 },
    signer: o.signer,
    checkpoint: {
      maxRecords: o.maxRecords ?? 32,
      maxIntervalMs: 3_600_000,
      heartbeatMs: 3_600_000,
      leafList: o.leafList ?? true,
    },
  });
  let settle: (v: string) => void = () => {};
  const region = new Promise<string>((resolve) => {
    settle = resolve;
  });
  const resource = resourceFromAttributes({
    'service.name': o.service ?? 'checkout',
    'service.instance.id': `pod-${o.service ?? 'checkout'}-7`,
    'host.name': 'host-1',
    ...(o.asyncResource ? { 'cloud.region': region } : {}),
  });
  const provider = new LoggerProvider({ resource, processors: [processor] });
  const logger = provider.getLogger('app.auth', '2.3.0');
  const emit = o.emit ?? emitSecurityRecord;
  const half = o.asyncResource ? Math.floor(o.records / 2) : o.records;
  for (let i = 1; i <= half; i++) emit(logger, i);
  if (o.asyncResource) {
    settle('eu-west-1');
    await resource.waitForAsyncAttributes?.();
  }
  for (let i = half + 1; i <= o.records; i++) emit(logger, i);
  if ((o.end ?? 'clean') === 'clean') {
    await provider.shutdown();
  } else {
    await processor.forceFlush();
    for (let i = 1; i <= (o.tail ?? 0); i++) emit(logger, o.records + i);
    // The unsealed tail leaves on the delivery timer (0 ms here), as it would before a crash.
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setImmediate(r));
  return [...exporter.records];
}

/** Encodes exported records as OTLP/JSON requests of `perRequest` records (what a batch processor would send). */
export function toRequests(
  records: readonly ReadableLogRecord[],
  encoding: 'js' | 'collector',
  perRequest = 20,
): OtlpRequest[] {
  const out: OtlpRequest[] = [];
  for (let i = 0; i < records.length; i += perRequest) out.push(jsRequest(records.slice(i, i + perRequest)));
  if (encoding === 'js') return out;
  // The collector re-encodes ints as strings, ids in upper case, base64 URL-safe unpadded, and regroups batches.
  return regroup(out.map(collectorStyle), 7);
}
