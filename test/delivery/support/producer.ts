// A producer process for the load and fault suite: starts @seclog/node as an application would, emits records as the
// scenario says, and reports on stdout (one JSON object per line). Run with `node producer.ts '<scenario JSON>'`.
import { writeFileSync } from 'node:fs';
import { startSecureLogging } from '@seclog/node';
import type { ProducerScenario } from './scenario.ts';

const scenario = JSON.parse(process.argv[2] ?? '{}') as ProducerScenario;
const say = (event: string, data: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);

const secure = startSecureLogging({
  serviceName: scenario.serviceName ?? 'fault-suite',
  mode: 'production',
  keys: { signingKeyFile: scenario.signingKeyFile, hmacKeyFile: scenario.hmacKeyFile },
  archiveDir: scenario.archiveDir,
  exporter: scenario.exporter,
  ...(scenario.delivery ? { delivery: scenario.delivery } : {}),
  ...(scenario.pipeline ? { pipeline: scenario.pipeline } : {}),
  registerGlobal: false,
  notice: (m) => say('notice', { message: m }),
});
const logger = secure.loggerProvider.getLogger('fault-suite');
const padding = 'x'.repeat(Math.max(0, (scenario.bodyBytes ?? 0) - 24));
let emitted = 0;

/** Values the OTLP/JSON and protobuf encoders write differently, and a getter that throws once the record is queued. */
function hostileBody(n: number): unknown {
  let armed = false;
  setImmediate(() => {
    armed = true;
  });
  return {
    n,
    values: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 63, 1e300, -0, 2 ** 60, 10n ** 30n],
    get late() {
      if (armed) throw new Error('read after emit');
      return 'read at emit';
    },
  };
}

/** Emits one record; its body names its number so a test can tell which records arrived. */
function emitOne(): void {
  emitted++;
  const body = scenario.hostile ? hostileBody(emitted) : `record ${emitted} ${padding}`;
  logger.emit({ body: body as never, attributes: { n: emitted, ...scenario.attributes } });
}

/** Writes the count synchronously: a process killed by a signal has no later chance to say how many it emitted. */
function recordCount(): void {
  if (scenario.countFile) writeFileSync(scenario.countFile, String(emitted));
}

if (scenario.drainOnSigterm !== undefined) {
  // The application's own graceful shutdown: it keeps logging while it drains, then exits.
  process.on('SIGTERM', () => {
    say('draining');
    const until = Date.now() + (scenario.drainOnSigterm ?? 0);
    const drain = setInterval(() => {
      for (let i = 0; i < (scenario.burstSize ?? 100); i++) emitOne();
      recordCount();
      if (Date.now() >= until) {
        clearInterval(drain);
        say('drained', { emitted });
        process.exit(0);
      }
    }, 10);
  });
}

say('started', { archivePath: secure.archivePath, spillPath: secure.spillPath, pid: process.pid });

let burst = 0;
function nextBurst(): void {
  if (scenario.bursts !== undefined && burst >= scenario.bursts) {
    void finish();
    return;
  }
  burst++;
  for (let i = 0; i < (scenario.burstSize ?? 1000); i++) emitOne();
  recordCount();
  // One burst per event-loop turn (setImmediate), or paced (setTimeout) for the signal scenarios.
  if (scenario.pauseMs === undefined) setImmediate(nextBurst);
  else setTimeout(nextBurst, scenario.pauseMs);
}

async function finish(): Promise<void> {
  say('emitted', { emitted });
  if (scenario.end === 'exit') {
    // process.exit() skips beforeExit: only the synchronous exit hook can write the final checkpoint.
    process.exit(0);
  }
  if (scenario.end === 'shutdown') {
    const started = performance.now();
    const stats = await secure.shutdown();
    say('shutdown', { ms: Math.round(performance.now() - started), stats });
  }
  // 'end' (default): the program simply ends; beforeExit writes the final checkpoint.
}

nextBurst();
