/**
 * The collector safety net on the public corpora, through the real otelcol-seclog with the shipped gateway.yaml: every
 * corpus unit (scanner fixtures, bare secrets, PII sentences, system-log and web-app lines, attributes) goes as an
 * unsealed OTLP log record through `logs/unsealed` (redaction/identities → redaction/safety_net →
 * transform/safety_net) into the archive, and is judged with the TypeScript gate's own claims, labels and leak rule
 * (support/safety-net-quality.ts). Gates, per split: no leak of a type the net claims; benign lines changed ≤ 0.5 %.
 * `SECLOG_QUALITY_REPORT=<file>` writes the figures (the table in collector-config/README.md);
 * `SECLOG_QUALITY_DETAILS=tuning` adds the failing cases of the tuning part, shape-masked.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAIMED_TYPES } from '../../packages/redaction/test/quality/public/claims.ts';
import { SPLITS, type Split } from '../../packages/redaction/test/quality/public/corpora.ts';
import { MAX_CHANGED_LINE_RATE, totalRate } from '../../packages/redaction/test/quality/public/evaluate.ts';
import { collectorConfigPath, dummyCollectorEnv, startCollector, useCollectorWorkdir } from './support/collector.js';
import {
  formatSafetyNetReport,
  leaksOf,
  measureSafetyNet,
  NET_CLAIMS,
  NET_DISCLAIMS,
  type SafetyNetSplit,
  sendThroughCollector,
} from './support/safety-net-quality.js';

const e2e = useCollectorWorkdir('seclog-e2e-safety-net-quality-');
let results: Map<Split, SafetyNetSplit>;

beforeAll(async () => {
  const archive = join(e2e.workdir(), 'archive', 'logs.jsonl');
  const collector = await startCollector(collectorConfigPath('gateway.yaml'), {
    ...dummyCollectorEnv(e2e.workdir()),
    SECLOG_ARCHIVE_PATH: archive,
  });
  try {
    results = await measureSafetyNet(sendThroughCollector(collector.otlpLogsUrl, archive));
  } finally {
    await collector.stop();
  }
  const file = process.env.SECLOG_QUALITY_REPORT;
  const details = (process.env.SECLOG_QUALITY_DETAILS ?? '').split(',').filter((s) => s !== '') as Split[];
  if (file) writeFileSync(file, formatSafetyNetReport(results, details));
}, 120_000);

describe('the safety net claims', () => {
  it("decide, for every type the engine's gate claims, whether the net claims it too", () => {
    const undecided = CLAIMED_TYPES.filter((t) => Object.hasOwn(NET_CLAIMS, t) === Object.hasOwn(NET_DISCLAIMS, t));
    expect(undecided).toEqual([]);
  });
});

describe.each(SPLITS)('the collector safety net on the public corpora, %s split', (split) => {
  it('leaks no secret of a type the net claims, in the body or as an attribute', () => {
    const failing = leaksOf(results, split)
      .filter((r) => r.type in NET_CLAIMS && r.leaks > 0)
      .map((r) => `${r.type} ${r.leaks}/${r.cases}: ${r.examples.join(' | ')}`);
    expect(failing, failing.join('\n')).toEqual([]);
  });

  it(`changes at most ${MAX_CHANGED_LINE_RATE * 100} % of benign log lines (e-mail masks aside)`, () => {
    const rows = (results.get(split) as SafetyNetSplit).benign;
    const total = totalRate(rows);
    const worst = rows
      .filter((r) => r.changed > 0)
      .map((r) => `${r.family} ${r.changed}/${r.lines}: ${r.examples.slice(0, 3).join(' | ')}`);
    expect(total.rate, `${total.changed}/${total.lines}\n${worst.join('\n')}`).toBeLessThanOrEqual(
      MAX_CHANGED_LINE_RATE,
    );
  });
});
