/**
 * The three contenders of the pipeline comparison (issue 14): the bare SDK, seclog inline and seclog on a worker
 * thread. An exporter object cannot move to a worker, so all three write OTLP/JSON lines through the file exporter
 * to /dev/null: the encoding and the write(2) that an archive pays, without the disk. Shared by `chain.bench.ts`
 * and `pipelines.bench.ts` so that both compare exactly the same three chains.
 */
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { OtlpJsonFileExporter, startSecureLogging } from '@seclog/node';

export interface FileContender {
  name: string;
  provider: Pick<LoggerProvider, 'getLogger' | 'forceFlush'>;
}

const FILE = '/dev/null';

/** Builds the three contenders with the same resource and batch options; `shutdownAll` ends them. */
export function fileContenders(batchOptions: {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
}): { contenders: FileContender[]; shutdownAll(): Promise<void> } {
  const resource = { 'service.name': 'bench', 'service.version': '1.0.0', 'service.instance.id': 'i-1' };
  const bare = new LoggerProvider({
    resource: resourceFromAttributes(resource),
    processors: [new BatchLogRecordProcessor({ exporter: new OtlpJsonFileExporter({ path: FILE }), ...batchOptions })],
  });
  const seclog = (pipeline: 'inline' | 'worker') =>
    startSecureLogging({
      serviceName: resource['service.name'],
      serviceVersion: resource['service.version'],
      serviceInstanceId: resource['service.instance.id'],
      mode: 'development',
      exporter: { kind: 'file', path: FILE },
      delivery: batchOptions,
      registerGlobal: false,
      handleSignals: false,
      securityEventMode: 'safe',
      notice: () => {},
      pipeline,
    });
  const inline = seclog('inline');
  const worker = seclog('worker');
  return {
    contenders: [
      { name: 'bare SDK (batch + OTLP/JSON file)', provider: bare },
      { name: 'seclog inline (OTLP/JSON file)', provider: inline.loggerProvider },
      { name: "seclog pipeline: 'worker' (OTLP/JSON file)", provider: worker.loggerProvider },
    ],
    async shutdownAll() {
      await bare.shutdown();
      await inline.shutdown();
      await worker.shutdown();
    },
  };
}
