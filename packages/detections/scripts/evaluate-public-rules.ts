/**
 * Prints the re-evaluation of public detection content (evaluation/public-rules.ts) against seclog's ECS output as
 * Markdown. It reads the ECS documents of the golden fixtures of a `packages/semconv` checkout (default: this
 * workspace's), so an older checkout gives the "before" figures:
 *
 *   node packages/detections/scripts/evaluate-public-rules.ts [path/to/packages/semconv]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EcsDoc, evaluateRule, tally } from '../evaluation/evaluate.ts';
import { PUBLIC_RULES } from '../evaluation/public-rules.ts';

const semconvDir = process.argv[2] ?? join(import.meta.dirname, '..', '..', 'semconv');
const goldenDir = join(semconvDir, 'test', 'fixtures', 'golden');
const docs: EcsDoc[] = [];
for (const file of readdirSync(goldenDir).filter((f) => f.endsWith('.json'))) {
  const golden = JSON.parse(readFileSync(join(goldenDir, file), 'utf8')) as { cases: { ecs: EcsDoc }[] };
  for (const c of golden.cases) docs.push(c.ecs);
}
const verdicts = PUBLIC_RULES.map((r) => evaluateRule(r, docs));
console.log('| Rule | Alert | Verdict | Missing |');
console.log('|---|---|---|---|');
for (const v of verdicts) {
  const name = v.rule.source.replace(/^[^:]+:rules\//, '');
  console.log(`| ${name} | ${v.rule.alert} | ${v.verdict} | ${v.missing.join(', ')} |`);
}
const line = (label: string, t: ReturnType<typeof tally>) =>
  `${label}: ${t['fires as-is']} fire as-is, ${t['fires after a constants-only port']} after a constants-only port, ${t['needs seclog changes']} need seclog changes.`;
console.log(`\n${line(`${verdicts.length} rules`, tally(verdicts))}`);
console.log(
  line(
    'Without requiring event.dataset scoping',
    tally(PUBLIC_RULES.map((r) => evaluateRule(r, docs, { requireScope: false }))),
  ),
);
