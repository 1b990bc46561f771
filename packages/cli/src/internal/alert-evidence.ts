/**
 * Whether the records an alert rests on verified. `seclog alerts replay` runs the rules over whatever the archive
 * holds; given trusted keys it also verifies the archive and reads each alert record's status back from the report,
 * so an alert resting on a forged, modified or unsealed record — or a quiet rule on an archive that lost records —
 * is not taken as proven.
 */
import type { AlertRecord, ReplayAlert, RuleReplay } from '@seclog/detections';
import { type RecordEvidence, recordEvidenceLookup, type VerificationReport } from '@seclog/integrity';

/** An alert record with its status in the verification report. */
export interface CheckedRecord extends AlertRecord {
  readonly status: RecordEvidence;
}

/** A rule's replay with the status of every alert record. */
export interface CheckedRule extends Omit<RuleReplay, 'alerts'> {
  readonly alerts: readonly (Omit<ReplayAlert, 'records'> & { readonly records: readonly CheckedRecord[] })[];
}

/** What the verification says about the replay as a whole. */
export interface EvidenceSummary {
  /** The verifier's verdict on the archive: a quiet rule proves nothing on an archive that is not `valid`. */
  readonly verdict: VerificationReport['verdict'];
  readonly verdictReason: string;
  /** Alert records whose status is not VALID. */
  readonly recordsNotValid: number;
}

/**
 * Gives every record of every alert its status in `report`, and counts those that are not VALID.
 *
 * @example
 * const { rules, summary } = checkAlertEvidence(replay.rules, report);
 * summary.recordsNotValid; // 0 when every alert rests on verified records
 */
export function checkAlertEvidence(
  rules: readonly RuleReplay[],
  report: VerificationReport,
): { rules: CheckedRule[]; summary: EvidenceSummary } {
  const statusOf = recordEvidenceLookup(report);
  let recordsNotValid = 0;
  const checked = rules.map((rule) => ({
    ...rule,
    alerts: rule.alerts.map((alert) => ({
      ...alert,
      records: alert.records.map((r) => {
        const status = statusOf(r.stream, r.seq);
        if (status !== 'VALID') recordsNotValid++;
        return { stream: r.stream, seq: r.seq, status };
      }),
    })),
  }));
  return {
    rules: checked,
    summary: { verdict: report.verdict, verdictReason: report.verdictReason, recordsNotValid },
  };
}

/** `MODIFIED ×1, FOREIGN ×11`: the statuses other than VALID among an alert's records, most frequent first. */
export function describeNotValid(records: readonly CheckedRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) if (r.status !== 'VALID') counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([status, n]) => `${status} ×${n}`)
    .join(', ');
}
