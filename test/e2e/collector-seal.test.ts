/**
 * The seclog processor in seal mode, in the real otelcol-seclog: log-file lines read by `file_log` are redacted and
 * then sealed by the gateway (collector-config/gateway.yaml), archived as OTLP/JSON, and `seclog verify` (the
 * TypeScript CLI) finds every record VALID under the gateway's public key; a tampered copy of the archive is
 * MODIFIED at the seq of the changed line. Also checks, in every collector config, the placement rule of seal mode.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  collectorConfigDir,
  collectorConfigPath,
  collectorSigningKey,
  dummyCollectorEnv,
  repoRoot,
  startCollector,
  useCollectorWorkdir,
  waitForArchiveLines,
} from './support/collector.js';
import { attributeOf, logRecordsOf } from './support/otlp-lines.js';

const e2e = useCollectorWorkdir('seclog-e2e-seal-');

type Report = {
  verdict: string;
  streams: {
    streamId: string;
    records: Record<string, number>;
    finalCheckpoint: boolean;
    findings: { status: string; subject: string; seqFrom?: string; seqTo?: string }[];
  }[];
};

function seclogVerify(
  publicKeyFile: string,
  files: string[],
): { status: number | null; report: Report; stderr: string } {
  const cli = spawnSync(
    process.execPath,
    [join(repoRoot, 'packages/cli/dist/bin.js'), 'verify', '--format', 'json', '--public-key', publicKeyFile, ...files],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return { status: cli.status, report: JSON.parse(cli.stdout) as Report, stderr: cli.stderr };
}

describe('seal mode placement in collector-config', () => {
  it('puts every seal-mode seclog processor last, and never in a pipeline that carries sealed records', () => {
    const configs = readdirSync(collectorConfigDir).filter((n) => n.endsWith('.yaml') && n !== 'builder-config.yaml');
    let sealing = 0;
    for (const name of configs) {
      const yaml = readFileSync(collectorConfigPath(name), 'utf8');
      const sealIds = [...yaml.matchAll(/\n {2}(seclog(?:\/[A-Za-z0-9_.-]+)?):\n {4}mode: seal\n/g)].map((m) => m[1]);
      for (const m of yaml.matchAll(
        /\n {4}(logs\/[a-z_]+):\n {6}receivers: \[[^\]]*\]\n {6}processors: \[([^\]]*)\]/g,
      )) {
        const processors = (m[2] ?? '').split(',').map((p) => p.trim());
        for (const id of sealIds) {
          if (!processors.includes(id!)) continue;
          sealing++;
          expect(processors.at(-1), `${name} ${m[1]}: ${id} must be the last processor`).toBe(id);
          expect(m[1], `${name}: sealed records must never pass seal mode`).not.toBe('logs/sealed');
        }
      }
    }
    expect(sealing).toBeGreaterThanOrEqual(1); // gateway.yaml: logs/files
  });
});

describe('gateway.yaml seals log files (file_log -> redaction -> seclog/seal -> archive)', () => {
  it('archives sealed lines that seclog verify finds VALID, and a tampered copy MODIFIED at the right seq', async () => {
    const files = join(e2e.workdir(), 'files');
    mkdirSync(files, { recursive: true });
    const archive = join(e2e.workdir(), 'archive', 'logs.jsonl');
    const env = {
      ...dummyCollectorEnv(e2e.workdir()),
      SECLOG_ARCHIVE_PATH: archive,
      SECLOG_STORAGE_DIR: join(e2e.workdir(), 'storage'),
      SECLOG_FILELOG_INCLUDE: join(files, '*.log'),
    };
    const { publicKeyFile } = collectorSigningKey(e2e.workdir());
    const collector = await startCollector(collectorConfigPath('gateway.yaml'), env);
    const count = 40;
    try {
      const lines = Array.from({ length: count }, (_, i) => `nginx line ${i} GET /a?password=p${i}-secret 200`);
      appendFileSync(join(files, 'access.log'), `${lines.join('\n')}\n`);
      const got = await waitForArchiveLines(
        archive,
        (l) => logRecordsOf(l).filter((r) => r.body?.stringValue?.startsWith('nginx line')).length >= count,
      );
      expect(logRecordsOf(got).filter((r) => r.body?.stringValue?.startsWith('nginx line'))).toHaveLength(count);
    } finally {
      expect(await collector.stop('SIGTERM')).toBe(0); // final checkpoint on shutdown
    }

    const text = readFileSync(archive, 'utf8');
    expect(text).not.toContain('-secret'); // redacted before it was sealed
    const all = logRecordsOf(
      text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as unknown),
    );
    const lines = all.filter((r) => r.body?.stringValue?.startsWith('nginx line'));
    for (const r of lines) {
      expect(attributeOf(r, 'seclog.integrity.stream')?.stringValue).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(attributeOf(r, 'seclog.integrity.seq')?.intValue).toBeDefined();
    }
    expect(all.filter((r) => r.eventName === 'seclog.integrity.genesis')).toHaveLength(1);
    expect(all.filter((r) => r.eventName === 'seclog.integrity.checkpoint').length).toBeGreaterThanOrEqual(1);

    const ok = seclogVerify(publicKeyFile, [archive]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.report.verdict).toBe('valid');
    expect(ok.report.streams).toHaveLength(1);
    expect(ok.report.streams[0]?.records).toEqual({ VALID: count + 1 }); // the lines and the genesis record
    expect(ok.report.streams[0]?.finalCheckpoint).toBe(true);

    // Tamper with one archived line in a copy: the verifier names its seq.
    const victim = lines.find((r) => r.body?.stringValue?.startsWith('nginx line 17 '))!;
    const seq = String(attributeOf(victim, 'seclog.integrity.seq')?.intValue);
    const tampered = join(e2e.workdir(), 'tampered.jsonl');
    writeFileSync(tampered, text.replace('nginx line 17 GET', 'nginx line 17 PUT'));
    const bad = seclogVerify(publicKeyFile, [tampered]);
    expect(bad.status).toBe(1);
    expect(bad.report.verdict).toBe('failed');
    const findings = bad.report.streams[0]?.findings ?? [];
    expect(findings.filter((f) => f.status === 'MODIFIED' && f.subject === 'record')).toEqual([
      expect.objectContaining({ seqFrom: seq, seqTo: seq }),
    ]);
    expect(bad.report.streams[0]?.records.MODIFIED).toBe(1);
  }, 120_000);
});
