import { parseArgs } from 'node:util';
import type { AlertRecord, RuleReplay } from '@seclog/detections';
import { ArchiveInputError, exitCodeForReport, type VerificationReport, verifyArchive } from '@seclog/integrity';
import { CLI_VERSION, type CliIo, EXIT_USAGE, printable } from './cli-io.js';
import {
  type CheckedRecord,
  type CheckedRule,
  checkAlertEvidence,
  describeNotValid,
  type EvidenceSummary,
} from './internal/alert-evidence.js';
import {
  archiveInputs,
  argumentsError,
  loadVerifierSetup,
  TRUST_OPTIONS,
  trustRequested,
} from './internal/verifier-setup.js';

/** `seclog alerts --help` text. */
export const ALERTS_USAGE = `Usage: seclog alerts replay [--public-key <pem>…] [options] <files or dirs…>

Runs seclog's detection rule pack (@seclog/detections: Sigma rules converted to SQL by pySigma) over OTLP/JSON-lines
archives in process (DuckDB) and reports, per rule, the alerts: their time, group key and the stream/seq of every
record they rest on. Building-block rules that only feed correlations are not listed.

The rules run on whatever the archive holds. Given a trusted key, the archive is also verified (as 'seclog verify'
does) and every alert record gets its status: an alert resting on a record that is not VALID (forged, modified,
unsealed) is marked, and a quiet rule proves nothing when the archive lost records — the verdict says so. Without a
key the evidence is reported as not verified.

Options:
  --format text|json   output format (default text); json: {"rules":[{"id","title","alert","alerts":[{"time",
                       "group","records":[{"stream","seq"[,"status"]}]}]}],"evidence":{"verified"[,"verdict",
                       "verdictReason","recordsNotValid"]}}
  --public-key <pem>   trusted Ed25519 public key(s), as for 'seclog verify'; repeatable
  --checkpoint-key-file <file>  trusted checkpoint HMAC key, as for 'seclog verify'; repeatable
  --anchor <file, dir or URL>  checkpoints kept outside the archive, as for 'seclog verify'; repeatable
  --witness-key <pem>  witness public key, as for 'seclog verify'; repeatable
  --namespace <ns>     integrity attribute namespace (default seclog.integrity)
  --help               show this help

Exit codes: 0 the pack ran (alerts or not), and with a key: every alert record VALID and the archive valid · 1 with
a key: an alert record is not VALID, or the archive failed verification · 2 with a key: the archive has warnings
only (e.g. declared drops: rules ran on an incomplete record) · 3 usage error or an input that cannot be opened
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
    return usage(argumentsError(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(ALERTS_USAGE);
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usage(`--format must be 'text' or 'json'`);
  if (positionals.length === 0) return usage('no input files or directories given');
  const setup = trustRequested(values) ? await loadVerifierSetup(values, 'seclog alerts', io) : undefined;
  if (setup !== undefined && !setup.ok) {
    if ('usage' in setup) return usage(setup.usage);
    io.stderr.write(`seclog alerts: ${setup.error}\n`);
    return EXIT_USAGE;
  }
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
  if (setup === undefined) {
    if (format === 'json') io.stdout.write(`${JSON.stringify(toJson(report.rules, undefined), null, 2)}\n`);
    else io.stdout.write(formatText(report.rules, read.events.length, undefined));
    return 0;
  }
  let verification: VerificationReport;
  try {
    verification = await verifyArchive(await archiveInputs(positionals), {
      trust: setup.trust,
      anchors: setup.anchors,
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      tool: { name: 'seclog', version: CLI_VERSION },
    });
  } catch (err) {
    if (err instanceof ArchiveInputError) {
      io.stderr.write(`seclog alerts: ${printable(err.message)}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const checked = checkAlertEvidence(report.rules, verification);
  if (format === 'json') io.stdout.write(`${JSON.stringify(toJson(checked.rules, checked.summary), null, 2)}\n`);
  else io.stdout.write(formatText(checked.rules, read.events.length, checked.summary));
  return checked.summary.recordsNotValid > 0 ? 1 : exitCodeForReport(verification);
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
      ...TRUST_OPTIONS,
      format: { type: 'string' },
      namespace: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type ReportedRule = RuleReplay | CheckedRule;

/** The documented JSON shape, and nothing more: records carry `status` only when the archive was verified. */
function toJson(rules: readonly ReportedRule[], evidence: EvidenceSummary | undefined) {
  return {
    rules: rules.map((r) => ({
      id: r.id,
      title: r.title,
      alert: r.alert,
      alerts: r.alerts.map((a) => ({ time: a.time, group: a.group, records: a.records })),
    })),
    evidence: evidence === undefined ? { verified: false } : { verified: true, ...evidence },
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

function formatText(rules: readonly ReportedRule[], events: number, evidence: EvidenceSummary | undefined): string {
  const lines: string[] = [];
  let total = 0;
  for (const rule of rules) {
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
        `    ${alert.time}${group ? ` ${group}` : ''}: ${alert.records.length} record(s): ${describeRecords(alert.records)}${evidenceOf(alert.records)}`,
      );
    }
  }
  const firing = rules.filter((r) => r.alerts.length > 0).length;
  lines.push(
    `Results: ${events} security events, ${rules.length} rules, ${firing} firing, ${total} alert${total === 1 ? '' : 's'}.`,
  );
  lines.push(evidenceLine(evidence));
  return `${lines.join('\n')}\n`;
}

/** ` — evidence VALID`, or what is not, for an alert whose records were checked; nothing when none were. */
function evidenceOf(records: readonly (AlertRecord | CheckedRecord)[]): string {
  const checked = records.filter((r): r is CheckedRecord => 'status' in r);
  if (checked.length === 0) return '';
  const notValid = describeNotValid(checked);
  return notValid === '' ? ' — evidence VALID' : ` — evidence NOT VALID: ${notValid}`;
}

function evidenceLine(evidence: EvidenceSummary | undefined): string {
  if (evidence === undefined)
    return 'Evidence: not verified (pass --public-key to verify the archive and the records of every alert).';
  const records =
    evidence.recordsNotValid === 0
      ? 'every alert record VALID'
      : `${evidence.recordsNotValid} alert record${evidence.recordsNotValid === 1 ? '' : 's'} NOT VALID`;
  return `Evidence: archive ${evidence.verdict} (${evidence.verdictReason}); ${records}.`;
}
