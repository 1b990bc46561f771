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
 * Formats a report as a short human summary per stream, modelled on CloudTrail's `validate-logs`:
 *
 * ```
 * Stream rCJRkNXH… service=checkout instance=pod-7 (2026-11-01T03:12:09Z – 10:00:03Z, unclean end)
 *   checkpoints 288/288 valid · signed tree size 1,204,360
 *   records 1,204,331 VALID · 17 MISSING · 2 DUPLICATE-IDENTICAL
 *   MISSING seq 2001–2017 (signed in checkpoint 20)
 * Results: 2 streams, 1 FAILED.
 * ```
 */
export function formatTextReport(report: VerificationReport): string {
  const out: string[] = [];
  for (const s of report.streams) formatStream(s, out);
  if (report.foreign.count > 0) {
    out.push(`Foreign records (no integrity attributes): ${n(report.foreign.count)}`);
    for (const f of report.foreign.findings.slice(0, TEXT_FINDINGS_PER_STREAM)) out.push(`  ${findingLine(f)}`);
  }
  const failed = report.totals.failedStreams;
  const verdict =
    report.verdict === 'valid' ? 'all valid' : report.verdict === 'warnings' ? 'valid with warnings' : 'FAILED';
  out.push(
    `Results: ${n(report.totals.streams)} stream${report.totals.streams === 1 ? '' : 's'}` +
      (failed > 0 ? `, ${n(failed)} FAILED` : '') +
      `, ${n(report.totals.records)} records and ${n(report.totals.checkpoints)} checkpoint records read: ${verdict}.`,
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
