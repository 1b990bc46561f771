/**
 * Runs hostile record specs through `startSecureLogging` twice — `pipeline: 'inline'` and `pipeline: 'worker'`, each
 * into its own archive — and describes every way the two archives differ, every planted secret either holds, and
 * every archive that does not verify VALID in one stream. Set aside as legitimately different: the stream id and seq,
 * times the SDK took at emit, `log.record.uid` values generated for security events, and the integrity records.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyArchive } from '@seclog/integrity';
import { startSecureLogging } from '../../src/start-secure-logging.js';
import { APP_SCOPE, buildRecord, type RecordSpec, scopedLoggers } from './hostile-records.js';

/** One pseudonym key for both runs: the same e-mail gets the same pseudonym in both archives. */
const PSEUDONYM_KEY = new Uint8Array(32).fill(7);
/** The attributes that name the stream a record was sealed in: different in every run. */
const STREAM_KEYS = new Set(['seclog.integrity.stream', 'seclog.integrity.seq']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Differing records described per failure. */
const MAX_SHOWN = 3;

type OtlpValue = Record<string, unknown>;
interface OtlpRecord {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  attributes?: { key: string; value: OtlpValue }[];
  [field: string]: unknown;
}

interface Run {
  readonly archive: string;
  readonly text: string;
  readonly records: OtlpRecord[];
  readonly verdict: string;
  readonly streams: number;
  readonly validRecords: number | undefined;
  readonly exported: number;
  readonly redaction: unknown;
}

/** Runs both pipelines on the specs; returns every difference and leak, described (empty: equivalent and clean). */
export async function differences(specs: readonly RecordSpec[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'seclog-equivalence-'));
  const start = BigInt(Date.now() - 1) * 1_000_000n;
  const inline = await runPipeline('inline', specs, dir);
  const worker = await runPipeline('worker', specs, dir);
  const during = [start, BigInt(Date.now() + 1) * 1_000_000n] as const;
  const secrets = plantedSecrets(specs);
  const problems: string[] = [];
  for (const run of [inline, worker]) {
    if (!run.verdict.startsWith('valid') || run.streams !== 1) {
      problems.push(`${run.archive}: verdict ${run.verdict} over ${run.streams} stream(s)`);
    }
    const found = leaks(secrets, haystack(run.text));
    if (found.length > 0) problems.push(`${run.archive}: planted secrets survive: ${found.join(', ')}`);
  }
  if (worker.records.length !== inline.records.length || worker.exported !== inline.exported) {
    problems.push(`record counts differ: inline ${inline.records.length}, worker ${worker.records.length}`);
  }
  if (worker.validRecords !== inline.validRecords) {
    problems.push(`VALID records differ: inline ${inline.validRecords}, worker ${worker.validRecords}`);
  }
  problems.push(...recordDifferences(inline.records, worker.records, during));
  const [a, b] = [JSON.stringify(inline.redaction), JSON.stringify(worker.redaction)];
  if (a !== b) problems.push(`redaction counts differ: inline ${a}, worker ${b}`);
  return problems.map((p) => `${p}\n (archives in ${dir})`);
}

/** Emits every spec through one pipeline into its own archive; returns the archive and its verification. */
async function runPipeline(pipeline: 'inline' | 'worker', specs: readonly RecordSpec[], dir: string): Promise<Run> {
  const archive = join(dir, `${pipeline}.otlp.jsonl`);
  const s = startSecureLogging({
    mode: 'development',
    registerGlobal: false,
    handleSignals: false,
    notice: () => {},
    serviceName: 'equivalence',
    exporter: { kind: 'file', path: archive },
    pipeline,
    keys: { pseudonymKey: PSEUDONYM_KEY },
  });
  const loggerFor = scopedLoggers(s.loggerProvider);
  for (const spec of specs) {
    const logger = loggerFor(spec.scope ?? 'app');
    logger.emit(buildRecord(spec, logger).record);
  }
  const stats = await s.shutdown();
  const report = await verifyArchive([archive], { trust: { publicKeys: [s.publicKeyPem] } });
  const text = readFileSync(archive, 'utf8');
  return {
    archive,
    text,
    records: appRecords(text),
    verdict: `${report.verdict} (${report.verdictReason})`,
    streams: report.streams.length,
    validRecords: report.streams[0]?.records.VALID,
    exported: stats.exportedRecords,
    redaction: s.redactionStats(),
  };
}

