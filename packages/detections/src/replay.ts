/**
 * Runs the rule pack over security events in DuckDB, in process: each rule's pySigma SQL against the `logs` table,
 * each result row turned into an alert that names the records (stream and seq) it rests on.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { ArchiveSecurityEvent } from './archive-records.js';
import { createLogsTable } from './logs-table.js';
import type { AlertCategory, PackRule, RulePack } from './rule-pack.js';

/** A record an alert rests on: where `seclog verify` finds it. */
export interface AlertRecord {
  readonly stream: string | null;
  readonly seq: number | null;
}

/** One alert of one rule. */
export interface ReplayAlert {
  /** ISO 8601 time of the last record the alert rests on (when the rule's condition was met at the latest). */
  readonly time: string;
  /** Group-by values of a correlation (`{ "user.name": "…" }`); empty for single-event rules. */
  readonly group: Readonly<Record<string, string | number | boolean | null>>;
  readonly records: readonly AlertRecord[];
}

/** Alerts of one rule. */
export interface RuleReplay {
  readonly id: string;
  readonly title: string;
  readonly alert: AlertCategory;
  readonly level: PackRule['level'];
  readonly alerts: readonly ReplayAlert[];
}

/** What {@link replayRules} returns (the JSON of `seclog alerts replay --format json`). */
export interface ReplayReport {
  readonly rules: readonly RuleReplay[];
}

type Row = Record<string, unknown>;

function plain(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

function ids(v: unknown): number[] {
  const items = (v as { items?: unknown[] } | null)?.items;
  return Array.isArray(items) ? items.map((x) => Number(x)) : [];
}

/**
 * Replays every alerting rule of the pack (building blocks only feed correlations) over the events.
 *
 * @example
 * const { events } = await readSecurityEvents(['archive/']);
 * const report = await replayRules(events, loadRulePack());
 */
export async function replayRules(events: readonly ArchiveSecurityEvent[], pack: RulePack): Promise<ReplayReport> {
  const byId = new Map(events.map((e) => [e.recordId, e]));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await createLogsTable(connection, events);
    const rules: RuleReplay[] = [];
    for (const rule of pack.rules) {
      if (rule.buildingBlock) continue;
      const result = await connection.runAndReadAll(rule.sql);
      const rows = result.getRowObjects() as Row[];
      const alerts = rows.map((row) => toAlert(rule, row, byId));
      alerts.sort(
        (a, b) => a.time.localeCompare(b.time) || JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)),
      );
      rules.push({ id: rule.id, title: rule.title, alert: rule.alert, level: rule.level, alerts });
    }
    return { rules };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function toAlert(rule: PackRule, row: Row, byId: ReadonlyMap<number, ArchiveSecurityEvent>): ReplayAlert {
  const recordIds = rule.correlation ? ids(row.record_ids) : [Number(row.record_id)];
  const contributing = recordIds
    .map((id) => byId.get(id))
    .filter((e): e is ArchiveSecurityEvent => e !== undefined)
    .sort((a, b) => a.timeMs - b.timeMs || a.recordId - b.recordId);
  const last = contributing.at(-1);
  const group: Record<string, string | number | boolean | null> = {};
  for (const field of rule.correlation?.groupBy ?? []) group[field] = plain(row[field]);
  return {
    time: new Date(last?.timeMs ?? 0).toISOString(),
    group,
    records: contributing.map((e) => ({ stream: e.stream ?? null, seq: e.seq ?? null })),
  };
}
