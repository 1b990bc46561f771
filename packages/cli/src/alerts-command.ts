import { parseArgs } from 'node:util';
import type { ReplayReport } from '@seclog/detections';
import { ArchiveInputError } from '@seclog/integrity';
import { type CliIo, EXIT_USAGE, printable } from './cli-io.js';

/** `seclog alerts --help` text. */
export const ALERTS_USAGE = `Usage: seclog alerts replay [--format text|json] [--namespace <ns>] <files or dirs…>

Runs seclog's detection rule pack (@seclog/detections: Sigma rules converted to SQL by pySigma) over OTLP/JSON-lines
archives in process (DuckDB) and reports, per rule, the alerts: their time, group key and the stream/seq of every
record they rest on, i.e. the records 'seclog verify' checks. Building-block rules that only feed correlations are
not listed. Run 'seclog verify' on the same archives to prove those records are intact.

Options:
  --format text|json   output format (default text); json: {"rules":[{"id","title","alert","alerts":[{"time",
                       "group","records":[{"stream","seq"}]}]}]}
  --namespace <ns>     integrity attribute namespace (default seclog.integrity)
  --help               show this help

Exit codes: 0 the pack ran (alerts or not) · 3 usage error or an input that cannot be opened
`;

/**
 * Runs `seclog alerts` with its arguments (after the word `alerts`) and resolves to the exit code.
 *
 * @example
 * await runAlertsCommand(['replay', '--format', 'json', 'archive/'], io); // 0
 */
export async function runAlertsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(ALERTS_USAGE);
    return sub === undefined ? EXIT_USAGE : 0;
  }
  const usage = (msg: string): number => {
    io.stderr.write(`seclog alerts: ${msg}\nRun 'seclog alerts --help' for usage.\n`);
    return EXIT_USAGE;
  };
  if (sub !== 'replay') return usage(`unknown subcommand '${printable(sub)}'`);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (err) {
    return usage(err instanceof Error ? printable(err.message) : 'invalid arguments');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(ALERTS_USAGE);
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usage(`--format must be 'text' or 'json'`);
  if (positionals.length === 0) return usage('no input files or directories given');
  const detections = await loadDetections();
  if (detections === undefined) {
    io.stderr.write('seclog alerts: replay needs @seclog/detections, which is not installed (npm install it)\n');
    return EXIT_USAGE;
  }
  const { loadRulePack, readSecurityEvents, replayRules } = detections;

  let read: Awaited<ReturnType<typeof readSecurityEvents>>;
  try {
    read = await readSecurityEvents(positionals, values.namespace);
  } catch (err) {
    if (err instanceof ArchiveInputError || err instanceof TypeError) {
      io.stderr.write(`seclog alerts: ${printable(err.message)}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  for (const p of read.problems.slice(0, 20)) {
    io.stderr.write(`seclog alerts: skipped ${printable(p.file)}:${p.line}: ${printable(p.detail)}\n`);
  }
  const report = await replayRules(read.events, loadRulePack());
  if (format === 'json') io.stdout.write(`${JSON.stringify(toJson(report), null, 2)}\n`);
  else io.stdout.write(formatText(report, read.events.length));
  return 0;
}

/**
 * `@seclog/detections` (the rule pack and DuckDB, ≈ 70 MB installed) is an optional peer of the CLI, loaded here only:
 * `seclog verify` and `seclog keygen` run without it. `undefined` when it is not installed.
 */
async function loadDetections(): Promise<typeof import('@seclog/detections') | undefined> {
  try {
    return await import('@seclog/detections');
  } catch (err) {
    const missing =
      (err as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND' &&
      String((err as Error).message).includes("'@seclog/detections'");
    if (missing) return undefined;
    throw err;
  }
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      namespace: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
}

/** The documented JSON shape, and nothing more. */
function toJson(report: ReplayReport) {
  return {
    rules: report.rules.map((r) => ({
      id: r.id,
      title: r.title,
      alert: r.alert,
      alerts: r.alerts.map((a) => ({ time: a.time, group: a.group, records: a.records })),
    })),
  };
}

/** `stream seq 3–7, 9` per stream: consecutive seqs folded into ranges. */
export function describeRecords(
  records: readonly { readonly stream: string | null; readonly seq: number | null }[],
): string {
  const byStream = new Map<string, number[]>();
  let unsealed = 0;
  for (const r of records) {
    if (r.stream === null || r.seq === null) unsealed++;
    else byStream.set(r.stream, [...(byStream.get(r.stream) ?? []), r.seq]);
  }
  const parts: string[] = [];
  for (const [stream, seqs] of byStream) {
    const sorted = [...new Set(seqs)].sort((a, b) => a - b);
    const ranges: string[] = [];
    let start = sorted[0] as number;
    let prev = start;
    for (const s of [...sorted.slice(1), Number.NaN]) {
      if (s === prev + 1) {
        prev = s;
        continue;
      }
      ranges.push(start === prev ? `${start}` : `${start}–${prev}`);
      start = s;
      prev = s;
    }
    parts.push(`${stream} seq ${ranges.join(', ')}`);
  }
  if (unsealed > 0) parts.push(`${unsealed} unsealed record${unsealed === 1 ? '' : 's'}`);
  return parts.join('; ');
}

function formatText(report: ReplayReport, events: number): string {
  const lines: string[] = [];
  let total = 0;
  for (const rule of report.rules) {
    total += rule.alerts.length;
    const head = `${rule.alerts.length > 0 ? 'ALERT' : 'quiet'}  ${rule.alert.padEnd(19)} ${rule.level.padEnd(8)} ${rule.title}`;
    lines.push(
      rule.alerts.length > 0 ? `${head} — ${rule.alerts.length} alert${rule.alerts.length === 1 ? '' : 's'}` : head,
    );
    for (const alert of rule.alerts) {
      const group = Object.entries(alert.group)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ');
      lines.push(
        `    ${alert.time}${group ? ` ${group}` : ''}: ${alert.records.length} record(s): ${describeRecords(alert.records)}`,
      );
    }
  }
  const firing = report.rules.filter((r) => r.alerts.length > 0).length;
  lines.push(
    `Results: ${events} security events, ${report.rules.length} rules, ${firing} firing, ${total} alert${total === 1 ? '' : 's'}.`,
  );
  return `${lines.join('\n')}\n`;
}
