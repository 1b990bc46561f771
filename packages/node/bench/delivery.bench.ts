// Delivery under load (issue: integrity and delivery guarantees). Run with `pnpm bench delivery`.
//
// 1. Sustained rate on the embedded default (OTLP/JSON file exporter): bursts of 1,000 and 10,000 records per
//    event-loop turn for a fixed time; records/s, records refused (must be 0), peak queue depth and peak RSS.
// 2. Memory at the largest burst: one burst of 50,000 / 200,000 records in a single turn; RSS growth.
// 3. Shutdown with the endpoint down (OTLP to a closed loopback port): shutdown() duration and process exit time.
// 4. Verifier memory on the worst single record: `seclog verify` peak RSS (GNU time) on an archive whose one record
//    sits at every snapshot limit, and on a hostile line of 10 million array elements (not written by seclog).
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSecureLogging } from '@seclog/node';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(root, 'packages/cli/dist/bin.js');
const quiet = { mode: 'development', registerGlobal: false, handleSignals: false, notice: () => {} } as const;
const mib = (b: number) => (b / 2 ** 20).toFixed(0);

function body(i: number): string {
  return `GET /api/orders/${i} 200 user=u-${i % 997} took=${i % 250}ms`;
}

async function sustained(burst: number, seconds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'seclog-bench-'));
  const secure = startSecureLogging({ ...quiet, archiveDir: dir, serviceName: 'bench' });
  const logger = secure.loggerProvider.getLogger('bench');
  let emitted = 0;
  let peakRss = 0;
  let peakQueue = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (let i = 0; i < burst; i++) logger.emit({ body: body(emitted++), attributes: { n: emitted } });
    peakQueue = Math.max(peakQueue, secure.deliveryStats().queuedRecords);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    await new Promise((r) => setImmediate(r));
  }
  const elapsed = (performance.now() - started) / 1000;
  const stats = await secure.shutdown();
  console.log(
    `| ${burst.toLocaleString('en')} per turn | ${Math.round(emitted / elapsed).toLocaleString('en')} | ` +
      `${emitted.toLocaleString('en')} | ${stats.refusedRecords + stats.droppedRecords + stats.undeliveredRecords} | ` +
      `${peakQueue.toLocaleString('en')} | ${mib(peakRss)} |`,
  );
  rmSync(dir, { recursive: true, force: true });
}

async function oneBurst(size: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'seclog-bench-'));
  const secure = startSecureLogging({ ...quiet, archiveDir: dir, serviceName: 'bench' });
  const logger = secure.loggerProvider.getLogger('bench');
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const started = performance.now();
  for (let i = 0; i < size; i++) {
    logger.emit({ body: body(i), attributes: { n: i } });
    if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
  }
  const ms = performance.now() - started;
  const stats = await secure.shutdown();
  console.log(
    `| ${size.toLocaleString('en')} | ${ms.toFixed(0)} | ${stats.refusedRecords} | ${mib(before)} → ${mib(peak)} (+${mib(peak - before)}) |`,
  );
  rmSync(dir, { recursive: true, force: true });
}

/** Runs a child process that logs 20,000 records to a closed port, then shuts down; times shutdown and exit. */
async function endpointDown(): Promise<void> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  const dir = mkdtempSync(join(tmpdir(), 'seclog-bench-'));
  const script = `
    import { startSecureLogging } from '@seclog/node';
    const secure = startSecureLogging({ mode: 'development', registerGlobal: false, handleSignals: false,
      notice: () => {}, archiveDir: ${JSON.stringify(dir)},
      exporter: { kind: 'otlp', protocol: 'http/protobuf', url: 'http://127.0.0.1:${port}/v1/logs' } });
    const logger = secure.loggerProvider.getLogger('bench');
    for (let i = 0; i < 20000; i++) logger.emit({ body: 'record ' + i });
    const t0 = performance.now();
    const stats = await secure.shutdown();
    console.log(JSON.stringify({ shutdownMs: Math.round(performance.now() - t0), stats, t0: performance.timeOrigin + t0 }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(root, 'packages/node'),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const exitedAt = Date.now();
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
    shutdownMs: number;
    t0: number;
    stats: Record<string, number>;
  };
  console.log(
    `| OTLP http/protobuf, closed port, 20,000 records, default flushTimeoutMillis 5000 | ${out.shutdownMs} | ` +
      `${Math.round(exitedAt - out.t0)} | ${out.stats.spilledEntries} spilled, ${out.stats.undeliveredRecords} lost, ` +
      `${out.stats.refusedRecords} refused (declared) |`,
  );
  rmSync(dir, { recursive: true, force: true });
}

/** Peak RSS (KiB) of `seclog verify` on one file, the CLI's re-spawned child included (GNU time reports the max). */
function verifyPeakRss(file: string, pub: string): { kib: number; code: number | null } {
  if (!existsSync('/usr/bin/time')) return { kib: Number.NaN, code: null };
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, cli, 'verify', '--public-key', pub, file], {
    encoding: 'utf8',
  });
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { kib: m ? Number(m[1]) : Number.NaN, code: r.status };
}

async function verifierWorstRecord(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'seclog-bench-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pub = join(dir, 'pub.pem');
  writeFileSync(pub, publicKey.export({ format: 'pem', type: 'spki' }));
  const secure = startSecureLogging({
    ...quiet,
    archiveDir: dir,
    serviceName: 'worst',
    keys: { signingKey: privateKey, pseudonymKey: randomBytes(32) },
    redaction: { mode: 'key-only' },
  });
  // One record at every snapshot limit: 8 strings of 1 Mi code units (the 8 Mi total), the rest cut.
  const big = Array.from({ length: 9 }, (_, i) => String.fromCharCode(97 + i).repeat(1 << 20));
  secure.loggerProvider.getLogger('bench').emit({ body: big as never });
  await secure.shutdown();
  const archive = String(secure.archivePath);
  const sealed = verifyPeakRss(archive, pub);
  console.log(
    `| one sealed record at the snapshot limits (${mib(readFileSync(archive).length)} MiB archive) | ${sealed.code} | ${(sealed.kib / 1024).toFixed(0)} |`,
  );
  const hostile = join(dir, 'hostile.jsonl');
  const values = '{},'.repeat(10_000_000 - 1);
  writeFileSync(
    hostile,
    `{"resourceLogs":[{"resource":{},"scopeLogs":[{"logRecords":[{"body":{"arrayValue":{"values":[${values}{}]}}}]}]}]}\n`,
  );
  const h = verifyPeakRss(hostile, pub);
  console.log(
    `| hostile line, one record of 10,000,000 array values (30 MiB) | ${h.code} | ${(h.kib / 1024).toFixed(0)} |`,
  );
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`);
console.log('\n### Sustained rate on the embedded file exporter (10 s each)\n');
console.log('| bursts | records/s | records | lost | peak queue | peak RSS MiB |');
console.log('|---|---:|---:|---:|---:|---:|');
await sustained(1000, 10);
await sustained(10_000, 10);
console.log('\n### One burst in a single event-loop turn\n');
console.log('| records | ms | refused | RSS MiB before → peak |');
console.log('|---:|---:|---:|---|');
for (const size of [10_000, 50_000, 200_000]) await oneBurst(size);
console.log('\n### Shutdown with the endpoint down\n');
console.log('| case | shutdown() ms | shutdown → process exit ms | what happened to the records |');
console.log('|---|---:|---:|---|');
await endpointDown();
console.log('\n### seclog verify on the worst single record\n');
console.log('| archive | exit | peak RSS MiB |');
console.log('|---|---:|---:|');
await verifierWorstRecord();
