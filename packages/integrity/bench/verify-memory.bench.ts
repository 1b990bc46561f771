/**
 * Peak RSS of `seclog verify` on a generated archive of at least 1 GB (design target ≤ 256 MB): several streams of
 * 200,000 records, checkpoints with leaf lists every 128 records, 512 records per line, written to a temp directory
 * outside the repository and deleted afterwards; takes minutes. `SECLOG_VERIFY_GB` sets the size (default 1.05).
 * Generation runs in this process; verification runs in a child process (`pnpm seclog verify` equivalent:
 * `node packages/cli/dist/bin.js`) whose peak RSS is read from /usr/bin/time -v, or from process.resourceUsage()
 * of a Node wrapper when GNU time is absent. Run: `pnpm bench verify-memory`.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSyntheticStream, testKeys } from '../test/verify/synthetic-archive.ts';

const targetBytes = Number(process.env.SECLOG_VERIFY_GB ?? '1.05') * 1e9;
const root = new URL('../../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'seclog-verify-memory-'));
const keys = testKeys();
try {
  const pem = join(dir, 'key.pub.pem');
  writeFileSync(pem, keys.publicKey.export({ format: 'pem', type: 'spki' }));
  const file = join(dir, 'archive.jsonl');
  const out = createWriteStream(file);
  let written = 0;
  let streams = 0;
  let records = 0;
  const t0 = Date.now();
  // Several streams of 200k records each (a realistic archive mixes producers), until the size is reached.
  while (written < targetBytes) {
    const s = await buildSyntheticStream({
      signer: keys.signer,
      records: 200_000,
      perCheckpoint: 128,
      perRequest: 512,
      body: (seq) => `user ${seq % 1000} signed in from 10.0.${seq % 256}.${(seq * 7) % 256} using password auth`,
    });
    for (const r of s.requests) {
      const line = `${JSON.stringify(r)}\n`;
      written += Buffer.byteLength(line);
      if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    streams++;
    records += s.size;
    process.stderr.write(`\rgenerated ${(written / 1e9).toFixed(2)} GB`);
  }
  await new Promise<void>((resolve) => out.end(resolve));
  const size = statSync(file).size;
  console.error(
    `\ngenerated ${(size / 1e9).toFixed(2)} GB, ${streams} streams, ${records} records in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );

  const bin = join(root, 'packages/cli/dist/bin.js');
  const args = [bin, 'verify', '--public-key', pem, '--format', 'json', file];
  const t1 = Date.now();
  const timed = spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  let peakKb: number | undefined;
  let status = timed.status;
  let stdout = timed.stdout;
  if (!timed.error) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(timed.stderr);
    if (m) peakKb = Number(m[1]);
  } else {
    const wrapper = `const {spawnSync}=require('node:child_process');const r=spawnSync(process.execPath,${JSON.stringify(args)},{stdio:['ignore','pipe','inherit'],maxBuffer:1<<28});process.stdout.write(JSON.stringify({status:r.status,out:r.stdout.toString(),maxRSS:process.resourceUsage().maxRSS}))`;
    const w = spawnSync(process.execPath, ['-e', wrapper], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const parsed = JSON.parse(w.stdout) as { status: number; out: string; maxRSS: number };
    status = parsed.status;
    stdout = parsed.out;
    peakKb = parsed.maxRSS; // children's max RSS is not included here; only a fallback
  }
  const seconds = (Date.now() - t1) / 1000;
  const report = JSON.parse(stdout) as { verdict: string; totals: { records: number } };
  console.log(`Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(`archive ${(size / 1e9).toFixed(2)} GB, ${report.totals.records.toLocaleString('en-US')} records read`);
  console.log(
    `seclog verify: exit ${status}, verdict ${report.verdict}, ${seconds.toFixed(0)} s, ${(size / 1e6 / seconds).toFixed(1)} MB/s`,
  );
  console.log(`peak RSS ${peakKb !== undefined ? `${(peakKb / 1024).toFixed(0)} MB` : 'unknown'} (target ≤ 256 MB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
