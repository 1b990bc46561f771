/**
 * Verifier throughput as a ratio to plain `JSON.parse` of the same archive (design target ≥ 0.5×).
 * The archive is a synthetic sealed stream (checkpoint every 128 records with leaf lists) written to a temp directory
 * outside the repo; both contenders read the same file from disk, line by line.
 * Run: pnpm bench verify
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyArchive } from '@seclog/integrity';
import { Bench } from 'tinybench';
import { buildSyntheticStream, testKeys } from '../test/verify/synthetic-archive.ts';

const RECORDS = 20_000;
const keys = testKeys();
const dir = mkdtempSync(join(tmpdir(), 'seclog-verify-bench-'));
const file = join(dir, 'archive.jsonl');
try {
  const stream = await buildSyntheticStream({
    signer: keys.signer,
    records: RECORDS,
    perCheckpoint: 128,
    perRequest: 512,
    body: (seq) =>
      `user ${seq % 1000} signed in from 10.0.${seq % 256}.${(seq * 7) % 256} using password auth; session opened`,
  });
  writeFileSync(file, `${stream.requests.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const bytes = statSync(file).size;

  let sink = 0;
  const parseAll = () => {
    const text = readFileSync(file, 'utf8');
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const v = JSON.parse(text.slice(start, nl)) as { resourceLogs: unknown[] };
      sink += v.resourceLogs.length;
      start = nl + 1;
    }
  };
  const verify = async () => {
    const report = await verifyArchive([file], { trust: { publicKeys: [keys.publicKey] } });
    if (report.verdict !== 'valid') throw new Error(`benchmark archive did not verify: ${report.verdict}`);
    sink += report.totals.records;
  };
  const bench = new Bench({ time: 3000, warmupTime: 500, iterations: 5 });
  bench.add('JSON.parse of every line (baseline)', parseAll);
  bench.add('verifyArchive', verify);
  (globalThis as { gc?: () => void }).gc?.();
  await bench.run();
  const median = (name: string) => {
    const r = bench.tasks.find((t) => t.name === name)!.result;
    if (r.state !== 'completed') throw new Error(`${name} did not complete`);
    return r.latency.p50;
  };
  // CPU time too (all threads: the reader's I/O and GC count), least of alternating tries: on a shared machine wall
  // time also counts the time spent waiting for a core.
  let parseCpu = Number.POSITIVE_INFINITY;
  let verifyCpu = Number.POSITIVE_INFINITY;
  const cpuMs = async (fn: () => unknown): Promise<number> => {
    const before = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  for (let i = 0; i < Number(process.env.SECLOG_BENCH_ROUNDS ?? 6); i++) {
    parseCpu = Math.min(parseCpu, await cpuMs(parseAll));
    verifyCpu = Math.min(verifyCpu, await cpuMs(verify));
  }
  const parseMs = median('JSON.parse of every line (baseline)');
  const verifyMs = median('verifyArchive');
  const records = RECORDS + 1 + stream.checkpoints.length;
  console.log(
    `archive: ${records.toLocaleString('en-US')} records, ${(bytes / 1e6).toFixed(1)} MB, ${stream.checkpoints.length} checkpoints`,
  );
  console.log(`Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`);
  for (const [name, ms, cpu] of [
    ['JSON.parse', parseMs, parseCpu],
    ['verifyArchive', verifyMs, verifyCpu],
  ] as const) {
    console.log(
      `${name.padEnd(14)} median ${ms.toFixed(1)} ms · ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s · ${Math.round(records / (ms / 1000)).toLocaleString('en-US')} records/s · CPU ${cpu.toFixed(1)} ms`,
    );
  }
  console.log(
    `verifier throughput / JSON.parse throughput = ${(parseMs / verifyMs).toFixed(2)}× wall, ${(parseCpu / verifyCpu).toFixed(2)}× CPU (target ≥ 0.5×)`,
  );
  if (sink < 0) console.log(sink);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