/**
 * The application's records of an archive, each with its scope, in the order they were sealed (integrity records
 * left out). An export groups its records by scope, so the order in the file is not the order of emits.
 */
function appRecords(text: string): OtlpRecord[] {
  type ScopeLogs = { scope?: { name?: string }; logRecords?: OtlpRecord[] };
  const seq = (r: OtlpRecord) => Number(r.attributes?.find((a) => a.key === 'seclog.integrity.seq')?.value.intValue);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line) => JSON.parse(line).resourceLogs as { scopeLogs: ScopeLogs[] }[])
    .flatMap((rl) => rl.scopeLogs)
    .filter((sl) => sl.scope?.name === APP_SCOPE)
    .flatMap((sl) => (sl.logRecords ?? []).map((r) => ({ ...r, scope: sl.scope })))
    .sort((a, b) => seq(a) - seq(b));
}

/** The first records that differ once comparable, each shown around its first difference. */
function recordDifferences(
  inline: readonly OtlpRecord[],
  worker: readonly OtlpRecord[],
  during: readonly [bigint, bigint],
): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.min(inline.length, worker.length) && out.length < MAX_SHOWN; i++) {
    const a = JSON.stringify(comparable(inline[i]!, during));
    const b = JSON.stringify(comparable(worker[i]!, during));
    if (a !== b) out.push(`record ${i} differs:\n inline ${around(a, b)}\n worker ${around(b, a)}`);
  }
  return out;
}

/**
 * A record without what may differ between two runs of the same emits. `during` is when the runs took place: a time
 * in it (nanoseconds, a decimal string) was taken at emit by the SDK or the snapshot, as the application gave none.
 */
function comparable(record: OtlpRecord, during: readonly [bigint, bigint]): OtlpRecord {
  const { timeUnixNano, observedTimeUnixNano, attributes, ...rest } = record;
  const time = (t: string | undefined) =>
    t !== undefined && BigInt(t) >= during[0] && BigInt(t) <= during[1] ? 'taken at emit' : t;
  return {
    ...rest,
    time: time(timeUnixNano),
    observedTime: time(observedTimeUnixNano),
    attributes: (attributes ?? []).filter(
      (a) => !STREAM_KEYS.has(a.key) && !(a.key === 'log.record.uid' && UUID.test(String(a.value.stringValue))),
    ),
  };
}

/** `a` around its first difference from `b` (a record can hold megabytes). */
function around(a: string, b: string): string {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  const from = Math.max(0, at - 300);
  return `${from > 0 ? '…' : ''}${a.slice(from, at + 300)}${at + 300 < a.length ? '…' : ''}`;
}

/** The secrets planted by the specs (built once more, outside any pipeline). */
function plantedSecrets(specs: readonly RecordSpec[]): string[] {
  const logger = { emit: () => {}, enabled: () => true };
  return [...new Set(specs.flatMap((spec) => buildRecord(spec, logger).secrets))];
}

/** Every string an archive holds: its text, and the bytes of `bytesValue`s decoded (secrets hide in base64). */
function haystack(text: string): string {
  const parts = [text];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      parts.push(v);
      if (key === 'bytesValue') parts.push(Buffer.from(v, 'base64').toString('latin1'));
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  for (const line of text.split('\n')) if (line !== '') walk(JSON.parse(line));
  return parts.join('\n');
}

/** The spellings of planted secrets found in a haystack, masked (a failure message must not print them). */
function leaks(secrets: readonly string[], hay: string): string[] {
  return secrets.filter((s) => hay.includes(s)).map((s) => `${s.slice(0, 4)}… (${s.length} chars)`);
}
