/**
 * The seclog_witness extension in the real otelcol-seclog (gateway.yaml): the gateway seals log-file lines and hands
 * every checkpoint to the witness, which keeps the latest one, cosigned, outside the archive
 * ($SECLOG_STORAGE_DIR/anchors). When the archive's tail is cut after the witness saw it, `seclog verify` alone sees
 * only an unclean end (a warning); with `--anchor` it reports the cut records as TRUNCATED (a failure).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  collectorConfigPath,
  collectorSigningKey,
  dummyCollectorEnv,
  freePort,
  repoRoot,
  startCollector,
  useCollectorWorkdir,
  waitForArchiveLines,
} from './support/collector.js';
import { logRecordsOf } from './support/otlp-lines.js';

const e2e = useCollectorWorkdir('seclog-e2e-witness-');

const recordsOf = (line: unknown) => logRecordsOf([line]);

type Report = {
  verdict: string;
  streams: { records: Record<string, number>; findings: { status: string; seqFrom?: string }[] }[];
};

function verify(args: string[]): { status: number | null; report: Report } {
  const cli = spawnSync(
    process.execPath,
    [join(repoRoot, 'packages/cli/dist/bin.js'), 'verify', '--format', 'json', ...args],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { status: cli.status, report: JSON.parse(cli.stdout) as Report };
}

describe('gateway.yaml witness: a cut archive tail', () => {
  it('is only an unclean end without anchors, and TRUNCATED with the witness anchors', async () => {
    const files = join(e2e.workdir(), 'files');
    mkdirSync(files, { recursive: true });
    const storage = join(e2e.workdir(), 'storage');
    const archive = join(e2e.workdir(), 'archive', 'logs.jsonl');
    const witnessPort = await freePort();
    const env = {
      ...dummyCollectorEnv(e2e.workdir()),
      SECLOG_ARCHIVE_PATH: archive,
      SECLOG_STORAGE_DIR: storage,
      SECLOG_FILELOG_INCLUDE: join(files, '*.log'),
      SECLOG_WITNESS_ENDPOINT: `127.0.0.1:${witnessPort}`,
    };
    const witnessKey = collectorSigningKey(e2e.workdir(), 'witness').publicKeyFile;
    const collector = await startCollector(collectorConfigPath('gateway.yaml'), env);
    const lines = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `syslog-ish line ${from + i}\n`).join('');
    const archived = (l: readonly unknown[]) =>
      l.flatMap(recordsOf).filter((r) => r.body?.stringValue?.startsWith('syslog-ish'));
    try {
      // 130 lines: a checkpoint after 128 leaves (genesis + 127 lines) is in the archive; then 20 more lines.
      appendFileSync(join(files, 'host.log'), lines(0, 130));
      await waitForArchiveLines(archive, (l) =>
        l.flatMap(recordsOf).some((r) => r.eventName === 'seclog.integrity.checkpoint'),
      );
      appendFileSync(join(files, 'host.log'), lines(130, 20));
      const all = await waitForArchiveLines(archive, (l) => archived(l).length >= 150);
      expect(archived(all)).toHaveLength(150);
      // The witness serves its anchors over HTTP; seclog verify takes the URL and checks the cosignature.
      const live = verify([
        '--public-key',
        collectorSigningKey(e2e.workdir()).publicKeyFile,
        '--anchor',
        `http://127.0.0.1:${witnessPort}/anchors.jsonl`,
        '--witness-key',
        witnessKey,
        archive,
      ]);
      const statuses = live.report.streams.flatMap((st) => st.findings.map((f) => f.status));
      expect(statuses).not.toContain('TRUNCATED');
      expect(statuses).not.toContain('KEY-CHAIN-INVALID');
    } finally {
      expect(await collector.stop('SIGTERM')).toBe(0); // final checkpoint: archived and witnessed
    }
    const { publicKeyFile } = collectorSigningKey(e2e.workdir());
    const anchors = join(storage, 'anchors');
    expect(readFileSync(join(anchors, 'anchors.jsonl'), 'utf8')).toContain('seclog.integrity.checkpoint');

    const full = verify(['--public-key', publicKeyFile, '--anchor', anchors, '--witness-key', witnessKey, archive]);
    expect(full.status).toBe(0);
    expect(full.report.streams[0]?.records).toEqual({ VALID: 151 });
    // An anchor without the cosignature of a required witness is flagged.
    const otherWitness = collectorSigningKey(join(e2e.workdir(), 'other'), 'witness').publicKeyFile;
    const unwitnessed = verify([
      '--public-key',
      publicKeyFile,
      '--anchor',
      anchors,
      '--witness-key',
      otherWitness,
      archive,
    ]);
    expect(unwitnessed.status).toBe(1);
    expect(unwitnessed.report.streams[0]?.findings.filter((f) => f.status === 'KEY-CHAIN-INVALID')).toHaveLength(1);

    // Cut the tail: keep the archive up to its first checkpoint line (tree size 128), drop everything after it.
    const text = readFileSync(archive, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const firstCheckpoint = text.findIndex((l) => l.includes('"seclog.integrity.checkpoint"'));
    expect(firstCheckpoint).toBeGreaterThan(0);
    const cut = join(e2e.workdir(), 'cut.jsonl');
    writeFileSync(cut, `${text.slice(0, firstCheckpoint + 1).join('\n')}\n`);

    const alone = verify(['--public-key', publicKeyFile, cut]);
    expect(alone.status).toBe(2); // warnings only: the cut is not provable from the archive itself
    expect(alone.report.streams[0]?.records.TRUNCATED).toBeUndefined();

    // Leaves left in the cut archive: the genesis and the lines of the batches before the checkpoint line.
    const kept = text
      .slice(0, firstCheckpoint + 1)
      .flatMap((l) => recordsOf(JSON.parse(l)))
      .filter((r) => r.eventName !== 'seclog.integrity.checkpoint').length;
    expect(kept).toBeGreaterThanOrEqual(128);
    const anchored = verify(['--public-key', publicKeyFile, '--anchor', anchors, cut]);
    expect(anchored.status).toBe(1);
    expect(anchored.report.verdict).toBe('failed');
    expect(anchored.report.streams[0]?.records.TRUNCATED).toBe(151 - kept);
    expect(anchored.report.streams[0]?.findings.find((f) => f.status === 'TRUNCATED')?.seqFrom).toBe(String(kept));
  }, 120_000);
});
