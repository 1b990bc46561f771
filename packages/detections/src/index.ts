/**
 * @seclog/detections — seclog's detection rule pack: Sigma rules over the security-event catalog (`rules/`), the
 * artefacts pySigma generates from them for DuckDB, Elastic, Splunk and Datadog (`generated/`), and the replay engine
 * behind `seclog alerts replay`.
 *
 * @example
 * import { loadRulePack, readSecurityEvents, replayRules } from '@seclog/detections';
 * const { events } = await readSecurityEvents(['/var/lib/seclog/archive/']);
 * const report = await replayRules(events, loadRulePack());
 */
export {
  type ArchiveReadProblem,
  type ArchiveReadResult,
  type ArchiveSecurityEvent,
  type ArchiveValue,
  decodeAnyValue,
  readSecurityEvents,
} from './archive-records.js';
export { CIM_FIELD_MAPS, datadogFieldMap, EVENT_NAME_FIELD, ecsFieldMap, type FieldMap } from './field-maps.js';
export { createLogsTable, logsTableColumns, RECORD_COLUMNS } from './logs-table.js';
export {
  type AlertRecord,
  type ReplayAlert,
  type ReplayReport,
  type RuleReplay,
  replayRules,
} from './replay.js';
export {
  ALERT_CATEGORIES,
  type AlertCategory,
  loadRulePack,
  type PackCorrelation,
  type PackRule,
  REPLAY_PACK_URL,
  type RulePack,
} from './rule-pack.js';
export {
  ADMIN,
  ATTACKS,
  type AttackScenario,
  baselineDay,
  type ScenarioEvent,
  type ScenarioUser,
  USERS,
} from './scenarios/index.js';
