/**
 * The rule pack as the replay engine and the CLI read it: `generated/replay/pack.json`, written from the Sigma sources
 * in `rules/` by pySigma (`scripts/sigma-generate.sh`) and kept fresh by a staleness test.
 */
import { readFileSync } from 'node:fs';

/** Alert categories of the pack (tag `seclog.alert.<category>` on every rule). */
export const ALERT_CATEGORIES = [
  'brute_force',
  'password_spraying',
  'mfa_disabled',
  'privilege_grant',
  'policy_change',
  'data_export_spike',
  'impossible_travel',
  'api_key_created',
  'integrity_violation',
] as const;

/** One alert category. */
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

/** Parameters of a Sigma correlation rule (event_count, value_count, value_sum over a tumbling window). */
export interface PackCorrelation {
  readonly type: 'event_count' | 'value_count' | 'value_sum';
  readonly groupBy: readonly string[];
  readonly timespanSeconds: number;
  readonly operator: 'gte' | 'gt' | 'lte' | 'lt' | 'eq';
  readonly count: number;
  /** The counted or summed field (value_count, value_sum). */
  readonly field?: string;
}

/** One rule of the pack with its metadata and the DuckDB SQL pySigma produced for it. */
export interface PackRule {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly alert: AlertCategory;
  readonly level: 'informational' | 'low' | 'medium' | 'high' | 'critical';
  /** A base rule that only feeds correlations: it never alerts on its own. */
  readonly buildingBlock: boolean;
  /** Catalog events the rule reads. */
  readonly eventNames: readonly string[];
  readonly soc2: readonly string[];
  readonly pciDss: readonly string[];
  readonly description: string;
  readonly triage: string | null;
  readonly falsePositives: readonly string[];
  /** Sigma source, relative to the package. */
  readonly source: string;
  /** DuckDB SQL over the `logs` table (see `logs-table.ts`). */
  readonly sql: string;
  readonly correlation?: PackCorrelation;
}

/** The whole pack. */
export interface RulePack {
  readonly rules: readonly PackRule[];
}

/** Location of the generated replay pack inside this package. */
export const REPLAY_PACK_URL = new URL('../generated/replay/pack.json', import.meta.url);

/**
 * Reads the generated rule pack shipped with this package.
 *
 * @example
 * loadRulePack().rules.filter((r) => !r.buildingBlock).map((r) => r.alert); // ['api_key_created', …]
 */
export function loadRulePack(url: URL = REPLAY_PACK_URL): RulePack {
  const pack = JSON.parse(readFileSync(url, 'utf8')) as RulePack;
  for (const rule of pack.rules) {
    if (!(ALERT_CATEGORIES as readonly string[]).includes(rule.alert)) {
      throw new Error(`rule ${rule.name} has an unknown alert category ${rule.alert}`);
    }
  }
  return pack;
}
