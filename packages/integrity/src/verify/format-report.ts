import { type Finding, type ItemStatus, STATUS_CLASS, type StreamReport, type VerificationReport } from './report.js';

/** Findings printed per stream in the text summary before "… and N more". */
const TEXT_FINDINGS_PER_STREAM = 20;

/**
 * Formats a report as the JSON audit-evidence document (stable key order, 2-space indent, trailing newline).
 *
 * @example
 * process.stdout.write(formatJsonReport(await verifyArchive(['archive/'], { trust })));
 */
export function formatJsonReport(report: VerificationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Formats a report as a short human summary per stream, modelled on CloudTrail's `validate-logs`, ending with one
 * results line whose verdict matches `report.verdict` (and so the exit code), with its one-line reason:
 *
 * ```
 * Stream rCJRkNXH… service=checkout instance=pod-7 (2026-11-01T03:12:09Z – 10:00:03Z, unclean end) — FAILED
 *   checkpoints 288/288 valid · signed tree size 1,204,360
 *   records 1,204,331 VALID · 2 DUPLICATE-IDENTICAL · 17 MISSING
 *   MISSING seq 2001–2017: signed in checkpoint 20, absent from the archive
 * Input problems: 1
 *   CORRUPT-LINE: not valid JSON (torn, truncated or corrupt line) at logs.jsonl:912
 * Results: 2 streams, 1 FAILED, 1,204,400 records and 290 checkpoint records read: FAILED — failures: MISSING, CORRUPT-LINE.
 * ```
 */
export function formatTextReport(report: VerificationReport): string {
  const out: string[] = [];
  for (const s of report.streams) formatStream(s, out);
  if (report.foreign.count > 0) {
    out.push(`Foreign records (no integrity attributes): ${n(report.foreign.count)}`);
    for (const f of report.foreign.findings.slice(0, TEXT_FINDINGS_PER_STREAM)) out.push(`  ${findingLine(f)}`);
  }
  const problems = report.input.findings.length + report.input.findingsOmitted;
  if (problems > 0) {
    out.push(`Input problems: ${n(problems)}`);
    for (const f of report.input.findings.slice(0, TEXT_FINDINGS_PER_STREAM)) out.push(`  ${findingLine(f)}`);
    const more = problems - Math.min(report.input.findings.length, TEXT_FINDINGS_PER_STREAM);
    if (more > 0) out.push(`  … and ${n(more)} more (use --format json for all)`);
  }
  for (const what of report.notChecked) out.push(`Not checked: ${what}.`);
  const t = report.totals;
  const verdict =
    report.verdict === 'valid' ? 'all valid' : report.verdict === 'warnings' ? 'valid with warnings' : 'FAILED';
  const reason = report.verdictReason === 'every sealed record verified' ? '' : ` — ${report.verdictReason}`;
  out.push(
    `Results: ${n(t.streams)} stream${t.streams === 1 ? '' : 's'}` +
      (t.failedStreams > 0 ? `, ${n(t.failedStreams)} FAILED` : '') +
      `, ${n(t.records)} records and ${n(t.checkpoints)} checkpoint records read` +
      (t.otherSignalLines > 0 ? ` (${n(t.otherSignalLines)} lines of other OTLP signals skipped)` : '') +
      `: ${verdict}${reason}.`,
  );
  return `${out.join('\n')}\n`;
}

function formatStream(s: StreamReport, out: string[]): void {
  const who = s.producer
    ? Object.entries(s.producer)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
    : '';
  const when = s.timeRange ? `${s.timeRange.from} – ${s.timeRange.to}, ` : '';
  const end = s.finalCheckpoint ? 'clean end' : 'unclean end';
  out.push(`Stream ${s.streamId}${who ? ` ${who}` : ''} (${when}${end}) — ${s.verdict.toUpperCase()}`);
  out.push(
    `  checkpoints ${n(s.checkpoints.valid)}/${n(s.checkpoints.total)} valid · signed tree size ${s.signedTreeSize}`,
  );
  const counts = (Object.entries(s.records) as [ItemStatus, number][])
    .filter(([, c]) => c > 0)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([st, c]) => `${n(c)} ${st}`);
  out.push(`  records ${counts.length > 0 ? counts.join(' · ') : 'none'}`);
  const shown = s.findings.filter((f) => f.status !== 'VALID');
  for (const f of shown.slice(0, TEXT_FINDINGS_PER_STREAM)) out.push(`  ${findingLine(f)}`);
  const more = shown.length - TEXT_FINDINGS_PER_STREAM + s.findingsOmitted;
  if (more > 0) out.push(`  … and ${n(more)} more findings (use --format json for all)`);
}

function findingLine(f: Finding): string {
  const what =
    f.seqFrom === undefined
      ? ''
      : f.seqFrom === f.seqTo
        ? ` ${f.subject === 'checkpoint' ? 'size' : 'seq'} ${f.seqFrom}`
        : ` seq ${f.seqFrom}–${f.seqTo}`;
  const ck = f.checkpoint !== undefined && f.subject === 'checkpoint' ? ` checkpoint ${f.checkpoint}` : '';
  const field = f.field ? ` (${f.field} differs)` : '';
  const at = f.location ? ` at ${f.location}` : '';
  return `${f.status}${ck}${what}${field}: ${f.detail}${at}`;
}

function order(s: ItemStatus): number {
  const c = STATUS_CLASS[s];
  return c === 'ok' ? 0 : c === 'info' ? 1 : c === 'warning' ? 2 : 3;
}

function n(x: number): string {
  return x.toLocaleString('en-US');
}
